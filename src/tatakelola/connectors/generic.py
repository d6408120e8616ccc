"""Generic JSONL and CSV files, with a column mapping (``options["mapping"]``).

The mapping names, for each field of the normalised message, the column (CSV) or key (JSONL;
dotted paths reach into nested objects) that holds it. Records without an id column get a
content hash as identifier, so importing the same file twice stores each message once.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from tatakelola.connectors.base import (
    Connector,
    ConnectorCapability,
    ConnectorError,
    NormalizedMessage,
    Page,
    RawItem,
    RecordError,
    RecordProblem,
    content_id,
    links_in,
    parse_timestamp,
)

DEFAULT_MAPPING: Mapping[str, str] = {
    "id": "id",
    "text": "text",
    "author": "author",
    "author_id": "author_id",
    "language": "language",
    "created_at": "created_at",
    "url": "url",
    "platform": "platform",
    "in_reply_to": "in_reply_to",
    "media": "media",
}
PAGE_SIZE = 500


def _lookup(record: Mapping[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


class _FileConnector(Connector):
    """Shared by the file importers: the cursor is the number of records already read."""

    capabilities: ClassVar[frozenset[ConnectorCapability]] = frozenset({ConnectorCapability.IMPORT})

    @property
    def path(self) -> Path:
        path = self.settings.options.get("path")
        if not path:
            raise ConnectorError("no file given")
        return Path(str(path))

    def _records(self) -> Iterator[RawItem | RecordProblem]:
        raise NotImplementedError

    def fetch(self, since: str | None) -> Iterator[Page]:
        skip = int(since or 0)
        items: list[RawItem] = []
        problems: list[RecordProblem] = []
        position = 0
        for record in self._records():
            position += 1
            if position <= skip:
                continue
            if isinstance(record, RecordProblem):
                problems.append(record)
            else:
                items.append(record)
            if len(items) + len(problems) >= PAGE_SIZE:
                yield Page(items=items, problems=problems, cursor=str(position))
                items, problems = [], []
        if items or problems or position <= skip:
            yield Page(items=items, problems=problems, cursor=str(max(position, skip)))

    @property
    def mapping(self) -> Mapping[str, str]:
        return {**DEFAULT_MAPPING, **dict(self.settings.options.get("mapping") or {})}

    def normalize(self, raw: Mapping[str, Any]) -> NormalizedMessage:
        mapping = self.mapping
        text = _lookup(raw, mapping["text"])
        if text is None or not isinstance(text, str | int | float):
            raise RecordError(f"missing text field {mapping['text']!r}")
        text = str(text)
        author = str(_lookup(raw, mapping["author"]) or "")
        posted_at = parse_timestamp(_lookup(raw, mapping["created_at"]))
        external_id = _lookup(raw, mapping["id"])
        if external_id in (None, ""):
            external_id = content_id(self.settings.handle, author, posted_at.isoformat() if posted_at else "", text)
        media = _lookup(raw, mapping["media"])
        if isinstance(media, str):
            media = [m for m in media.split() if m]
        return NormalizedMessage(
            platform=str(_lookup(raw, mapping["platform"]) or self.settings.platform or "generic"),
            external_id=str(external_id),
            text=text,
            author=author,
            author_id=str(_lookup(raw, mapping["author_id"]) or ""),
            language=str(_lookup(raw, mapping["language"]) or "")[:8],
            url=str(_lookup(raw, mapping["url"]) or ""),
            links=links_in(text),
            media=tuple(str(m) for m in media) if isinstance(media, list) else (),
            posted_at=posted_at,
            in_reply_to=str(_lookup(raw, mapping["in_reply_to"]) or ""),
            raw=dict(raw),
        )


class JsonlConnector(_FileConnector):
    """One JSON object per line; a bad line is reported with its line number."""

    name = "jsonl"
    platform = "generic"
    label = "JSON Lines file"

    def _records(self) -> Iterator[RawItem | RecordProblem]:
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                location = f"line {number}"
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield RecordProblem(location, f"malformed JSON: {exc.msg}", line[:500])
                    continue
                if not isinstance(data, dict):
                    yield RecordProblem(location, "not a JSON object", line[:500])
                    continue
                yield RawItem(data, location)


class CsvConnector(_FileConnector):
    """A CSV file with a header row; ``options["delimiter"]`` overrides the comma."""

    name = "csv"
    platform = "generic"
    label = "CSV file"

    def _records(self) -> Iterator[RawItem | RecordProblem]:
        delimiter = str(self.settings.options.get("delimiter") or ",")
        with self.path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            for row in reader:
                location = f"line {reader.line_num}"
                if None in row:  # more cells than header columns
                    yield RecordProblem(location, "more cells than columns", _row_text(row))
                    continue
                yield RawItem(dict(row), location)


def _row_text(row: Mapping[Any, Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([v for v in row.values() if not isinstance(v, list)])
    return buffer.getvalue()[:500]

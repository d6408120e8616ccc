"""Reading messages from text, JSONL and CSV streams.

Bad input never stops a scan: invalid UTF-8 is decoded with replacement and
reported; a malformed JSONL/CSV record is reported with its line number and
skipped while the rest is still read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from tatakelola.scan.model import Message

FORMATS = ("auto", "text", "document", "jsonl", "csv")
_KNOWN = ("id", "text", "language", "lang", "channel", "author", "metadata", "scores")


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A problem with the input, reported to the user (line is 1-based)."""

    line: int
    message: str
    fatal: bool = True


@dataclass(slots=True)
class Record:
    """One input message and where it came from."""

    message: Message
    line: int


@dataclass(slots=True)
class InputBatch:
    records: list[Record] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, InputProblem | None]:
    """UTF-8 (BOM tolerated) with replacement; reports where bytes were bad."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("utf-8-sig", errors="replace")
        return text, InputProblem(
            line, f"invalid UTF-8 at byte {exc.start}; decoded with U+FFFD replacement", fatal=False
        )


def detect_format(name: str | None, text: str) -> str:
    if name:
        low = name.lower()
        if low.endswith((".jsonl", ".ndjson")):
            return "jsonl"
        if low.endswith(".csv"):
            return "csv"
        if low.endswith((".txt", ".text", ".md")):
            return "text"
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return "jsonl" if first.lstrip().startswith("{") else "text"


def _message(obj: Mapping[str, Any], default_id: str, text_field: str, id_field: str) -> Message:
    if text_field not in obj:
        raise ValueError(f"missing {text_field!r} field")
    text = obj[text_field]
    if not isinstance(text, str):
        raise ValueError(f"{text_field!r} must be a string")
    raw_id = obj.get(id_field)
    msg_id = default_id if raw_id is None or raw_id == "" else str(raw_id)
    meta = obj.get("metadata")
    if meta is None:
        meta = {k: v for k, v in obj.items() if k not in _KNOWN and k not in (text_field, id_field)}
    elif isinstance(meta, str):
        meta = json.loads(meta) if meta.strip() else {}
    if not isinstance(meta, Mapping):
        raise ValueError("'metadata' must be an object")
    scores = obj.get("scores") or {}
    if isinstance(scores, str):
        scores = json.loads(scores) if scores.strip() else {}
    if not isinstance(scores, Mapping) or not all(isinstance(v, (int, float)) for v in scores.values()):
        raise ValueError("'scores' must be an object of numbers")
    lang = obj.get("language") or obj.get("lang") or None
    return Message(
        text=text,
        id=msg_id,
        language=str(lang) if lang else None,
        channel=str(obj["channel"]) if obj.get("channel") else None,
        author=str(obj["author"]) if obj.get("author") else None,
        metadata=MappingProxyType(dict(meta)),
        scores=MappingProxyType({k: float(v) for k, v in scores.items()}),
    )


def iter_records(
    text: str, fmt: str, *, text_field: str = "text", id_field: str = "id", problems: list[InputProblem]
) -> Iterator[Record]:
    """Yield records; append problems (with line numbers) instead of raising."""
    if fmt == "document":
        yield Record(Message(text=text, id="1"), 1)
        return
    if fmt == "text":
        for n, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield Record(Message(text=line, id=str(n)), n)
        return
    if fmt == "jsonl":
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise ValueError("a JSONL record must be an object")
                yield Record(_message(obj, str(n), text_field, id_field), n)
            except (ValueError, TypeError) as exc:
                problems.append(InputProblem(n, f"bad JSONL record: {exc}"))
        return
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if reader.fieldnames is None or text_field not in reader.fieldnames:
            problems.append(InputProblem(1, f"CSV header has no {text_field!r} column"))
            return
        for row in reader:
            n = reader.line_num
            try:
                if None in row:
                    raise ValueError("row has more fields than the header")
                yield Record(_message(row, str(n), text_field, id_field), n)
            except (ValueError, TypeError) as exc:
                problems.append(InputProblem(n, f"bad CSV record: {exc}"))
        return
    raise ValueError(f"unknown input format {fmt!r}")

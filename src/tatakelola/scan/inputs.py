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

import orjson

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


def message_from_record(
    obj: Mapping[str, Any],
    default_id: str,
    text_field: str = "text",
    id_field: str = "id",
    language: str | None = None,
    channel: str | None = None,
) -> Message:
    """A :class:`Message` from a JSONL object or CSV row (``language``/``channel``:
    defaults for records that do not say). Raises ValueError on a bad record.

    Exact-type checks come first: this runs once per input line, and an
    ``isinstance(x, Mapping)`` check is an ABC look-up (~1 µs)."""
    text = obj.get(text_field, _MISSING)
    if type(text) is not str:
        if text is _MISSING:
            raise ValueError(f"missing {text_field!r} field")
        if not isinstance(text, str):
            raise ValueError(f"{text_field!r} must be a string")
    raw_id = obj.get(id_field)
    msg_id = default_id if raw_id is None or raw_id == "" else raw_id if type(raw_id) is str else str(raw_id)
    meta = obj.get("metadata")
    if meta is None:
        extra = obj.keys() - _KNOWN_KEYS
        extra.discard(text_field)
        extra.discard(id_field)
        meta = {k: v for k, v in obj.items() if k in extra} if extra else None
    elif type(meta) is not dict:
        if isinstance(meta, str):
            meta = orjson.loads(meta) if meta.strip() else None
        if meta is not None and not isinstance(meta, Mapping):
            raise ValueError("'metadata' must be an object")
    scores = obj.get("scores")
    if scores:
        if isinstance(scores, str):
            scores = orjson.loads(scores) if scores.strip() else None
        if scores is not None and (
            not isinstance(scores, Mapping) or not all(isinstance(v, (int, float)) for v in scores.values())
        ):
            raise ValueError("'scores' must be an object of numbers")
    lang = obj.get("language") or obj.get("lang") or language
    chan = obj.get("channel") or channel
    author = obj.get("author")
    return Message(
        text,
        msg_id,
        lang if type(lang) is str or lang is None else str(lang) or None,
        chan if type(chan) is str or chan is None else str(chan) or None,
        (author if type(author) is str else str(author)) if author else None,
        MappingProxyType(meta) if meta else _EMPTY,
        MappingProxyType({k: float(v) for k, v in scores.items()}) if scores else _EMPTY,
    )


_MISSING: Any = object()
_KNOWN_KEYS = frozenset(("id", "text", "language", "lang", "channel", "author", "metadata", "scores"))
_EMPTY: Mapping[str, Any] = MappingProxyType({})
_message = message_from_record


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

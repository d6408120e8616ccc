"""Input records: what a line of JSONL or a CSV row becomes, and how problems are reported.

Bad input never stops a scan: invalid UTF-8 is decoded with replacement and
reported; a malformed JSONL/CSV record is reported with its line number and
skipped while the rest is still read (see :mod:`tatakelola.scan.stream`, which
reads the input in chunks).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import orjson

from tatakelola.scan.model import Message

FORMATS = ("auto", "text", "document", "jsonl", "csv")


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A problem with the input, reported to the user (line is 1-based)."""

    line: int
    message: str
    fatal: bool = True


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

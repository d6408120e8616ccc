"""Streaming scans: read, scan and write in bounded chunks, in one process or several.

The input is read as bytes, a chunk of ``batch_size`` lines (or CSV rows) at a time; a chunk is
parsed (orjson), scanned as one batch and rendered to bytes, and the summary is added up as chunks
finish, so memory stays flat whatever the input size. With ``jobs > 1`` chunks go to worker
processes (forked after the engine is built, so each worker starts with it; where fork is not
available each worker builds it once) with at most ``2 * jobs`` chunks in flight, and are written
in input order: the output is byte-identical whatever the batch size or the number of jobs.
"""

from __future__ import annotations

import csv
import gc
import io
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import IO, Any

import orjson

from tatakelola.scan.engine import Engine
from tatakelola.scan.inputs import InputProblem, message_from_record
from tatakelola.scan.model import SEVERITIES, Finding, Message, severity_at_least
from tatakelola.scan.outputs import CSV_FIELDS, csv_rows, sarif_result, text_lines

#: A piece of the input: (format, number of its first line, lines as bytes | CSV rows | document).
Chunk = tuple[str, int, Any]


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """What every chunk is scanned and rendered with (picklable for spawned workers)."""

    pack_specs: tuple[str, ...] | None
    output: str
    text_field: str = "text"
    id_field: str = "id"
    language: str | None = None
    channel: str | None = None
    fail_on: str = "low"
    text_language: str = "en"
    artifact: str = "stdin"
    org_domains: tuple[str, ...] = ()


@dataclass(slots=True)
class ChunkResult:
    """One chunk, scanned and rendered."""

    data: bytes
    messages: int
    counts: list[int]
    failing: int
    problems: list[InputProblem] = field(default_factory=list)
    items: int = 0


@dataclass(slots=True)
class _Worker:
    settings: ScanSettings
    engine: Engine
    titles_id: Mapping[str, str] | None
    rule_index: Mapping[str, int]
    line_based: bool


_WORKER: _Worker | None = None


def prepare(settings: ScanSettings, engine: Engine, *, line_based: bool) -> None:
    """Set up this process (and the workers it forks) to scan chunks."""
    global _WORKER
    rules = [r for p in engine.packs for r in p.rules]
    titles = {r.id: r.title_id for r in rules} if settings.text_language == "id" else None
    _WORKER = _Worker(settings, engine, titles, {r.id: i for i, r in enumerate(rules)}, line_based)


def _spawned_init(settings: ScanSettings, line_based: bool) -> None:  # pragma: no cover - non-fork platforms
    from tatakelola.scan.cli import cached_engine
    from tatakelola.scan.packs import resolve_packs

    prepare(settings, cached_engine(resolve_packs(settings.pack_specs), settings.org_domains), line_based=line_based)


# -- reading -------------------------------------------------------------------------------


def _decode(raw: bytes, n: int, problems: list[InputProblem]) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(
            InputProblem(n, f"invalid UTF-8 at byte {exc.start} of the line; decoded with U+FFFD replacement", False)
        )
        return raw.decode("utf-8", errors="replace")


def _strip_eol(raw: bytes) -> bytes:
    if raw.endswith(b"\n"):
        raw = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
    return raw


def read_lines(stream: IO[bytes]) -> Iterator[bytes]:
    """Lines of a binary stream, line ends kept (stripped when a chunk is parsed),
    a leading BOM dropped. Iterating the stream itself keeps reading in C."""
    first = stream.readline()
    if not first:
        return iter(())
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    return chain((first,), stream)


def sniff(lines: Iterator[bytes], name: str | None) -> tuple[str, Iterator[bytes]]:
    """The input format (by file name, else by the first non-empty line) and the lines, unconsumed."""
    if name:
        low = name.lower()
        if low.endswith((".jsonl", ".ndjson")):
            return "jsonl", lines
        if low.endswith(".csv"):
            return "csv", lines
        if low.endswith((".txt", ".text", ".md")):
            return "text", lines
    seen: list[bytes] = []
    for raw in lines:
        seen.append(raw)
        if raw.strip():
            return ("jsonl" if raw.lstrip().startswith(b"{") else "text"), chain(seen, lines)
    return "text", iter(seen)


def chunks(
    lines: Iterator[bytes], fmt: str, batch_size: int, *, text_field: str, problems: list[InputProblem]
) -> Iterator[Chunk]:
    """The input as chunks of ``batch_size`` lines (CSV: rows); problems met while
    splitting (bad CSV header, invalid UTF-8 in CSV) go to ``problems``."""
    if fmt == "document":
        yield ("document", 1, b"".join(lines))
        return
    if fmt in ("text", "jsonl"):
        first = 1
        while True:
            piece = list(islice(lines, batch_size))
            if not piece:
                return
            yield (fmt, first, piece)
            first += len(piece)
    if fmt != "csv":
        raise ValueError(f"unknown input format {fmt!r}")
    counter = iter(range(1, 1 << 62))
    text = (_decode(raw, next(counter), problems) for raw in lines)
    reader = csv.DictReader(text)
    if reader.fieldnames is None or text_field not in reader.fieldnames:
        problems.append(InputProblem(1, f"CSV header has no {text_field!r} column"))
        return
    while True:
        rows = [(reader.line_num, row) for row in islice(reader, batch_size)]
        if not rows:
            return
        yield ("csv", 0, rows)


def _records(chunk: Chunk, s: ScanSettings, problems: list[InputProblem]) -> tuple[list[Message], list[int]]:
    fmt, first, payload = chunk
    msgs: list[Message] = []
    nums: list[int] = []
    if fmt == "document":
        msgs.append(Message(text=_decode(payload, 1, problems), id="1", language=s.language, channel=s.channel))
        nums.append(1)
        return msgs, nums
    if fmt == "text":
        for n, raw in enumerate(payload, start=first):
            if raw.strip():
                msgs.append(Message(text=_decode(raw, n, problems), id=str(n), language=s.language, channel=s.channel))
                nums.append(n)
        return msgs, nums
    if fmt == "jsonl":
        loads = orjson.loads
        for n, raw in enumerate(payload, start=first):
            try:
                try:
                    obj = loads(raw)  # the line end is JSON whitespace
                except orjson.JSONDecodeError:
                    if not raw.strip():
                        continue
                    obj = loads(_decode(raw, n, problems))
                if type(obj) is not dict:
                    raise ValueError("a JSONL record must be an object")
                msgs.append(message_from_record(obj, str(n), s.text_field, s.id_field, s.language, s.channel))
                nums.append(n)
            except (ValueError, TypeError) as exc:
                problems.append(InputProblem(n, f"bad JSONL record: {_reason(exc)}"))
        return msgs, nums
    for n, row in payload:
        try:
            if None in row:
                raise ValueError("row has more fields than the header")
            msgs.append(message_from_record(row, str(n), s.text_field, s.id_field, s.language, s.channel))
            nums.append(n)
        except (ValueError, TypeError) as exc:
            problems.append(InputProblem(n, f"bad CSV record: {_reason(exc)}"))
    return msgs, nums


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text.split(": line 1 column", 1)[0] if isinstance(exc, orjson.JSONDecodeError) else text


# -- scanning and rendering a chunk ---------------------------------------------------------


def process(chunk: Chunk) -> ChunkResult:
    """Parse, scan and render one chunk (in this process or a worker).

    The cyclic garbage collector is paused meanwhile: parsing allocates a dict
    and a message per line, which would trigger collections that walk every
    object of the chunk (more than doubling the parse time); nothing here makes
    reference cycles, so the chunk is freed by reference counting."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _process(chunk)
    finally:
        if paused:
            gc.enable()


def _process(chunk: Chunk) -> ChunkResult:
    w = _WORKER
    if w is None:  # pragma: no cover - prepare() is always called first
        raise RuntimeError("stream.prepare() was not called")
    s = w.settings
    problems: list[InputProblem] = []
    msgs, nums = _records(chunk, s, problems)
    results = w.engine.scan_batch(msgs) if msgs else []
    counts = [0] * len(SEVERITIES)
    rank = {sev: i for i, sev in enumerate(SEVERITIES)}
    failing = 0
    items = 0
    for findings in results:
        for f in findings:
            counts[rank[f.severity]] += 1
            if severity_at_least(f.severity, s.fail_on):
                failing += 1
    out = s.output
    if out == "jsonl":
        data = b"".join(map(_jsonl_line, msgs, nums, results))
    elif out == "json":
        parts = [_json_item(m, n, fs) for m, n, fs in zip(msgs, nums, results, strict=True)]
        items = len(parts)
        data = b",\n".join(parts)
    elif out == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
        for m, n, fs in zip(msgs, nums, results, strict=True):
            if fs:
                writer.writerows(csv_rows(m.id, n, fs))
        data = buf.getvalue().encode("utf-8")
    elif out == "sarif":
        parts = [
            orjson.dumps(sarif_result(m.id, n, m.text, f, s.artifact, w.line_based, w.rule_index))
            for m, n, fs in zip(msgs, nums, results, strict=True)
            for f in fs
        ]
        items = len(parts)
        data = b",\n".join(parts)
    else:
        lines = [
            line
            for m, fs in zip(msgs, results, strict=True)
            if fs
            for line in text_lines(m.id, m.text, fs, language=s.text_language, titles_id=w.titles_id)
        ]
        data = "".join(line + "\n" for line in lines).encode("utf-8")
    return ChunkResult(data, len(msgs), counts, failing, problems, items)


def _jsonl_line(m: Message, n: int, findings: Sequence[Finding]) -> bytes:
    return _json_item(m, n, findings) + b"\n"


def _json_item(m: Message, n: int, findings: Sequence[Finding]) -> bytes:
    if not findings:
        return b'{"id":' + orjson.dumps(m.id) + b',"line":' + str(n).encode() + b',"findings":[]}'
    return orjson.dumps({"id": m.id, "line": n, "findings": [f.to_dict() for f in findings]})


# -- running all chunks ----------------------------------------------------------------------


def run(
    source: Iterable[Chunk], jobs: int, settings: ScanSettings, *, line_based: bool, sink: Callable[[ChunkResult], None]
) -> None:
    """Process every chunk, in order, handing each result to ``sink``."""
    it = iter(source)
    if jobs <= 1:
        for chunk in it:
            sink(process(chunk))
        return
    first = next(it, None)
    if first is None:
        return
    second = next(it, None)
    if second is None:  # one chunk: no workers to start
        sink(process(first))
        return
    if "fork" in multiprocessing.get_all_start_methods():
        # Objects that exist now (the engine above all) move to the collector's permanent
        # generation: a collection in a worker would otherwise walk, and so copy, every page
        # the worker shares with this process.
        gc.freeze()
        pool = multiprocessing.get_context("fork").Pool(jobs)
    else:  # pragma: no cover - non-fork platforms
        pool = multiprocessing.get_context("spawn").Pool(jobs, _spawned_init, (settings, line_based))
    try:
        pending: deque[Any] = deque()
        for chunk in chain((first, second), it):
            pending.append(pool.apply_async(process, (chunk,)))
            while len(pending) >= 2 * jobs:
                sink(pending.popleft().get())
        while pending:
            sink(pending.popleft().get())
    finally:
        pool.terminate()
        pool.join()
        gc.unfreeze()

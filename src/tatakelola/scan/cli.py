"""Command line: ``tatakelola scan …`` and ``tatakelola rules lint|test|list|explain``.

Exit codes: 0 = nothing at or above ``--fail-on`` (or all checks passed),
1 = findings (or failed checks), 2 = usage or input error.
Needs no Django settings and no database.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import time
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, TextIO

from tatakelola.scan.engine import Engine
from tatakelola.scan.inputs import FORMATS as INPUT_FORMATS
from tatakelola.scan.inputs import InputProblem
from tatakelola.scan.model import SEVERITIES
from tatakelola.scan.orgcontext import OrgContextError, normalize_domains, read_org_config
from tatakelola.scan.outputs import CSV_FIELDS, json_head, json_tail, sarif_head, sarif_tail
from tatakelola.scan.outputs import FORMATS as OUTPUT_FORMATS
from tatakelola.scan.packs import Pack, PackError, Rule, all_rules, builtin_packs, resolve_packs
from tatakelola.scan.ruletest import lint_packs, run_examples
from tatakelola.scan.stream import ChunkResult, ScanSettings, chunks, prepare, read_lines, run, sniff


def output_language(environ: Mapping[str, str] | None = None) -> str:
    """``"id"`` when the environment asks for Bahasa Indonesia, else ``"en"``.

    The same rule as the platform CLI's help (``tatakelola.cli._language``,
    not imported here: the scanning core loads no Django): the first of
    TATAKELOLA_LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set decides, and
    ``id``/``id_ID.UTF-8`` (or the old ``in_ID``) mean Indonesian."""
    env = os.environ if environ is None else environ
    for name in ("TATAKELOLA_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "id" if value.lower().startswith(("id", "in_")) else "en"
    return "en"


def _say(stream: TextIO, text: str) -> None:
    stream.write(text + "\n")


def _version() -> str:
    try:
        return version("tatakelola")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="tatakelola", description="Tatakelola scanning core")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    s = sub.add_parser("scan", help="scan messages from a file or stdin")
    s.add_argument("path", nargs="?", default="-", help="input file, or - for stdin (default)")
    s.add_argument(
        "--pack", action="append", default=None, help="built-in pack id or YAML path (repeatable; default: all)"
    )
    s.add_argument("--format", choices=OUTPUT_FORMATS, default="text", help="output format")
    s.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        default="auto",
        help="text = one message per line; document = the whole input is one message",
    )
    s.add_argument("--fail-on", choices=SEVERITIES, default="low", help="lowest severity that makes the exit code 1")
    s.add_argument("--text-field", default="text")
    s.add_argument("--id-field", default="id")
    s.add_argument("--language", default=None, help="language of messages that do not say (id, en)")
    s.add_argument("--channel", default=None, help="channel of messages that do not say")
    s.add_argument(
        "--batch-size", type=int, default=10000, help="messages read, scanned and written at a time (memory bound)"
    )
    s.add_argument(
        "--jobs", type=int, default=1, help="worker processes for large inputs (0 = one per core); same output"
    )
    s.add_argument(
        "--org-domain",
        action="append",
        default=None,
        metavar="DOMAIN",
        help="the organisation's own domain (repeatable): look-alikes of it are flagged, addresses at it are not "
        "personal data; replaces the packs' example domains",
    )
    s.add_argument(
        "--org-config",
        metavar="FILE",
        default=None,
        help="a small organisation file: YAML/JSON {domains: [...]} or one domain a line",
    )
    s.add_argument(
        "--no-org-context",
        action="store_true",
        help="use the packs' own example domains (the platform CLI then reads no organisation)",
    )
    s.add_argument("--quiet", action="store_true", help="no summary on stderr")
    r = sub.add_parser("rules", help="inspect and test rule packs")
    rsub = r.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    for name, helptext in (("lint", "validate packs"), ("test", "run the embedded examples"), ("list", "list rules")):
        c = rsub.add_parser(name, help=helptext)
        c.add_argument("--pack", action="append", default=None)
        c.add_argument("-v", "--verbose", action="store_true")
    e = rsub.add_parser("explain", help="show one rule in full")
    e.add_argument("rule")
    e.add_argument("--pack", action="append", default=None)
    return p


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser().parse_args(args_list)
        if args.command == "scan":
            return _scan(args, sys.stdin, sys.stdout, sys.stderr)
        return _rules(args, sys.stdout, sys.stderr)
    except _UsageError as exc:
        _say(sys.stderr, f"tatakelola: error: {exc}")
        return 2
    except PackError as exc:
        _say(sys.stderr, f"tatakelola: pack error: {exc}")
        return 2
    except OrgContextError as exc:
        _say(sys.stderr, f"tatakelola: error: {exc}")
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


def _open_input(path: str, stdin: TextIO) -> tuple[IO[bytes], str | None]:
    if path == "-":
        if hasattr(stdin, "buffer"):
            return stdin.buffer, None
        return io.BytesIO(stdin.read().encode("utf-8", "surrogateescape")), None  # pragma: no cover
    try:
        return Path(path).open("rb"), path
    except OSError as exc:
        raise _UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc


class _Writer:
    """Bytes to stdout (its binary buffer when it has one)."""

    def __init__(self, stdout: TextIO) -> None:
        self.stdout = stdout
        self.buffer: IO[bytes] | None = getattr(stdout, "buffer", None)

    def write(self, data: bytes) -> None:
        if not data:
            return
        if self.buffer is not None:
            self.buffer.write(data)
        else:
            self.stdout.write(data.decode("utf-8"))

    def flush(self) -> None:
        (self.buffer or self.stdout).flush()


def _scan(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    if args.batch_size < 1:
        raise _UsageError("--batch-size must be at least 1")
    if args.jobs < 0:
        raise _UsageError("--jobs must be 0 (one per core) or more")
    jobs = args.jobs or os.cpu_count() or 1
    t0 = time.perf_counter()
    packs = resolve_packs(args.pack)
    domains = org_domains(args)
    engine = cached_engine(packs, domains)
    stream, name = _open_input(args.path, stdin)
    artifact = name or "stdin"
    try:
        lines = read_lines(stream)
        if args.input_format == "auto":
            fmt, lines = sniff(lines, name)
        else:
            fmt = args.input_format
        settings = ScanSettings(
            pack_specs=tuple(args.pack) if args.pack else None,
            output=args.format,
            text_field=args.text_field,
            id_field=args.id_field,
            language=args.language,
            channel=args.channel,
            fail_on=args.fail_on,
            text_language=output_language() if args.format == "text" else "en",
            artifact=artifact,
            org_domains=domains,
        )
        line_based = fmt == "text"
        prepare(settings, engine, line_based=line_based)
        out = _Writer(stdout)
        if args.format == "json":
            out.write(json_head())
        elif args.format == "sarif":
            out.write(sarif_head(all_rules(packs), version=_version()))
        elif args.format == "csv":
            out.write(_csv_header())
        problems: list[InputProblem] = []
        split_problems: list[InputProblem] = []
        totals = {"messages": 0, "failing": 0, "items": 0}
        counts = [0] * len(SEVERITIES)

        def report(new: list[InputProblem]) -> None:
            for p in new:
                _say(stderr, f"{artifact}:{p.line}: {'error' if p.fatal else 'warning'}: {p.message}")
            problems.extend(new)

        def sink(res: ChunkResult) -> None:
            report(split_problems[:])
            split_problems.clear()
            report(res.problems)
            if res.items and totals["items"]:
                out.write(b",\n")
            out.write(res.data)
            totals["messages"] += res.messages
            totals["failing"] += res.failing
            totals["items"] += res.items
            for i, c in enumerate(res.counts):
                counts[i] += c

        run(
            chunks(lines, fmt, args.batch_size, text_field=args.text_field, problems=split_problems),
            jobs,
            settings,
            line_based=line_based,
            sink=sink,
        )
        report(split_problems)
    finally:
        if name is not None:
            stream.close()
    elapsed = time.perf_counter() - t0
    by_severity = dict(zip(SEVERITIES, counts, strict=True))
    problem_dicts = [{"line": p.line, "message": p.message, "fatal": p.fatal} for p in problems]
    if args.format == "json":
        summary = {
            "messages": totals["messages"],
            "findings": sum(counts),
            "by_severity": by_severity,
            "input_problems": len(problems),
            "packs": [p.id for p in packs],
            "seconds": round(elapsed, 3),
        }
        out.write(json_tail(summary, problem_dicts))
    elif args.format == "sarif":
        out.write(sarif_tail(artifact, problem_dicts))
    out.flush()
    if not args.quiet:
        _say(
            stderr,
            f"scanned {totals['messages']} messages in {elapsed:.2f}s: {sum(counts)} findings "
            f"({', '.join(f'{k} {v}' for k, v in by_severity.items() if v) or 'none'})"
            + (f", {len(problems)} input problems" if problems else ""),
        )
    if any(p.fatal for p in problems):
        return 2
    return 1 if totals["failing"] else 0


def _csv_header() -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(CSV_FIELDS)
    return buf.getvalue().encode("utf-8")


def org_domains(args: argparse.Namespace) -> tuple[str, ...]:
    """The organisation's domains from ``--org-domain`` and ``--org-config`` (empty: the packs' own)."""
    if args.no_org_context and (args.org_domain or args.org_config):
        raise _UsageError("--no-org-context cannot be combined with --org-domain or --org-config")
    values = list(args.org_domain or [])
    if args.org_config:
        values += read_org_config(args.org_config)
    return normalize_domains(values)


_ENGINES: dict[tuple[tuple[str, ...], tuple[str, ...]], Engine] = {}


def cached_engine(packs: Sequence[Pack], org_domains: Sequence[str] = ()) -> Engine:
    """Compile once per process for built-in pack sets and organisation domains (tests and
    embedding callers, such as an API endpoint scanning for several organisations, reuse it)."""
    builtins = builtin_packs()
    domains = tuple(org_domains)
    if not all(builtins.get(p.id) is p for p in packs):
        return Engine(packs, org_domains=domains)
    key = (tuple(p.id for p in packs), domains)
    if key not in _ENGINES:
        if len(_ENGINES) >= 64:
            _ENGINES.pop(next(iter(_ENGINES)))
        _ENGINES[key] = Engine(packs, org_domains=domains)
    return _ENGINES[key]


def _rules(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    packs = resolve_packs(args.pack)
    cmd = args.rules_command
    if cmd == "list":
        for pack in packs:
            _say(stdout, f"{pack.id} {pack.version} ({len(pack.rules)} rules) - {pack.title_en} / {pack.title_id}")
            for r in pack.rules:
                _say(stdout, f"  {r.id:<22} {r.severity:<8} {r.action:<21} {r.title_en}")
        return 0
    if cmd == "explain":
        for pack in packs:
            for r in pack.rules:
                if r.id == args.rule:
                    _explain(r, stdout)
                    return 0
        _say(stderr, f"tatakelola: unknown rule {args.rule!r}")
        return 2
    if cmd == "lint":
        problems = lint_packs(packs)
        for p in problems:
            where = f"{p.pack}/{p.rule}" if p.rule else p.pack
            _say(stdout, f"{p.severity}: {where}: {p.message}")
        errors = sum(1 for p in problems if p.severity == "error")
        _say(
            stdout,
            f"{len(packs)} packs, {sum(len(p.rules) for p in packs)} rules: {errors} errors, "
            f"{len(problems) - errors} warnings",
        )
        return 1 if errors else 0
    results = run_examples(packs)
    failed = [r for r in results if not r.passed]
    for res in results:
        if not res.passed or args.verbose:
            status = "ok  " if res.passed else "FAIL"
            _say(stdout, f"{status} {res.pack}/{res.rule} {res.kind}: {res.text[:70]!r} fired={list(res.fired)}")
    per_pack: dict[str, list[int]] = {}
    for res in results:
        per_pack.setdefault(res.pack, [0, 0])[0 if res.passed else 1] += 1
    for pack_id, (ok, bad) in per_pack.items():
        _say(stdout, f"{pack_id}: {ok} passed, {bad} failed")
    _say(stdout, f"{len(results) - len(failed)}/{len(results)} examples passed")
    return 1 if failed else 0


def _explain(r: Rule, out: TextIO) -> None:
    lines = [
        f"{r.id} ({r.pack}) - {r.title_en} / {r.title_id}",
        f"severity: {r.severity}   action: {r.action}   category: {r.category}",
        f"detector: {r.detector} {dict(r.params) if r.params else ''}".rstrip(),
    ]
    if r.when:
        lines.append(f"when: {dict(r.when)}")
    if r.unless:
        lines.append(f"unless: {dict(r.unless)}")
    if r.description:
        lines.append(f"description: {r.description}")
    lines.append("citations:")
    lines += [f"  - {c}" for c in r.citations]
    lines += [f"fix (en): {r.fix_en}", f"fix (id): {r.fix_id}", "examples that must match:"]
    lines += [f"  + {e.text!r}" for e in r.must_match]
    lines.append("examples that must not match:")
    lines += [f"  - {e.text!r}" for e in r.must_not_match]
    out.write("\n".join(lines) + "\n")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

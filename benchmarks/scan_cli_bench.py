"""Scanning as users run it: whole-process ``tatakelola scan`` and ``classify`` beside peers.

Run from the repository root (``make bench`` does, with the ``bench`` dependency group)::

    python benchmarks/scan_cli_bench.py [--messages 100000] [--runs 5] [--peer-sample 10000]
                                        [--rss-messages 1000000] [--json results.json]

Every figure is measured in this run on the same corpus: ``--messages`` realistic Indonesian and
English posts, each a JSONL record with a metadata object of seven fields (``corpus.posts``). Rates
are messages per CPU-second (user + system time of the process, from ``wait4``), so other jobs on a
shared machine stretch wall time but not the figures; each is given as min / median / max of
``--runs`` runs. Ratios beside the peers are taken run by run (run *i* of ours against run *i* of
the peer) and given as min / median / max.

* **whole process**: ``tatakelola scan corpus.jsonl --format jsonl`` (start-up, parsing, scanning,
  output), for all built-in packs and for each pack;
* **engine only**: ``Engine.scan_batch`` over the parsed messages in batches of 10,000, in this
  process, for all packs and each pack; and with the metadata objects removed (their cost);
* **peers**: a naive loop of 24 Python regexes over the whole corpus; detect-secrets and Presidio's
  pattern recognizers over the first ``--peer-sample`` messages (they run at 1,000-4,000
  messages/s), each also run on no input to measure its start-up; their whole-process rate at the
  corpus size is start-up + per-message cost * messages;
* **start-up**: ``tatakelola scan`` on a one-line input, warm (compiled Hyperscan databases and
  Python bytecode cached), and the split import / packs / engine in a fresh process;
* **memory**: peak RSS of the whole process on the corpus and on ``--rss-messages`` messages;
* **jobs**: wall time with ``--jobs 2`` against one process, and the same output;
* **classify**: ``tatakelola classify`` start-up (one message) and ``classify --all`` on 10,000
  messages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_jsonl

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TATAKELOLA = str(BIN / "tatakelola") if (BIN / "tatakelola").exists() else None
#: Children write and read Python bytecode (a developer's environment may switch it off).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cli(*args: str) -> list[str]:
    return [TATAKELOLA, *args] if TATAKELOLA else [sys.executable, "-m", "tatakelola.cli", *args]


#: Runs the measured command from a small process and reports its wait4 figures: a child forked
#: straight from this (large) benchmark process would count this process's pages in its peak RSS.
_LAUNCH = (
    "import json, os, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=sys.stdout, stderr=subprocess.DEVNULL)\n"
    "_, status, u = os.wait4(p.pid, 0)\n"
    "w = time.perf_counter() - t\n"
    "sys.stderr.write(json.dumps([os.waitstatus_to_exitcode(status), u.ru_utime + u.ru_stime, w, u.ru_maxrss]))\n"
)


def run(cmd: Sequence[str], stdout: Any = subprocess.DEVNULL) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, peak RSS in KiB) of one whole process."""
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _LAUNCH, *cmd], stdout=stdout, stderr=subprocess.PIPE, env=ENV, check=True
    )
    code, cpu, wall, rss = json.loads(proc.stderr)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed with status {code}")
    return cpu, wall, rss


def spread(values: Sequence[float], fmt: str = "{:,.0f}") -> str:
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


def rates(cmd: Sequence[str], messages: int, runs: int) -> tuple[list[float], list[float], list[int]]:
    cpu, wall, rss = [], [], []
    for _ in range(runs):
        c, w, r = run(cmd)
        cpu.append(c)
        wall.append(w)
        rss.append(r)
    return [messages / c for c in cpu], wall, rss


def engine_rates(engine: Any, msgs: Sequence[Any], runs: int, batch: int = 10_000) -> list[float]:
    engine.scan_batch(msgs[:1000])
    out = []
    for _ in range(runs):
        start = time.process_time()
        for i in range(0, len(msgs), batch):
            engine.scan_batch(msgs[i : i + batch])
        out.append(len(msgs) / (time.process_time() - start))
    return out


def load_messages(path: Path, *, metadata: bool) -> list[Any]:
    from tatakelola.scan import Message

    msgs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            msgs.append(
                Message(
                    text=rec["text"],
                    id=rec["id"],
                    language=rec.get("language"),
                    channel=rec.get("channel"),
                    author=rec.get("author"),
                    metadata=MappingProxyType(rec["metadata"] if metadata else {}),
                )
            )
    return msgs


def ratio_spread(ours: Sequence[float], theirs: Sequence[float]) -> str:
    pairs = [a / b for a, b in zip(ours, theirs, strict=False)]
    return spread(pairs, "{:,.1f}x")


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}{load}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peer-sample", type=int, default=10_000)
    ap.add_argument("--rss-messages", type=int, default=1_000_000, help="0 to skip the large-input memory run")
    ap.add_argument("--no-per-pack", action="store_true")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = ap.parse_args()
    n, runs = args.messages, args.runs
    results: dict[str, Any] = {"date": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC", "machine": machine()}
    print(f"# Tatakelola scanning benchmark - {results['date']}")
    print(f"machine: {results['machine']}")
    print(f"min / median / max of {runs} runs; rates in messages per CPU-second of the process\n")

    from tatakelola.scan import Engine
    from tatakelola.scan.packs import builtin_packs

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "posts.jsonl"
        write_jsonl(str(corpus), n)
        one = tmp / "one.txt"
        one.write_text("halo, NIK saya 3273121708900001\n", encoding="utf-8")
        print(f"corpus: {n:,} JSONL posts with metadata ({corpus.stat().st_size / 1e6:.1f} MB)")
        run(cli("scan", str(one), "--quiet"))  # warm: bytecode, Hyperscan and pack caches

        # -- whole process, all packs ------------------------------------------------------
        ours, ours_wall, ours_rss = rates(cli("scan", str(corpus), "--format", "jsonl", "--quiet"), n, runs)
        results["whole_all"] = ours
        print("\n## Whole process: tatakelola scan posts.jsonl --format jsonl (all 12 packs)")
        print(f"rate            {spread(ours)} msg/CPU-s   (wall: {spread([n / w for w in ours_wall])} msg/s)")
        print(f"peak RSS        {spread([r / 1024 for r in ours_rss], '{:,.0f}')} MB")

        # -- peers ---------------------------------------------------------------------------
        print("\n## Peers, same corpus, same run (whole processes)")
        naive, _, _ = rates([sys.executable, str(HERE / "peers.py"), "naive", str(corpus)], n, runs)
        results["naive"] = naive
        print(f"naive loop of 24 regexes   {spread(naive)} msg/CPU-s -> ours {ratio_spread(ours, naive)}")
        sample = min(args.peer_sample, n)
        for peer in ("detect-secrets", "presidio"):
            base = [sys.executable, str(HERE / "peers.py"), peer, str(corpus), "--limit"]
            zero = [run([*base, "0"])[0] for _ in range(runs)]
            full = [run([*base, str(sample)])[0] for _ in range(runs)]
            per_msg = [sample / max(1e-3, f - z) for f, z in zip(full, zero, strict=True)]
            at_n = [n / (z + max(1e-3, f - z) * n / sample) for f, z in zip(full, zero, strict=True)]
            results[peer] = {"per_message": per_msg, "whole_at_n": at_n, "startup_cpu": zero}
            print(
                f"{peer:<26} {spread(at_n)} msg/CPU-s at {n:,} (start-up {spread(zero, '{:.2f}')} CPU-s, "
                f"then {spread(per_msg)} msg/CPU-s on {sample:,}) -> ours {ratio_spread(ours, at_n)}"
            )

        # -- engine only ----------------------------------------------------------------------
        print("\n## Engine only: Engine.scan_batch, batches of 10,000, this process")
        with_meta = load_messages(corpus, metadata=True)
        without = load_messages(corpus, metadata=False)
        packs = builtin_packs()
        engine = Engine(list(packs.values()))
        eng_meta, eng_plain = [], []
        for _ in range(runs):  # alternating, so both see the same machine
            eng_meta += engine_rates(engine, with_meta, 1)
            eng_plain += engine_rates(engine, without, 1)
        results["engine_all"] = eng_meta
        results["engine_all_no_metadata"] = eng_plain
        cost = [p / m - 1 for m, p in zip(eng_meta, eng_plain, strict=True)]
        print(f"all packs, with metadata      {spread(eng_meta)} msg/CPU-s")
        print(f"all packs, metadata removed   {spread(eng_plain)} msg/CPU-s")
        print(f"cost of the metadata objects  {spread([100 * c for c in cost], '{:+.1f}')} %")

        if not args.no_per_pack:
            print("\n## Each pack alone (whole process | engine only), msg/CPU-s")
            per_pack: dict[str, Any] = {}
            for pack_id in packs:
                whole, _, _ = rates(
                    cli("scan", str(corpus), "--format", "jsonl", "--quiet", "--pack", pack_id), n, runs
                )
                eng = engine_rates(Engine([packs[pack_id]]), with_meta, runs)
                per_pack[pack_id] = {"whole": whole, "engine": eng}
                print(f"{pack_id:<26} {spread(whole):>26} | {spread(eng):>30}")
            results["per_pack"] = per_pack
            secrets = per_pack["secrets"]["whole"]
            versus = ratio_spread(secrets, results["detect-secrets"]["whole_at_n"])
            print(f"secrets pack alone vs detect-secrets: {versus}")
        del with_meta, without

        # -- start-up ----------------------------------------------------------------------------
        print("\n## Start-up (warm caches)")
        first = [run(cli("scan", str(one), "--quiet")) for _ in range(runs)]
        results["startup_cpu"] = [c for c, _, _ in first]
        print(f"tatakelola scan, one line      {spread([c for c, _, _ in first], '{:.2f}')} CPU-s")
        code = (
            "import time; t=time.process_time(); import tatakelola.scan.cli; a=time.process_time();"
            "from tatakelola.scan.packs import builtin_packs; p=builtin_packs(); b=time.process_time();"
            "from tatakelola.scan import Engine; Engine(list(p.values())); c=time.process_time();"
            "print(a-t, b-a, c-b)"
        )
        split = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, check=True)  # noqa: S603
            split.append([float(x) for x in out.stdout.split()])
        results["startup_split"] = split
        for i, name in enumerate(("import", "packs (parse, validation remembered)", "engine (Hyperscan cache)")):
            print(f"  {name:<38} {spread([s[i] for s in split], '{:.3f}')} CPU-s")

        # -- jobs ------------------------------------------------------------------------------------
        print("\n## --jobs 2 against one process (wall time and total CPU, same output)")
        outs = {}
        walls: dict[int, list[float]] = {1: [], 2: []}
        cpus: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(max(2, runs // 2)):
            for jobs in (1, 2):
                target = tmp / f"out{jobs}.jsonl"
                with target.open("wb") as fh:
                    c, w, _ = run(cli("scan", str(corpus), "--format", "jsonl", "--quiet", "--jobs", str(jobs)), fh)
                walls[jobs].append(w)
                cpus[jobs].append(c)
                outs[jobs] = target.read_bytes()
        speedup = [a / b for a, b in zip(walls[1], walls[2], strict=True)]
        results["jobs2_speedup"] = speedup
        results["jobs2_cpu_ratio"] = [b / a for a, b in zip(cpus[1], cpus[2], strict=True)]
        print(f"wall, 1 process  {spread(walls[1], '{:.2f}')} s; 2 jobs {spread(walls[2], '{:.2f}')} s")
        print(f"CPU,  1 process  {spread(cpus[1], '{:.2f}')} s; 2 jobs {spread(cpus[2], '{:.2f}')} s (all processes)")
        print(f"speed-up         {spread(speedup, '{:.2f}x')}; identical output: {outs[1] == outs[2]}")
        if hasattr(os, "getloadavg"):
            print(f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: wall time can only")
            print(" shrink by the cores other jobs leave free)")

        # -- memory on a large input ------------------------------------------------------------------
        if args.rss_messages:
            big = tmp / "big.jsonl"
            write_jsonl(str(big), n, repeat=max(1, args.rss_messages // n))
            count = n * max(1, args.rss_messages // n)
            corpus.unlink()
            c, w, rss = run(cli("scan", str(big), "--format", "jsonl", "--quiet"))
            results["rss_large"] = {"messages": count, "rss_mb": rss / 1024, "rate": count / c}
            print(f"\n## Memory: {count:,} messages, one run")
            print(f"peak RSS {rss / 1024:,.0f} MB (at {n:,}: {statistics.median(ours_rss) / 1024:,.0f} MB); ")
            print(f"rate {count / c:,.0f} msg/CPU-s, {w:.1f} s wall")
            big.unlink()
            write_jsonl(str(corpus), n)

        # -- classify --------------------------------------------------------------------------------
        print("\n## Classifiers")
        text_one = tmp / "one_id.txt"
        text_one.write_text("dasar bodoh kau\n", encoding="utf-8")
        run(cli("classify", "--model", "abusive_id", str(text_one)))
        starts = [run(cli("classify", "--model", "abusive_id", str(text_one))) for _ in range(runs)]
        results["classify_startup"] = [c for c, _, _ in starts]
        print(f"classify start-up (one message)  {spread([c for c, _, _ in starts], '{:.2f}')} CPU-s")
        small = tmp / "posts10k.jsonl"
        with corpus.open(encoding="utf-8") as src, small.open("w", encoding="utf-8") as dst:
            for k, line in enumerate(src):
                if k >= 10_000:
                    break
                dst.write(line)
        m = min(n, 10_000)
        every, _, _ = rates(cli("classify", "--all", str(small)), m, runs)
        zero_cpu = statistics.median(results["classify_startup"])
        results["classify_all"] = every
        per_msg = [m / max(1e-9, m / r - zero_cpu) for r in every]
        print(f"classify --all, {m:,} messages    {spread(every)} msg/CPU-s whole process")
        print(f"  without start-up               {spread(per_msg)} msg/CPU-s (every model of each message's language)")

    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

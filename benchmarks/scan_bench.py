"""Scanning benchmark: throughput and accuracy on a seeded synthetic corpus.

Run from the repository root::

    uv run --group bench python benchmarks/scan_bench.py [--messages 100000] [--sample 3000]

Reports, single process (= per core): messages/second for all built-in packs
and for the ``secrets`` pack, and - on the same sample of messages, in the same
run - Yelp's detect-secrets and Microsoft Presidio's analyzer restricted to
its pattern recognizers (blank spaCy pipeline, no model download), as ratios.
Then precision/recall per planted type and the share of clean messages flagged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import EXPECTED_RULES, PLANTED_TYPES, Item, generate

from tatakelola.scan import Engine, Message
from tatakelola.scan.packs import builtin_packs


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def to_messages(items: Sequence[Item]) -> list[Message]:
    return [Message(text=i.text, id=str(k), language=i.language, metadata=i.metadata) for k, i in enumerate(items)]


def time_engine(
    engine: Engine, msgs: Sequence[Message], batch: int, repeats: int = 3
) -> tuple[float, float, list[Any]]:
    """Messages/s by wall clock and by this process's CPU time (medians).

    CPU time is reported too because the benchmark machine is shared: other
    processes stretch wall time but not the CPU time this scan used.
    """
    engine.scan_batch(msgs[:1000])  # warm caches (lazy translate tables, compiled term regexes)
    walls, cpus = [], []
    out: list[Any] = []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        out = []
        for i in range(0, len(msgs), batch):
            out.extend(engine.scan_batch(msgs[i : i + batch]))
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return len(msgs) / statistics.median(walls), len(msgs) / statistics.median(cpus), out


def time_calls(fn: Callable[[str], Any], texts: Sequence[str]) -> tuple[float, list[Any]]:
    """Messages/s by CPU time of this process (see time_engine)."""
    start = time.process_time()
    out = [fn(t) for t in texts]
    return len(texts) / (time.process_time() - start), out


def run_detect_secrets(texts: Sequence[str]) -> tuple[float, list[bool]]:
    """detect-secrets' normal pipeline (plugins + heuristic filters) over a
    file with one message per line; returns messages/s and flagged-per-line."""
    import tempfile

    from detect_secrets import SecretsCollection
    from detect_secrets.settings import default_settings

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "messages.txt"
        path.write_text("\n".join(t.replace("\n", " ") for t in texts) + "\n", encoding="utf-8")
        with default_settings():
            secrets = SecretsCollection()
            start = time.process_time()
            secrets.scan_file(str(path))
            elapsed = time.process_time() - start
        flagged = [False] * len(texts)
        for _filename, secret in secrets:
            flagged[secret.line_number - 1] = True
    return len(texts) / elapsed, flagged


def presidio_fn() -> Callable[[str], Any]:
    import spacy
    import tldextract

    # Presidio's e-mail/URL recognizers call tldextract, which fetches the public
    # suffix list by default; keep the benchmark offline.
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    nlp_engine.nlp = {"en": spacy.blank("en")}
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=["en"])
    registry.recognizers = [r for r in registry.recognizers if isinstance(r, PatternRecognizer)]
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])
    return lambda text: analyzer.analyze(text=text, language="en")


def accuracy(items: Sequence[Item], results: Sequence[Sequence[Any]]) -> dict[str, Any]:
    fired = [{f.rule_id for f in fs} for fs in results]
    per_type: dict[str, dict[str, float]] = {}
    for kind in PLANTED_TYPES:
        rules = EXPECTED_RULES[kind]
        planted = [i for i, it in enumerate(items) if it.planted == kind]
        hit = [i for i in planted if fired[i] & rules]
        # Precision: of all messages where this type's rules fired, the share
        # planted with a type those rules are meant to catch.
        flagged = [i for i, f in enumerate(fired) if f & rules]
        correct = [i for i in flagged if items[i].planted is not None and EXPECTED_RULES[items[i].planted] & rules]
        per_type[kind] = {
            "planted": len(planted),
            "recall": len(hit) / len(planted) if planted else float("nan"),
            "precision": len(correct) / len(flagged) if flagged else float("nan"),
        }
    clean = [i for i, it in enumerate(items) if it.planted is None]
    clean_flagged = [i for i in clean if fired[i]]
    planted_all = [i for i, it in enumerate(items) if it.planted]
    recall_all = sum(1 for i in planted_all if fired[i] & EXPECTED_RULES[items[i].planted or ""]) / len(planted_all)
    by_rule = Counter(r for i in clean_flagged for r in fired[i])
    return {
        "per_type": per_type,
        "clean": len(clean),
        "clean_flagged": len(clean_flagged),
        "recall_all": recall_all,
        "clean_flag_rules": by_rule.most_common(5),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=3000, help="messages given to the (slow) baselines")
    ap.add_argument("--batch-size", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--no-baselines", action="store_true")
    args = ap.parse_args()

    print(f"# Tatakelola scan benchmark - {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {machine()}")
    t0 = time.perf_counter()
    items = generate(args.messages, args.seed)
    msgs = to_messages(items)
    planted = sum(1 for i in items if i.planted)
    langs = Counter(i.language for i in items)
    print(
        f"corpus: {len(items):,} messages (seed {args.seed}; {dict(langs)}), {planted:,} planted "
        f"({planted / len(items):.1%}), generated in {time.perf_counter() - t0:.1f}s"
    )

    t0 = time.perf_counter()
    all_packs = Engine(list(builtin_packs().values()))
    compile_all = time.perf_counter() - t0
    t0 = time.perf_counter()
    secrets = Engine([builtin_packs()["secrets"]])
    compile_secrets = time.perf_counter() - t0
    print(
        f"compile: all packs {compile_all:.2f}s ({len(all_packs.rules)} rules, {all_packs.term_count} terms); "
        f"secrets {compile_secrets:.2f}s"
    )

    wall_all, rate_all, results = time_engine(all_packs, msgs, args.batch_size)
    wall_secrets, rate_secrets, _ = time_engine(secrets, msgs, args.batch_size)
    print(f"\n## Throughput (one process = one core; median of 3 runs, batches of {args.batch_size:,})")
    print("messages per CPU-second of this process (wall-clock rate in brackets)")
    print(f"(a) all built-in packs : {rate_all:>10,.0f} messages/s  ({wall_all:,.0f} wall)")
    print(f"(b) secrets pack only  : {rate_secrets:>10,.0f} messages/s  ({wall_secrets:,.0f} wall)")

    sample = msgs[: args.sample]
    sample_texts = [m.text for m in sample]
    if not args.no_baselines:
        _, s_all, _ = time_engine(all_packs, sample, args.batch_size, repeats=3)
        _, s_sec, _ = time_engine(secrets, sample, args.batch_size, repeats=3)
        ds_rate, ds_out = run_detect_secrets(sample_texts)
        pr_rate, pr_out = time_calls(presidio_fn(), sample_texts)
        print(f"\nsame {len(sample):,}-message sample, same run (CPU time):")
        print(f"    tatakelola all packs : {s_all:>10,.0f} messages/s")
        print(f"    tatakelola secrets   : {s_sec:>10,.0f} messages/s")
        print(
            f"(c) detect-secrets 1.5  : {ds_rate:>10,.0f} messages/s  -> secrets pack is {s_sec / ds_rate:,.0f}x, "
            f"all packs {s_all / ds_rate:,.0f}x faster"
        )
        print(f"(d) Presidio patterns   : {pr_rate:>10,.0f} messages/s  -> all packs {s_all / pr_rate:,.0f}x faster")
        sample_items = items[: args.sample]
        clean_idx = [i for i, it in enumerate(sample_items) if it.planted is None]
        ds_clean = sum(1 for i in clean_idx if ds_out[i]) / len(clean_idx)
        pr_clean = sum(1 for i in clean_idx if pr_out[i]) / len(clean_idx)
        sec_idx = [i for i, it in enumerate(sample_items) if it.planted == "secret"]
        ds_recall = sum(1 for i in sec_idx if ds_out[i]) / len(sec_idx) if sec_idx else float("nan")
        pii_idx = [i for i, it in enumerate(sample_items) if it.planted in ("email", "card", "phone")]
        pr_recall = sum(1 for i in pii_idx if pr_out[i]) / len(pii_idx) if pii_idx else float("nan")
        print(f"    clean messages flagged in the sample: detect-secrets {ds_clean:.2%}, Presidio {pr_clean:.2%}")
        print(
            f"    baseline recall in the sample: detect-secrets on planted secrets {ds_recall:.2f} (n={len(sec_idx)}), "
            f"Presidio on planted e-mail/card/phone {pr_recall:.2f} (n={len(pii_idx)})"
        )

    acc = accuracy(items, results)
    print(f"\n## Accuracy, all packs, {len(items):,} messages")
    print(f"{'planted type':<12} {'n':>6} {'recall':>8} {'precision':>10}")
    for kind, row in acc["per_type"].items():
        print(f"{kind:<12} {row['planted']:>6} {row['recall']:>8.3f} {row['precision']:>10.3f}")
    print(f"overall recall on planted items: {acc['recall_all']:.4f}")
    print(
        f"clean messages flagged: {acc['clean_flagged']:,} of {acc['clean']:,} = "
        f"{acc['clean_flagged'] / acc['clean']:.3%}  (top rules: {acc['clean_flag_rules']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

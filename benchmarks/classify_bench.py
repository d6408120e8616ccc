"""Classifier throughput beside the rule-only scan, on the same seeded corpus.

Run from the repository root (``make bench`` does)::

    uv run python benchmarks/classify_bench.py [--messages 20000]

The whole set of models a message needs (language identification, then every model of its
language, both languages' for code-mixed text, featurized once: what the ingestion pipeline runs),
then each shipped model alone: messages/second per core (CPU time of this process, batches of
1,000 messages, normalisation included), beside the rule-only all-packs rate on the same messages.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from tatakelola.classify import list_models, load
from tatakelola.scan import Engine, Message

BATCH = 1000


def _rate(count: int, work: object) -> float:
    start = time.process_time()
    work()  # type: ignore[operator]
    return count / max(time.process_time() - start, 1e-9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20_000)
    args = parser.parse_args()
    texts = [item.text for item in generate(args.messages)]
    batches = [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]

    engine = Engine.from_specs(None)
    messages = [[Message(text=t, id=str(i)) for i, t in enumerate(batch)] for batch in batches]
    rules = _rate(len(texts), lambda: [engine.scan_batch(batch) for batch in messages])

    print(f"{len(texts):,} seeded messages, batches of {BATCH}, CPU-time rates per core")
    print(f"{'rule packs (all, no ML)':<28} {rules:>10,.0f} msg/s")
    # The whole set a message needs, as the pipeline runs it (scan_bridge.score_messages): language
    # identification (with its second opinion where unsure), then every model of the message's
    # language - both languages' for Indonesian-English code-mixed text - from one featurization.
    from tatakelola.classify.langid import _lingua
    from tatakelola.classify.scan_bridge import score_messages

    names = [info.name for info in list_models()]
    _lingua()
    score_messages(messages[0], names)  # load every model and warm the caches outside the timing
    whole = _rate(len(texts), lambda: [score_messages(batch, names) for batch in messages])
    flag = "" if whole >= 5000 else "  (below the 5,000 msg/s target)"
    print(f"{'every model a message needs':<28} {whole:>10,.0f} msg/s  {whole / rules:5.2f}x rules{flag}")
    for info in list_models():
        model = load(info.name)
        model.predict(batches[0])  # warm the model and its caches outside the timing
        rate = _rate(len(texts), lambda m=model: [m.predict(batch) for batch in batches])
        flag = "" if rate >= 5000 else "  (below the 5,000 msg/s target)"
        print(f"{info.name:<28} {rate:>10,.0f} msg/s  {rate / rules:5.2f}x rules{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

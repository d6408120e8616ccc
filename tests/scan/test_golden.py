"""Golden output: the all-packs engine gives exactly the recorded findings and explanations.

The input (``data/golden_input.jsonl``) is 1,500 realistic posts with metadata objects (some
carrying the metadata that rules read) plus every pack's embedded examples; the recorded findings
were produced before the engine's performance work. Engine changes must leave them identical;
a rule change on purpose rewrites them with ``python benchmarks/golden.py`` (review the diff).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType

from tatakelola.scan import Engine, Message

DATA = Path(__file__).parent / "data"
FIELDS = ("rule_id", "severity", "spans", "evidence", "explanation", "explanation_id", "score")


def _messages() -> list[Message]:
    out = []
    for line in (DATA / "golden_input.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        out.append(
            Message(
                text=rec["text"],
                id=rec["id"],
                language=rec.get("language"),
                channel=rec.get("channel"),
                author=rec.get("author"),
                metadata=MappingProxyType(rec.get("metadata") or {}),
                scores=MappingProxyType(rec.get("scores") or {}),
            )
        )
    return out


def test_findings_and_explanations_match_the_golden_output(engine: Engine) -> None:
    msgs = _messages()
    got = []
    for start in range(0, len(msgs), 500):
        chunk = msgs[start : start + 500]
        for m, findings in zip(chunk, engine.scan_batch(chunk), strict=True):
            for f in findings:
                d = f.to_dict()
                got.append({"message_id": m.id, **{k: d[k] for k in FIELDS}})
    want = [json.loads(line) for line in (DATA / "golden_findings.jsonl").read_text("utf-8").splitlines()]
    assert len(want) > 300  # the golden input exercises every pack
    assert {f["rule_id"] for f in want} >= {"PII-NIK-001", "FTC-AD-040M", "FTC-EMP-041", "FINRA-PREAPP-037"}
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        assert g == w, f"finding {i} differs"
    assert len(got) == len(want)


def test_one_message_at_a_time_gives_the_same_findings(engine: Engine) -> None:
    msgs = _messages()[::7]
    batch = [list(fs) for fs in engine.scan_batch(msgs)]
    single = [list(engine.scan_batch([m])[0]) for m in msgs]
    assert batch == single

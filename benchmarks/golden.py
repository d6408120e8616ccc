"""Golden scan output: the fixed input and the findings it must keep giving.

``python benchmarks/golden.py --input`` rewrites ``tests/scan/data/golden_input.jsonl`` (1,500
realistic posts with metadata, the rule-relevant metadata of every built-in rule, and every pack's
embedded examples at the time); ``python benchmarks/golden.py`` rewrites only
``tests/scan/data/golden_findings.jsonl`` (every finding of the all-packs engine, both
explanations included). ``tests/scan/test_golden.py`` scans the input and compares. Rewrite the
findings only when a rule's meaning changes on purpose, and review the diff.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import posts

DATA = Path(__file__).resolve().parent.parent / "tests" / "scan" / "data"
#: Metadata that built-in rules read (``when``, ``unless``, ``trigger_metadata``, ``match``).
RULE_METADATA: tuple[dict[str, Any], ...] = (
    {"is_sponsored": True},
    {"is_sponsored": "true"},
    {"is_sponsored": False},
    {"mentions_employer": True},
    {"account_type": "adviser"},
    {"account_type": "government"},
    {"account_type": "creator"},
    {"account_type": "influencer", "licensed": True},
    {"paid_partnership": False},
    {"paid_partnership": True},
    {"ojk_licensed": True},
    {"target_region": "uk"},
    {"target_region": "us"},
    {"account_role": "registered_rep", "post_type": "static"},
    {"account_role": "registered_rep", "post_type": "static", "approval_id": "APR-1"},
    {"account_role": "registered_rep", "post_type": "interactive"},
)


#: What a finding says about the message (the rule's own texts come from the pack).
GOLDEN_FIELDS = ("rule_id", "severity", "spans", "evidence", "explanation", "explanation_id", "score")


def golden_records() -> list[dict[str, Any]]:
    from tatakelola.scan.packs import builtin_packs

    r = random.Random(7)
    records = posts(1500, seed=20261204)
    for rec in records:
        if r.random() < 0.15:
            rec["metadata"].update(r.choice(RULE_METADATA))
    k = 0
    for pack in builtin_packs().values():
        for rule in pack.rules:
            for ex in (*rule.must_match, *rule.must_not_match):
                k += 1
                rec = {"id": f"x{k:04d}", "text": ex.text, "metadata": dict(ex.metadata)}
                if ex.language:
                    rec["language"] = ex.language
                if ex.channel:
                    rec["channel"] = ex.channel
                if ex.scores:
                    rec["scores"] = dict(ex.scores)
                records.append(rec)
    return records


def scan_golden(lines: list[str]) -> list[dict[str, Any]]:
    """Findings of the all-packs engine on the golden input, one object per finding."""
    from tatakelola.scan import Engine, Message
    from tatakelola.scan.packs import builtin_packs

    engine = Engine(list(builtin_packs().values()))
    msgs = []
    for line in lines:
        rec = json.loads(line)
        msgs.append(
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
    out = []
    for start in range(0, len(msgs), 500):
        chunk = msgs[start : start + 500]
        for m, findings in zip(chunk, engine.scan_batch(chunk), strict=True):
            out.extend({"message_id": m.id, **{k: f.to_dict()[k] for k in GOLDEN_FIELDS}} for f in findings)
    return out


def main() -> int:
    DATA.mkdir(parents=True, exist_ok=True)
    if "--input" in sys.argv:
        lines = [json.dumps(rec, ensure_ascii=False, sort_keys=True) for rec in golden_records()]
        (DATA / "golden_input.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = (DATA / "golden_input.jsonl").read_text("utf-8").splitlines()
    found = scan_golden(lines)
    (DATA / "golden_findings.jsonl").write_text(
        "".join(json.dumps(f, ensure_ascii=False, sort_keys=True) + "\n" for f in found), encoding="utf-8"
    )
    print(f"{len(lines)} messages, {len(found)} findings written to {DATA}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

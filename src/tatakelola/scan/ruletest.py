"""``rules lint`` and ``rules test``: checks that packs are well formed and
that every rule's embedded examples behave as declared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tatakelola.scan.engine import Engine
from tatakelola.scan.packs import Pack

MIN_EXAMPLES = 10
#: Detector parameters that put a rule's own text into explanations.
BILINGUAL_PARAMS = ("explanation", "missing")


@dataclass(frozen=True, slots=True)
class Problem:
    pack: str
    rule: str
    message: str
    severity: str = "error"  # or "warning"


def lint_packs(packs: Sequence[Pack], *, today: dt.date | None = None) -> list[Problem]:
    today = today or dt.datetime.now(dt.UTC).date()
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for pack in packs:
        try:
            Engine([pack])
        except ValueError as exc:
            problems.append(Problem(pack.id, "", f"does not compile: {exc}"))
        matches = sum(len(r.must_match) for r in pack.rules)
        non = sum(len(r.must_not_match) for r in pack.rules)
        if matches < MIN_EXAMPLES or non < MIN_EXAMPLES:
            problems.append(
                Problem(
                    pack.id,
                    "",
                    f"needs >= {MIN_EXAMPLES} must_match and must_not_match examples (has {matches} and {non})",
                )
            )
        if dt.date.fromisoformat(pack.review_by) < today:
            problems.append(Problem(pack.id, "", f"review_by {pack.review_by} has passed", "warning"))
        for rule in pack.rules:
            if rule.id in seen:
                problems.append(Problem(pack.id, rule.id, f"rule id also defined in pack {seen[rule.id]}"))
            seen[rule.id] = pack.id
            if not rule.citations:
                problems.append(Problem(pack.id, rule.id, "rule has no citation"))
            # Explanations are bilingual: a rule's own English text needs its Indonesian twin.
            for en_key in BILINGUAL_PARAMS:
                if rule.params.get(en_key) and not rule.params.get(f"{en_key}_id"):
                    problems.append(
                        Problem(pack.id, rule.id, f"params.{en_key} has no Indonesian params.{en_key}_id", "warning")
                    )
    return problems


@dataclass(frozen=True, slots=True)
class ExampleResult:
    pack: str
    rule: str
    kind: str  # "must_match" | "must_not_match"
    text: str
    passed: bool
    fired: tuple[str, ...]


def run_examples(packs: Sequence[Pack]) -> list[ExampleResult]:
    """Run every embedded example against its own pack's engine."""
    results: list[ExampleResult] = []
    for pack in packs:
        engine = Engine([pack])
        for rule in pack.rules:
            cases = [("must_match", e) for e in rule.must_match] + [("must_not_match", e) for e in rule.must_not_match]
            msgs = [e.to_message(f"{rule.id}#{i}") for i, (_, e) in enumerate(cases)]
            for (kind, example), findings in zip(cases, engine.scan_batch(msgs), strict=True):
                fired = tuple(f.rule_id for f in findings)
                ok = (rule.id in fired) == (kind == "must_match")
                results.append(ExampleResult(pack.id, rule.id, kind, example.text, ok, fired))
    return results

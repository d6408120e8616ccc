"""A rule's hits on one message become one :class:`Finding` (spans, evidence, explanations)."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from tatakelola.scan.detectors.base import redact
from tatakelola.scan.explain import template
from tatakelola.scan.model import Finding, Hit, Message
from tatakelola.scan.packs import Rule

_span_key = attrgetter("start", "end")
_SPANS = template("finding.spans")


def make_finding(message: Message, rule: Rule, hits: Sequence[Hit]) -> Finding:
    """The finding of ``rule`` on ``message`` from its ``hits``: distinct spans in order, up to three
    distinct (redacted) values as evidence, the first hit's explanation in both languages."""
    # Spans order as (start, end) tuples; plain tuple keys keep the
    # comparisons in C.
    spans = tuple(sorted({h.span for h in hits}, key=_span_key))
    ordered = sorted(hits, key=_hit_key)
    values: list[str] = []
    for h in ordered:
        v = h.value if not rule.redact else _redact(h.value)
        if v and v not in values:
            values.append(v)
    evidence = "; ".join(values[:3])
    if len(evidence) > 200:
        evidence = evidence[:197] + "..."
    first = ordered[0]
    explanation = first.explanation
    # Indonesian is rendered here, once per finding, never per hit or message.
    explained = first.explained
    explanation_id = explained.id if explained is not None else ""
    if len(spans) > 1:
        explanation += " " + _SPANS.en.format(n=len(spans))
        if explanation_id:
            explanation_id += " " + _SPANS.id.format(n=len(spans))
    return Finding(
        message_id=message.id,
        rule_id=rule.id,
        pack=rule.pack,
        severity=rule.severity,
        category=rule.category,
        action=rule.action,
        spans=spans,
        evidence=evidence,
        explanation=explanation,
        explanation_id=explanation_id,
        citations=rule.citations,
        fix_en=rule.fix_en,
        fix_id=rule.fix_id,
        score=max(h.score for h in hits),
        title=rule.title_en,
    )


def _hit_key(hit: Hit) -> tuple[int, int]:
    return (hit.span.start, hit.span.end)


def _redact(value: str) -> str:
    return redact(value) if "*" not in value else value

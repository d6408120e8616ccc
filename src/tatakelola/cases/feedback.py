"""Reviewer feedback for the operator's command line: labelled findings as training rows, and
per-rule precision with a Wilson interval (``tatakelola feedback export|precision``).

These reads are not scoped to a viewer (the review pages use ``selectors.rule_precision``): whoever
runs the command already holds the database. An export contains message text, which is personal
data: keep the file where the messages themselves may be kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q

from tatakelola.cases.choices import Verdict
from tatakelola.cases.models import FindingLabel
from tatakelola.orgs.models import Organisation

Z_95 = 1.959963984540054


def rule_models() -> dict[str, str]:
    """Rule id -> the classifier model the rule reads, for the rules the pipeline scans with."""
    from tatakelola.monitoring.scanning import classifier_rules, scanning_engine

    return {rule: model for model, rules in classifier_rules(scanning_engine()).items() for rule in rules}


def _labels(organisation: Organisation | None, since: datetime | None) -> Any:
    labels = FindingLabel.objects.all()
    if organisation is not None:
        labels = labels.filter(organisation=organisation)
    if since is not None:
        labels = labels.filter(labelled_at__gte=since)
    return labels


def feedback_records(
    *, organisation: Organisation | None = None, since: datetime | None = None
) -> Iterator[dict[str, Any]]:
    """One record per labelled finding, oldest label first: the message, the rule, the model it reads."""
    from tatakelola.classify import detect_language

    models = rule_models()
    rows = (
        _labels(organisation, since)
        .order_by("labelled_at", "pk")
        .values_list(
            "finding_id",
            "organisation__slug",
            "finding__message_id",
            "finding__message__text",
            "finding__message__language",
            "finding__message__platform",
            "rule_id",
            "pack",
            "finding__score",
            "verdict",
            "reason",
            "labelled_at",
        )
    )
    for (
        finding_id,
        slug,
        message_id,
        text,
        language,
        platform,
        rule_id,
        pack,
        score,
        verdict,
        reason,
        at,
    ) in rows.iterator(chunk_size=1000):
        yield {
            "finding_id": finding_id,
            "organisation": slug,
            "message_id": message_id,
            "text": text,
            "language": language or detect_language(text).language,
            "platform": platform,
            "rule_id": rule_id,
            "pack": pack,
            "model": models.get(rule_id),
            "score": score,
            "verdict": verdict,
            "reason": reason,
            "labelled_at": at.isoformat(),
        }


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95 % by default); (0, 1) without observations.

    Unlike ``p ± z·√(p(1-p)/n)`` it stays inside [0, 1] and is wide for small ``n``: one confirmation
    out of one gives (0.21, 1.0), not a precise-looking 100 %.
    """
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class RuleFeedback:
    rule_id: str
    pack: str
    model: str | None
    confirmed: int
    dismissed: int

    @property
    def labelled(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def precision(self) -> float:
        return self.confirmed / self.labelled if self.labelled else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.confirmed, self.labelled)

    def as_dict(self) -> dict[str, Any]:
        low, high = self.interval
        return {
            "rule_id": self.rule_id,
            "pack": self.pack,
            "model": self.model,
            "confirmed": self.confirmed,
            "dismissed": self.dismissed,
            "labelled": self.labelled,
            "precision": round(self.precision, 4),
            "wilson_low": round(low, 4),
            "wilson_high": round(high, 4),
        }


def rule_feedback(
    *, organisation: Organisation | None = None, since: datetime | None = None, min_labels: int = 1
) -> list[RuleFeedback]:
    """Per rule: confirmed and dismissed findings, worst first.

    "Worst" is the upper end of the 95 % interval: a rule is listed early when the labels show it is
    imprecise, not when a single dismissal makes its point estimate 0 %. Ties: lower precision, more
    labels, rule id.
    """
    models = rule_models()
    counts: dict[str, list[Any]] = {}
    for rule_id, pack, confirmed, dismissed in (
        _labels(organisation, since)
        .values("rule_id", "pack")
        .annotate(
            tp=Count("id", filter=Q(verdict=Verdict.TRUE_POSITIVE)),
            fp=Count("id", filter=Q(verdict=Verdict.FALSE_POSITIVE)),
        )
        .values_list("rule_id", "pack", "tp", "fp")
        .order_by("rule_id", "pack")
    ):
        row = counts.setdefault(rule_id, [pack, 0, 0])
        row[1] += confirmed
        row[2] += dismissed
    rows = [
        RuleFeedback(rule_id, pack, models.get(rule_id), confirmed, dismissed)
        for rule_id, (pack, confirmed, dismissed) in counts.items()
        if confirmed + dismissed >= max(1, min_labels)
    ]
    return sorted(rows, key=lambda r: (r.interval[1], r.precision, -r.labelled, r.rule_id))

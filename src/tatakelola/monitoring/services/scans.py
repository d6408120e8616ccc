"""Scanning stored messages in batches with the rule packs, storing findings once, and the sweep that
picks up messages a dead worker never queued."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from tatakelola.audit.services import audit_record
from tatakelola.monitoring import dispatch
from tatakelola.monitoring.models import (
    Finding,
    Message,
)
from tatakelola.monitoring.signals import findings_stored
from tatakelola.scan import Message as ScanMessage
from tatakelola.scan import severity_at_least

SCAN_BATCH = 500


def messages_scan_queue(*, message_ids: Sequence[int]) -> None:
    for start in range(0, len(message_ids), SCAN_BATCH):
        dispatch.scan_messages(message_ids[start : start + SCAN_BATCH])


class _ScanRow(NamedTuple):
    pk: int
    organisation_id: int
    text: str
    language: str
    platform: str
    author: str
    account_type: str
    noncommercial_models_allowed: bool


def messages_scan(*, message_ids: Iterable[int]) -> int:
    """Scan the given messages that are not scanned yet, store their findings, mark them scanned.

    Rows are locked (and ones another worker holds are skipped), so two deliveries of the same
    batch scan each message once. Returns the number of messages scanned by this call.
    """
    from tatakelola.monitoring.scanning import scanning_engine, with_classifier_scores

    engine = scanning_engine()  # compile outside the transaction; cached per process
    with transaction.atomic():
        rows = Message.objects.filter(pk__in=list(message_ids), scanned_at__isnull=True)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        # Plain tuples, not model instances: this is the pipeline's hot loop.
        messages = [
            _ScanRow(*row)
            for row in rows.order_by("pk").values_list(
                "id",
                "organisation_id",
                "text",
                "language",
                "platform",
                "author",
                "account__account_type",
                "organisation__noncommercial_models_allowed",
            )
        ]
        if not messages:
            return 0
        results = engine.scan_batch(
            with_classifier_scores(
                engine,
                [
                    ScanMessage(
                        text=m.text,
                        id=str(m.pk),
                        language=m.language or None,
                        channel=m.platform,
                        author=m.author or None,
                        metadata={"account_type": m.account_type},
                    )
                    for m in messages
                ],
                # A batch can mix organisations: each gets only the models it allows.
                [m.noncommercial_models_allowed for m in messages],
            )
        )
        findings: list[Finding] = []
        now = timezone.now()
        by_severity: dict[str, list[int]] = {}
        for message, message_findings in zip(messages, results, strict=True):
            highest = ""
            for f in message_findings:
                findings.append(
                    Finding(
                        organisation_id=message.organisation_id,
                        message_id=message.pk,
                        rule_id=f.rule_id[:80],
                        pack=f.pack[:80],
                        title=f.title[:300],
                        severity=f.severity,
                        category=f.category[:60],
                        action=f.action,
                        spans=[[s.start, s.end] for s in f.spans],
                        evidence=f.evidence[:500],
                        explanation=f.explanation,
                        explanation_id=f.explanation_id,
                        citations=list(f.citations),
                        score=f.score,
                    )
                )
                if not highest or severity_at_least(f.severity, highest):
                    highest = f.severity
            by_severity.setdefault(highest, []).append(message.pk)
        Finding.objects.bulk_create(findings, batch_size=1000)
        flagged = [pk for severity, ids in by_severity.items() if severity for pk in ids]
        if flagged:
            findings_stored.send(sender=Finding, message_ids=flagged)
        for severity, ids in by_severity.items():
            Message.objects.filter(pk__in=ids).update(
                scanned_at=now, scan_count=F("scan_count") + 1, highest_severity=severity
            )
        if findings:
            audit_record(
                actor=None,
                action="monitoring.messages.scan",
                object_type="monitoring.message",
                object_id=f"{messages[0].pk}-{messages[-1].pk}",
                object_repr=f"{len(messages)} messages",
                organisation_id=messages[0].organisation_id,
                after={"scanned": len(messages), "findings": len(findings)},
            )
    return len(messages)


def messages_scan_sweep(*, older_than_seconds: int = 60, account_id: int | None = None) -> int:
    """Queue scans for stored messages nobody queued (a worker died between commit and queueing)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    rows = Message.objects.filter(scanned_at__isnull=True, ingested_at__lte=cutoff)
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    ids = list(rows.order_by("pk").values_list("pk", flat=True)[:100_000])
    messages_scan_queue(message_ids=ids)
    return len(ids)

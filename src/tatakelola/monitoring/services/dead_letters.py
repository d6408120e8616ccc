"""Dead letters: records and tasks that could not be processed, kept visibly until resolved."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tatakelola.audit.services import Actor, audit_record
from tatakelola.monitoring.choices import (
    DeadLetterKind,
)
from tatakelola.monitoring.models import (
    DeadLetter,
    Message,
    MonitoredAccount,
)
from tatakelola.utilities.errors import DomainError

logger = logging.getLogger(__name__)


def dead_letter_task(*, account_id: int | None, task: str, reason: str, payload: str = "") -> DeadLetter | None:
    """A task gave up after its retries: keep what it was doing, visibly."""
    account = MonitoredAccount.objects.filter(pk=account_id).first() if account_id else None
    organisation_id = account.organisation_id if account else _organisation_of_payload(payload)
    if organisation_id is None:
        logger.error("dead letter without organisation: %s %s", task, reason)
        return None
    with transaction.atomic():
        letter = DeadLetter.objects.create(
            organisation_id=organisation_id,
            account=account,
            kind=DeadLetterKind.TASK,
            source=task[:300],
            reason=reason,
            payload=payload[:10_000],
        )
        audit_record(
            actor=None,
            action="monitoring.dead_letter.create",
            target=letter,
            organisation_id=organisation_id,
            after={"task": task, "reason": reason[:500]},
        )
    return letter


def _organisation_of_payload(payload: str) -> int | None:
    import json

    try:
        ids = json.loads(payload)
    except ValueError:
        return None
    if isinstance(ids, list) and ids:
        return Message.objects.filter(pk__in=ids).values_list("organisation_id", flat=True).first()
    return None


def dead_letter_resolve(*, actor: Actor, dead_letter: DeadLetter) -> DeadLetter:
    if dead_letter.resolved_at is not None:
        raise DomainError(_("This dead letter is already resolved."))
    with transaction.atomic():
        dead_letter.resolved_at = timezone.now()
        dead_letter.save(update_fields=["resolved_at"])
        audit_record(
            actor=actor,
            action="monitoring.dead_letter.resolve",
            target=dead_letter,
            organisation_id=dead_letter.organisation_id,
            after={"resolved_at": dead_letter.resolved_at},
        )
    return dead_letter

"""The personal data breach clock (UU PDP Pasal 46(1): 3 x 24 hours; GDPR Art. 33: 72 hours)
and the notices recorded against it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from tatakelola.audit.services import Actor, audit_record
from tatakelola.cases.choices import (
    BreachRecipient,
    CaseEventKind,
)
from tatakelola.cases.models import (
    BreachNotice,
    Case,
)
from tatakelola.cases.services.common import acting_user, now_or, timeline_event
from tatakelola.cases.services.lifecycle import locked_case
from tatakelola.utilities.errors import DomainError

BREACH_WINDOW = timedelta(hours=72)  # UU PDP Pasal 46(1): 3 x 24 hours; GDPR Art. 33: 72 hours


def breach_clock_start(
    *,
    actor: Actor,
    case: Case,
    aware_at: datetime | None = None,
    eu_residents: bool = False,
    now: datetime | None = None,
) -> Case:
    """Mark the case a personal data breach: notices are due 3 x 24 hours after awareness
    (UU PDP Pasal 46(1)); the checklist lists who must be told."""
    when = now_or(now)
    aware = aware_at or when
    if aware > when:
        raise DomainError(_("The moment the breach became known cannot be in the future."), field="aware_at")
    with transaction.atomic():
        case = locked_case(case)
        if case.personal_data_breach:
            raise DomainError(_("The breach clock is already running for this case."))
        if not case.is_open:
            raise DomainError(_("This case is closed."))
        case.personal_data_breach = True
        case.breach_aware_at = aware
        case.breach_notify_by = aware + BREACH_WINDOW
        case.save(update_fields=["personal_data_breach", "breach_aware_at", "breach_notify_by"])
        recipients = [
            (BreachRecipient.DATA_SUBJECTS, True),
            (BreachRecipient.PDP_AGENCY, True),
            (BreachRecipient.DPO, True),
            (BreachRecipient.PUBLIC, False),
        ]
        if eu_residents:
            recipients.append((BreachRecipient.GDPR_AUTHORITY, True))
        BreachNotice.objects.bulk_create(
            BreachNotice(case=case, recipient=r, required=required, due_at=case.breach_notify_by)
            for r, required in recipients
        )
        timeline_event(
            case,
            CaseEventKind.BREACH_CLOCK,
            actor=actor,
            at=when,
            aware_at=aware.isoformat(),
            notify_by=case.breach_notify_by.isoformat(),
        )
        audit_record(
            actor=actor,
            action="cases.case.breach_clock",
            target=case,
            organisation_id=case.organisation_id,
            after={"aware_at": aware, "notify_by": case.breach_notify_by, "eu_residents": eu_residents},
        )
    return case


def breach_notice_record(
    *,
    actor: Actor,
    notice: BreachNotice,
    reference: str,
    notified_at: datetime | None = None,
    now: datetime | None = None,
) -> BreachNotice:
    when = now_or(now)
    sent = notified_at or when
    if not reference.strip():
        raise DomainError(
            _("Record how the notice was sent (letter number, e-mail, portal receipt)."), field="reference"
        )
    with transaction.atomic():
        notice = BreachNotice.objects.select_for_update().select_related("case").get(pk=notice.pk)
        if notice.notified_at is not None:
            raise DomainError(_("This notification is already recorded."))
        notice.notified_at = sent
        notice.notified_by = acting_user(actor)
        notice.reference = reference.strip()[:300]
        notice.save(update_fields=["notified_at", "notified_by", "reference"])
        late = sent > notice.due_at
        timeline_event(
            notice.case,
            CaseEventKind.BREACH_NOTICE,
            actor=actor,
            at=when,
            text=notice.reference,
            recipient=notice.recipient,
            late=late,
        )
        audit_record(
            actor=actor,
            action="cases.case.breach_notice",
            target=notice.case,
            organisation_id=notice.case.organisation_id,
            after={"recipient": notice.recipient, "notified_at": sent, "late": late, "reference": notice.reference},
        )
    return notice

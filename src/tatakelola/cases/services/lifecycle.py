"""The case lifecycle: open, link alerts, transitions, assignee and subject, notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from tatakelola.audit.services import Actor, audit_record
from tatakelola.cases.choices import (
    CASE_TRANSITIONS,
    CaseEventKind,
    CaseOutcome,
    CaseStatus,
)
from tatakelola.cases.models import (
    Alert,
    Case,
    CaseEvent,
)
from tatakelola.cases.services.common import acting_user, active_users, now_or, subject_for, timeline_event
from tatakelola.cases.services.sla_config import sla_policies
from tatakelola.monitoring.choices import Severity
from tatakelola.notifications.services import notify
from tatakelola.notifications.webhooks import webhook_event
from tatakelola.orgs.models import Organisation, Person
from tatakelola.utilities.errors import DomainError


def case_open(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    severity: str,
    alerts: Sequence[Alert] = (),
    assignee: Person | None = None,
    subject: Person | None = None,
    status: str = CaseStatus.NEW,
    now: datetime | None = None,
) -> Case:
    if severity not in Severity.values:
        raise DomainError(_("Unknown severity."), field="severity")
    if not title.strip():
        raise DomainError(_("A case needs a title."), field="title")
    for person in (assignee, subject):
        if person is not None and person.organisation_id != organisation.pk:
            raise DomainError(_("That person is not in this organisation."))
    when = now_or(now)
    policy = sla_policies(organisation)[severity]
    window = timedelta(hours=policy.resolve_within_hours)
    with transaction.atomic():
        # Numbers are per organisation and gap-free enough for people to quote: lock the tenant row.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        number = (Case.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"] or 0) + 1
        if assignee is None and actor is not None:
            opener = acting_user(actor)
            assignee = Person.objects.filter(user=opener, organisation=organisation).first() if opener else None
        case = Case.objects.create(
            organisation=organisation,
            number=number,
            title=title.strip()[:300],
            severity=severity,
            status=status,
            assignee=assignee,
            subject=subject or subject_for(alerts),
            opened_by=acting_user(actor),
            opened_at=when,
            due_at=when + window,
            warn_at=when + window * policy.warn_at_percent / 100,
        )
        timeline_event(
            case, CaseEventKind.OPENED, actor=actor, at=when, severity=severity, due_at=case.due_at.isoformat()
        )
        for alert in alerts:
            Alert.objects.filter(pk=alert.pk).update(case=case)
            timeline_event(
                case, CaseEventKind.ALERT_LINKED, actor=actor, at=when, alert=alert.pk, message=alert.message_id
            )
        audit_record(
            actor=actor,
            action="cases.case.open",
            target=case,
            organisation_id=organisation.pk,
            after={
                "severity": severity,
                "status": status,
                "due_at": case.due_at,
                "assignee": assignee.pk if assignee else None,
                "alerts": [a.pk for a in alerts],
            },
        )
        if assignee is not None and assignee.user_id and assignee.user_id != getattr(actor, "pk", None):
            _notify_assigned(case)
        webhook_event(
            organisation_id=organisation.pk,
            event="case.opened",
            payload={"case": case.reference, "severity": severity, "title": case.title, "due_at": case.due_at},
        )
    return case


def _notify_assigned(case: Case) -> None:
    notify(
        recipients=active_users([case.assignee]),
        organisation_id=case.organisation_id,
        event="case.assigned",
        data={"case": case.reference, "title": case.title},
        url=reverse("cases:case", args=[case.pk]),
    )


def case_link_alert(*, actor: Actor, case: Case, alert: Alert, now: datetime | None = None) -> None:
    if alert.organisation_id != case.organisation_id:
        raise DomainError(_("That alert is not in this organisation."))
    if not case.is_open:
        raise DomainError(_("This case is closed."))
    when = now_or(now)
    Alert.objects.filter(pk=alert.pk).update(case=case)
    timeline_event(case, CaseEventKind.ALERT_LINKED, actor=actor, at=when, alert=alert.pk, message=alert.message_id)
    audit_record(
        actor=actor,
        action="cases.case.link_alert",
        target=case,
        organisation_id=case.organisation_id,
        after={"alert": alert.pk},
    )


def locked_case(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def case_transition(
    *,
    actor: Actor,
    case: Case,
    status: str,
    note: str = "",
    outcome: str = "",
    resolution: str = "",
    now: datetime | None = None,
) -> Case:
    """Move a case along its lifecycle; closing records an outcome the person concerned is told."""
    when = now_or(now)
    with transaction.atomic():
        case = locked_case(case)
        before = case.status
        if status not in CASE_TRANSITIONS.get(before, ()):
            raise DomainError(
                _("A case cannot go from %(from)s to %(to)s.")
                % {
                    "from": CaseStatus(before).label,
                    "to": CaseStatus(status).label if status in CaseStatus.values else status,
                },
                field="status",
            )
        if status == CaseStatus.CLOSED:
            if outcome not in CaseOutcome.values:
                raise DomainError(_("Record the outcome before closing the case."), field="outcome")
            if not resolution.strip():
                raise DomainError(_("Describe how the case was resolved."), field="resolution")
            if (
                case.personal_data_breach
                and case.breach_notices.filter(required=True, notified_at__isnull=True).exists()
            ):
                raise DomainError(_("Record every required breach notification before closing the case."))
        if status == CaseStatus.DISMISSED and not (note.strip() or resolution.strip()):
            raise DomainError(_("Say why the case is dismissed."), field="note")
        case.status = status
        if status in (CaseStatus.CLOSED, CaseStatus.DISMISSED):
            case.closed_at = when
            case.outcome = outcome if status == CaseStatus.CLOSED else CaseOutcome.NO_VIOLATION
            case.resolution = resolution.strip() or note.strip()
        case.save(update_fields=["status", "closed_at", "outcome", "resolution"])
        timeline_event(
            case,
            CaseEventKind.STATUS,
            actor=actor,
            at=when,
            text=note,
            before=before,
            after=status,
            outcome=case.outcome,
        )
        audit_record(
            actor=actor,
            action="cases.case.status",
            target=case,
            organisation_id=case.organisation_id,
            before={"status": before},
            after={"status": status, "outcome": case.outcome, "note": note},
        )
        if not case.is_open:
            _announce_outcome(case)
    return case


def _announce_outcome(case: Case) -> None:
    if case.subject is not None:
        notify(
            recipients=active_users([case.subject]),
            organisation_id=case.organisation_id,
            event="case.outcome",
            data={"case": case.reference, "outcome": case.outcome},
            url=reverse("cases:mine"),
        )
    webhook_event(
        organisation_id=case.organisation_id,
        event="case.closed",
        payload={"case": case.reference, "status": case.status, "outcome": case.outcome},
    )


def _case_set_person(
    *, actor: Actor, case: Case, field: str, person: Person | None, kind: str, action: str, now: datetime | None
) -> Case:
    if person is not None and person.organisation_id != case.organisation_id:
        raise DomainError(_("That person is not in this organisation."), field=field)
    when = now_or(now)
    with transaction.atomic():
        case = locked_case(case)
        before = getattr(case, f"{field}_id")
        setattr(case, field, person)
        case.save(update_fields=[field])
        timeline_event(
            case,
            kind,
            actor=actor,
            at=when,
            person=person.pk if person else None,
            name=person.full_name if person else "",
        )
        audit_record(
            actor=actor,
            action=action,
            target=case,
            organisation_id=case.organisation_id,
            before={field: before},
            after={field: person.pk if person else None},
        )
    return case


def case_assign(*, actor: Actor, case: Case, assignee: Person | None, now: datetime | None = None) -> Case:
    with transaction.atomic():
        case = _case_set_person(
            actor=actor,
            case=case,
            field="assignee",
            person=assignee,
            kind=CaseEventKind.ASSIGNED,
            action="cases.case.assign",
            now=now,
        )
        if assignee is not None and assignee.user_id and assignee.user_id != getattr(actor, "pk", None):
            _notify_assigned(case)
    return case


def case_set_subject(*, actor: Actor, case: Case, subject: Person | None, now: datetime | None = None) -> Case:
    return _case_set_person(
        actor=actor,
        case=case,
        field="subject",
        person=subject,
        kind=CaseEventKind.SUBJECT,
        action="cases.case.subject",
        now=now,
    )


def case_note(*, actor: Actor, case: Case, text: str, now: datetime | None = None) -> CaseEvent:
    if not text.strip():
        raise DomainError(_("The note is empty."), field="text")
    when = now_or(now)
    with transaction.atomic():
        event = timeline_event(case, CaseEventKind.NOTE, actor=actor, at=when, text=text.strip()[:10_000])
        audit_record(
            actor=actor,
            action="cases.case.note",
            target=case,
            organisation_id=case.organisation_id,
            after={"event": event.pk, "length": len(text)},
        )
    return event


def case_timeline_record(
    *, case: Case, actor: Actor, text: dict[str, Any], url: str = "", source: str, now: datetime | None = None
) -> CaseEvent:
    """A line on the case's timeline for something another app did for this case (a remedial course
    assigned or completed, a hold placed or released, a crisis opened). ``text`` is a deferred text
    (``utilities.texts.deferred``); ``url`` a path inside the platform to the record; ``source`` the
    app's label. Not audited on its own: call it inside the caller's audited service, whose audit
    entry covers the change."""
    if url and not url.startswith("/"):
        raise ValueError("timeline links point inside the platform")
    return CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.LINKED,
        actor=acting_user(actor),
        at=now_or(now),
        data={"text": text, "url": url, "source": source},
    )

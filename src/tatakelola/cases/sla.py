"""The SLA pass: warn before a case's due time, escalate once when it is missed.

The scheduler (Celery beat, every minute) and ``tatakelola sla check`` run this same function.
Each warning and escalation is claimed with a conditional UPDATE, so two passes running at the
same moment (two workers, or the CLI beside the scheduler) act on a case once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from tatakelola.audit.services import audit_record
from tatakelola.cases.choices import OPEN_CASE_STATUSES, CaseEventKind
from tatakelola.cases.models import Case, CaseEvent
from tatakelola.cases.services import active_users, role_holders, sla_policies
from tatakelola.notifications.services import notify
from tatakelola.notifications.webhooks import webhook_event
from tatakelola.orgs.models import Person


@dataclass
class Escalation:
    case: Case
    to_role: str
    to_person: Person | None
    overdue_by_minutes: int


@dataclass
class SlaReport:
    warned: list[Case] = field(default_factory=list)
    escalated: list[Escalation] = field(default_factory=list)


def _least_loaded(holders: list[Person]) -> Person | None:
    if not holders:
        return None
    counts = dict(
        Case.objects.filter(assignee__in=holders, status__in=OPEN_CASE_STATUSES)
        .values_list("assignee")
        .annotate(n=Count("id"))
        .values_list("assignee", "n")
    )
    return min(holders, key=lambda p: (counts.get(p.pk, 0), p.pk))


def sla_check(*, now: datetime | None = None) -> SlaReport:
    when = now or timezone.now()
    report = SlaReport()
    open_cases = Case.objects.filter(status__in=OPEN_CASE_STATUSES).select_related("assignee__user", "organisation")

    for case in open_cases.filter(
        sla_warned_at__isnull=True, sla_breached_at__isnull=True, warn_at__lte=when, due_at__gt=when
    ):
        with transaction.atomic():
            if not Case.objects.filter(pk=case.pk, sla_warned_at__isnull=True).update(sla_warned_at=when):
                continue
            CaseEvent.objects.create(
                case=case, kind=CaseEventKind.SLA_WARNING, at=when, data={"due_at": case.due_at.isoformat()}
            )
            notify(
                recipients=active_users([case.assignee]),
                organisation_id=case.organisation_id,
                event="case.sla_warning",
                data={"case": case.reference, "due_at": case.due_at.isoformat()},
                url=reverse("cases:case", args=[case.pk]),
            )
        report.warned.append(case)

    for case in open_cases.filter(sla_breached_at__isnull=True, due_at__lte=when).order_by("due_at", "pk"):
        with transaction.atomic():
            if not Case.objects.filter(pk=case.pk, sla_breached_at__isnull=True).update(sla_breached_at=when):
                continue  # another pass escalated it first
            policy = sla_policies(case.organisation)[case.severity]
            previous = case.assignee
            target = _least_loaded([p for p in role_holders(case.organisation_id, policy.escalate_to) if p != previous])
            target = target or previous
            Case.objects.filter(pk=case.pk).update(escalated_to=policy.escalate_to, assignee=target)
            overdue = int((when - case.due_at).total_seconds() // 60)
            CaseEvent.objects.create(
                case=case,
                kind=CaseEventKind.SLA_BREACH,
                at=when,
                data={
                    "due_at": case.due_at.isoformat(),
                    "to_role": policy.escalate_to,
                    "to_person": target.pk if target else None,
                    "name": target.full_name if target else "",
                    "previous": previous.pk if previous else None,
                },
            )
            audit_record(
                actor=None,
                action="cases.case.sla_breach",
                target=case,
                organisation_id=case.organisation_id,
                before={"assignee": previous.pk if previous else None},
                after={
                    "assignee": target.pk if target else None,
                    "escalated_to": policy.escalate_to,
                    "overdue_minutes": overdue,
                },
            )
            notify(
                recipients=active_users([target, previous]),
                organisation_id=case.organisation_id,
                event="case.sla_breached",
                data={"case": case.reference},
                url=reverse("cases:case", args=[case.pk]),
            )
            webhook_event(
                organisation_id=case.organisation_id,
                event="case.sla_breached",
                payload={
                    "case": case.reference,
                    "severity": case.severity,
                    "due_at": case.due_at,
                    "escalated_to": policy.escalate_to,
                },
            )
        case.refresh_from_db()
        report.escalated.append(Escalation(case, policy.escalate_to, target, overdue))
    return report

"""SLA warnings and escalations with a frozen clock: each happens exactly once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from tatakelola.audit.models import AuditEntry
from tatakelola.cases import services
from tatakelola.cases.choices import CaseEventKind, CaseStatus
from tatakelola.cases.models import Case, CaseEvent
from tatakelola.cases.sla import sla_check
from tatakelola.monitoring.choices import Severity
from tatakelola.notifications.models import Notification
from tatakelola.orgs.choices import Role
from tatakelola.orgs.models import Organisation, Person

from .conftest import T0


def _open(bank: Organisation, severity: str = Severity.HIGH) -> Case:
    reviewer = User.objects.get(username="reviewer")
    return services.case_open(actor=reviewer, organisation=bank, title="Customer NIK posted", severity=severity)


def test_due_time_follows_the_policy_per_severity(bank: Organisation) -> None:
    with time_machine.travel(T0, tick=False):
        critical = _open(bank, Severity.CRITICAL)
        medium = _open(bank, Severity.MEDIUM)
    assert critical.due_at - T0 == timedelta(hours=4)
    assert medium.due_at - T0 == timedelta(days=3)
    assert critical.warn_at - T0 == timedelta(hours=3)  # 75 % of the time used


def test_a_missed_sla_escalates_exactly_once(bank: Organisation) -> None:
    with time_machine.travel(T0, tick=False):
        case = _open(bank, Severity.HIGH)
    reviewer = Person.objects.get(user__username="reviewer")
    assert case.assignee == reviewer

    with time_machine.travel(T0 + timedelta(hours=23, minutes=59), tick=False):
        report = sla_check()
        assert [c.pk for c in report.warned] == [case.pk]
        assert report.escalated == []
    with time_machine.travel(T0 + timedelta(hours=24), tick=False):
        report = sla_check()
        assert [e.case.pk for e in report.escalated] == [case.pk]
        assert sla_check().escalated == []  # the same minute, again
    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        assert sla_check().escalated == []  # and days later

    case.refresh_from_db()
    policy = services.sla_policies(bank)[Severity.HIGH]
    assert case.sla_breached_at == T0 + timedelta(hours=24)
    assert case.escalated_to == policy.escalate_to == Role.COMPLIANCE_OFFICER
    assert case.assignee is not None and case.assignee.role_assignments.filter(role=Role.COMPLIANCE_OFFICER).exists()
    assert case.assignee != reviewer
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.SLA_BREACH).count() == 1
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.SLA_WARNING).count() == 1
    assert AuditEntry.objects.filter(action="cases.case.sla_breach", object_id=str(case.pk)).count() == 1
    told = set(Notification.objects.filter(event="case.sla_breached").values_list("recipient__username", flat=True))
    assert told == {"reviewer", case.assignee.user.username}


def test_closed_cases_and_cases_not_yet_due_are_left_alone(bank: Organisation) -> None:
    with time_machine.travel(T0, tick=False):
        done = _open(bank, Severity.CRITICAL)
        later = _open(bank, Severity.LOW)
        services.case_transition(actor=None, case=done, status=CaseStatus.DISMISSED, note="duplicate of K-00002")
    with time_machine.travel(T0 + timedelta(hours=5), tick=False):
        report = sla_check()
    assert report.escalated == [] and report.warned == []
    assert Case.objects.filter(sla_breached_at__isnull=False).count() == 0
    assert later.pk


def test_policy_changes_apply_to_new_cases(bank: Organisation) -> None:
    admin = User.objects.get(username="admin")
    policy = services.sla_policies(bank)[Severity.HIGH]
    services.sla_policy_update(
        actor=admin, policy=policy, resolve_within_hours=8, warn_at_percent=50, escalate_to=Role.LEGAL_COUNSEL
    )
    with time_machine.travel(T0, tick=False):
        case = _open(bank, Severity.HIGH)
    with time_machine.travel(T0 + timedelta(hours=8, seconds=1), tick=False):
        [escalation] = sla_check().escalated
    assert case.due_at - T0 == timedelta(hours=8)
    assert escalation.to_role == Role.LEGAL_COUNSEL
    assert AuditEntry.objects.filter(action="cases.sla_policy.update").exists()


def test_sla_check_command_prints_what_it_escalated(bank: Organisation, capsys: pytest.CaptureFixture[str]) -> None:
    with time_machine.travel(T0, tick=False):
        case = _open(bank, Severity.CRITICAL)
    with time_machine.travel(T0 + timedelta(hours=4, minutes=30), tick=False):
        call_command("sla", "check")
        first = capsys.readouterr().out
        call_command("sla", "check")
        second = capsys.readouterr().out
    assert case.reference in first and "legal_counsel" in first
    assert case.reference not in second


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_passes_escalate_once_on_postgresql(demo: None) -> None:
    bank = Organisation.objects.get(slug="bank-nusantara")
    with time_machine.travel(T0, tick=False):
        cases = [_open(bank, Severity.CRITICAL) for _ in range(5)]
    results: list[int] = []

    def run() -> None:
        try:
            results.append(len(sla_check(now=T0 + timedelta(hours=5)).escalated))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == len(cases)
    assert CaseEvent.objects.filter(kind=CaseEventKind.SLA_BREACH, case__in=cases).count() == len(cases)

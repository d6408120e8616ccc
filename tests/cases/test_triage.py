"""Alerts from findings, and the reviewer's three decisions with their labels and audit entries."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from tatakelola.audit.models import AuditEntry
from tatakelola.cases import services
from tatakelola.cases.choices import AlertStatus, CaseStatus, DismissReason, Verdict
from tatakelola.cases.models import SEVERITY_RANK, Alert, Case, FindingLabel
from tatakelola.monitoring.models import Finding
from tatakelola.orgs.choices import Role
from tatakelola.orgs.models import Organisation, Person
from tatakelola.utilities.errors import DomainError

NIK_AND_PHONE = "Kirim KTP, NIK 3201010101010001, kartu kredit 4111 1111 1111 1111 exp 12/27"


def reviewer() -> User:
    return User.objects.get(username="reviewer")


def test_one_alert_per_message_merges_its_rule_hits(post: Callable[..., Alert | None]) -> None:
    alert = post(NIK_AND_PHONE)
    assert alert is not None
    findings = Finding.objects.filter(message=alert.message)
    assert findings.count() >= 2
    assert alert.finding_count == findings.count()
    assert alert.rule_ids == sorted({f.rule_id for f in findings})
    assert alert.severity_rank == max(SEVERITY_RANK[f.severity] for f in findings)
    assert alert.status == AlertStatus.OPEN
    assert Alert.objects.filter(message=alert.message).count() == 1


def test_clean_message_raises_no_alert(post: Callable[..., Alert | None]) -> None:
    assert post("Terima kasih atas kunjungan Anda ke cabang kami.") is None


def test_confirm_opens_a_case_labels_findings_and_is_audited(post: Callable[..., Alert | None]) -> None:
    alert = post(NIK_AND_PHONE)
    assert alert is not None
    before = AuditEntry.objects.count()
    case = services.alert_confirm(actor=reviewer(), alert=alert, note="real customer data")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CONFIRMED
    assert alert.case == case
    assert case.status == CaseStatus.NEW
    assert case.severity == alert.severity
    assert set(FindingLabel.objects.filter(finding__message=alert.message).values_list("verdict", flat=True)) == {
        Verdict.TRUE_POSITIVE
    }
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)[before:])
    assert "cases.case.open" in actions and "cases.alert.confirm" in actions
    # The assignee defaults to whoever opened it; the due time comes from the SLA policy.
    assert case.assignee == Person.objects.get(user__username="reviewer")
    hours = services.sla_policies(case.organisation)[case.severity].resolve_within_hours
    assert (case.due_at - case.opened_at).total_seconds() == hours * 3600


def test_dismiss_needs_a_reason_and_labels_false_positives(post: Callable[..., Alert | None]) -> None:
    alert = post(NIK_AND_PHONE)
    assert alert is not None
    with pytest.raises(DomainError):
        services.alert_dismiss(actor=reviewer(), alert=alert, reason="")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    services.alert_dismiss(actor=reviewer(), alert=alert, reason=DismissReason.TEST_DATA)
    labels = FindingLabel.objects.filter(finding__message=alert.message)
    assert labels.count() == alert.finding_count
    assert set(labels.values_list("verdict", "reason")) == {(Verdict.FALSE_POSITIVE, DismissReason.TEST_DATA)}
    assert not Case.objects.exists()


def test_a_decided_alert_cannot_be_decided_again(post: Callable[..., Alert | None]) -> None:
    alert = post(NIK_AND_PHONE)
    assert alert is not None
    services.alert_dismiss(actor=reviewer(), alert=alert, reason=DismissReason.DUPLICATE)
    with pytest.raises(DomainError, match="already been decided"):
        services.alert_confirm(actor=reviewer(), alert=alert)
    assert not Case.objects.exists()


def test_escalate_hands_the_case_to_the_escalation_role(post: Callable[..., Alert | None]) -> None:
    alert = post(NIK_AND_PHONE)
    assert alert is not None
    case = services.alert_escalate(actor=reviewer(), alert=alert)
    policy = services.sla_policies(case.organisation)[alert.severity]
    assert case.status == CaseStatus.TRIAGE
    assert case.assignee is not None
    assert case.assignee.role_assignments.filter(role=policy.escalate_to).exists()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ESCALATED
    # Escalation is not a verdict: nothing is labelled yet.
    assert not FindingLabel.objects.exists()


def test_bulk_confirm_puts_all_alerts_in_one_case_and_is_all_or_nothing(post: Callable[..., Alert | None]) -> None:
    a = post(NIK_AND_PHONE)
    b = post("hubungi saya di 0813-9876-5432, NIK 3201014502900002")
    c = post("password: Hunter2-Secret-99 buat login admin")
    assert a and b and c
    services.alert_dismiss(actor=reviewer(), alert=c, reason=DismissReason.TEST_DATA)
    with pytest.raises(DomainError):
        services.alerts_bulk(actor=reviewer(), alerts=[a, b, c], decision="confirm")
    assert not Case.objects.exists()
    assert Alert.objects.get(pk=a.pk).status == AlertStatus.OPEN
    case = services.alerts_bulk(actor=reviewer(), alerts=[a, b], decision="confirm")
    assert case is not None
    assert set(case.alerts.values_list("pk", flat=True)) == {a.pk, b.pk}


def test_critical_alert_notifies_reviewers_and_compliance(
    post: Callable[..., Alert | None], bank: Organisation, run_on_commit: list[object]
) -> None:
    from django.core import mail

    from tatakelola.notifications.models import Notification

    alert = post("AWS key AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    assert alert is not None
    if alert.severity != "critical":
        pytest.fail(f"expected a critical secret alert, got {alert.severity}: {alert.rule_ids}")
    recipients = set(Notification.objects.filter(event="alert.critical").values_list("recipient__username", flat=True))
    expected = set(
        Person.objects.filter(organisation=bank, role_assignments__role__in=[Role.REVIEWER, Role.COMPLIANCE_OFFICER])
        .exclude(user=None)
        .values_list("user__username", flat=True)
    )
    assert recipients == expected
    assert len(mail.outbox) >= 1
    assert all("AKIA" not in m.body for m in mail.outbox)  # the secret itself never travels

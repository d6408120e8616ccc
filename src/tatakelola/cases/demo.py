"""Demo alerts and cases: a queue with open alerts, cases at different stages, reviewer labels."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef
from django.utils import timezone

from tatakelola.cases import actions, services
from tatakelola.cases.choices import ActionKind, CaseOutcome, CaseStatus, DismissReason
from tatakelola.cases.models import Alert, Case
from tatakelola.cases.sla import sla_check
from tatakelola.monitoring.models import Finding, Message
from tatakelola.orgs.models import Organisation


def demo_cases_seed(*, organisation: Organisation) -> None:
    """Idempotent: builds alerts for findings that have none, then seeds cases once."""
    without_alert = Message.objects.filter(organisation=organisation).filter(
        Exists(Finding.objects.filter(message=OuterRef("pk"))), alert__isnull=True
    )
    services.alerts_build(message_ids=list(without_alert.values_list("pk", flat=True)))
    if Case.objects.filter(organisation=organisation).exists():
        return
    users = {u.username: u for u in User.objects.filter(person__organisation=organisation)}
    reviewer, officer, legal = users.get("reviewer"), users.get("kepatuhan"), users.get("hukum")
    if reviewer is None or officer is None:
        return
    alerts = {
        a.message.external_id: a
        for a in Alert.objects.filter(organisation=organisation).select_related("message", "account")
    }
    now = timezone.now()

    # A leaked staging password, confirmed 30 hours ago: its 24-hour SLA has run out.
    if (alert := alerts.get("T01:it-ops:1730419380.000400")) is not None:
        case = services.alert_confirm(
            actor=reviewer, alert=alert, note="Real credential", now=now - timedelta(hours=30)
        )
        services.case_transition(
            actor=reviewer, case=case, status=CaseStatus.INVESTIGATING, now=now - timedelta(hours=29)
        )
        actions.action_take(
            actor=officer,
            case=case,
            kind=ActionKind.REQUEST_REMOVAL,
            reason="A production-like password was posted in a channel with 140 members.",
            now=now - timedelta(hours=28),
        )

    # A customer's NIK in a credit channel: escalated, a personal data breach with its clock running.
    if (alert := alerts.get("T01:kredit:1730419500.000600")) is not None:
        case = services.alert_escalate(
            actor=reviewer, alert=alert, note="Customer identity data", now=now - timedelta(hours=26)
        )
        services.breach_clock_start(actor=legal or officer, case=case, aware_at=now - timedelta(hours=26))
        notice = case.breach_notices.get(recipient="dpo")
        services.breach_notice_record(actor=legal or officer, notice=notice, reference="Memo internal 045/DPO/XI/2026")
        actions.action_take(
            actor=legal or officer, case=case, kind=ActionKind.LEGAL_HOLD, reason="Evidence for the PDP notice"
        )

    # Moving a credit discussion to WhatsApp: confirmed, the employee warned, case closed.
    if (alert := alerts.get("T01:kredit:1730419440.000500")) is not None:
        case = services.alert_confirm(actor=reviewer, alert=alert, now=now - timedelta(hours=20))
        services.case_transition(actor=officer, case=case, status=CaseStatus.INVESTIGATING)
        actions.action_take(
            actor=officer,
            case=case,
            kind=ActionKind.WARN,
            reason="Customer credit matters must stay in monitored channels (POJK 22/2023 record keeping).",
        )
        services.case_transition(
            actor=officer,
            case=case,
            status=CaseStatus.CLOSED,
            outcome=CaseOutcome.RESOLVED_INFORMALLY,
            resolution="Employee acknowledged the policy; no customer data was moved.",
        )

    # An angry customer's insult on the brand account is not an employee violation.
    if (alert := alerts.get("ig-1005")) is not None:
        services.alert_dismiss(
            actor=reviewer, alert=alert, reason=DismissReason.CONTEXT, note="Customer complaint, handled by care team"
        )
    sla_check()

"""Alerts: built from stored findings (one per message), triaged by reviewers (confirm, dismiss,
escalate, assign, bulk), each decision labelling the findings for per-rule precision."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tatakelola.audit.services import Actor, audit_record
from tatakelola.cases.choices import (
    AlertStatus,
    CaseStatus,
    DismissReason,
    Verdict,
)
from tatakelola.cases.models import (
    SEVERITY_RANK,
    Alert,
    Case,
    FindingLabel,
)
from tatakelola.cases.services.breach import breach_clock_start
from tatakelola.cases.services.common import acting_user, active_users, now_or, role_holders
from tatakelola.cases.services.lifecycle import case_link_alert, case_open
from tatakelola.cases.services.sla_config import sla_policies
from tatakelola.monitoring.choices import Severity
from tatakelola.monitoring.models import Finding, Message
from tatakelola.notifications.services import notify
from tatakelola.notifications.webhooks import webhook_event
from tatakelola.orgs.choices import Role
from tatakelola.orgs.models import Person
from tatakelola.utilities.errors import DomainError

# Roles told about every new critical alert.
CRITICAL_ALERT_ROLES = (Role.REVIEWER, Role.COMPLIANCE_OFFICER)


def alerts_build(*, message_ids: Sequence[int]) -> list[Alert]:
    """Group the findings of these messages into one alert per message (new messages only).

    Called by monitoring after a scan stored findings, inside the scan's transaction.
    """
    if not message_ids:
        return []
    grouped: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for message_id, rule_id, pack, severity in (
        Finding.objects.filter(message_id__in=list(message_ids))
        .order_by("message_id", "id")
        .values_list("message_id", "rule_id", "pack", "severity")
    ):
        grouped[message_id].append((rule_id, pack, severity))
    if not grouped:
        return []
    existing = set(Alert.objects.filter(message_id__in=list(grouped)).values_list("message_id", flat=True))
    messages = Message.objects.filter(pk__in=[m for m in grouped if m not in existing]).values_list(
        "pk", "organisation_id", "account_id", "account__department_id", "platform", "language"
    )
    now = timezone.now()
    alerts = []
    for pk, organisation_id, account_id, department_id, platform, language in messages:
        hits = grouped[pk]
        severity = max((h[2] for h in hits), key=lambda s: SEVERITY_RANK.get(s, 0))
        alerts.append(
            Alert(
                organisation_id=organisation_id,
                message_id=pk,
                account_id=account_id,
                department_id=department_id,
                platform=platform,
                language=language,
                severity=severity,
                severity_rank=SEVERITY_RANK.get(severity, 0),
                finding_count=min(len(hits), 32767),
                rule_ids=sorted({h[0] for h in hits}),
                packs=sorted({h[1] for h in hits}),
                created_at=now,
            )
        )
    created = Alert.objects.bulk_create(alerts, batch_size=1000)
    critical = [a for a in alerts if a.severity == Severity.CRITICAL]
    if critical:
        _announce_critical(critical)
    return created


def _announce_critical(alerts: list[Alert]) -> None:
    by_org: dict[int, list[Alert]] = defaultdict(list)
    for alert in alerts:
        by_org[alert.organisation_id].append(alert)
    for organisation_id, org_alerts in by_org.items():
        recipients = active_users(p for role in CRITICAL_ALERT_ROLES for p in role_holders(organisation_id, role))
        handles = dict(
            Message.objects.filter(pk__in=[a.message_id for a in org_alerts]).values_list("pk", "account__handle")
        )
        for alert in org_alerts[:50]:  # a flood is one crisis, not fifty e-mails per person
            data = {"account": handles.get(alert.message_id, ""), "rules": ", ".join(alert.rule_ids), "alert": alert.pk}
            notify(
                recipients=recipients,
                organisation_id=organisation_id,
                event="alert.critical",
                data=data,
                url=reverse("cases:alert", args=[alert.pk]) if alert.pk else reverse("cases:queue"),
            )
            webhook_event(
                organisation_id=organisation_id,
                event="alert.critical",
                payload={
                    "alert_id": alert.pk,
                    "message_id": alert.message_id,
                    "account": data["account"],
                    "rules": alert.rule_ids,
                },
            )


def _label_findings(*, actor: Actor, alert: Alert, verdict: str, reason: str = "", now: datetime) -> int:
    findings = list(Finding.objects.filter(message_id=alert.message_id).values_list("pk", "rule_id", "pack"))
    FindingLabel.objects.filter(finding_id__in=[f[0] for f in findings]).delete()
    FindingLabel.objects.bulk_create(
        FindingLabel(
            organisation_id=alert.organisation_id,
            finding_id=pk,
            rule_id=rule_id,
            pack=pack,
            verdict=verdict,
            reason=reason,
            labelled_by=acting_user(actor),
            labelled_at=now,
        )
        for pk, rule_id, pack in findings
    )
    return len(findings)


def _decide(alert: Alert, *, actor: Actor, status: str, now: datetime, reason: str = "", note: str = "") -> None:
    if alert.status != AlertStatus.OPEN:
        raise DomainError(_("This alert has already been decided."))
    alert.status = status
    alert.decided_at = now
    alert.decided_by = acting_user(actor)
    alert.dismiss_reason = reason
    alert.decision_note = note
    alert.save(update_fields=["status", "decided_at", "decided_by", "dismiss_reason", "decision_note", "case"])


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().get(pk=alert.pk)


def alert_confirm(
    *, actor: Actor, alert: Alert, case: Case | None = None, note: str = "", now: datetime | None = None
) -> Case:
    """A true positive: label its findings, and open a case for it (or add it to ``case``)."""
    when = now_or(now)
    with transaction.atomic():
        alert = _locked(alert)
        if alert.status != AlertStatus.OPEN:
            raise DomainError(_("This alert has already been decided."))
        if case is None:
            case = case_open(
                actor=actor,
                organisation=alert.organisation,
                title=_alert_title(alert),
                severity=alert.severity,
                alerts=[alert],
                now=when,
            )
        else:
            case_link_alert(actor=actor, case=case, alert=alert, now=when)
        alert.case = case
        _decide(alert, actor=actor, status=AlertStatus.CONFIRMED, now=when, note=note)
        labelled = _label_findings(actor=actor, alert=alert, verdict=Verdict.TRUE_POSITIVE, now=when)
        if _exposes_personal_data(alert) and not case.personal_data_breach:
            # Confirming that a public post exposes personal data is the moment of awareness
            # (UU PDP Pasal 46): the 3 x 24-hour clock starts now, not when someone remembers.
            breach_clock_start(actor=actor, case=case, aware_at=when, now=when)
            case.refresh_from_db()
        audit_record(
            actor=actor,
            action="cases.alert.confirm",
            target=alert,
            organisation_id=alert.organisation_id,
            before={"status": AlertStatus.OPEN},
            after={"status": alert.status, "case": case.reference, "labelled": labelled, "note": note},
        )
    return case


# Collaboration tools are internal; everything else is published to people outside.
INTERNAL_PLATFORMS = frozenset({"slack", "teams"})
BREACH_CATEGORIES = frozenset({"personal-data"})


def _exposes_personal_data(alert: Alert) -> bool:
    if alert.platform in INTERNAL_PLATFORMS:
        return False
    return Finding.objects.filter(
        message_id=alert.message_id,
        category__in=BREACH_CATEGORIES,
        severity__in=(Severity.HIGH, Severity.CRITICAL),
    ).exists()


def alert_dismiss(*, actor: Actor, alert: Alert, reason: str, note: str = "", now: datetime | None = None) -> Alert:
    """Not a violation: label its findings false positives, with the reason the rule owner reads."""
    if reason not in DismissReason.values:
        raise DomainError(_("Choose why this alert is dismissed."), field="reason")
    when = now_or(now)
    with transaction.atomic():
        alert = _locked(alert)
        _decide(alert, actor=actor, status=AlertStatus.DISMISSED, now=when, reason=reason, note=note)
        labelled = _label_findings(actor=actor, alert=alert, verdict=Verdict.FALSE_POSITIVE, reason=reason, now=when)
        audit_record(
            actor=actor,
            action="cases.alert.dismiss",
            target=alert,
            organisation_id=alert.organisation_id,
            before={"status": AlertStatus.OPEN},
            after={"status": alert.status, "reason": reason, "labelled": labelled, "note": note},
        )
    return alert


def alert_escalate(*, actor: Actor, alert: Alert, note: str = "", now: datetime | None = None) -> Case:
    """Beyond the reviewer: open a case in triage, assigned to the severity's escalation role."""
    when = now_or(now)
    with transaction.atomic():
        alert = _locked(alert)
        if alert.status != AlertStatus.OPEN:
            raise DomainError(_("This alert has already been decided."))
        policy = sla_policies(alert.organisation)[alert.severity]
        holders = role_holders(alert.organisation_id, policy.escalate_to)
        case = case_open(
            actor=actor,
            organisation=alert.organisation,
            title=_alert_title(alert),
            severity=alert.severity,
            alerts=[alert],
            assignee=holders[0] if holders else None,
            status=CaseStatus.TRIAGE,
            now=when,
        )
        alert.case = case
        _decide(alert, actor=actor, status=AlertStatus.ESCALATED, now=when, note=note)
        audit_record(
            actor=actor,
            action="cases.alert.escalate",
            target=alert,
            organisation_id=alert.organisation_id,
            before={"status": AlertStatus.OPEN},
            after={"status": alert.status, "case": case.reference, "to_role": policy.escalate_to, "note": note},
        )
    return case


def alert_assign(*, actor: Actor, alert: Alert, assignee: Person | None) -> Alert:
    if assignee is not None and assignee.organisation_id != alert.organisation_id:
        raise DomainError(_("That person is not in this organisation."), field="assignee")
    with transaction.atomic():
        alert = _locked(alert)
        before = alert.assignee_id
        alert.assignee = assignee
        alert.save(update_fields=["assignee"])
        audit_record(
            actor=actor,
            action="cases.alert.assign",
            target=alert,
            organisation_id=alert.organisation_id,
            before={"assignee": before},
            after={"assignee": assignee.pk if assignee else None},
        )
    return alert


def alerts_bulk(
    *,
    actor: Actor,
    alerts: Sequence[Alert],
    decision: str,
    reason: str = "",
    note: str = "",
    assignee: Person | None = None,
) -> Case | None:
    """One decision for many alerts, all or nothing. Confirming puts them all in one case."""
    if not alerts:
        raise DomainError(_("Select at least one alert."))
    with transaction.atomic():
        if decision == "confirm":
            first, *rest = sorted(alerts, key=lambda a: (-a.severity_rank, a.pk))
            case = alert_confirm(actor=actor, alert=first, note=note)
            for alert in rest:
                alert_confirm(actor=actor, alert=alert, case=case, note=note)
            return case
        if decision == "dismiss":
            for alert in alerts:
                alert_dismiss(actor=actor, alert=alert, reason=reason, note=note)
            return None
        if decision == "assign":
            for alert in alerts:
                alert_assign(actor=actor, alert=alert, assignee=assignee)
            return None
    raise DomainError(_("Unknown bulk decision."))


def _alert_title(alert: Alert) -> str:
    account = alert.account
    return (_("%(rules)s on %(account)s") % {"rules": ", ".join(alert.rule_ids[:3]), "account": account})[:300]

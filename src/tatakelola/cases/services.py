"""Writes for alerts and cases: triage decisions, the case lifecycle, evidence and the
personal-data-breach clock. Each change writes one audit entry and, for cases, a timeline event."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tatakelola.audit.services import Actor, audit_record
from tatakelola.cases.choices import (
    CASE_TRANSITIONS,
    AlertStatus,
    BreachRecipient,
    CaseEventKind,
    CaseOutcome,
    CaseStatus,
    DismissReason,
    NotificationKind,
    Verdict,
)
from tatakelola.cases.models import (
    SEVERITY_RANK,
    Alert,
    BreachNotice,
    Case,
    CaseEvent,
    EvidenceFile,
    FindingLabel,
    SlaPolicy,
)
from tatakelola.cases.notify import notify, webhook_event
from tatakelola.monitoring.choices import AccountType, Severity
from tatakelola.monitoring.models import Finding, Message
from tatakelola.orgs.choices import Role
from tatakelola.orgs.models import Organisation, Person
from tatakelola.utilities.errors import DomainError

# The defaults an organisation starts with: critical 4 h, high 24 h, medium 3 days, low a week.
DEFAULT_SLA: dict[str, tuple[int, str]] = {
    Severity.CRITICAL: (4, Role.LEGAL_COUNSEL),
    Severity.HIGH: (24, Role.COMPLIANCE_OFFICER),
    Severity.MEDIUM: (72, Role.COMPLIANCE_OFFICER),
    Severity.LOW: (168, Role.COMPLIANCE_OFFICER),
}
BREACH_WINDOW = timedelta(hours=72)  # UU PDP Pasal 46(1): 3 x 24 hours; GDPR Art. 33: 72 hours
MAX_EVIDENCE_BYTES = 25 * 1024 * 1024
# Roles told about every new critical alert.
CRITICAL_ALERT_ROLES = (Role.REVIEWER, Role.COMPLIANCE_OFFICER)


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# -- SLA policies --------------------------------------------------------------------------------


def sla_policies(organisation: Organisation) -> dict[str, SlaPolicy]:
    """The organisation's SLA policy per severity, creating the defaults the first time."""
    existing = {p.severity: p for p in SlaPolicy.objects.filter(organisation=organisation)}
    missing = [
        SlaPolicy(organisation=organisation, severity=s, resolve_within_hours=h, escalate_to=role)
        for s, (h, role) in DEFAULT_SLA.items()
        if s not in existing
    ]
    if missing:
        SlaPolicy.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {p.severity: p for p in SlaPolicy.objects.filter(organisation=organisation)}
    return existing


def sla_policy_update(
    *, actor: Actor, policy: SlaPolicy, resolve_within_hours: int, warn_at_percent: int, escalate_to: str
) -> SlaPolicy:
    if resolve_within_hours < 1:
        raise DomainError(_("The time allowed must be at least one hour."), field="resolve_within_hours")
    if not 1 <= warn_at_percent <= 99:
        raise DomainError(_("The warning point must be between 1 and 99 percent."), field="warn_at_percent")
    if escalate_to not in Role.values or escalate_to in (Role.EMPLOYEE, Role.AUDITOR):
        raise DomainError(_("Choose a role that can take over a case."), field="escalate_to")
    before = {
        "resolve_within_hours": policy.resolve_within_hours,
        "warn_at_percent": policy.warn_at_percent,
        "escalate_to": policy.escalate_to,
    }
    with transaction.atomic():
        policy.resolve_within_hours = resolve_within_hours
        policy.warn_at_percent = warn_at_percent
        policy.escalate_to = escalate_to
        policy.save()
        audit_record(
            actor=actor,
            action="cases.sla_policy.update",
            target=policy,
            organisation_id=policy.organisation_id,
            before=before,
            after={
                "resolve_within_hours": resolve_within_hours,
                "warn_at_percent": warn_at_percent,
                "escalate_to": escalate_to,
            },
        )
    return policy


def role_holders(organisation_id: int, role: str) -> list[Person]:
    return list(
        Person.objects.filter(organisation_id=organisation_id, is_active=True, role_assignments__role=role)
        .select_related("user")
        .order_by("pk")
    )


def _users(people: Iterable[Person | None]) -> list[User]:
    return [p.user for p in people if p is not None and p.user is not None and p.user.is_active]


# -- alerts --------------------------------------------------------------------------------------


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
        recipients = _users(p for role in CRITICAL_ALERT_ROLES for p in role_holders(organisation_id, role))
        handles = dict(
            Message.objects.filter(pk__in=[a.message_id for a in org_alerts]).values_list("pk", "account__handle")
        )
        for alert in org_alerts[:50]:  # a flood is one crisis, not fifty e-mails per person
            data = {"account": handles.get(alert.message_id, ""), "rules": ", ".join(alert.rule_ids), "alert": alert.pk}
            notify(
                recipients=recipients,
                organisation_id=organisation_id,
                kind=NotificationKind.CRITICAL_ALERT,
                data=data,
                url=reverse("cases:alert", args=[alert.pk]) if alert.pk else reverse("cases:queue"),
            )
            webhook_event(
                organisation_id=organisation_id,
                event="alert.critical",
                payload={"alert_id": alert.pk, "message_id": alert.message_id, "rules": alert.rule_ids, **data},
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
            labelled_by=_user(actor),
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
    alert.decided_by = _user(actor)
    alert.dismiss_reason = reason
    alert.decision_note = note
    alert.save(update_fields=["status", "decided_at", "decided_by", "dismiss_reason", "decision_note", "case"])


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().get(pk=alert.pk)


def alert_confirm(
    *, actor: Actor, alert: Alert, case: Case | None = None, note: str = "", now: datetime | None = None
) -> Case:
    """A true positive: label its findings, and open a case for it (or add it to ``case``)."""
    when = _now(now)
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
    when = _now(now)
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
    when = _now(now)
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


# -- cases ---------------------------------------------------------------------------------------


def _event(case: Case, kind: str, *, actor: Actor, at: datetime, text: str = "", **data: Any) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=_user(actor), at=at, text=text, data=data)


def message_person(message: Message) -> Person | None:
    """The person behind a message, where the data says: the owner of an executive or
    employee-advocacy account, or an active person whose e-mail or name is the message's author."""
    account = message.account
    if account.account_type in (AccountType.EXECUTIVE, AccountType.EMPLOYEE_ADVOCACY) and account.owner_id:
        return account.owner
    people = Person.objects.filter(organisation_id=message.organisation_id, is_active=True)
    for candidate in (message.author_id, message.author):
        if candidate:
            person = (
                people.filter(email__iexact=candidate).first() or people.filter(full_name__iexact=candidate).first()
            )
            if person is not None:
                return person
    return None


def _subject_for(alerts: Sequence[Alert]) -> Person | None:
    """The employee a case is about: the person behind its first message that has one."""
    return next((p for p in (message_person(a.message) for a in alerts) if p is not None), None)


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
    when = _now(now)
    policy = sla_policies(organisation)[severity]
    window = timedelta(hours=policy.resolve_within_hours)
    with transaction.atomic():
        # Numbers are per organisation and gap-free enough for people to quote: lock the tenant row.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        number = (Case.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"] or 0) + 1
        if assignee is None and actor is not None:
            opener = _user(actor)
            assignee = Person.objects.filter(user=opener, organisation=organisation).first() if opener else None
        case = Case.objects.create(
            organisation=organisation,
            number=number,
            title=title.strip()[:300],
            severity=severity,
            status=status,
            assignee=assignee,
            subject=subject or _subject_for(alerts),
            opened_by=_user(actor),
            opened_at=when,
            due_at=when + window,
            warn_at=when + window * policy.warn_at_percent / 100,
        )
        _event(case, CaseEventKind.OPENED, actor=actor, at=when, severity=severity, due_at=case.due_at.isoformat())
        for alert in alerts:
            Alert.objects.filter(pk=alert.pk).update(case=case)
            _event(case, CaseEventKind.ALERT_LINKED, actor=actor, at=when, alert=alert.pk, message=alert.message_id)
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
        recipients=_users([case.assignee]),
        organisation_id=case.organisation_id,
        kind=NotificationKind.CASE_ASSIGNED,
        data={"case": case.reference, "title": case.title},
        url=reverse("cases:case", args=[case.pk]),
    )


def case_link_alert(*, actor: Actor, case: Case, alert: Alert, now: datetime | None = None) -> None:
    if alert.organisation_id != case.organisation_id:
        raise DomainError(_("That alert is not in this organisation."))
    if not case.is_open:
        raise DomainError(_("This case is closed."))
    when = _now(now)
    Alert.objects.filter(pk=alert.pk).update(case=case)
    _event(case, CaseEventKind.ALERT_LINKED, actor=actor, at=when, alert=alert.pk, message=alert.message_id)
    audit_record(
        actor=actor,
        action="cases.case.link_alert",
        target=case,
        organisation_id=case.organisation_id,
        after={"alert": alert.pk},
    )


def _locked_case(case: Case) -> Case:
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
    when = _now(now)
    with transaction.atomic():
        case = _locked_case(case)
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
        _event(
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
            recipients=_users([case.subject]),
            organisation_id=case.organisation_id,
            kind=NotificationKind.CASE_OUTCOME,
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
    when = _now(now)
    with transaction.atomic():
        case = _locked_case(case)
        before = getattr(case, f"{field}_id")
        setattr(case, field, person)
        case.save(update_fields=[field])
        _event(
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
    when = _now(now)
    with transaction.atomic():
        event = _event(case, CaseEventKind.NOTE, actor=actor, at=when, text=text.strip()[:10_000])
        audit_record(
            actor=actor,
            action="cases.case.note",
            target=case,
            organisation_id=case.organisation_id,
            after={"event": event.pk, "length": len(text)},
        )
    return event


def case_evidence_add(
    *, actor: Actor, case: Case, upload: UploadedFile, description: str = "", now: datetime | None = None
) -> EvidenceFile:
    """Store a file with its SHA-256; the hash goes into the audit chain so a swap is detectable."""
    if upload.size is not None and upload.size > MAX_EVIDENCE_BYTES:
        raise DomainError(_("Evidence files may be at most 25 MB."), field="file")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    when = _now(now)
    name = (upload.name or "evidence").rsplit("/", 1)[-1][:255]
    with transaction.atomic():
        evidence = EvidenceFile(
            case=case,
            name=name,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            description=description[:300],
            uploaded_by=_user(actor),
            uploaded_at=when,
        )
        evidence.file.save(name, upload, save=False)
        evidence.save()
        _event(
            case, CaseEventKind.EVIDENCE, actor=actor, at=when, text=name, sha256=evidence.sha256, evidence=evidence.pk
        )
        audit_record(
            actor=actor,
            action="cases.case.evidence",
            target=case,
            organisation_id=case.organisation_id,
            after={"file": name, "sha256": evidence.sha256, "size": evidence.size},
        )
    return evidence


def evidence_store_generated(
    *, actor: Actor, case: Case, name: str, content: bytes, description: str, now: datetime | None = None
) -> EvidenceFile:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return case_evidence_add(
        actor=actor, case=case, upload=SimpleUploadedFile(name, content), description=description, now=now
    )


# -- the personal data breach clock --------------------------------------------------------------


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
    when = _now(now)
    aware = aware_at or when
    if aware > when:
        raise DomainError(_("The moment the breach became known cannot be in the future."), field="aware_at")
    with transaction.atomic():
        case = _locked_case(case)
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
        _event(
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
    when = _now(now)
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
        notice.notified_by = _user(actor)
        notice.reference = reference.strip()[:300]
        notice.save(update_fields=["notified_at", "notified_by", "reference"])
        late = sent > notice.due_at
        _event(
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

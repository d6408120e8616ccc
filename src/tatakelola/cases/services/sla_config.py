"""SLA policies per severity: the defaults an organisation starts with and their changes."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tatakelola.audit.services import Actor, audit_record
from tatakelola.cases.models import (
    SlaPolicy,
)
from tatakelola.monitoring.choices import Severity
from tatakelola.orgs.choices import Role
from tatakelola.orgs.models import Organisation
from tatakelola.utilities.errors import DomainError

# The defaults an organisation starts with: critical 4 h, high 24 h, medium 3 days, low a week.
DEFAULT_SLA: dict[str, tuple[int, str]] = {
    Severity.CRITICAL: (4, Role.LEGAL_COUNSEL),
    Severity.HIGH: (24, Role.COMPLIANCE_OFFICER),
    Severity.MEDIUM: (72, Role.COMPLIANCE_OFFICER),
    Severity.LOW: (168, Role.COMPLIANCE_OFFICER),
}


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

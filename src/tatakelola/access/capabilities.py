"""Capabilities and the role matrix, fixed at start-up.

A capability is one thing a person may do. Each is marked as a read or a write so that
the read-only auditor role can be checked mechanically: it holds no write capability.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tatakelola.orgs.choices import Role


class Capability(StrEnum):
    ORG_VIEW = "org.view"
    PEOPLE_VIEW = "org.people.view"
    ORG_MANAGE = "org.manage"
    AUDIT_VIEW = "audit.view"
    AUDIT_VERIFY = "audit.verify"
    SELF_SERVICE = "self.service"
    MONITORING_VIEW = "monitoring.view"
    MONITORING_MANAGE = "monitoring.manage"
    CASES_VIEW = "cases.view"
    ALERTS_TRIAGE = "cases.triage"
    CASES_MANAGE = "cases.manage"
    ENFORCEMENT = "cases.enforce"
    CASES_CONFIGURE = "cases.configure"
    OWN_CASES_VIEW = "cases.own.view"
    WEBHOOKS_VIEW = "notifications.webhooks.view"
    WEBHOOKS_MANAGE = "notifications.webhooks.manage"

    @property
    def info(self) -> CapabilityInfo:
        return CAPABILITY_INFO[self]


@dataclass(frozen=True)
class CapabilityInfo:
    label: Promise
    writes: bool


CAPABILITY_INFO: MappingProxyType[Capability, CapabilityInfo] = MappingProxyType(
    {
        Capability.ORG_VIEW: CapabilityInfo(_("See the organisation and its governance team"), writes=False),
        Capability.PEOPLE_VIEW: CapabilityInfo(_("See the people directory and their roles"), writes=False),
        Capability.ORG_MANAGE: CapabilityInfo(
            _("Manage departments, people, roles and the governance committee"), writes=True
        ),
        Capability.AUDIT_VIEW: CapabilityInfo(_("Read the audit log"), writes=False),
        Capability.AUDIT_VERIFY: CapabilityInfo(_("Run a verification of the audit log's hash chain"), writes=True),
        Capability.SELF_SERVICE: CapabilityInfo(_("Manage one's own preferences and API tokens"), writes=True),
        Capability.MONITORING_VIEW: CapabilityInfo(
            _("See monitored accounts, their messages and findings, and ingestion health"), writes=False
        ),
        Capability.MONITORING_MANAGE: CapabilityInfo(
            _("Manage the account inventory, connector credentials, imports and polling"), writes=True
        ),
        Capability.CASES_VIEW: CapabilityInfo(
            _("See the review queue, cases, enforcement actions and rule precision"), writes=False
        ),
        Capability.ALERTS_TRIAGE: CapabilityInfo(_("Triage alerts: confirm, dismiss, escalate, assign"), writes=True),
        Capability.CASES_MANAGE: CapabilityInfo(
            _("Work cases: status, assignee, notes, evidence, breach notifications"), writes=True
        ),
        Capability.ENFORCEMENT: CapabilityInfo(
            _("Take enforcement actions: removal, warnings, training, legal hold, reports"), writes=True
        ),
        Capability.CASES_CONFIGURE: CapabilityInfo(_("Set SLA policies"), writes=True),
        Capability.OWN_CASES_VIEW: CapabilityInfo(_("See the outcome of cases about oneself"), writes=False),
        Capability.WEBHOOKS_VIEW: CapabilityInfo(
            _("See outgoing webhook endpoints and their deliveries"), writes=False
        ),
        Capability.WEBHOOKS_MANAGE: CapabilityInfo(_("Add and switch outgoing webhook endpoints"), writes=True),
    }
)

_EVERYONE = frozenset({Capability.ORG_VIEW, Capability.SELF_SERVICE, Capability.OWN_CASES_VIEW})
_OVERSIGHT = _EVERYONE | {
    Capability.PEOPLE_VIEW,
    Capability.AUDIT_VIEW,
    Capability.MONITORING_VIEW,
    Capability.CASES_VIEW,
    Capability.WEBHOOKS_VIEW,
}
_MONITORING = frozenset({Capability.MONITORING_VIEW, Capability.MONITORING_MANAGE})
_CASEWORK = frozenset({Capability.CASES_VIEW, Capability.CASES_MANAGE, Capability.ENFORCEMENT})

ROLE_CAPABILITIES: MappingProxyType[str, frozenset[Capability]] = MappingProxyType(
    {
        Role.GOVERNANCE_ADMIN: _OVERSIGHT
        | _MONITORING
        | _CASEWORK
        | {
            Capability.ORG_MANAGE,
            Capability.AUDIT_VERIFY,
            Capability.ALERTS_TRIAGE,
            Capability.CASES_CONFIGURE,
            Capability.WEBHOOKS_MANAGE,
        },
        Role.COMPLIANCE_OFFICER: _OVERSIGHT
        | _MONITORING
        | _CASEWORK
        | {Capability.AUDIT_VERIFY, Capability.ALERTS_TRIAGE, Capability.CASES_CONFIGURE, Capability.WEBHOOKS_MANAGE},
        Role.RISK_MANAGER: _OVERSIGHT,
        # Legal counsel takes escalated cases, personal data breaches and regulator reports.
        Role.LEGAL_COUNSEL: _OVERSIGHT | _CASEWORK,
        # The communications team owns the brand accounts: it keeps their inventory and imports.
        Role.COMMUNICATIONS_MANAGER: _EVERYONE | _MONITORING | {Capability.PEOPLE_VIEW, Capability.CASES_VIEW},
        # HR follows the cases that end in warnings and remedial training.
        Role.HR_TRAINER: _EVERYONE | {Capability.PEOPLE_VIEW, Capability.CASES_VIEW},
        # Reviewers triage what monitoring found and work the cases they open.
        Role.REVIEWER: _EVERYONE
        | {Capability.MONITORING_VIEW, Capability.CASES_VIEW, Capability.ALERTS_TRIAGE, Capability.CASES_MANAGE},
        Role.EMPLOYEE: _EVERYONE,
        # Auditors read everything the oversight roles read and write nothing, not even
        # their own API tokens: their access is provisioned by a governance admin.
        Role.AUDITOR: frozenset(
            {
                Capability.ORG_VIEW,
                Capability.PEOPLE_VIEW,
                Capability.AUDIT_VIEW,
                Capability.MONITORING_VIEW,
                Capability.CASES_VIEW,
                Capability.WEBHOOKS_VIEW,
            }
        ),
    }
)


def capabilities_for_roles(roles: frozenset[str] | set[str]) -> frozenset[Capability]:
    granted: set[Capability] = set()
    for role in roles:
        granted |= ROLE_CAPABILITIES.get(role, frozenset())
    return frozenset(granted)

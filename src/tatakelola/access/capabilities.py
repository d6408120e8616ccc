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
    }
)

_EVERYONE = frozenset({Capability.ORG_VIEW, Capability.SELF_SERVICE})
_OVERSIGHT = _EVERYONE | {Capability.PEOPLE_VIEW, Capability.AUDIT_VIEW, Capability.MONITORING_VIEW}
_MONITORING = frozenset({Capability.MONITORING_VIEW, Capability.MONITORING_MANAGE})

ROLE_CAPABILITIES: MappingProxyType[str, frozenset[Capability]] = MappingProxyType(
    {
        Role.GOVERNANCE_ADMIN: _OVERSIGHT | _MONITORING | {Capability.ORG_MANAGE, Capability.AUDIT_VERIFY},
        Role.COMPLIANCE_OFFICER: _OVERSIGHT | _MONITORING | {Capability.AUDIT_VERIFY},
        Role.RISK_MANAGER: _OVERSIGHT,
        Role.LEGAL_COUNSEL: _OVERSIGHT,
        # The communications team owns the brand accounts: it keeps their inventory and imports.
        Role.COMMUNICATIONS_MANAGER: _EVERYONE | _MONITORING | {Capability.PEOPLE_VIEW},
        Role.HR_TRAINER: _EVERYONE | {Capability.PEOPLE_VIEW},
        # Reviewers triage what monitoring found, so they read messages and findings.
        Role.REVIEWER: _EVERYONE | {Capability.MONITORING_VIEW},
        Role.EMPLOYEE: _EVERYONE,
        # Auditors read everything the oversight roles read and write nothing, not even
        # their own API tokens: their access is provisioned by a governance admin.
        Role.AUDITOR: frozenset(
            {Capability.ORG_VIEW, Capability.PEOPLE_VIEW, Capability.AUDIT_VIEW, Capability.MONITORING_VIEW}
        ),
    }
)


def capabilities_for_roles(roles: frozenset[str] | set[str]) -> frozenset[Capability]:
    granted: set[Capability] = set()
    for role in roles:
        granted |= ROLE_CAPABILITIES.get(role, frozenset())
    return frozenset(granted)

"""The navigation menu; each item is shown only to people holding its capability."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tatakelola.access.capabilities import Capability


@dataclass(frozen=True)
class MenuItem:
    label: Promise
    url_name: str
    capability: Capability


MENU: tuple[MenuItem, ...] = (
    MenuItem(_("Governance team"), "home", Capability.ORG_VIEW),
    MenuItem(_("People"), "orgs:people", Capability.PEOPLE_VIEW),
    MenuItem(_("Departments"), "orgs:departments", Capability.PEOPLE_VIEW),
    MenuItem(_("Accounts"), "monitoring:accounts", Capability.MONITORING_VIEW),
    MenuItem(_("Ingestion"), "monitoring:health", Capability.MONITORING_VIEW),
    MenuItem(_("Review queue"), "cases:queue", Capability.CASES_VIEW),
    MenuItem(_("Cases"), "cases:list", Capability.CASES_VIEW),
    MenuItem(_("My cases"), "cases:mine", Capability.OWN_CASES_VIEW),
    MenuItem(_("Rule precision"), "cases:precision", Capability.CASES_VIEW),
    MenuItem(_("Case settings"), "cases:settings", Capability.CASES_VIEW),
    MenuItem(_("Audit log"), "audit:log", Capability.AUDIT_VIEW),
)

"""Menu entries and groups: what an app puts in the navigation, and the capability each entry needs.

The groups are fixed here, in the order of the five components of social media governance; each
app declares its own entries in its ``menu.py`` as a module-level ``MENU`` tuple of
:class:`MenuItem`. ``tatakelola.web.navigation`` collects them once and shows an entry only to
people holding its capability.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tatakelola.access.capabilities import Capability


@dataclass(frozen=True)
class MenuGroup:
    key: str
    label: Promise


@dataclass(frozen=True)
class MenuItem:
    label: Promise
    url_name: str
    capability: Capability
    group: str = "organisation"
    order: int = 100  # position inside the group (lower first)


# The five components of social media governance, then the cross-cutting views.
GROUPS: tuple[MenuGroup, ...] = (
    MenuGroup("organisation", _("Organisation")),
    MenuGroup("policies", _("Policies")),
    MenuGroup("risk", _("Risk & compliance")),
    MenuGroup("training", _("Training")),
    MenuGroup("monitoring", _("Monitoring")),
    MenuGroup("cases", _("Cases")),
    MenuGroup("crisis", _("Crisis")),
    MenuGroup("archive", _("Archive")),
    MenuGroup("reports", _("Reports")),
    MenuGroup("audit", _("Audit")),
)
GROUP_KEYS = frozenset(group.key for group in GROUPS)

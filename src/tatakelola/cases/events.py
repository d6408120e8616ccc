"""What the cases app tells people and other systems (registered by the notifications app at start-up)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from tatakelola.cases.choices import CaseOutcome, CaseStatus
from tatakelola.monitoring.choices import Severity
from tatakelola.notifications.events import EventPayload, EventType, local_datetime


class AlertCriticalPayload(EventPayload):
    alert_id: int
    message_id: int
    account: str
    rules: list[str]


class CaseOpenedPayload(EventPayload):
    case: str
    severity: Severity
    title: str
    due_at: datetime


class CaseSlaBreachedPayload(EventPayload):
    case: str
    severity: Severity
    due_at: datetime
    escalated_to: str


class CaseClosedPayload(EventPayload):
    case: str
    status: CaseStatus
    outcome: CaseOutcome | None = None


class CaseCrisisPayload(EventPayload):
    case: str
    title: str
    severity: Severity


def _due(data: Mapping[str, Any]) -> dict[str, str]:
    return {"due": local_datetime(data.get("due_at") or data.get("due"))}


def _outcome(data: Mapping[str, Any]) -> dict[str, str]:
    value = data.get("outcome") or ""
    return {"outcome": str(CaseOutcome(value).label) if value in CaseOutcome.values else str(value)}


EVENTS = (
    EventType(
        "alert.critical",
        _("New critical alert"),
        _("New critical alert on %(account)s: %(rules)s"),
        payload=AlertCriticalPayload,
    ),
    EventType("case.opened", _("Case opened"), payload=CaseOpenedPayload),
    EventType("case.assigned", _("Case assigned to you"), _("Case %(case)s was assigned to you: %(title)s")),
    EventType(
        "case.sla_warning",
        _("SLA about to be missed"),
        _("Case %(case)s is due at %(due)s and is still open"),
        params=_due,
    ),
    EventType(
        "case.sla_breached",
        _("SLA breached"),
        _("Case %(case)s missed its SLA and was escalated to you"),
        payload=CaseSlaBreachedPayload,
    ),
    EventType(
        "case.outcome",
        _("Outcome of a case about you"),
        _("Case %(case)s about you was closed: %(outcome)s"),
        params=_outcome,
    ),
    EventType("case.closed", _("Case closed"), payload=CaseClosedPayload),
    EventType(
        "case.warning", _("Warning about your post"), _("You have received a warning about a post (case %(case)s)")
    ),
    EventType("case.crisis", _("Case marked as a crisis"), payload=CaseCrisisPayload),
)

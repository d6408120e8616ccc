from datetime import date, datetime

from ninja import Schema


class AlertFindingOut(Schema):
    rule_id: str
    pack: str
    severity: str
    evidence: str  # redacted by the scanning core; the raw match is never exposed here
    verdict: str | None


class AlertOut(Schema):
    id: int
    severity: str
    status: str
    platform: str
    language: str
    account: str
    author: str
    posted_at: datetime | None
    created_at: datetime
    rule_ids: list[str]
    packs: list[str]
    assignee: str | None
    case: str | None
    findings: list[AlertFindingOut]


class AlertPageOut(Schema):
    total: int
    page: int
    pages: int
    severity_counts: dict[str, int]
    items: list[AlertOut]


# Request bodies have defaults everywhere: the permission check runs before the services validate,
# so an unauthorised caller gets 403, not a schema error (ninja validates bodies before the view).
class DecisionIn(Schema):
    decision: str = ""  # confirm | dismiss | escalate
    reason: str = ""
    note: str = ""


class DecisionOut(Schema):
    alert: int
    status: str
    case: str | None
    case_id: int | None


class CaseOut(Schema):
    id: int
    reference: str
    title: str
    severity: str
    status: str
    assignee: str | None
    subject: str | None
    opened_at: datetime
    due_at: datetime
    sla_breached_at: datetime | None
    escalated_to: str
    closed_at: datetime | None
    outcome: str
    is_crisis: bool
    personal_data_breach: bool
    breach_notify_by: datetime | None


class EventOut(Schema):
    kind: str
    at: datetime
    actor: str | None
    text: str
    data: dict[str, object]


class ActionOut(Schema):
    id: int
    kind: str
    status: str
    reason: str
    result: str
    performed_by: str | None
    performed_at: datetime


class CaseDetailOut(CaseOut):
    alerts: list[int]
    events: list[EventOut]
    actions: list[ActionOut]


class StatusIn(Schema):
    status: str = ""
    outcome: str = ""
    resolution: str = ""
    note: str = ""


class ActionIn(Schema):
    kind: str = ""
    reason: str = ""
    message_id: int | None = None
    person_id: int | None = None
    course: str = ""
    due_date: date | None = None
    recipient: str = ""
    language: str = ""


class PrecisionOut(Schema):
    rule_id: str
    pack: str
    confirmed: int
    dismissed: int
    precision: float | None


class OwnCaseOut(Schema):
    reference: str
    opened_at: datetime
    status: str
    outcome: str
    resolution: str
    actions: list[str]

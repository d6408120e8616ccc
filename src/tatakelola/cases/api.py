"""The cases API router: thin wrappers over selectors and services."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tatakelola.access import Capability, requires
from tatakelola.api.errors import MAX_PAGE
from tatakelola.cases import actions, selectors, services
from tatakelola.cases.models import Alert, Case
from tatakelola.cases.schemas import (
    ActionIn,
    ActionOut,
    AlertFindingOut,
    AlertOut,
    AlertPageOut,
    CaseDetailOut,
    CaseOut,
    DecisionIn,
    DecisionOut,
    EventOut,
    OwnCaseOut,
    PrecisionOut,
    StatusIn,
)
from tatakelola.orgs.models import Person
from tatakelola.utilities.errors import DomainError
from tatakelola.utilities.texts import render_text

router = Router(tags=["cases"])


class AlertQuery(Schema):
    status: str = "open"
    severity: str = ""
    pack: str = ""
    rule: str = ""
    platform: str = ""
    department: str = ""
    language: str = ""
    assignee: str = ""
    page: int = Field(1, ge=1, le=MAX_PAGE)


def _alert_out(alert: Alert) -> AlertOut:
    message = alert.message
    return AlertOut(
        id=alert.pk,
        severity=alert.severity,
        status=alert.status,
        platform=alert.platform,
        language=alert.language,
        account=str(alert.account),
        author=message.author,
        posted_at=message.posted_at,
        created_at=alert.created_at,
        rule_ids=list(alert.rule_ids),
        packs=list(alert.packs),
        assignee=alert.assignee.full_name if alert.assignee else None,
        case=alert.case.reference if alert.case else None,
        findings=[
            AlertFindingOut(
                rule_id=f.rule_id,
                pack=f.pack,
                severity=f.severity,
                evidence=f.evidence,
                verdict=getattr(getattr(f, "label", None), "verdict", None),
            )
            for f in message.findings.all()
        ],
    )


@router.get("/alerts", response=AlertPageOut)
@requires(Capability.CASES_VIEW)
def alerts(request: HttpRequest, query: Query[AlertQuery]) -> AlertPageOut:
    values = query.dict()
    page_number = values.pop("page")
    filters = selectors.QueueFilters.from_query(values)
    page = selectors.alert_queue(user=request.user, filters=filters, page=page_number)
    return AlertPageOut(
        total=page.total,
        page=page.page,
        pages=page.pages,
        severity_counts=page.severity_counts,
        items=[_alert_out(a) for a in page.alerts],
    )


@router.get("/alerts/{alert_id}", response=AlertOut)
@requires(Capability.CASES_VIEW)
def alert(request: HttpRequest, alert_id: int) -> AlertOut:
    return _alert_out(selectors.alert_get(user=request.user, alert_id=alert_id))


@router.post("/alerts/{alert_id}/decision", response={200: DecisionOut})
@requires(Capability.ALERTS_TRIAGE)
def alert_decide(request: HttpRequest, alert_id: int, body: DecisionIn) -> Status[DecisionOut]:
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    case: Case | None = None
    if body.decision == "confirm":
        case = services.alert_confirm(actor=request.user, alert=alert, note=body.note)
    elif body.decision == "dismiss":
        services.alert_dismiss(actor=request.user, alert=alert, reason=body.reason, note=body.note)
    elif body.decision == "escalate":
        case = services.alert_escalate(actor=request.user, alert=alert, note=body.note)
    else:
        raise DomainError(_("Choose confirm, dismiss or escalate."), field="decision")
    alert.refresh_from_db()
    return Status(
        200,
        DecisionOut(
            alert=alert.pk,
            status=alert.status,
            case=case.reference if case else None,
            case_id=case.pk if case else None,
        ),
    )


def _case_out(case: Case, cls: Any = CaseOut, **extra: Any) -> Any:
    return cls(
        id=case.pk,
        reference=case.reference,
        title=case.title,
        severity=case.severity,
        status=case.status,
        assignee=case.assignee.full_name if case.assignee else None,
        subject=case.subject.full_name if case.subject else None,
        opened_at=case.opened_at,
        due_at=case.due_at,
        sla_breached_at=case.sla_breached_at,
        escalated_to=case.escalated_to,
        closed_at=case.closed_at,
        outcome=case.outcome,
        is_crisis=case.is_crisis,
        personal_data_breach=case.personal_data_breach,
        breach_notify_by=case.breach_notify_by,
        **extra,
    )


@router.get("/", response=list[CaseOut])
@requires(Capability.CASES_VIEW)
def cases(request: HttpRequest, status: str = "open", severity: str = "", assignee: str = "") -> list[CaseOut]:
    filters = selectors.CaseFilters(status=status, severity=severity, assignee=assignee)
    return [_case_out(c) for c in selectors.case_list(user=request.user, filters=filters)]


@router.get("/mine", response=list[OwnCaseOut])
@requires(Capability.OWN_CASES_VIEW)
def mine(request: HttpRequest) -> list[OwnCaseOut]:
    return [
        OwnCaseOut(
            reference=c.reference,
            opened_at=c.opened_at,
            status=c.status,
            outcome=c.outcome_label,
            resolution=c.resolution,
            actions=[a.kind for a in c.actions],
        )
        for c in selectors.own_cases(user=request.user)
    ]


@router.get("/precision", response=list[PrecisionOut])
@requires(Capability.CASES_VIEW)
def precision(request: HttpRequest) -> list[PrecisionOut]:
    return [
        PrecisionOut(
            rule_id=r.rule_id, pack=r.pack, confirmed=r.confirmed, dismissed=r.dismissed, precision=r.precision
        )
        for r in selectors.rule_precision(user=request.user)
    ]


@router.get("/{case_id}", response=CaseDetailOut)
@requires(Capability.CASES_VIEW)
def case(request: HttpRequest, case_id: int) -> CaseDetailOut:
    detail = selectors.case_detail(user=request.user, case_id=case_id)
    return _case_out(  # type: ignore[no-any-return]
        detail.case,
        CaseDetailOut,
        alerts=[a.pk for a in detail.alerts],
        events=[
            EventOut(kind=e.kind, at=e.at, actor=e.actor.get_username() if e.actor else None, text=e.text, data=e.data)
            for e in detail.events
        ],
        actions=[
            ActionOut(
                id=a.pk,
                kind=a.kind,
                status=a.status,
                reason=a.reason,
                result=render_text(a.result),
                performed_by=a.performed_by.get_username() if a.performed_by else None,
                performed_at=a.performed_at,
            )
            for a in detail.actions
        ],
    )


@router.post("/{case_id}/status", response={200: CaseOut})
@requires(Capability.CASES_MANAGE)
def case_status(request: HttpRequest, case_id: int, body: StatusIn) -> Status[CaseOut]:
    case = selectors.case_get(user=request.user, case_id=case_id)
    case = services.case_transition(actor=request.user, case=case, **body.dict())
    return Status(200, _case_out(case))


@router.post("/{case_id}/actions", response={201: ActionOut})
@requires(Capability.ENFORCEMENT)
def case_action(request: HttpRequest, case_id: int, body: ActionIn) -> Status[ActionOut]:
    case = selectors.case_get(user=request.user, case_id=case_id)
    message = None
    if body.message_id is not None:
        message = next((m for m in actions.case_messages(case) if m.pk == body.message_id), None)
        if message is None:
            raise Http404
    person = None
    if body.person_id is not None:
        person = Person.objects.filter(pk=body.person_id, organisation_id=case.organisation_id).first()
        if person is None:
            raise Http404
    action = actions.action_take(
        actor=request.user,
        case=case,
        kind=body.kind,
        reason=body.reason,
        message=message,
        person=person,
        course=body.course,
        due_date=body.due_date,
        recipient=body.recipient,
        language=body.language,
    )
    return Status(
        201,
        ActionOut(
            id=action.pk,
            kind=action.kind,
            status=action.status,
            reason=action.reason,
            result=render_text(action.result),
            performed_by=request.user.get_username(),
            performed_at=action.performed_at,
        ),
    )

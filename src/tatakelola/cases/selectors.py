"""Reads for alerts and cases; each one is scoped to the viewer's organisation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.http import Http404
from django.utils import timezone

from tatakelola.cases.choices import FINAL_CASE_STATUSES, OPEN_CASE_STATUSES, AlertStatus, Verdict
from tatakelola.cases.models import (
    SEVERITY_RANK,
    Alert,
    BreachNotice,
    Case,
    CaseEvent,
    EnforcementAction,
    EvidenceFile,
    FindingLabel,
)
from tatakelola.monitoring.models import Finding, Message
from tatakelola.orgs.models import Person
from tatakelola.orgs.selectors import Viewer, person_for_user, viewer_organisation

PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilters:
    status: str = AlertStatus.OPEN
    severity: str = ""
    pack: str = ""
    rule: str = ""
    platform: str = ""
    department: str = ""  # department code
    language: str = ""
    assignee: str = ""  # "me", "none" or a person id

    @classmethod
    def from_query(cls, query: dict[str, str]) -> QueueFilters:
        values = {name: str(query.get(name, "")).strip()[:80] for name in cls.__dataclass_fields__}
        if values["status"] not in AlertStatus.values and values["status"] != "all":
            values["status"] = AlertStatus.OPEN
        return cls(**values)

    def active(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass
class QueuePage:
    alerts: list[Alert]
    total: int
    page: int
    pages: int
    severity_counts: dict[str, int] = field(default_factory=dict)


def _alerts(organisation_id: int, filters: QueueFilters, viewer: Person | None) -> QuerySet[Alert]:
    alerts = Alert.objects.filter(organisation_id=organisation_id)
    if filters.status != "all":
        alerts = alerts.filter(status=filters.status)
    if filters.severity:
        # The rank, not the label: it is the queue index's third column, so PostgreSQL reads the
        # page straight off the index in order.
        alerts = alerts.filter(severity_rank=SEVERITY_RANK.get(filters.severity, -1))
    if filters.platform:
        alerts = alerts.filter(platform=filters.platform)
    if filters.language:
        alerts = alerts.filter(language=filters.language)
    if filters.department:
        alerts = alerts.filter(department__code=filters.department)
    if filters.assignee == "me":
        alerts = alerts.filter(assignee=viewer) if viewer else alerts.none()
    elif filters.assignee == "none":
        alerts = alerts.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        alerts = alerts.filter(assignee_id=int(filters.assignee))
    if (filters.rule or filters.pack) and connection.vendor == "postgresql":
        # jsonb containment, answered by the GIN indexes on the copied rule ids and packs.
        if filters.rule:
            alerts = alerts.filter(rule_ids__contains=[filters.rule])
        if filters.pack:
            alerts = alerts.filter(packs__contains=[filters.pack])
    elif filters.rule or filters.pack:
        # Elsewhere a semi-join on the findings keeps the queue on one row per alert.
        hits = Finding.objects.filter(message_id=OuterRef("message_id"))
        if filters.rule:
            hits = hits.filter(rule_id=filters.rule)
        if filters.pack:
            hits = hits.filter(pack=filters.pack)
        alerts = alerts.filter(Exists(hits))
    return alerts


def alert_queue(*, user: Viewer, filters: QueueFilters, page: int = 1, per_page: int = PAGE_SIZE) -> QueuePage:
    organisation = viewer_organisation(user=user)
    viewer = person_for_user(user=user)
    alerts = _alerts(organisation.pk, filters, viewer)
    # One grouped count serves both the severity tabs and the total (one scan, not two).
    counts_filters = QueueFilters(**{**filters.__dict__, "severity": ""})
    by_rank = {rank: name for name, rank in SEVERITY_RANK.items()}
    counts = {
        by_rank.get(rank, ""): n
        for rank, n in _alerts(organisation.pk, counts_filters, viewer)
        .order_by()
        .values_list("severity_rank")
        .annotate(n=Count("id"))
        .values_list("severity_rank", "n")
    }
    total = counts.get(filters.severity, 0) if filters.severity else sum(counts.values())
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = list(
        alerts.select_related("message", "account", "department", "assignee", "case")
        .defer("message__raw", "message__links", "message__media")
        .prefetch_related(Prefetch("message__findings", queryset=Finding.objects.order_by("id")))
        .order_by("-severity_rank", "created_at", "id")[(page - 1) * per_page : page * per_page]
    )
    return QueuePage(alerts=rows, total=total, page=page, pages=pages, severity_counts=counts)


def alert_get(*, user: Viewer, alert_id: int) -> Alert:
    organisation = viewer_organisation(user=user)
    try:
        return (
            Alert.objects.select_related(
                "message", "account", "account__owner", "department", "assignee", "case", "decided_by"
            )
            .prefetch_related(
                Prefetch("message__findings", queryset=Finding.objects.order_by("id").select_related("label"))
            )
            .get(pk=alert_id, organisation=organisation)
        )
    except Alert.DoesNotExist as exc:
        raise Http404 from exc


def alerts_get(*, user: Viewer, alert_ids: list[int]) -> list[Alert]:
    organisation = viewer_organisation(user=user)
    alerts = list(Alert.objects.select_related("account").filter(pk__in=alert_ids, organisation=organisation))
    if len(alerts) != len(set(alert_ids)):
        raise Http404
    return alerts


def thread_context(alert: Alert, *, limit: int = 5) -> list[Message]:
    """The messages around this one: its parent and replies, else its neighbours on the account."""
    message = alert.message
    related = Message.objects.filter(organisation_id=alert.organisation_id, account_id=alert.account_id).exclude(
        pk=message.pk
    )
    thread = Q(in_reply_to=message.external_id) if message.external_id else Q(pk__in=[])
    if message.in_reply_to:
        thread |= Q(external_id=message.in_reply_to) | Q(in_reply_to=message.in_reply_to)
    rows = list(related.filter(thread).defer("raw").order_by("posted_at", "pk")[:limit])
    if not rows and message.posted_at:
        window = timedelta(hours=6)
        rows = list(
            related.filter(posted_at__range=(message.posted_at - window, message.posted_at + window))
            .defer("raw")
            .order_by("posted_at", "pk")[:limit]
        )
    return rows


# -- cases ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    status: str = "open"  # "open", "final", "all" or one status
    severity: str = ""
    assignee: str = ""  # "me" or ""
    breached: bool = False

    @classmethod
    def from_query(cls, query: dict[str, str]) -> CaseFilters:
        return cls(
            status=str(query.get("status", "open"))[:20] or "open",
            severity=str(query.get("severity", ""))[:10],
            assignee=str(query.get("assignee", ""))[:10],
            breached=query.get("breached") in ("1", "true", "on"),
        )


def filter_cases(cases: QuerySet[Case], filters: CaseFilters, viewer: Person | None = None) -> QuerySet[Case]:
    if filters.status == "open":
        cases = cases.filter(status__in=OPEN_CASE_STATUSES)
    elif filters.status == "final":
        cases = cases.filter(status__in=FINAL_CASE_STATUSES)
    elif filters.status != "all":
        cases = cases.filter(status=filters.status)
    if filters.severity:
        cases = cases.filter(severity=filters.severity)
    if filters.assignee == "me":
        cases = cases.filter(assignee=viewer) if viewer else cases.none()
    if filters.breached:
        cases = cases.filter(sla_breached_at__isnull=False)
    return cases


def case_list(*, user: Viewer, filters: CaseFilters, limit: int = 200) -> list[Case]:
    organisation = viewer_organisation(user=user)
    cases = filter_cases(Case.objects.filter(organisation=organisation), filters, person_for_user(user=user))
    return list(
        cases.select_related("assignee", "subject")
        .annotate(alert_count=Count("alerts", distinct=True))
        .order_by("due_at", "pk")[:limit]
    )


def case_get(*, user: Viewer, case_id: int) -> Case:
    organisation = viewer_organisation(user=user)
    try:
        return Case.objects.select_related("assignee", "subject", "opened_by", "organisation").get(
            pk=case_id, organisation=organisation
        )
    except Case.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class CaseDetail:
    case: Case
    alerts: list[Alert]
    events: list[CaseEvent]
    actions: list[EnforcementAction]
    evidence: list[EvidenceFile]
    notices: list[BreachNotice]
    holds: int


def case_detail(*, user: Viewer, case_id: int) -> CaseDetail:
    case = case_get(user=user, case_id=case_id)
    return CaseDetail(
        case=case,
        alerts=list(
            case.alerts.select_related("message", "account")
            .defer("message__raw")
            .prefetch_related(Prefetch("message__findings", queryset=Finding.objects.order_by("id")))
            .order_by("-severity_rank", "pk")
        ),
        events=list(case.events.select_related("actor").order_by("at", "pk")),
        actions=list(case.actions.select_related("performed_by", "person", "message").order_by("performed_at", "pk")),
        evidence=list(case.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk")),
        notices=list(case.breach_notices.select_related("notified_by").order_by("pk")),
        holds=case.legal_holds.filter(released_at__isnull=True).count(),
    )


def evidence_get(*, user: Viewer, case_id: int, evidence_id: int) -> EvidenceFile:
    case = case_get(user=user, case_id=case_id)
    try:
        return case.evidence.get(pk=evidence_id)
    except EvidenceFile.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class OwnCase:
    reference: str
    opened_at: datetime
    status: str
    status_label: str
    outcome_label: str
    resolution: str
    actions: list[EnforcementAction]


def own_cases(*, user: Viewer) -> list[OwnCase]:
    """The cases about the viewer, showing outcomes and what concerns them, never the evidence."""
    person = person_for_user(user=user)
    if person is None:
        return []
    cases = (
        Case.objects.filter(subject=person)
        .order_by("-opened_at")
        .prefetch_related(
            Prefetch("actions", queryset=EnforcementAction.objects.filter(person=person).order_by("performed_at"))
        )
    )
    return [
        OwnCase(
            reference=c.reference,
            opened_at=c.opened_at,
            status=c.status,
            status_label=str(c.get_status_display()),
            outcome_label=str(c.get_outcome_display()) if c.outcome and not c.is_open else "",
            resolution=c.resolution if not c.is_open else "",
            actions=list(c.actions.all()),
        )
        for c in cases
    ]


# -- feedback ------------------------------------------------------------------------------------


@dataclass
class RulePrecision:
    rule_id: str
    pack: str
    confirmed: int
    dismissed: int
    weeks: list[tuple[datetime, int, int]]  # (week, confirmed, dismissed), oldest first
    reasons: dict[str, int]

    @property
    def labelled(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def precision(self) -> float | None:
        return self.confirmed / self.labelled if self.labelled else None


def rule_precision(*, user: Viewer, weeks: int = 12) -> list[RulePrecision]:
    """Per rule: reviewers' confirmations and dismissals, overall and per week, worst first."""
    organisation = viewer_organisation(user=user)
    since = timezone.now() - timedelta(weeks=weeks)
    labels = FindingLabel.objects.filter(organisation=organisation)
    rows: dict[str, RulePrecision] = {}
    for rule_id, pack, confirmed, dismissed in (
        labels.values("rule_id", "pack")
        .annotate(
            tp=Count("id", filter=Q(verdict=Verdict.TRUE_POSITIVE)),
            fp=Count("id", filter=Q(verdict=Verdict.FALSE_POSITIVE)),
        )
        .values_list("rule_id", "pack", "tp", "fp")
    ):
        existing = rows.get(rule_id)
        if existing:
            existing.confirmed += confirmed
            existing.dismissed += dismissed
        else:
            rows[rule_id] = RulePrecision(rule_id, pack, confirmed, dismissed, [], {})
    weekly: dict[str, list[tuple[datetime, int, int]]] = defaultdict(list)
    for rule_id, week, confirmed, dismissed in (
        labels.filter(labelled_at__gte=since)
        .annotate(week=TruncWeek("labelled_at"))
        .values("rule_id", "week")
        .annotate(
            tp=Count("id", filter=Q(verdict=Verdict.TRUE_POSITIVE)),
            fp=Count("id", filter=Q(verdict=Verdict.FALSE_POSITIVE)),
        )
        .values_list("rule_id", "week", "tp", "fp")
        .order_by("rule_id", "week")
    ):
        weekly[rule_id].append((week, confirmed, dismissed))
    for rule_id, reason, n in (
        labels.filter(verdict=Verdict.FALSE_POSITIVE)
        .exclude(reason="")
        .values_list("rule_id", "reason")
        .annotate(n=Count("id"))
        .values_list("rule_id", "reason", "n")
    ):
        rows[rule_id].reasons[reason] = n
    for rule_id, row in rows.items():
        row.weeks = weekly.get(rule_id, [])
    return sorted(
        rows.values(), key=lambda r: (r.precision if r.precision is not None else 2.0, -r.labelled, r.rule_id)
    )


# -- notifications -------------------------------------------------------------------------------

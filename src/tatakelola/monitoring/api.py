"""The monitoring API router: thin wrappers over selectors and services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from tatakelola.access import Capability, requires
from tatakelola.monitoring import selectors, services
from tatakelola.monitoring.schemas import (
    AccountOut,
    ClassifierSettingsOut,
    ClassifierStatusOut,
    FindingOut,
    HealthOut,
    MessageOut,
)

router = Router(tags=["monitoring"])


@router.get("/accounts", response=list[AccountOut])
@requires(Capability.MONITORING_VIEW)
def accounts(request: HttpRequest) -> list[AccountOut]:
    return [
        AccountOut(
            id=row.account.pk,
            platform=row.account.platform,
            handle=row.account.handle,
            display_name=row.account.display_name,
            url=row.account.url,
            account_type=row.account.account_type,
            risk_tier=row.account.risk_tier,
            status=row.account.status,
            connector=row.account.connector,
            owner=row.account.owner.full_name if row.account.owner else None,
            has_credentials=row.account.has_credentials,
            last_activity_at=row.account.last_activity_at,
            warnings=[str(w) for w in row.warnings],
        )
        for row in selectors.account_list(user=request.user)
    ]


@router.get("/accounts/{account_id}/messages", response=list[MessageOut])
@requires(Capability.MONITORING_VIEW)
def messages(request: HttpRequest, account_id: int, findings: bool = False) -> list[MessageOut]:
    selectors.account_get(user=request.user, account_id=account_id)
    return [
        MessageOut(
            id=m.pk,
            platform=m.platform,
            external_id=m.external_id,
            author=m.author,
            text=m.text,
            language=m.language,
            url=m.url,
            posted_at=m.posted_at,
            scanned_at=m.scanned_at,
            highest_severity=m.highest_severity,
            findings=[FindingOut.from_orm(f) for f in m.findings.all()],
        )
        for m in selectors.message_timeline(user=request.user, account_id=account_id, only_findings=findings)
    ]


@router.get("/health", response=list[HealthOut])
@requires(Capability.MONITORING_VIEW)
def health(request: HttpRequest) -> list[HealthOut]:
    rows = []
    for row in selectors.ingestion_health(user=request.user):
        state = getattr(row.account, "ingestion", None)
        rows.append(
            HealthOut(
                account_id=row.account.pk,
                handle=row.account.handle,
                last_success_at=state.last_success_at if state else None,
                lag_seconds=row.lag.total_seconds() if row.lag else None,
                messages_stored=state.messages_stored if state else 0,
                error_count=state.error_count if state else 0,
                last_error=state.last_error if state else "",
                unscanned=row.unscanned,
                dead_letters=row.dead_letters,
            )
        )
    return rows


@router.post("/accounts/{account_id}/poll", response={202: dict[str, str]})
@requires(Capability.MONITORING_MANAGE)
def poll(request: HttpRequest, account_id: int) -> Status[Any]:
    account = selectors.account_get(user=request.user, account_id=account_id).account
    services.account_poll_request(actor=request.user, account=account)
    return Status(202, {"status": "queued"})


@router.get("/classifiers", response=ClassifierSettingsOut)
@requires(Capability.ORG_VIEW)
def classifiers(request: HttpRequest) -> ClassifierSettingsOut:
    """The shipped classifiers, their data licences, and whether each scores this organisation's messages."""
    overview = selectors.classifier_settings(user=request.user)
    return ClassifierSettingsOut(
        noncommercial_models_allowed=overview.noncommercial_models_allowed,
        deployment_allows_noncommercial=overview.deployment_allows_noncommercial,
        classifiers_enabled=overview.classifiers_enabled,
        models=[
            ClassifierStatusOut(
                name=m.name,
                language=m.language,
                task=m.task,
                licence=m.licence,
                commercial_use_allowed=m.commercial_use_allowed,
                rules=m.rules,
                active=m.active,
                reason=m.reason,
            )
            for m in overview.models
        ],
    )

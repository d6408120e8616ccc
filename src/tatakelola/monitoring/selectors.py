"""Reads for the monitoring domain; each one is scoped to the viewer's organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tatakelola.connectors import connector_class
from tatakelola.connectors.base import ConnectorCapability
from tatakelola.monitoring.choices import AccountStatus
from tatakelola.monitoring.models import DeadLetter, Finding, ImportJob, Message, MonitoredAccount
from tatakelola.orgs.models import Organisation
from tatakelola.orgs.selectors import Viewer, viewer_organisation
from tatakelola.utilities.errors import DomainError

DORMANT_AFTER = timedelta(days=90)  # no post for a quarter: the account may be abandoned or hijackable


def import_dir() -> Path:
    return Path(settings.TATAKELOLA_IMPORT_DIR)


@dataclass
class AccountRow:
    account: MonitoredAccount
    warnings: list[str] = field(default_factory=list)
    open_findings: int = 0


def _warnings(account: MonitoredAccount, now: datetime) -> list[str]:
    warnings = []
    if account.owner_id is None:
        warnings.append(_("No owner"))
    elif account.backup_owner_id is None:
        warnings.append(_("No backup owner"))
    if account.status == AccountStatus.ACTIVE and (
        account.last_activity_at is None or now - account.last_activity_at > DORMANT_AFTER
    ):
        warnings.append(_("Dormant: no activity for 90 days"))
    return warnings


def _accounts() -> QuerySet[MonitoredAccount]:
    return MonitoredAccount.objects.select_related("owner", "backup_owner", "department", "ingestion")


def account_list(*, user: Viewer) -> list[AccountRow]:
    organisation = viewer_organisation(user=user)
    now = timezone.now()
    accounts = _accounts().filter(organisation=organisation).annotate(finding_count=Count("messages__findings"))
    return [
        AccountRow(account=a, warnings=_warnings(a, now), open_findings=a.finding_count)
        for a in accounts.order_by("platform", "handle")
    ]


def account_get(*, user: Viewer, account_id: int) -> AccountRow:
    organisation = viewer_organisation(user=user)
    try:
        account = _accounts().get(organisation=organisation, pk=account_id)
    except MonitoredAccount.DoesNotExist as exc:
        raise Http404 from exc
    return AccountRow(account=account, warnings=_warnings(account, timezone.now()))


def message_timeline(*, user: Viewer, account_id: int, only_findings: bool = False, limit: int = 50) -> list[Message]:
    organisation = viewer_organisation(user=user)
    messages = Message.objects.filter(organisation=organisation, account_id=account_id)
    if only_findings:
        messages = messages.exclude(highest_severity="")
    return list(
        messages.defer("raw")
        .prefetch_related(Prefetch("findings", queryset=Finding.objects.order_by("id")))
        .order_by("-posted_at", "-id")[:limit]
    )


@dataclass
class HealthRow:
    account: MonitoredAccount
    lag: timedelta | None
    unscanned: int
    dead_letters: int


def ingestion_health(*, user: Viewer) -> list[HealthRow]:
    organisation = viewer_organisation(user=user)
    now = timezone.now()
    accounts = (
        _accounts()
        .filter(organisation=organisation)
        .annotate(
            unscanned=Count("messages", filter=Q(messages__scanned_at__isnull=True), distinct=True),
            open_dead_letters=Count("dead_letters", filter=Q(dead_letters__resolved_at__isnull=True), distinct=True),
        )
        .order_by("platform", "handle")
    )
    rows = []
    for account in accounts:
        state = getattr(account, "ingestion", None)
        reference = state.last_success_at if state else None
        rows.append(
            HealthRow(
                account=account,
                lag=(now - reference) if reference else None,
                unscanned=account.unscanned,
                dead_letters=account.open_dead_letters,
            )
        )
    return rows


def dead_letter_list(*, user: Viewer, include_resolved: bool = False, limit: int = 100) -> list[DeadLetter]:
    organisation = viewer_organisation(user=user)
    letters = DeadLetter.objects.filter(organisation=organisation).select_related("account")
    if not include_resolved:
        letters = letters.filter(resolved_at__isnull=True)
    return list(letters.order_by("-created_at", "-id")[:limit])


def dead_letter_get(*, user: Viewer, dead_letter_id: int) -> DeadLetter:
    organisation = viewer_organisation(user=user)
    try:
        return DeadLetter.objects.get(organisation=organisation, pk=dead_letter_id)
    except DeadLetter.DoesNotExist as exc:
        raise Http404 from exc


def import_job_list(*, user: Viewer, limit: int = 20) -> list[ImportJob]:
    organisation = viewer_organisation(user=user)
    return list(
        ImportJob.objects.filter(organisation=organisation).select_related("account").order_by("-created_at")[:limit]
    )


def import_job_get(*, user: Viewer, job_id: int) -> ImportJob:
    organisation = viewer_organisation(user=user)
    try:
        return ImportJob.objects.select_related("account").get(organisation=organisation, pk=job_id)
    except ImportJob.DoesNotExist as exc:
        raise Http404 from exc


# -- console (no viewer: the operator runs the command) -----------------------------------------


def account_by_handle(*, handle: str) -> MonitoredAccount:
    accounts = list(MonitoredAccount.objects.filter(handle=handle)[:2])
    if not accounts:
        raise DomainError(_("No monitored account with the handle %(handle)s.") % {"handle": handle})
    if len(accounts) > 1:
        raise DomainError(_("Several accounts have the handle %(handle)s.") % {"handle": handle})
    return accounts[0]


def accounts_to_poll(*, handle: str = "") -> list[MonitoredAccount]:
    if handle:
        return [account_by_handle(handle=handle)]
    accounts = MonitoredAccount.objects.filter(status=AccountStatus.ACTIVE).exclude(connector="")
    return [a for a in accounts if ConnectorCapability.POLL in connector_class(a.connector).capabilities]


@dataclass(frozen=True)
class ClassifierStatus:
    """One shipped classifier as it stands for the viewer's organisation."""

    name: str
    language: str
    task: str
    summary: str
    licence: str
    commercial_use_allowed: bool
    rules: list[str]
    active: bool
    reason: str


@dataclass
class ClassifierSettings:
    organisation: Organisation
    noncommercial_models_allowed: bool
    deployment_allows_noncommercial: bool
    classifiers_enabled: bool
    models: list[ClassifierStatus]


def classifier_settings(*, user: Viewer) -> ClassifierSettings:
    """The shipped classifiers, their data licences, and whether each scores this organisation's messages."""
    from django.conf import settings
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from tatakelola.classify import list_models
    from tatakelola.monitoring.scanning import (
        classifier_rules,
        deployment_allows_noncommercial_models,
        scanning_engine,
    )

    organisation = viewer_organisation(user=user)
    enabled = bool(getattr(settings, "TATAKELOLA_CLASSIFIERS", True))
    deployment = deployment_allows_noncommercial_models()
    rules = classifier_rules(scanning_engine())
    indonesian = (get_language() or "").startswith("id")
    models = []
    for info in list_models():
        read_by = sorted(rules.get(info.name, []))
        if not enabled:
            active, reason = False, _("Classifiers are switched off for this deployment.")
        elif not info.commercial_use_allowed and not deployment:
            active, reason = False, _("Non-commercial models are switched off for this deployment.")
        elif not info.commercial_use_allowed and not organisation.noncommercial_models_allowed:
            active, reason = False, _("Switched off for this organisation (non-commercial licence).")
        elif not read_by:
            active, reason = False, _("Allowed, but no rule reads this model.")
        else:
            active, reason = True, _("Scores this organisation's messages.")
        models.append(
            ClassifierStatus(
                name=info.name,
                language=info.language,
                task=info.task,
                summary=(info.summary_id if indonesian else info.summary_en) or info.summary_en,
                licence=info.licence,
                commercial_use_allowed=info.commercial_use_allowed,
                rules=read_by,
                active=active,
                reason=reason,
            )
        )
    return ClassifierSettings(
        organisation=organisation,
        noncommercial_models_allowed=organisation.noncommercial_models_allowed,
        deployment_allows_noncommercial=deployment,
        classifiers_enabled=enabled,
        models=models,
    )

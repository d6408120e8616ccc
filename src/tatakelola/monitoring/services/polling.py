"""One polling round of an account through its connector, and the failure bookkeeping."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tatakelola.connectors import (
    ConnectorError,
    connector_for,
)
from tatakelola.monitoring.models import (
    IngestionState,
    MonitoredAccount,
)
from tatakelola.monitoring.services.accounts import connector_settings
from tatakelola.monitoring.services.ingest import page_ingest
from tatakelola.utilities.errors import DomainError


@dataclass
class PollResult:
    stored: int = 0
    duplicates: int = 0
    problems: int = 0
    pages: int = 0


def account_poll(*, account: MonitoredAccount) -> PollResult:
    """One polling round: fetch from the resume cursor, store page by page.

    A transient failure (rate limit, server error) is recorded on the account's health and
    raised again for the task to retry with back-off; pages stored before it stay stored.
    """
    if not account.connector:
        raise DomainError(_("This account has no connector to poll."))
    state, _created = IngestionState.objects.get_or_create(account=account)
    IngestionState.objects.filter(pk=state.pk).update(last_attempt_at=timezone.now())
    connector = connector_for(account.connector, connector_settings(account))
    result = PollResult()
    try:
        for page in connector.fetch(state.cursor or None):
            page_result = page_ingest(
                account=account, normalize=connector.normalize, page=page, source=f"poll {account.connector}"
            )
            result.pages += 1
            result.stored += page_result.stored
            result.duplicates += page_result.duplicates
            result.problems += len(page_result.problems)
    except ConnectorError as exc:
        ingestion_failure_record(account=account, error=str(exc))
        raise
    IngestionState.objects.filter(pk=state.pk).update(
        last_success_at=timezone.now(), consecutive_failures=0, last_error=""
    )
    return result


def ingestion_failure_record(*, account: MonitoredAccount, error: str) -> None:
    IngestionState.objects.filter(account=account).update(
        error_count=F("error_count") + 1,
        consecutive_failures=F("consecutive_failures") + 1,
        last_error=error[:2000],
    )

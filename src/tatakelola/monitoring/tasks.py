"""Background work of the monitoring app: thin tasks taking ids, late acknowledgement.

Every task is safe to run twice (idempotent services), so ``acks_late`` plus redelivery after a
worker dies loses nothing and duplicates nothing. Transient failures retry with exponential
back-off; a task that exhausts its retries leaves a dead letter that the UI shows.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from celery import Task, shared_task
from celery.signals import worker_process_init
from django.db import DatabaseError
from django.utils import timezone

from tatakelola.connectors import TransientConnectorError
from tatakelola.monitoring import services
from tatakelola.monitoring.choices import AccountStatus
from tatakelola.monitoring.models import IngestionState, MonitoredAccount

logger = logging.getLogger(__name__)

MAX_RETRIES = 6
BACKOFF_BASE = 30  # seconds: 30, 60, 120 … capped at BACKOFF_MAX
BACKOFF_MAX = 30 * 60


def _backoff(retries: int, hint: float | None = None) -> float:
    return float(max(hint or 0.0, min(BACKOFF_MAX, BACKOFF_BASE * (2**retries))))


@shared_task(
    bind=True,
    name="tatakelola.monitoring.tasks.account_poll",
    acks_late=True,
    ignore_result=True,
    max_retries=MAX_RETRIES,
    time_limit=900,
    soft_time_limit=840,
)
def account_poll(self: Task[Any, Any], account_id: int) -> dict[str, int]:
    account = MonitoredAccount.objects.get(pk=account_id)
    try:
        result = services.account_poll(account=account)
    except TransientConnectorError as exc:
        # In-process (no broker) a retry would block the caller: the failure is recorded at once.
        if self.request.is_eager or self.request.retries >= MAX_RETRIES:
            services.dead_letter_task(account_id=account_id, task=f"poll {account}", reason=str(exc))
            return {"stored": 0, "dead_letter": 1}
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries, exc.retry_after)) from exc
    return {"stored": result.stored, "duplicates": result.duplicates, "problems": result.problems}


@shared_task(
    bind=True,
    name="tatakelola.monitoring.tasks.messages_scan",
    acks_late=True,
    ignore_result=True,
    max_retries=MAX_RETRIES,
    time_limit=600,
    soft_time_limit=540,
)
def messages_scan(self: Task[Any, Any], message_ids: list[int]) -> int:
    try:
        return services.messages_scan(message_ids=message_ids)
    except DatabaseError as exc:
        if self.request.is_eager or self.request.retries >= MAX_RETRIES:
            services.dead_letter_task(
                account_id=None, task="scan", reason=str(exc), payload=json.dumps(list(message_ids))
            )
            return 0
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


@shared_task(
    bind=True,
    name="tatakelola.monitoring.tasks.import_job_run",
    acks_late=True,
    ignore_result=True,
    max_retries=MAX_RETRIES,
    time_limit=6 * 3600,
    soft_time_limit=6 * 3600 - 60,
)
def import_job_run(self: Task[Any, Any], job_id: int) -> dict[str, Any]:
    try:
        job = services.import_job_run(job_id=job_id)
    except DatabaseError as exc:
        if self.request.is_eager or self.request.retries >= MAX_RETRIES:
            job = services.import_job_fail(job_id=job_id, reason=f"database error: {exc}")
            services.dead_letter_task(account_id=job.account_id, task=f"import {job.file_name}", reason=str(exc))
            return {"status": job.status, "stored": job.stored, "problems": job.problems}
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    return {"status": job.status, "stored": job.stored, "problems": job.problems}


@shared_task(name="tatakelola.monitoring.tasks.accounts_poll_due", acks_late=True, ignore_result=True, time_limit=120)
def accounts_poll_due() -> int:
    """Beat: queue a poll for each active account whose interval has passed since its last attempt."""
    now = timezone.now()
    queued = 0
    accounts = MonitoredAccount.objects.filter(status=AccountStatus.ACTIVE).exclude(connector="")
    states = {s.account_id: s for s in IngestionState.objects.filter(account__in=accounts)}
    from tatakelola.connectors import connector_class
    from tatakelola.connectors.base import ConnectorCapability

    for account in accounts:
        if ConnectorCapability.POLL not in connector_class(account.connector).capabilities:
            continue
        state = states.get(account.pk)
        last = state.last_attempt_at if state else None
        if last is None or (now - last).total_seconds() >= account.poll_interval_minutes * 60:
            account_poll.delay(account.pk)
            queued += 1
    return queued


@shared_task(name="tatakelola.monitoring.tasks.messages_scan_sweep", acks_late=True, ignore_result=True, time_limit=300)
def messages_scan_sweep() -> int:
    return services.messages_scan_sweep()


@worker_process_init.connect
def _compile_scanning_engine(**kwargs: Any) -> None:
    """Compile the rule packs when a worker process starts, not inside its first scan task."""
    from tatakelola.monitoring.scanning import scanning_engine

    scanning_engine()

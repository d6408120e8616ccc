"""Writes for the monitoring domain: the inventory and the ingestion pipeline, one module per concern.

Inventory changes are one function each with one audit entry. Pipeline steps (store a page of
messages, scan a batch, run an import) write one audit entry per batch, not per message, and are
idempotent, so a redelivered Celery task never stores or scans a message twice. Callers import the
public names from here; background work is queued through ``monitoring.dispatch`` by task name."""

from __future__ import annotations

from tatakelola.monitoring.services.accounts import (
    UPDATABLE_FIELDS,
    account_create,
    account_poll_request,
    account_set_credentials,
    account_set_status,
    account_update,
    connector_settings,
)
from tatakelola.monitoring.services.dead_letters import (
    dead_letter_resolve,
    dead_letter_task,
)
from tatakelola.monitoring.services.imports import (
    import_job_create,
    import_job_fail,
    import_job_run,
)
from tatakelola.monitoring.services.ingest import (
    PageResult,
    page_ingest,
)
from tatakelola.monitoring.services.polling import (
    PollResult,
    account_poll,
    ingestion_failure_record,
)
from tatakelola.monitoring.services.scans import (
    SCAN_BATCH,
    messages_scan,
    messages_scan_queue,
    messages_scan_sweep,
)
from tatakelola.monitoring.services.webhooks import (
    WebhookResult,
    webhook_receive,
)

__all__ = [
    "SCAN_BATCH",
    "UPDATABLE_FIELDS",
    "PageResult",
    "PollResult",
    "WebhookResult",
    "account_create",
    "account_poll",
    "account_poll_request",
    "account_set_credentials",
    "account_set_status",
    "account_update",
    "connector_settings",
    "dead_letter_resolve",
    "dead_letter_task",
    "import_job_create",
    "import_job_fail",
    "import_job_run",
    "ingestion_failure_record",
    "messages_scan",
    "messages_scan_queue",
    "messages_scan_sweep",
    "page_ingest",
    "webhook_receive",
]

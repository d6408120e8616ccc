"""Monitoring's background work, queued by task name (services import this, never ``tasks``)."""

from __future__ import annotations

from collections.abc import Sequence

from tatakelola.utilities.tasks import enqueue


def scan_messages(message_ids: Sequence[int]) -> None:
    enqueue("tatakelola.monitoring.tasks.messages_scan", list(message_ids))


def run_import(job_id: int) -> None:
    enqueue("tatakelola.monitoring.tasks.import_job_run", job_id)


def poll_account(account_id: int) -> None:
    enqueue("tatakelola.monitoring.tasks.account_poll", account_id)

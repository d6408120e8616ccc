"""Background work of the cases app: thin tasks around idempotent services."""

from __future__ import annotations

import logging

from celery import shared_task

from tatakelola.cases.sla import sla_check as run_sla_check

logger = logging.getLogger(__name__)


@shared_task(name="tatakelola.cases.tasks.sla_check", acks_late=True, ignore_result=True)
def sla_check() -> dict[str, int]:
    report = run_sla_check()
    return {"warned": len(report.warned), "escalated": len(report.escalated)}

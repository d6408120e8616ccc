"""Background work of the notifications app: thin tasks around idempotent services."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task

from tatakelola.notifications.services import notifications_email_send
from tatakelola.notifications.webhooks import WebhookFailed, webhook_send

WEBHOOK_RETRIES = 6
WEBHOOK_BACKOFF = 30  # seconds: 30, 60, 120 … up to 30 min


@shared_task(name="tatakelola.notifications.tasks.notifications_email", acks_late=True, ignore_result=True)
def notifications_email(notification_ids: list[int]) -> int:
    return notifications_email_send(notification_ids=notification_ids)


@shared_task(
    bind=True,
    name="tatakelola.notifications.tasks.webhook_deliver",
    acks_late=True,
    ignore_result=True,
    max_retries=WEBHOOK_RETRIES,
)
def webhook_deliver(self: Task[Any, Any], delivery_id: int) -> None:
    # In-process (no broker) there is one attempt: retrying would block the request that caused it.
    final = bool(self.request.is_eager) or self.request.retries >= WEBHOOK_RETRIES
    try:
        webhook_send(delivery_id=delivery_id, final_attempt=final)
    except WebhookFailed as exc:
        raise self.retry(exc=exc, countdown=min(30 * 60, WEBHOOK_BACKOFF * 2**self.request.retries)) from exc

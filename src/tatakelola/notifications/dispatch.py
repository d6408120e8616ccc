"""Notifications' background work, queued by task name (services import this, never ``tasks``)."""

from __future__ import annotations

from collections.abc import Sequence

from tatakelola.utilities.tasks import enqueue


def email_notifications(notification_ids: Sequence[int]) -> None:
    enqueue("tatakelola.notifications.tasks.notifications_email", list(notification_ids))


def deliver_webhook(delivery_id: int) -> None:
    enqueue("tatakelola.notifications.tasks.webhook_deliver", delivery_id)

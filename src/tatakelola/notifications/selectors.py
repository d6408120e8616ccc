"""Reads for the notification centre and the webhook settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from tatakelola.notifications.events import EventType, registry
from tatakelola.notifications.models import Notification, WebhookDelivery, WebhookEndpoint
from tatakelola.notifications.services import notification_text
from tatakelola.orgs.models import Organisation

Viewer = User | AnonymousUser


@dataclass(frozen=True)
class NotificationItem:
    notification: Notification
    label: str
    text: str


def _label(key: str) -> str:
    try:
        return str(registry.get(key).label)
    except ValueError:
        return key


def notification_list(*, user: Viewer, limit: int = 100) -> list[NotificationItem]:
    """The newest notifications of the viewer, each with its label and sentence in the active language."""
    if not user.is_authenticated:
        return []
    rows = Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit]
    return [NotificationItem(n, _label(n.event), notification_text(n)) for n in rows]


def unread_count(*, user: Viewer) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def webhook_endpoint_list(*, organisation: Organisation) -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.filter(organisation=organisation).order_by("name"))


def webhook_endpoint_get(*, organisation: Organisation, endpoint_id: int) -> WebhookEndpoint | None:
    return WebhookEndpoint.objects.filter(pk=endpoint_id, organisation=organisation).first()


def webhook_delivery_list(*, organisation: Organisation, limit: int = 50) -> list[WebhookDelivery]:
    """The newest deliveries of the organisation's endpoints, failures included."""
    return list(
        WebhookDelivery.objects.filter(endpoint__organisation=organisation)
        .select_related("endpoint")
        .order_by("-created_at", "-id")[:limit]
    )


def event_types() -> list[EventType]:
    return registry.all()


def webhook_event_types() -> list[EventType]:
    return registry.webhook_events()

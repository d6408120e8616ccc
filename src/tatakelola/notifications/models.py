"""Notifications: a person's in-app centre (also e-mailed) and outgoing signed webhooks.

What a notification says is never stored as text: a row keeps its event type and the parameters,
and the sentence is rendered from the event registry in the reader's language and time zone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tatakelola.notifications.choices import DeliveryStatus
from tatakelola.orgs.models import Organisation


class Notification(models.Model):
    """One entry of a person's notification centre: an event (``case.sla_breached``, …) and the
    parameters its sentence needs. Rendered in the reader's language when shown or e-mailed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=60)
    data = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notifications_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_id}"


class WebhookEndpoint(models.Model):
    """An outgoing webhook of an organisation: the events it subscribes to are POSTed as JSON,
    signed with HMAC-SHA256 of a secret shown once and stored encrypted."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="webhook_endpoints")
    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("URL"), max_length=500)
    secret_encrypted = models.TextField(editable=False)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one endpoint: kept so that failures are visible and retried."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=60)
    event_id = models.CharField(max_length=64)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="notifications_delivery_unique_event"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id}"

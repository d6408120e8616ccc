"""Notifications: the in-app centre, e-mail through Django's mail backend, and signed webhooks.

Rows are written inside the caller's transaction; mail and webhook sending is queued only once
that transaction commits, so a rolled-back decision never notifies anybody.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tatakelola.audit.services import audit_record
from tatakelola.cases.choices import DeliveryStatus, NotificationKind
from tatakelola.cases.models import Notification, WebhookDelivery, WebhookEndpoint
from tatakelola.monitoring.crypto import credentials_decrypt, credentials_encrypt
from tatakelola.orgs.models import Person
from tatakelola.utilities.errors import DomainError

log = logging.getLogger(__name__)

# Events an outgoing webhook can subscribe to.
WEBHOOK_EVENTS = ("alert.critical", "case.sla_breached", "case.opened", "case.closed", "case.crisis")
SIGNATURE_HEADER = "X-Tatakelola-Signature"
WEBHOOK_TIMEOUT = 10.0


def notification_text(kind: str, data: Mapping[str, Any]) -> str:
    """The notification's sentence in the active language."""
    texts: dict[str, str] = {
        NotificationKind.CRITICAL_ALERT: _("New critical alert on %(account)s: %(rules)s"),
        NotificationKind.SLA_WARNING: _("Case %(case)s is due at %(due)s and is still open"),
        NotificationKind.SLA_BREACH: _("Case %(case)s missed its SLA and was escalated to you"),
        NotificationKind.CASE_ASSIGNED: _("Case %(case)s was assigned to you: %(title)s"),
        NotificationKind.CASE_OUTCOME: _("Case %(case)s about you was closed: %(outcome)s"),
        NotificationKind.WARNING: _("You have received a warning about a post (case %(case)s)"),
    }
    template = texts.get(kind, "%(case)s")
    safe = {key: data.get(key, "") for key in ("account", "rules", "case", "due", "title", "outcome")}
    return str(template % safe)


def notify(
    *,
    recipients: Iterable[User],
    organisation_id: int,
    kind: str,
    data: Mapping[str, Any],
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """Put one notification in each recipient's centre and e-mail the ones with an address."""
    now = timezone.now()
    rows = [
        Notification(
            organisation_id=organisation_id,
            recipient=user,
            kind=kind,
            data=json.loads(json.dumps(dict(data), cls=DjangoJSONEncoder)),
            url=url,
            created_at=now,
        )
        for user in {u.pk: u for u in recipients if u is not None}.values()
    ]
    created = Notification.objects.bulk_create(rows)
    if email and created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: _queue_emails(ids))
    return created


def _queue_emails(notification_ids: list[int]) -> None:
    from tatakelola.cases.tasks import notifications_email

    notifications_email.delay(notification_ids)


def notifications_email_send(*, notification_ids: Iterable[int]) -> int:
    """E-mail each notification not e-mailed yet, in its recipient's language. Returns how many."""
    sent = 0
    pending = Notification.objects.filter(pk__in=list(notification_ids), emailed=False).select_related("recipient")
    for notification in pending:
        user = notification.recipient
        person = Person.objects.filter(user=user).only("email", "language").first()
        address = (person.email if person else "") or user.email
        if not address:
            continue
        # Claim it first: a retried task must not mail the same notification twice.
        if not Notification.objects.filter(pk=notification.pk, emailed=False).update(emailed=True):
            continue
        with translation.override(person.language if person else settings.LANGUAGE_CODE):
            text = notification_text(notification.kind, notification.data)
            body = text
            if notification.url:
                body += "\n\n" + settings.TATAKELOLA_BASE_URL.rstrip("/") + notification.url
            send_mail(
                subject=f"[Tatakelola] {text}"[:200],
                message=body,
                from_email=None,
                recipient_list=[address],
            )
        sent += 1
    return sent


def webhook_event(*, organisation_id: int, event: str, payload: Mapping[str, Any]) -> list[WebhookDelivery]:
    """Record one delivery per active endpoint subscribed to ``event``; send after commit."""
    if event not in WEBHOOK_EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    now = timezone.now()
    body = json.loads(json.dumps(dict(payload), cls=DjangoJSONEncoder))
    deliveries = [
        WebhookDelivery(
            endpoint=endpoint,
            event=event,
            event_id=uuid.uuid4().hex,
            payload={"event": event, "occurred_at": now.isoformat(), "data": body},
            created_at=now,
        )
        for endpoint in WebhookEndpoint.objects.filter(organisation_id=organisation_id, is_active=True)
        if event in endpoint.events
    ]
    created = WebhookDelivery.objects.bulk_create(deliveries)
    if created:
        ids = [d.pk for d in created]
        transaction.on_commit(lambda: _queue_webhooks(ids))
    return created


def _queue_webhooks(delivery_ids: list[int]) -> None:
    from tatakelola.cases.tasks import webhook_deliver

    for delivery_id in delivery_ids:
        webhook_deliver.delay(delivery_id)


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``timestamp.body``: a receiver checks both, so a
    captured delivery cannot be replayed later with a fresh timestamp."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class WebhookFailed(Exception):
    """The endpoint did not accept the delivery; the task retries it with back-off."""


def webhook_send(*, delivery_id: int, final_attempt: bool = False) -> WebhookDelivery:
    """POST one delivery. Raises :class:`WebhookFailed` on a failure that is worth retrying."""
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    if delivery.status != DeliveryStatus.PENDING:
        return delivery  # delivered, or given up on: a late retry must not resend it
    endpoint = delivery.endpoint
    secret = credentials_decrypt(endpoint.secret_encrypted).get("secret", "")
    body = json.dumps(delivery.payload, sort_keys=True, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    if not endpoint.url.startswith(("https://", "http://")):
        raise ValueError("webhook endpoints are http(s) URLs")
    request = urllib.request.Request(  # noqa: S310  # scheme checked above
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Tatakelola-Webhook/1",
            "X-Tatakelola-Event": delivery.event,
            "X-Tatakelola-Delivery": delivery.event_id,
            "X-Tatakelola-Timestamp": timestamp,
            SIGNATURE_HEADER: webhook_signature(secret, timestamp, body),
        },
    )
    delivery.attempts += 1
    error = ""
    code: int | None = None
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310  # admin-set http(s) URL
            code = response.status
    except urllib.error.HTTPError as exc:
        code = exc.code
        error = f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        # The reason only: URLs may carry tokens in their query string, so they are not logged.
        error = type(exc).__name__ + ": " + str(getattr(exc, "reason", exc))[:200]
    delivery.last_status_code = code
    delivery.last_error = error[:500]
    if code is not None and 200 <= code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.last_error = ""
    elif final_attempt or (code is not None and 400 <= code < 500 and code not in (408, 429)):
        delivery.status = DeliveryStatus.FAILED
    delivery.save(update_fields=["attempts", "last_status_code", "last_error", "status", "delivered_at"])
    if delivery.status == DeliveryStatus.PENDING:
        log.warning("webhook delivery %s to endpoint %s failed: %s", delivery.pk, endpoint.pk, error)
        raise WebhookFailed(error)
    return delivery


def webhook_endpoint_create(
    *, actor: Any, organisation_id: int, name: str, url: str, events: list[str]
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret, which is returned once and stored encrypted."""
    unknown = sorted(set(events) - set(WEBHOOK_EVENTS))
    if unknown or not events:
        raise DomainError(_("Choose at least one known event."), field="events")
    if not url.startswith(("https://", "http://")):
        raise DomainError(_("The URL must start with https:// or http://."), field="url")
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            organisation_id=organisation_id,
            name=name.strip()[:120],
            url=url,
            events=sorted(set(events)),
            secret_encrypted=credentials_encrypt({"secret": secret}),
        )
        # The URL's path and query may hold a token: only its scheme and host are audited.
        audit_record(
            actor=actor,
            action="cases.webhook.create",
            target=endpoint,
            organisation_id=organisation_id,
            after={"name": endpoint.name, "host": urllib.parse.urlsplit(url).netloc, "events": endpoint.events},
        )
    return endpoint, secret


def webhook_endpoint_set_active(*, actor: Any, endpoint: WebhookEndpoint, active: bool) -> WebhookEndpoint:
    with transaction.atomic():
        before = endpoint.is_active
        endpoint.is_active = active
        endpoint.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="cases.webhook.active",
            target=endpoint,
            organisation_id=endpoint.organisation_id,
            before={"active": before},
            after={"active": active},
        )
    return endpoint


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Personal inbox state, not a governance decision: not audited."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())

"""Outgoing webhooks: endpoints, signed deliveries, retries.

``webhook_event`` records one delivery per active endpoint subscribed to the event, inside the
caller's transaction; sending is queued once it commits. Each delivery is a JSON POST signed with
HMAC-SHA256 over ``"<timestamp>." + body``, so a receiver can reject forgeries and replays.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import secrets
import time
import urllib.parse
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError

from tatakelola.audit.services import Actor, audit_record
from tatakelola.notifications import dispatch
from tatakelola.notifications.choices import DeliveryStatus
from tatakelola.notifications.events import registry
from tatakelola.notifications.models import WebhookDelivery, WebhookEndpoint
from tatakelola.utilities import netsafe
from tatakelola.utilities.crypto import credentials_decrypt, credentials_encrypt
from tatakelola.utilities.errors import DomainError

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Tatakelola-Signature"
WEBHOOK_TIMEOUT = 10.0


def webhook_event(*, organisation_id: int, event: str, payload: Mapping[str, Any]) -> list[WebhookDelivery]:
    """Record one delivery per active endpoint subscribed to ``event``; send after commit.

    The payload is validated against the event type's schema: a payload that does not match is a
    programming error and fails here, not at the receiver.
    """
    event_type = registry.get(event)
    if event_type.payload is None:
        raise ValueError(f"event {event!r} is not offered to webhooks")
    try:
        body = event_type.payload.model_validate(dict(payload)).model_dump(mode="json")
    except ValidationError as exc:
        raise ValueError(f"payload of {event!r} does not match its schema: {exc}") from exc
    body = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
    now = timezone.now()
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

        def queue() -> None:
            for delivery_id in ids:
                dispatch.deliver_webhook(delivery_id)

        transaction.on_commit(queue)
    return created


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``timestamp.body``: a receiver checks both, so a
    captured delivery cannot be replayed later with a fresh timestamp."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def _allow_hosts() -> list[str]:
    return list(getattr(settings, "TATAKELOLA_WEBHOOK_ALLOW_HOSTS", []))


def _webhook_url_error(exc: netsafe.UnsafeURL) -> str:
    if exc.reason == "scheme":
        return _("The URL must start with https:// or http://.")
    if exc.reason == "unresolvable":
        return _("The URL's host cannot be resolved; check the name.")
    if exc.reason == "internal":
        return _(
            "The URL's host is an internal address (loopback, private, link-local or similar). Webhooks only go to "
            "public addresses unless the host is listed in TATAKELOLA_WEBHOOK_ALLOW_HOSTS."
        )
    return _("The URL is not a valid http(s) address without a user name or password.")


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
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Tatakelola-Webhook/1",
        "X-Tatakelola-Event": delivery.event,
        "X-Tatakelola-Delivery": delivery.event_id,
        "X-Tatakelola-Timestamp": timestamp,
        SIGNATURE_HEADER: webhook_signature(secret, timestamp, body),
    }
    delivery.attempts += 1
    error = ""
    code: int | None = None
    refused = False
    try:
        # Resolved again now and connected to the checked address; redirects are not followed.
        answer = netsafe.request(
            endpoint.url, body=body, headers=headers, timeout=WEBHOOK_TIMEOUT, allow_hosts=_allow_hosts()
        )
        code = answer.status
        error = "" if 200 <= code < 300 else f"HTTP {code}"
    except netsafe.UnsafeURL as exc:
        refused = exc.reason != "unresolvable"  # an internal address stays refused; DNS may come back
        error = f"refused: {exc}"[:200]
    except (http.client.HTTPException, OSError) as exc:
        # The reason only: URLs may carry tokens in their query string, so they are not logged.
        error = type(exc).__name__ + ": " + str(getattr(exc, "reason", exc))[:200]
    delivery.last_status_code = code
    delivery.last_error = error[:500]
    if code is not None and 200 <= code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.last_error = ""
    elif final_attempt or refused or (code is not None and 400 <= code < 500 and code not in (408, 429)):
        delivery.status = DeliveryStatus.FAILED
    delivery.save(update_fields=["attempts", "last_status_code", "last_error", "status", "delivered_at"])
    if delivery.status == DeliveryStatus.PENDING:
        log.warning("webhook delivery %s to endpoint %s failed: %s", delivery.pk, endpoint.pk, error)
        raise WebhookFailed(error)
    return delivery


def webhook_endpoint_create(
    *, actor: Actor, organisation_id: int, name: str, url: str, events: list[str]
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret, which is returned once and stored encrypted."""
    offered = {t.key for t in registry.webhook_events()}
    unknown = sorted(set(events) - offered)
    if unknown or not events:
        raise DomainError(_("Choose at least one known event."), field="events")
    try:
        netsafe.resolve_target(url, allow_hosts=_allow_hosts())
    except netsafe.UnsafeURL as exc:
        raise DomainError(_webhook_url_error(exc), field="url") from exc
    if not name.strip():
        raise DomainError(_("Give the endpoint a name."), field="name")
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
            action="notifications.webhook.create",
            target=endpoint,
            organisation_id=organisation_id,
            after={"name": endpoint.name, "host": urllib.parse.urlsplit(url).netloc, "events": endpoint.events},
        )
    return endpoint, secret


def webhook_endpoint_set_active(*, actor: Actor, endpoint: WebhookEndpoint, active: bool) -> WebhookEndpoint:
    with transaction.atomic():
        before = endpoint.is_active
        endpoint.is_active = active
        endpoint.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="notifications.webhook.active",
            target=endpoint,
            organisation_id=endpoint.organisation_id,
            before={"active": before},
            after={"active": active},
        )
    return endpoint

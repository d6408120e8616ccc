"""Writes for the notification centre and e-mail.

``notify`` is how every app tells people something: rows are written inside the caller's
transaction, and e-mail is queued only once that transaction commits, so a rolled-back decision
never notifies anybody. Webhooks live in :mod:`tatakelola.notifications.webhooks`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation

from tatakelola.notifications import dispatch
from tatakelola.notifications.events import registry
from tatakelola.notifications.models import Notification
from tatakelola.orgs.models import Person


def notify(
    *,
    recipients: Iterable[User | None],
    organisation_id: int,
    event: str,
    data: Mapping[str, Any],
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """Put one notification of ``event`` in each recipient's centre and e-mail those with an address.

    ``data`` holds the parameters of the event's sentence (ids, references, ISO timestamps, choice
    values), never a sentence: it is rendered in each reader's language when shown.
    """
    event_type = registry.get(event)
    if not event_type.notifies:
        raise ValueError(f"event {event!r} has no notification text")
    now = timezone.now()
    stored = json.loads(json.dumps(dict(data), cls=DjangoJSONEncoder))
    rows = [
        Notification(
            organisation_id=organisation_id,
            recipient=user,
            event=event,
            data=stored,
            url=url,
            created_at=now,
        )
        for user in {u.pk: u for u in recipients if u is not None}.values()
    ]
    created = Notification.objects.bulk_create(rows)
    if email and created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: dispatch.email_notifications(ids))
    return created


def notification_text(notification: Notification) -> str:
    """The notification's sentence in the active language and time zone."""
    try:
        return registry.get(notification.event).render(notification.data)
    except ValueError:
        return notification.event  # an event type whose app was removed: show its key, not an error


def notifications_email_send(*, notification_ids: Iterable[int]) -> int:
    """E-mail each notification not e-mailed yet, in its recipient's language and time zone."""
    sent = 0
    pending = Notification.objects.filter(pk__in=list(notification_ids), emailed=False).select_related("recipient")
    for notification in pending:
        user = notification.recipient
        person = Person.objects.filter(user=user).only("email", "language", "time_zone").first()
        address = (person.email if person else "") or user.email
        if not address:
            continue
        # Claim it first: a retried task must not mail the same notification twice.
        if not Notification.objects.filter(pk=notification.pk, emailed=False).update(emailed=True):
            continue
        language = person.language if person else settings.LANGUAGE_CODE
        zone = person.time_zone if person else settings.TIME_ZONE
        with translation.override(language), timezone.override(zone):
            text = notification_text(notification)
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


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Personal inbox state, not a governance decision: not audited."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())

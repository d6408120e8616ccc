"""The notifications app: the event registry, rendering in the reader's language and time zone,
e-mail, the centre, webhook settings and the API (issue 19, item 13)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tatakelola.audit.models import AuditEntry
from tatakelola.notifications.events import EventPayload, EventRegistry, EventType, registry
from tatakelola.notifications.models import Notification, WebhookEndpoint
from tatakelola.notifications.services import notification_text, notifications_email_send, notify
from tatakelola.notifications.webhooks import webhook_event
from tatakelola.orgs.models import Organisation, Person
from tatakelola.utilities import netsafe

ClientFor = Callable[[str], Client]


@pytest.fixture
def bank(demo: None) -> Organisation:
    return Organisation.objects.get(slug="bank-nusantara")


@pytest.fixture
def run_on_commit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    yield


class _Payload(EventPayload):
    case: str


def test_registry_refuses_bad_keys_duplicates_and_silent_events() -> None:
    fresh = EventRegistry()
    fresh.register(EventType("demo.done", _("Done"), _("Done: %(x)s")))
    with pytest.raises(ImproperlyConfigured, match="twice"):
        fresh.register(EventType("demo.done", _("Done"), _("Again")))
    with pytest.raises(ImproperlyConfigured, match="dotted"):
        fresh.register(EventType("Done", _("Done"), _("Done")))
    with pytest.raises(ImproperlyConfigured, match="neither"):
        fresh.register(EventType("demo.silent", _("Silent")))
    with pytest.raises(ValueError, match="unknown event"):
        fresh.get("demo.nope")


def test_every_app_event_is_registered_and_translated() -> None:
    keys = {t.key for t in registry.all()}
    assert {"alert.critical", "case.opened", "case.sla_breached", "case.outcome", "case.crisis"} <= keys
    with pytest.raises(ImproperlyConfigured):  # fixed at start-up
        registry.register(EventType("late.event", _("Late"), _("Late")))
    with translation.override("id"):
        assert str(registry.get("case.sla_breached").label) == "Batas waktu (SLA) terlampaui"


def test_notification_renders_in_the_readers_language_and_time_zone(bank: Organisation) -> None:
    reviewer = User.objects.get(username="reviewer")
    [row] = notify(
        recipients=[reviewer, reviewer, None],  # one row per person
        organisation_id=bank.pk,
        event="case.sla_warning",
        data={"case": "K-1", "due_at": "2026-12-01T01:30:00+00:00"},
        email=False,
    )
    # Parameters are stored, never a sentence.
    assert row.data == {"case": "K-1", "due_at": "2026-12-01T01:30:00+00:00"}
    with translation.override("en"):
        english = notification_text(row)
    with translation.override("id"):
        indonesian = notification_text(row)
    assert "K-1" in english and "is due at" in english and "8:30" in english  # WIB, not UTC 01:30
    assert "K-1" in indonesian and "is due at" not in indonesian and "8.30" in indonesian


def test_notify_refuses_unknown_events_and_webhook_payloads_must_match(bank: Organisation) -> None:
    with pytest.raises(ValueError, match="unknown event"):
        notify(recipients=[], organisation_id=bank.pk, event="case.typo", data={})
    with pytest.raises(ValueError, match="no notification text"):
        notify(recipients=[], organisation_id=bank.pk, event="case.opened", data={})
    with pytest.raises(ValueError, match="does not match"):
        webhook_event(organisation_id=bank.pk, event="case.crisis", payload={"case": "K-1", "extra": 1})


def test_email_goes_out_in_the_recipients_language(bank: Organisation, run_on_commit: None) -> None:
    person = Person.objects.get(user__username="kepatuhan")
    person.email, person.language = "kepatuhan@example.org", "id"
    person.save()
    notify(
        recipients=[person.user],
        organisation_id=bank.pk,
        event="case.outcome",
        data={"case": "K-7", "outcome": "upheld"},
        url="/cases/mine/",
    )
    [message] = mail.outbox
    assert message.to == ["kepatuhan@example.org"]
    assert "K-7" in message.subject and "about you was closed" not in message.subject
    assert message.body.endswith("/cases/mine/")
    # A retried task never mails twice.
    assert notifications_email_send(notification_ids=list(Notification.objects.values_list("pk", flat=True))) == 0


def test_centre_lists_and_marks_read(client_for: ClientFor, bank: Organisation) -> None:
    reviewer = User.objects.get(username="reviewer")
    notify(recipients=[reviewer], organisation_id=bank.pk, event="case.warning", data={"case": "K-3"}, email=False)
    client = client_for("reviewer")
    html = client.get("/notifications/").content.decode()
    assert "K-3" in html and 'data-event="case.warning"' in html
    assert client.post("/notifications/read/").status_code == 302
    assert not Notification.objects.filter(recipient=reviewer, read_at__isnull=True).exists()


def test_refused_webhook_form_keeps_what_was_typed(client_for: ClientFor, bank: Organisation) -> None:
    client = client_for("kepatuhan")
    response = client.post(
        "/notifications/webhooks/new/",
        {"name": "SIEM bank", "url": "https://siem.example.org/hook?team=soc", "events": []},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="SIEM bank"' in html and "https://siem.example.org/hook?team=soc" in html
    assert 'data-testid="error-events"' in html and 'aria-invalid="true"' in html
    assert not WebhookEndpoint.objects.exists()


def test_webhook_settings_audit_and_event_catalogue(
    client_for: ClientFor, bank: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(netsafe, "_system_resolver", lambda host, port: ["93.184.215.14"])  # a public receiver
    client = client_for("kepatuhan")
    html = client.get("/notifications/webhooks/").content.decode()
    assert "case.sla_breached" in html and "case.assigned" not in html  # only events with a payload
    response = client.post(
        "/notifications/webhooks/new/",
        {"name": "SIEM", "url": "https://siem.example.org/hook", "events": ["case.closed"]},
    )
    assert response.status_code == 200 and 'data-testid="webhook-secret"' in response.content.decode()
    endpoint = WebhookEndpoint.objects.get()
    assert client.post(f"/notifications/webhooks/{endpoint.pk}/toggle/").status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert list(
        AuditEntry.objects.filter(action__startswith="notifications.webhook")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["notifications.webhook.create", "notifications.webhook.active"]
    # Another organisation's endpoint id is not found.
    assert client.post("/notifications/webhooks/999999/toggle/").status_code == 404


def test_api_lists_own_notifications_and_the_event_catalogue(client_for: ClientFor, bank: Organisation) -> None:
    reviewer = User.objects.get(username="reviewer")
    notify(recipients=[reviewer], organisation_id=bank.pk, event="case.warning", data={"case": "K-4"}, email=False)
    client = client_for("reviewer")
    [item] = client.get("/api/notifications/").json()
    assert item["event"] == "case.warning" and "K-4" in item["text"] and item["read"] is False
    assert client.post("/api/notifications/read", {}, content_type="application/json").json() == {"marked": 1}
    events = {e["key"]: e for e in client.get("/api/notifications/events").json()}
    assert events["case.crisis"]["webhook"] and "case" in events["case.crisis"]["payload_schema"]["properties"]
    assert events["case.assigned"]["notifies"] and events["case.assigned"]["payload_schema"] is None
    # Other people's notifications are not listed.
    assert client_for("kepatuhan").get("/api/notifications/").json() == []

"""Enforcement actions, the breach clock, and outgoing notifications."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from pytest_django.fixtures import Settings as SettingsWrapper

from tatakelola.audit.models import AuditEntry
from tatakelola.cases import actions, services
from tatakelola.cases.choices import (
    ActionKind,
    ActionStatus,
    BreachRecipient,
    CaseOutcome,
    CaseStatus,
    ReportRecipient,
)
from tatakelola.cases.models import Alert, Case, EnforcementAction, LegalHold
from tatakelola.connectors.base import Action
from tatakelola.monitoring.models import MonitoredAccount
from tatakelola.notifications.choices import DeliveryStatus
from tatakelola.notifications.models import Notification, WebhookDelivery, WebhookEndpoint
from tatakelola.notifications.webhooks import webhook_endpoint_create, webhook_event, webhook_send
from tatakelola.orgs.models import Organisation, Person
from tatakelola.utilities import netsafe
from tatakelola.utilities.errors import DomainError
from tatakelola.utilities.texts import deferred, render_text

from .conftest import T0

LEAK = "Kirim KTP, NIK 3201010101010001, kartu kredit 4111 1111 1111 1111 exp 12/27"


def officer() -> User:
    return User.objects.get(username="kepatuhan")


@pytest.fixture
def case(post: Callable[..., Alert | None]) -> Case:
    alert = post(LEAK, handle="banknusantara.slack.com", author="Agus Setiawan")
    assert alert is not None
    return services.alert_confirm(actor=User.objects.get(username="reviewer"), alert=alert)


@pytest.fixture
def employee(bank: Organisation) -> Person:
    return Person.objects.get(user__username="karyawan")


def test_warning_is_sent_in_the_employees_language_and_recorded(case: Case, employee: Person) -> None:
    employee.language = "en"
    employee.save()
    action = actions.action_take(
        actor=officer(), case=case, kind=ActionKind.WARN, reason="Posted a customer NIK", person=employee
    )
    assert action.status == ActionStatus.DONE
    assert action.details["language"] == "en"
    assert "formal warning" in action.details["text"] and case.reference in action.details["text"]
    assert "3201010101010001" not in action.details["text"]
    if employee.email:
        assert [m.to for m in mail.outbox] == [[employee.email]]
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTION_TAKEN
    assert AuditEntry.objects.filter(action="cases.action.warn", object_id=str(case.pk)).exists()
    assert Notification.objects.filter(recipient=employee.user, event="case.warning").exists()


def test_an_action_needs_a_reason_and_an_open_case(case: Case, employee: Person) -> None:
    with pytest.raises(DomainError):
        actions.action_take(actor=officer(), case=case, kind=ActionKind.WARN, reason=" ", person=employee)
    services.case_transition(actor=officer(), case=case, status=CaseStatus.DISMISSED, note="test data after all")
    case.refresh_from_db()
    with pytest.raises(DomainError, match="closed"):
        actions.action_take(actor=officer(), case=case, kind=ActionKind.LEGAL_HOLD, reason="keep")
    assert not case.actions.exists()


def test_legal_hold_covers_every_message_of_the_case_once(case: Case) -> None:
    first = actions.action_take(actor=officer(), case=case, kind=ActionKind.LEGAL_HOLD, reason="Regulator may ask")
    again = actions.action_take(actor=officer(), case=case, kind=ActionKind.LEGAL_HOLD, reason="Second request")
    assert first.status == again.status == ActionStatus.DONE
    assert LegalHold.objects.filter(case=case, released_at__isnull=True).count() == case.alerts.count() == 1


def test_remove_goes_through_the_connector(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    done: list[Action] = []

    class Fake:
        def act(self, action: Action) -> None:
            done.append(action)

    MonitoredAccount.objects.filter(pk=case.alerts.get().account_id).update(connector="slack-export")
    monkeypatch.setattr(actions, "connector_for", lambda name, settings: Fake())
    action = actions.action_take(actor=officer(), case=case, kind=ActionKind.REMOVE, reason="Customer data")
    message = case.alerts.get().message
    assert action.status == ActionStatus.DONE
    assert done == [Action(kind="delete", external_id=message.external_id, reason="Customer data")]


def test_a_platform_that_cannot_remove_is_recorded_as_failed_not_hidden(case: Case) -> None:
    MonitoredAccount.objects.filter(pk=case.alerts.get().account_id).update(connector="slack-export")
    action = actions.action_take(actor=officer(), case=case, kind=ActionKind.HIDE, reason="Customer data")
    assert action.status == ActionStatus.FAILED
    assert "by hand" in render_text(action.result)
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW  # nothing was done, so the case did not move
    assert AuditEntry.objects.filter(action="cases.action.hide").exists()


def test_training_needs_a_course_and_is_requested_for_the_training_module(case: Case, employee: Person) -> None:
    with pytest.raises(DomainError):
        actions.action_take(actor=officer(), case=case, kind=ActionKind.TRAINING, reason="x", person=employee)
    action = actions.action_take(
        actor=officer(), case=case, kind=ActionKind.TRAINING, reason="Repeat", person=employee, course="PDP-101"
    )
    assert action.status == ActionStatus.REQUESTED
    assert action.details["course"] == "PDP-101" and action.person == employee


def test_report_generates_text_and_a_redacted_attachment(case: Case) -> None:
    action = actions.action_take(
        actor=officer(),
        case=case,
        kind=ActionKind.REPORT,
        reason="Customer data exposed",
        recipient=ReportRecipient.PDP_AGENCY,
    )
    files = {e.pk: e for e in case.evidence.all()}
    report = files[action.details["report"]].file.read().decode()
    attachment = json.loads(files[action.details["attachment"]].file.read())
    assert case.reference in report and "Laporan" in report  # Indonesian for an Indonesian regulator
    assert "3201010101010001" not in report and "3201010101010001" not in json.dumps(attachment)
    assert {f["rule_id"] for f in attachment["findings"]} >= {"PII-NIK-001"}
    assert files[action.details["report"]].sha256 == hashlib.sha256(report.encode()).hexdigest()


def test_crisis_flags_the_case(case: Case) -> None:
    actions.action_take(actor=officer(), case=case, kind=ActionKind.CRISIS, reason="Trending on X")
    case.refresh_from_db()
    assert case.is_crisis


def test_breach_clock_is_three_times_24_hours_and_blocks_closing_until_notified(case: Case) -> None:
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        services.breach_clock_start(actor=officer(), case=case, aware_at=T0)
    case.refresh_from_db()
    assert case.breach_notify_by == T0 + timedelta(hours=72)
    notices = {n.recipient: n for n in case.breach_notices.all()}
    assert set(notices) == {
        BreachRecipient.DATA_SUBJECTS,
        BreachRecipient.PDP_AGENCY,
        BreachRecipient.DPO,
        BreachRecipient.PUBLIC,
    }
    assert not notices[BreachRecipient.PUBLIC].required
    services.case_transition(actor=officer(), case=case, status=CaseStatus.INVESTIGATING)
    with pytest.raises(DomainError, match="breach notification"):
        services.case_transition(
            actor=officer(), case=case, status=CaseStatus.CLOSED, outcome=CaseOutcome.VIOLATION, resolution="Deleted"
        )
    for recipient in (BreachRecipient.DATA_SUBJECTS, BreachRecipient.PDP_AGENCY):
        services.breach_notice_record(
            actor=officer(),
            notice=notices[recipient],
            reference="Surat 12/KPT/2026",
            notified_at=T0 + timedelta(hours=30),
        )
    late = services.breach_notice_record(
        actor=officer(), notice=notices[BreachRecipient.DPO], reference="e-mail", notified_at=T0 + timedelta(hours=80)
    )
    assert late.notified_at and late.notified_at > late.due_at
    closed = services.case_transition(
        actor=officer(),
        case=case,
        status=CaseStatus.CLOSED,
        outcome=CaseOutcome.VIOLATION,
        resolution="Deleted, notified",
    )
    assert closed.status == CaseStatus.CLOSED
    assert AuditEntry.objects.filter(action="cases.case.breach_notice").count() == 3


def test_lifecycle_refuses_illegal_moves_and_needs_an_outcome_to_close(case: Case) -> None:
    with pytest.raises(DomainError):
        services.case_transition(actor=officer(), case=case, status=CaseStatus.ACTION_TAKEN)
    services.case_transition(actor=officer(), case=case, status=CaseStatus.INVESTIGATING)
    with pytest.raises(DomainError, match="outcome"):
        services.case_transition(actor=officer(), case=case, status=CaseStatus.CLOSED, resolution="done")
    services.case_transition(
        actor=officer(), case=case, status=CaseStatus.CLOSED, outcome=CaseOutcome.NO_VIOLATION, resolution="Quote"
    )
    with pytest.raises(DomainError):
        services.case_transition(actor=officer(), case=case, status=CaseStatus.INVESTIGATING)


def test_closing_tells_the_person_concerned(case: Case, employee: Person) -> None:
    services.case_set_subject(actor=officer(), case=case, subject=employee)
    services.case_transition(actor=officer(), case=case, status=CaseStatus.INVESTIGATING)
    services.case_transition(
        actor=officer(),
        case=case,
        status=CaseStatus.CLOSED,
        outcome=CaseOutcome.RESOLVED_INFORMALLY,
        resolution="Guidance",
    )
    assert Notification.objects.filter(recipient=employee.user, event="case.outcome").count() == 1


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []
    status = 204

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, type[_Receiver]]]:
    _Receiver.received = []
    _Receiver.status = 204
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook?token=abc", _Receiver
    server.shutdown()


def test_webhooks_are_signed_and_failures_kept(
    bank: Organisation,
    receiver: tuple[str, type[_Receiver]],
    run_on_commit: list[object],
    settings: SettingsWrapper,
) -> None:
    settings.TATAKELOLA_WEBHOOK_ALLOW_HOSTS = ["127.0.0.1"]  # an on-premise receiver, allowed by name
    url, handler = receiver
    endpoint, secret = webhook_endpoint_create(
        actor=User.objects.get(username="admin"), organisation_id=bank.pk, name="SIEM", url=url, events=["case.opened"]
    )
    assert secret not in endpoint.secret_encrypted
    audit = AuditEntry.objects.get(action="notifications.webhook.create")
    assert "token=abc" not in json.dumps(audit.after) and secret not in json.dumps(audit.after)

    services.case_open(actor=officer(), organisation=bank, title="Manual case", severity="high")
    [(headers, body)] = handler.received
    expected = hmac.new(secret.encode(), headers["X-Tatakelola-Timestamp"].encode() + b"." + body, hashlib.sha256)
    assert headers["X-Tatakelola-Signature"] == "sha256=" + expected.hexdigest()
    assert json.loads(body)["event"] == "case.opened"
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED

    handler.status = 500
    [failing] = webhook_event(
        organisation_id=bank.pk,
        event="case.opened",
        payload={"case": "K-9", "severity": "high", "title": "t", "due_at": "2026-12-01T00:00:00+00:00"},
    )
    failing.refresh_from_db()
    # In-process there is one attempt; the failure is kept with its status code, not lost.
    assert failing.status == DeliveryStatus.FAILED and failing.last_status_code == 500
    handler.status = 204
    assert webhook_send(delivery_id=failing.pk).status == DeliveryStatus.FAILED  # final stays final


@pytest.mark.parametrize(
    ("url", "resolves_to"),
    [
        ("http://127.0.0.1:8000/hook", None),
        ("http://169.254.169.254/latest/meta-data/", None),
        ("https://10.20.30.40/hook", None),
        ("http://[::1]/hook", None),
        ("https://siem.attacker.example/hook", "127.0.0.1"),
        ("https://metadata.attacker.example/hook", "169.254.169.254"),
        ("https://intranet.attacker.example/hook", "10.0.0.8"),
    ],
)
def test_webhook_targets_inside_the_network_are_refused(
    bank: Organisation, monkeypatch: pytest.MonkeyPatch, url: str, resolves_to: str | None
) -> None:
    if resolves_to:
        monkeypatch.setattr(netsafe, "_system_resolver", lambda host, port: [resolves_to])
    with pytest.raises(DomainError, match="internal address") as excinfo:
        webhook_endpoint_create(
            actor=User.objects.get(username="admin"), organisation_id=bank.pk, name="x", url=url, events=["case.opened"]
        )
    assert excinfo.value.field == "url"
    assert not WebhookEndpoint.objects.exists()


def test_delivery_is_refused_when_the_host_turns_internal_later(
    bank: Organisation, monkeypatch: pytest.MonkeyPatch, run_on_commit: list[object]
) -> None:
    """Checked again at delivery: a name that resolved publicly at save may point inside later."""
    monkeypatch.setattr(netsafe, "_system_resolver", lambda host, port: ["93.184.215.14"])
    webhook_endpoint_create(
        actor=User.objects.get(username="admin"),
        organisation_id=bank.pk,
        name="SIEM",
        url="https://siem.example.org/hook",
        events=["case.opened"],
    )
    monkeypatch.setattr(netsafe, "_system_resolver", lambda host, port: ["169.254.169.254"])
    monkeypatch.setattr(netsafe.socket, "create_connection", lambda *a, **k: pytest.fail("connected inside"))
    [delivery] = webhook_event(
        organisation_id=bank.pk,
        event="case.opened",
        payload={"case": "K-1", "severity": "high", "title": "t", "due_at": "2026-12-01T00:00:00+00:00"},
    )
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "169.254.169.254" in delivery.last_error and delivery.attempts == 1


def test_unknown_events_and_urls_are_refused(bank: Organisation) -> None:
    admin = User.objects.get(username="admin")
    with pytest.raises(DomainError):
        webhook_endpoint_create(actor=admin, organisation_id=bank.pk, name="x", url="https://e.test/", events=["nope"])
    with pytest.raises(DomainError):
        webhook_endpoint_create(
            actor=admin, organisation_id=bank.pk, name="x", url="file:///etc/passwd", events=["case.opened"]
        )


def test_confirming_public_personal_data_starts_the_breach_clock(post: Callable[..., Alert | None]) -> None:
    public = post(LEAK, handle="@banknusantara", author="rekan_agen")
    internal = post(LEAK.replace("3201010101010001", "3201014502900002"), handle="banknusantara.slack.com")
    assert public is not None and internal is not None
    with time_machine.travel(T0, tick=False):
        public_case = services.alert_confirm(actor=officer(), alert=public)
        internal_case = services.alert_confirm(actor=officer(), alert=internal)
    assert public_case.personal_data_breach and public_case.breach_notify_by == T0 + timedelta(hours=72)
    assert public_case.breach_notices.filter(required=True).count() == 3
    # An internal channel is not a publication: whether it is a breach is the investigator's call.
    assert not internal_case.personal_data_breach


def test_action_results_are_data_read_in_the_readers_language(case: Case) -> None:
    action = actions.action_take(actor=officer(), case=case, kind=ActionKind.LEGAL_HOLD, reason="Litigation")
    # Stored as a msgid and its parameters, not as a sentence in the language of the moment.
    assert action.result == {"msgid": "%(count)s message placed on legal hold.", "params": {"count": 1}}
    with translation.override("id"):
        assert render_text(action.result) == "1 pesan dikenai penahanan hukum."
    with translation.override("en"):
        assert render_text(action.result) == "1 message placed on legal hold."
    event = case.events.get(kind="action")
    assert event.data["result"] == action.result


def test_an_app_above_cases_provides_one_action_and_can_refuse_it(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "_HANDLERS", dict(actions._HANDLERS))
    monkeypatch.setattr(actions, "_PROVIDED", {})
    seen: list[int] = []

    def assign(action: EnforcementAction, **params: object) -> None:
        seen.append(action.pk)  # saved before the handler runs, so records can point at it
        if params["course"] == "none":
            raise DomainError("No such course.", field="course")
        action.result = deferred("Assigned %(course)s.", course=params["course"])

    actions.action_handler_provide(ActionKind.TRAINING, assign, provider="training")
    assert actions.action_providers() == {ActionKind.TRAINING: "training"}
    with pytest.raises(ImproperlyConfigured):
        actions.action_handler_provide(ActionKind.TRAINING, assign, provider="elsewhere")

    before = (EnforcementAction.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError):
        actions.action_take(actor=officer(), case=case, kind=ActionKind.TRAINING, reason="r", course="none")
    assert (EnforcementAction.objects.count(), AuditEntry.objects.count()) == before  # rolled back whole

    action = actions.action_take(actor=officer(), case=case, kind=ActionKind.TRAINING, reason="r", course="UU PDP")
    assert seen[-1] == action.pk and render_text(action.result) == "Assigned UU PDP."


def test_other_apps_write_linked_lines_on_the_timeline(case: Case) -> None:
    event = services.case_timeline_record(
        case=case,
        actor=officer(),
        text=deferred("Remedial training %(course)s requested for %(name)s.", course="K1", name="Agus"),
        url="/training/assignments/1/",
        source="training",
    )
    assert event.kind == "linked"
    with pytest.raises(ValueError, match="inside the platform"):
        services.case_timeline_record(
            case=case, actor=None, text=deferred("x"), url="https://evil.example/", source="x"
        )

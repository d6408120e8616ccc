"""The cases pages through the views: who may see and change what, the triage flows, and that
the pages render (and stay cheap) with real alerts, cases and actions in them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tatakelola.audit.models import AuditEntry
from tatakelola.cases import actions, services
from tatakelola.cases.choices import ActionKind, AlertStatus, CaseOutcome, CaseStatus, DismissReason, Verdict
from tatakelola.cases.models import Alert, Case, EnforcementAction, EvidenceFile, FindingLabel
from tatakelola.cases.sla import sla_check
from tatakelola.cases.templatetags.cases_tags import event_text
from tatakelola.notifications.models import Notification
from tatakelola.orgs.models import Organisation, Person
from tatakelola.utilities import netsafe

NIK_AND_CARD = "Kirim KTP, NIK 3201010101010001, kartu kredit 4111 1111 1111 1111 exp 12/27"
PHONE = "hubungi saya di 0813-9876-5432, NIK 3201014502900002"
SECRET = "password: Hunter2-Secret-99 buat login admin"
INSULT = "Dasar bodoh kamu, goblok"

Post = Callable[..., Alert | None]
ClientFor = Callable[[str], Client]

CASE_READERS = ["admin", "kepatuhan", "risiko", "hukum", "komunikasi", "sdm", "reviewer", "auditor"]
NOT_CASE_READERS = ["karyawan"]
TRIAGERS = ["admin", "kepatuhan"]  # plus the reviewer


def _user(username: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    return User.objects.get(username=username)


def _alert(post: Post, text: str = NIK_AND_CARD, **kwargs: str) -> Alert:
    alert = post(text, **kwargs)
    assert alert is not None, text
    return alert


@pytest.fixture
def case_with_everything(post: Post, bank: Organisation) -> Case:
    """A case with a linked alert, a person concerned, a warning, evidence and a breach clock."""
    alert = _alert(post)
    case = services.alert_confirm(actor=_user("reviewer"), alert=alert, note="real data")
    employee = Person.objects.get(user__username="karyawan")
    services.case_set_subject(actor=_user("kepatuhan"), case=case, subject=employee)
    case.refresh_from_db()
    actions.action_take(actor=_user("kepatuhan"), case=case, kind=ActionKind.WARN, reason="NIK posted publicly")
    services.case_evidence_add(
        actor=_user("kepatuhan"), case=case, upload=SimpleUploadedFile("screenshot.txt", b"evidence bytes")
    )
    case.refresh_from_db()
    if not case.personal_data_breach:  # confirming published personal data starts it already
        services.breach_clock_start(actor=_user("kepatuhan"), case=case)
    services.case_note(actor=_user("kepatuhan"), case=case, text="Called the branch.")
    case.refresh_from_db()
    return case


def _pages(case: Case, alert: Alert) -> list[str]:
    return [
        "/cases/queue/",
        f"/cases/alerts/{alert.pk}/",
        "/cases/",
        f"/cases/{case.pk}/",
        "/cases/precision/",
        "/cases/settings/",
    ]


# -- who sees what --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", CASE_READERS)
def test_case_readers_open_every_cases_page(client_for: ClientFor, case_with_everything: Case, username: str) -> None:
    client = client_for(username)
    alert = case_with_everything.alerts.get()
    for path in _pages(case_with_everything, alert):
        response = client.get(path)
        assert response.status_code == 200, (username, path, response.status_code)
    assert client.get("/notifications/").status_code == 200


@pytest.mark.parametrize("username", NOT_CASE_READERS)
def test_the_employee_is_refused_every_case_page(
    client_for: ClientFor, case_with_everything: Case, username: str
) -> None:
    client = client_for(username)
    alert = case_with_everything.alerts.get()
    evidence = case_with_everything.evidence.first()
    assert evidence is not None
    paths = [*_pages(case_with_everything, alert), f"/cases/{case_with_everything.pk}/evidence/{evidence.pk}/"]
    for path in paths:
        assert client.get(path).status_code == 403, path
    assert client.get("/cases/new/").status_code == 403


def test_the_employee_sees_only_their_own_case_and_its_outcome(
    client_for: ClientFor, case_with_everything: Case, post: Post
) -> None:
    # Another case about somebody else, and one about nobody.
    other = services.alert_confirm(actor=_user("reviewer"), alert=_alert(post, PHONE))
    services.case_set_subject(actor=_user("kepatuhan"), case=other, subject=Person.objects.get(user__username="sdm"))
    services.alert_confirm(actor=_user("reviewer"), alert=_alert(post, SECRET))

    client = client_for("karyawan")
    response = client.get("/cases/mine/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="own-case"') == 1
    assert case_with_everything.reference in html
    assert other.reference not in html
    # The warning they received is shown; the evidence, alerts, notes and message text are not.
    assert 'data-testid="own-action"' in html
    assert "screenshot.txt" not in html and "Called the branch." not in html
    assert "3201010101010001" not in html and "4111 1111" not in html
    assert reverse("cases:case", args=[case_with_everything.pk]) not in html

    # Once closed, the outcome and resolution appear.
    services.case_transition(actor=_user("kepatuhan"), case=case_with_everything, status=CaseStatus.INVESTIGATING)
    for notice in case_with_everything.breach_notices.filter(required=True):
        services.breach_notice_record(actor=_user("kepatuhan"), notice=notice, reference="letter 1")
    services.case_transition(
        actor=_user("kepatuhan"),
        case=case_with_everything,
        status=CaseStatus.CLOSED,
        outcome=CaseOutcome.RESOLVED_INFORMALLY,
        resolution="Post removed; guidance given.",
    )
    html = client.get("/cases/mine/").content.decode()
    assert "Post removed; guidance given." in html


def test_my_cases_is_empty_for_someone_without_cases(client_for: ClientFor, case_with_everything: Case) -> None:
    response = client_for("komunikasi").get("/cases/mine/")
    assert response.status_code == 200
    assert 'data-testid="no-own-cases"' in response.content.decode()


@pytest.mark.parametrize(
    "username", ["admin", "kepatuhan", "risiko", "hukum", "komunikasi", "sdm", "reviewer", "karyawan"]
)
def test_everyone_but_the_auditor_has_my_cases(client_for: ClientFor, demo: None, username: str) -> None:
    assert client_for(username).get("/cases/mine/").status_code == 200


@pytest.mark.parametrize(("username", "status"), [("kepatuhan", 200), ("hukum", 200), ("reviewer", 200), ("sdm", 403)])
def test_new_case_form_is_for_case_managers(client_for: ClientFor, demo: None, username: str, status: int) -> None:
    assert client_for(username).get("/cases/new/").status_code == status


def test_message_text_is_escaped_everywhere(client_for: ClientFor, post: Post) -> None:
    alert = _alert(post, '<script>alert("x")</script> kirim NIK 3201010101010001 ke <b>saya</b>')
    case = services.alert_confirm(actor=_user("reviewer"), alert=alert)
    client = client_for("kepatuhan")
    for path in ("/cases/queue/?status=all", f"/cases/alerts/{alert.pk}/", f"/cases/{case.pk}/"):
        html = client.get(path).content.decode()
        assert '<script>alert("x")' not in html and "<b>saya</b>" not in html, path
        assert "&lt;script&gt;" in html, path


def test_the_auditor_has_no_my_cases_page(client_for: ClientFor, demo: None) -> None:
    # The auditor holds no OWN_CASES_VIEW: the page and its menu entry are not theirs.
    client = client_for("auditor")
    assert client.get("/cases/mine/").status_code == 403
    assert 'href="/cases/mine/"' not in client.get("/").content.decode()


def test_auditor_reads_but_every_post_is_refused(client_for: ClientFor, case_with_everything: Case, post: Post) -> None:
    auditor = client_for("auditor")
    alert = _alert(post, INSULT)
    case = case_with_everything
    notice = case.breach_notices.first()
    policy = services.sla_policies(case.organisation)["high"]
    assert notice is not None
    html = auditor.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="status-form"' not in html and 'data-testid="action-form"' not in html
    assert 'data-testid="decision-form"' not in auditor.get(f"/cases/alerts/{alert.pk}/").content.decode()
    assert 'id="bulk-form"' not in auditor.get("/cases/queue/").content.decode()
    assert 'data-testid="webhook-form"' not in auditor.get("/cases/settings/").content.decode()

    before = (
        AuditEntry.objects.count(),
        list(Alert.objects.order_by("pk").values_list("status", "assignee_id")),
        list(Case.objects.order_by("pk").values_list("status", "assignee_id", "subject_id")),
        EnforcementAction.objects.count(),
        EvidenceFile.objects.count(),
        Notification.objects.filter(read_at__isnull=True).count(),
    )
    posts: list[tuple[str, dict[str, object]]] = [
        ("/cases/queue/bulk/", {"alerts": [alert.pk], "decision": "dismiss", "reason": "duplicate"}),
        (f"/cases/alerts/{alert.pk}/decide/", {"decision": "confirm"}),
        (f"/cases/alerts/{alert.pk}/assign/", {"assignee": ""}),
        ("/cases/new/", {"title": "x", "severity": "low"}),
        (f"/cases/{case.pk}/status/", {"status": "investigating"}),
        (f"/cases/{case.pk}/assign/", {"assignee": ""}),
        (f"/cases/{case.pk}/subject/", {"subject": ""}),
        (f"/cases/{case.pk}/notes/", {"text": "auditor note"}),
        (f"/cases/{case.pk}/evidence/", {"file": SimpleUploadedFile("x.txt", b"x")}),
        (f"/cases/{case.pk}/actions/", {"kind": "legal_hold", "reason": "x"}),
        (f"/cases/{case.pk}/breach/", {}),
        (f"/cases/{case.pk}/breach/{notice.pk}/", {"reference": "x"}),
        (
            f"/cases/settings/sla/{policy.pk}/",
            {"resolve_within_hours": 1, "warn_at_percent": 50, "escalate_to": "reviewer"},
        ),
        ("/notifications/webhooks/new/", {"name": "x", "url": "https://example.org/x", "events": ["case.opened"]}),
        ("/notifications/read/", {}),
    ]
    for path, data in posts:
        response = auditor.post(path, data)
        assert response.status_code == 403, (path, response.status_code)
    after = (
        AuditEntry.objects.count(),
        list(Alert.objects.order_by("pk").values_list("status", "assignee_id")),
        list(Case.objects.order_by("pk").values_list("status", "assignee_id", "subject_id")),
        EnforcementAction.objects.count(),
        EvidenceFile.objects.count(),
        Notification.objects.filter(read_at__isnull=True).count(),
    )
    assert after == before


@pytest.mark.parametrize("username", ["risiko", "komunikasi", "sdm"])
def test_readers_without_triage_see_no_triage_controls_and_cannot_decide(
    client_for: ClientFor, post: Post, username: str
) -> None:
    alert = _alert(post)
    client = client_for(username)
    assert 'data-testid="decision-form"' not in client.get(f"/cases/alerts/{alert.pk}/").content.decode()
    assert client.post(f"/cases/alerts/{alert.pk}/decide/", {"decision": "confirm"}).status_code == 403
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_post_without_csrf_token_is_refused(post: Post, demo: None) -> None:
    alert = _alert(post)
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="reviewer", password="tatakelola-demo")
    response = client.post(f"/cases/alerts/{alert.pk}/decide/", {"decision": "confirm"})
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    assert not Case.objects.exists()
    # With the token from the page, the same decision goes through.
    client.get(f"/cases/alerts/{alert.pk}/")
    token = client.cookies["csrftoken"].value
    response = client.post(f"/cases/alerts/{alert.pk}/decide/", {"decision": "confirm", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CONFIRMED


# -- triage through the views ---------------------------------------------------------------------


def test_queue_lists_open_alerts_by_severity_with_masked_snippets(client_for: ClientFor, post: Post) -> None:
    secret = _alert(post, SECRET)
    card = _alert(post, NIK_AND_CARD)
    insult = _alert(post, INSULT)
    html = client_for("reviewer").get("/cases/queue/").content.decode()
    order = [
        html.index(f'data-alert-id="{a.pk}"')
        for a in sorted([secret, card, insult], key=lambda a: (-a.severity_rank, a.pk))
    ]
    assert order == sorted(order)
    # Personal data and secrets never appear in clear, only their masked evidence.
    for clear in ("3201010101010001", "4111 1111 1111 1111", "Hunter2-Secret-99"):
        assert clear not in html
    assert "<mark" in html
    assert 'data-testid="severity-counts"' in html
    # Filters: by severity, through HTMX (rows only) and as a full page.
    htmx = client_for("reviewer").get(f"/cases/queue/?severity={insult.severity}", headers={"HX-Request": "true"})
    body = htmx.content.decode()
    assert "<html" not in body and f'data-alert-id="{insult.pk}"' in body
    if secret.severity != insult.severity:
        assert f'data-alert-id="{secret.pk}"' not in body
    assert "HX-Request" in htmx["Vary"]
    # Back-button history restores get the whole page, not the rows.
    restore = client_for("reviewer").get(
        "/cases/queue/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


def test_alert_page_explains_findings_in_the_readers_language(client_for: ClientFor, post: Post) -> None:
    alert = _alert(post, NIK_AND_CARD)
    client = client_for("reviewer")
    reviewer = Person.objects.filter(user__username="reviewer")
    reviewer.update(language="id")
    body = client.get(f"/cases/alerts/{alert.pk}/").content.decode()
    assert "Nomor 16 digit dengan struktur NIK yang valid" in body
    assert "16-digit number with a valid NIK structure" not in body
    reviewer.update(language="en")
    body = client.get(f"/cases/alerts/{alert.pk}/").content.decode()
    assert "16-digit number with a valid NIK structure" in body
    assert "Nomor 16 digit" not in body


def test_queue_filters_by_rule_and_unassigned(client_for: ClientFor, post: Post) -> None:
    card = _alert(post, NIK_AND_CARD)
    secret = _alert(post, SECRET)
    client = client_for("reviewer")
    html = client.get(f"/cases/queue/?rule={card.rule_ids[0]}").content.decode()
    assert f'data-alert-id="{card.pk}"' in html and f'data-alert-id="{secret.pk}"' not in html
    services.alert_assign(actor=_user("reviewer"), alert=secret, assignee=Person.objects.get(user__username="reviewer"))
    html = client.get("/cases/queue/?assignee=me").content.decode()
    assert f'data-alert-id="{secret.pk}"' in html and f'data-alert-id="{card.pk}"' not in html
    html = client.get("/cases/queue/?assignee=none").content.decode()
    assert f'data-alert-id="{card.pk}"' in html and f'data-alert-id="{secret.pk}"' not in html


def test_confirm_dismiss_and_escalate_through_the_views(client_for: ClientFor, post: Post) -> None:
    confirm, dismiss, escalate = _alert(post, NIK_AND_CARD), _alert(post, PHONE), _alert(post, INSULT)
    client = client_for("reviewer")
    queue = "/cases/queue/?severity=&status=open"

    response = client.post(
        f"/cases/alerts/{confirm.pk}/decide/", {"decision": "confirm", "note": "real", "next": queue}
    )
    assert response.status_code == 302 and response["Location"] == queue
    confirm.refresh_from_db()
    assert confirm.status == AlertStatus.CONFIRMED and confirm.case is not None
    assert set(FindingLabel.objects.filter(finding__message=confirm.message).values_list("verdict", flat=True)) == {
        Verdict.TRUE_POSITIVE
    }

    # A dismissal needs its reason; without one nothing changes.
    response = client.post(f"/cases/alerts/{dismiss.pk}/decide/", {"decision": "dismiss", "next": queue})
    assert response["Location"] == f"/cases/alerts/{dismiss.pk}/"
    dismiss.refresh_from_db()
    assert dismiss.status == AlertStatus.OPEN
    response = client.post(
        f"/cases/alerts/{dismiss.pk}/decide/", {"decision": "dismiss", "reason": DismissReason.TEST_DATA, "next": queue}
    )
    assert response["Location"] == queue
    dismiss.refresh_from_db()
    assert (dismiss.status, dismiss.dismiss_reason) == (AlertStatus.DISMISSED, DismissReason.TEST_DATA)

    response = client.post(
        f"/cases/alerts/{escalate.pk}/decide/", {"decision": "escalate", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/cases/queue/"  # an off-site next is ignored
    escalate.refresh_from_db()
    assert escalate.status == AlertStatus.ESCALATED and escalate.case is not None
    assert escalate.case.status == CaseStatus.TRIAGE

    # Deciding twice is an error message, not a second decision.
    client.post(f"/cases/alerts/{confirm.pk}/decide/", {"decision": "escalate"})
    confirm.refresh_from_db()
    assert confirm.status == AlertStatus.CONFIRMED

    actions_logged = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"cases.alert.confirm", "cases.alert.dismiss", "cases.alert.escalate", "cases.case.open"} <= actions_logged
    # The alert page shows the decision and the linked case.
    html = client.get(f"/cases/alerts/{confirm.pk}/").content.decode()
    assert 'data-testid="decision"' in html and confirm.case.reference in html
    assert 'data-testid="decision-form"' not in html
    # The rule precision page now has both labels.
    precision = client.get("/cases/precision/").content.decode()
    for rule in confirm.rule_ids + dismiss.rule_ids:
        assert f'data-rule="{rule}"' in precision


def test_bulk_confirm_into_one_case_and_bulk_dismiss(client_for: ClientFor, post: Post) -> None:
    a, b, c = _alert(post, NIK_AND_CARD), _alert(post, PHONE), _alert(post, SECRET)
    client = client_for("kepatuhan")
    response = client.post("/cases/queue/bulk/", {"alerts": [a.pk, b.pk], "decision": "confirm"})
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.case_id is not None and a.case_id == b.case_id
    assert response["Location"] == f"/cases/{a.case_id}/"
    client.post("/cases/queue/bulk/", {"alerts": [c.pk], "decision": "dismiss", "reason": DismissReason.DUPLICATE})
    c.refresh_from_db()
    assert c.status == AlertStatus.DISMISSED


def test_case_page_shows_timeline_actions_evidence_and_breach_clock(
    client_for: ClientFor, case_with_everything: Case
) -> None:
    case = case_with_everything
    response = client_for("kepatuhan").get(f"/cases/{case.pk}/")
    html = response.content.decode()
    assert case.reference in html
    for testid in ("timeline", "actions", "evidence", "breach", "breach-countdown", "status-form", "action-form"):
        assert f'data-testid="{testid}"' in html, testid
    assert 'data-testid="breach-form"' not in html  # the clock already runs
    # Every event is a readable line; the warning's generated text is shown.
    assert html.count("data-event=") == case.events.count()
    assert "Called the branch." in html
    assert 'data-testid="action-text"' in html
    evidence = case.evidence.get(name="screenshot.txt")
    assert evidence.sha256 in html
    assert reverse("cases:evidence", args=[case.pk, evidence.pk]) in html
    # Message text in the linked alerts is masked too.
    assert "3201010101010001" not in html
    # The reviewer works the case but takes no enforcement action.
    reviewer_html = client_for("reviewer").get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="status-form"' in reviewer_html and 'data-testid="action-form"' not in reviewer_html


def test_every_timeline_event_reads_as_a_sentence_in_both_languages(
    client_for: ClientFor, case_with_everything: Case
) -> None:
    case = case_with_everything
    officer = _user("kepatuhan")
    services.case_assign(actor=officer, case=case, assignee=Person.objects.get(user__username="hukum"))
    actions.action_take(actor=officer, case=case, kind=ActionKind.REPORT, reason="r", recipient="pdp_agency")
    actions.action_take(actor=officer, case=case, kind=ActionKind.TRAINING, reason="t", course="PDP-101")
    actions.action_take(actor=officer, case=case, kind=ActionKind.CRISIS, reason="c")
    sla_check(now=case.warn_at + timedelta(minutes=1))
    sla_check(now=case.due_at + timedelta(minutes=1))
    case.refresh_from_db()
    assert case.sla_breached_at is not None
    kinds = set(case.events.values_list("kind", flat=True))
    assert {"opened", "alert_linked", "subject", "assigned", "action", "status", "note", "evidence"} <= kinds
    assert {"breach_clock", "crisis", "sla_warning", "sla_breach"} <= kinds

    for language in ("en", "id"):
        with translation.override(language):
            for event in case.events.all():
                line = event_text(event)
                assert line and line != event.kind and "%(" not in line, (language, event.kind, line)
    html = client_for("hukum").get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="sla"' in html and "bg-red" in html
    assert html.count("data-event=") == case.events.count()
    # The report's generated files are linked from the action.
    report = case.actions.get(kind=ActionKind.REPORT)
    assert reverse("cases:evidence", args=[case.pk, report.details["report"]]) in html


def test_case_lifecycle_through_the_views(client_for: ClientFor, post: Post) -> None:
    alert = _alert(post, NIK_AND_CARD)
    client = client_for("kepatuhan")
    client.post(f"/cases/alerts/{alert.pk}/decide/", {"decision": "confirm"})
    alert.refresh_from_db()
    case = alert.case
    assert case is not None
    karyawan = Person.objects.get(user__username="karyawan")
    client.post(f"/cases/{case.pk}/subject/", {"subject": karyawan.pk})
    client.post(f"/cases/{case.pk}/assign/", {"assignee": Person.objects.get(user__username="hukum").pk})
    client.post(f"/cases/{case.pk}/notes/", {"text": "Checked with the branch."})
    client.post(f"/cases/{case.pk}/evidence/", {"file": SimpleUploadedFile("proof.txt", b"proof"), "description": "d"})
    client.post(f"/cases/{case.pk}/actions/", {"kind": ActionKind.LEGAL_HOLD, "reason": "Keep for the investigation"})
    client.post(f"/cases/{case.pk}/actions/", {"kind": ActionKind.WARN, "reason": "NIK posted", "language": "id"})
    case.refresh_from_db()
    assert case.subject == karyawan and case.assignee is not None and case.assignee.user.username == "hukum"
    assert case.status == CaseStatus.ACTION_TAKEN
    assert set(case.actions.values_list("kind", flat=True)) == {ActionKind.LEGAL_HOLD, ActionKind.WARN}
    assert case.evidence.filter(name="proof.txt").exists()

    # Closing without an outcome is refused, with a message; with one (and the breach notices
    # recorded: confirming published personal data started the clock) it closes.
    client.post(f"/cases/{case.pk}/status/", {"status": CaseStatus.CLOSED})
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTION_TAKEN
    if case.personal_data_breach:
        for notice in case.breach_notices.all():
            client.post(f"/cases/{case.pk}/breach/{notice.pk}/", {"reference": f"letter {notice.pk}"})
        assert not case.breach_notices.filter(notified_at__isnull=True).exists()
    client.post(f"/cases/{case.pk}/status/", {"status": CaseStatus.CLOSED})
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTION_TAKEN
    response = client.post(
        f"/cases/{case.pk}/status/",
        {"status": CaseStatus.CLOSED, "outcome": CaseOutcome.VIOLATION, "resolution": "Warned; post deleted."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, CaseOutcome.VIOLATION)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="case-outcome"' in html and "Warned; post deleted." in html
    assert 'data-testid="status-form"' not in html
    # The case list filters: it is final now.
    assert case.reference not in client.get("/cases/").content.decode()
    assert case.reference in client.get("/cases/?status=final").content.decode()


def test_case_create_form(client_for: ClientFor, demo: None) -> None:
    client = client_for("kepatuhan")
    assert client.get("/cases/new/").status_code == 200
    response = client.post("/cases/new/", {"title": "", "severity": "high"})
    assert response.status_code == 400
    response = client.post("/cases/new/", {"title": "Leaked slide deck", "severity": "high"})
    case = Case.objects.get(title="Leaked slide deck")
    assert response["Location"] == f"/cases/{case.pk}/"
    assert client_for("risiko").get("/cases/new/").status_code == 403


def test_evidence_download_is_an_attachment_and_scoped_to_the_organisation(
    client_for: ClientFor, case_with_everything: Case
) -> None:
    case = case_with_everything
    evidence = case.evidence.get(name="screenshot.txt")
    response = client_for("reviewer").get(f"/cases/{case.pk}/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"evidence bytes"  # type: ignore[attr-defined]

    # Someone of another organisation asks for the same case and file: 404, not the file.
    other = Organisation.objects.create(name="Other Org", slug="other-org")
    stranger = _user("reviewer").__class__.objects.create_user("stranger", password="tatakelola-demo")
    person = Person.objects.create(organisation=other, user=stranger, full_name="Stranger")
    from tatakelola.orgs.choices import Role
    from tatakelola.orgs.models import RoleAssignment

    RoleAssignment.objects.create(person=person, role=Role.COMPLIANCE_OFFICER)
    client = Client()
    assert client.login(username="stranger", password="tatakelola-demo")
    assert client.get(f"/cases/{case.pk}/evidence/{evidence.pk}/").status_code == 404
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    # And a file of the case, asked for under another case number, is not found either.
    second = services.case_open(actor=_user("kepatuhan"), organisation=case.organisation, title="t", severity="low")
    assert client_for("reviewer").get(f"/cases/{second.pk}/evidence/{evidence.pk}/").status_code == 404


def test_settings_sla_edit_and_webhook_secret_shown_once(
    client_for: ClientFor, demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(netsafe, "_system_resolver", lambda host, port: ["93.184.215.14"])  # a public receiver
    client = client_for("kepatuhan")
    assert "/notifications/webhooks/" in client.get("/cases/settings/").content.decode()
    html = client.get("/notifications/webhooks/").content.decode()
    assert "X-Tatakelola-Signature" in html and 'data-testid="webhook-form"' in html
    policy = services.sla_policies(Organisation.objects.get(slug="bank-nusantara"))["critical"]
    assert client.get(f"/cases/settings/sla/{policy.pk}/").status_code == 200
    response = client.post(
        f"/cases/settings/sla/{policy.pk}/",
        {"resolve_within_hours": 6, "warn_at_percent": 50, "escalate_to": "legal_counsel"},
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.resolve_within_hours == 6
    response = client.post(
        "/notifications/webhooks/new/",
        {"name": "SIEM", "url": "https://siem.example.org/hook", "events": ["case.opened", "alert.critical"]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="webhook-secret"' in html
    # Not shown again on the settings page.
    secret = html.split('data-testid="webhook-secret">', 1)[1].split("<", 1)[0]
    assert len(secret) > 20 and secret not in client.get("/notifications/webhooks/").content.decode()
    # The reviewer reads the SLA settings but may not change them, nor see the webhooks.
    reviewer = client_for("reviewer")
    assert reviewer.get("/cases/settings/").status_code == 200
    assert reviewer.get("/notifications/webhooks/").status_code == 403
    assert reviewer.get(f"/cases/settings/sla/{policy.pk}/").status_code == 403


def test_notification_centre_and_bell(client_for: ClientFor, post: Post) -> None:
    # A case assigned to the reviewer by someone else notifies them.
    alert = _alert(post, NIK_AND_CARD)
    case = services.alert_confirm(actor=_user("kepatuhan"), alert=alert)
    services.case_assign(actor=_user("kepatuhan"), case=case, assignee=Person.objects.get(user__username="reviewer"))
    unread = Notification.objects.filter(recipient=_user("reviewer"), read_at__isnull=True).count()
    assert unread >= 1
    client = client_for("reviewer")
    home = client.get("/").content.decode()
    assert f'data-testid="unread-count">{unread}<' in home
    html = client.get("/notifications/").content.decode()
    assert case.reference in html and 'data-unread="true"' in html
    response = client.post("/notifications/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=_user("reviewer"), read_at__isnull=True).exists()
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()


def test_pages_render_in_indonesian_for_an_indonesian_reader(client_for: ClientFor, case_with_everything: Case) -> None:
    client = client_for("kepatuhan")  # prefers Bahasa Indonesia
    html = client.get("/cases/queue/").content.decode()
    assert "Antrean tinjauan" in html
    html = client.get(f"/cases/{case_with_everything.pk}/").content.decode()
    assert "Linimasa" in html or "Lini masa" in html


# -- cost -----------------------------------------------------------------------------------------


def _many_alerts(bank: Organisation, count: int) -> None:
    """Alerts on messages with findings, made in bulk (scanning each would make this test slow)."""
    from django.utils import timezone

    from tatakelola.monitoring.models import Finding, Message, MonitoredAccount

    account = MonitoredAccount.objects.get(organisation=bank, handle="@banknusantara")
    start = Message.objects.count()
    messages = Message.objects.bulk_create(
        Message(
            organisation=bank,
            account=account,
            platform=account.platform,
            external_id=f"bulk-{start + i}",
            author="bulk",
            text=f"NIK 3201010101010001 nomor {i}",
            posted_at=timezone.now(),
        )
        for i in range(count)
    )
    Finding.objects.bulk_create(
        Finding(
            organisation=bank,
            message=m,
            rule_id="PII-NIK-001",
            pack="id-uu-pdp-personal-data",
            title="NIK",
            severity="high",
            category="pii",
            action="alert",
            spans=[[4, 20]],
            evidence="32************01",
        )
        for m in messages
    )
    services.alerts_build(message_ids=[m.pk for m in messages])
    reviewer = Person.objects.get(user__username="reviewer")
    Alert.objects.filter(message__in=messages[::2]).update(assignee=reviewer)


@pytest.mark.parametrize("count", [5, 60])
def test_queue_query_count_does_not_grow_with_the_alerts(
    client_for: ClientFor,
    bank: Organisation,
    django_assert_max_num_queries,
    count: int,  # type: ignore[no-untyped-def]
) -> None:
    _many_alerts(bank, count)
    client = client_for("reviewer")
    client.get("/cases/queue/")  # warm caches (sessions, rule titles)
    with django_assert_max_num_queries(16):
        response = client.get("/cases/queue/")
    assert response.status_code == 200
    open_alerts = Alert.objects.filter(status=AlertStatus.OPEN).count()
    assert response.content.decode().count("data-alert-row") == min(open_alerts, 50)


def test_queue_pages_keep_the_filters(client_for: ClientFor, bank: Organisation) -> None:
    _many_alerts(bank, 60)
    client = client_for("reviewer")
    html = client.get("/cases/queue/?severity=high&platform=instagram").content.decode()
    assert "severity=high&amp;platform=instagram&amp;page=2" in html
    second = client.get("/cases/queue/?severity=high&platform=instagram&page=2").content.decode()
    assert second.count("data-alert-row") >= 10
    assert "severity=high&amp;platform=instagram&amp;page=1" in second


def test_case_list_filters(client_for: ClientFor, case_with_everything: Case) -> None:
    client = client_for("reviewer")  # the reviewer confirmed it, so it is assigned to them
    assert case_with_everything.reference in client.get("/cases/?assignee=me").content.decode()
    assert case_with_everything.reference not in client_for("hukum").get("/cases/?assignee=me").content.decode()
    assert case_with_everything.reference not in client.get("/cases/?breached=1").content.decode()
    assert (
        case_with_everything.reference
        in client.get(f"/cases/?severity={case_with_everything.severity}").content.decode()
    )


def test_queue_queries_are_the_same_for_5_and_60_alerts(client_for: ClientFor, bank: Organisation) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("reviewer")
    counts = []
    for count in (5, 55):
        _many_alerts(bank, count)
        client.get("/cases/queue/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/cases/queue/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts

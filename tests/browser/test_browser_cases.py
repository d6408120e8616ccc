"""Issue 7's acceptance journey: a reviewer triages three alerts (one with the keyboard), the
compliance officer takes an enforcement action on the case that was opened and closes it, and
every step is in the audit log, as rows and on the /audit/ page."""

from __future__ import annotations

from itertools import count

import pytest

from tatakelola.audit.models import AuditEntry
from tatakelola.cases.choices import ActionKind, AlertStatus, CaseOutcome, CaseStatus, DismissReason
from tatakelola.cases.models import Alert, Case, LegalHold
from tatakelola.connectors import Page, RawItem
from tatakelola.connectors.generic import JsonlConnector
from tatakelola.monitoring import services as monitoring
from tatakelola.monitoring.models import Message, MonitoredAccount

pytestmark = pytest.mark.browser

NIK_AND_CARD = "Kirim KTP, NIK 3201010101010001, kartu kredit 4111 1111 1111 1111 exp 12/27"
PHONE = "hubungi saya di 0813-9876-5432, NIK 3201014502900002"
INSULT = "Dasar bodoh kamu, goblok"
_ids = count(1)


def post(text: str, *, author: str, handle: str = "@banknusantara") -> Alert:
    """Store and scan one message the way the pipeline does; return the alert it raised."""
    account = MonitoredAccount.objects.get(organisation__slug="bank-nusantara", handle=handle)
    external_id = f"browser-{next(_ids)}"
    reader = JsonlConnector(monitoring.connector_settings(account))
    page = Page(items=[RawItem({"id": external_id, "text": text, "author": author}, "test")])
    result = monitoring.page_ingest(account=account, normalize=reader.normalize, page=page, source="test")
    monitoring.messages_scan(message_ids=result.message_ids)
    alert = Alert.objects.filter(message=Message.objects.get(account=account, external_id=external_id)).first()
    assert alert is not None, f"no alert for {text!r}"
    return alert


def test_reviewer_triages_officer_acts_and_closes_everything_audited(ui) -> None:  # type: ignore[no-untyped-def]
    page = ui.page
    confirm = post(NIK_AND_CARD, author="pelanggan_a")
    dismiss = post(PHONE, author="pelanggan_b")
    escalate = post(INSULT, author="pelanggan_c")
    audited_before = AuditEntry.objects.count()

    # -- the reviewer's queue ------------------------------------------------------------------
    ui.login("reviewer")
    assert ui.goto("/cases/queue/").status == 200
    rows = page.locator("tr[data-alert-row]")
    assert rows.count() >= 3
    for alert in (confirm, dismiss, escalate):
        assert page.locator(f"tr[data-alert-id='{alert.pk}']").count() == 1
    # Personal data is masked in the snippets.
    table = page.get_by_test_id("queue-table").inner_text()
    assert "3201010101010001" not in table and "4111 1111 1111 1111" not in table
    assert page.get_by_test_id("shortcuts").is_visible()
    ui.screenshot("cases-queue")

    # j / k move the selection, x toggles the selected row's checkbox.
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    assert rows.nth(0).get_attribute("class") and "table-active" in (rows.nth(0).get_attribute("class") or "")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert "table-active" in (rows.nth(0).get_attribute("class") or "")
    page.keyboard.press("x")
    assert rows.nth(0).locator("input[type=checkbox]").is_checked()
    page.keyboard.press("x")
    assert not rows.nth(0).locator("input[type=checkbox]").is_checked()

    # A filter swaps the rows through HTMX and keeps the query in the URL (and in each link's next).
    with page.expect_response(lambda r: "/cases/queue/?" in r.url):
        page.select_option("#f-assignee", "none")
    page.wait_for_function("location.search.includes('assignee=none')")
    for alert in (confirm, dismiss, escalate):
        assert page.locator(f"tr[data-alert-id='{alert.pk}']").count() == 1

    # 1. Confirm with the keyboard: `c` on the alert page.
    with page.expect_navigation():
        page.locator(f"tr[data-alert-id='{confirm.pk}'] a[data-alert-link]").click()
    assert ui.path() == f"/cases/alerts/{confirm.pk}/"
    assert page.get_by_test_id("message-text").locator("mark").count() >= 2
    assert "3201010101010001" not in page.get_by_test_id("message-text").inner_text()
    ui.screenshot("cases-alert")
    with page.expect_navigation():
        page.keyboard.press("c")
    assert ui.path() == "/cases/queue/" and "assignee=none" in page.url  # back to the filtered queue
    assert page.locator(".alert-success").is_visible()
    confirm.refresh_from_db()
    assert confirm.status == AlertStatus.CONFIRMED and confirm.case is not None
    case = confirm.case
    assert page.locator(f"tr[data-alert-id='{confirm.pk}']").count() == 0

    # 2. Dismiss as a false positive: `d` focuses the reason.
    with page.expect_navigation():
        page.locator(f"tr[data-alert-id='{dismiss.pk}'] a[data-alert-link]").click()
    page.keyboard.press("d")
    assert page.evaluate("document.activeElement && document.activeElement.name") == "reason"
    page.select_option("select[name=reason]", DismissReason.RULE_TOO_BROAD)
    page.fill("textarea[name=note]", "Nomor layanan pelanggan")
    with page.expect_navigation():
        page.get_by_test_id("dismiss").click()
    dismiss.refresh_from_db()
    assert (dismiss.status, dismiss.dismiss_reason) == (AlertStatus.DISMISSED, DismissReason.RULE_TOO_BROAD)

    # 3. Escalate: reach the alert with j and Enter, check `a` focuses the assignee, then `e`.
    ids = page.locator("tr[data-alert-row]").evaluate_all("rows => rows.map(r => r.dataset.alertId)")
    page.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(ids.index(str(escalate.pk)) + 1):
        page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert ui.path() == f"/cases/alerts/{escalate.pk}/"
    page.keyboard.press("a")
    assert page.evaluate("document.activeElement && document.activeElement.name") == "assignee"
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.keyboard.press("e")
    escalate.refresh_from_db()
    assert escalate.status == AlertStatus.ESCALATED and escalate.case is not None
    assert escalate.case.status == CaseStatus.TRIAGE
    ui.screenshot("cases-queue-after-triage")

    # The reviewer sees the case but has no enforcement form.
    assert ui.goto(f"/cases/{case.pk}/").status == 200
    assert page.get_by_test_id("action-form").count() == 0
    with page.expect_navigation():
        page.get_by_test_id("logout").click()

    # -- the compliance officer acts and closes ------------------------------------------------
    ui.login("kepatuhan")
    assert ui.goto("/cases/").status == 200
    assert page.get_by_test_id("cases-table").locator(f"a[href='/cases/{case.pk}/']").count() == 1
    ui.goto(f"/cases/{case.pk}/")
    # The employee who posted it is the person concerned: they will see the outcome.
    subject = page.get_by_test_id("subject-form")
    subject.locator("select[name=subject]").select_option(label="Agus Setiawan — Customer Care Officer")
    with page.expect_navigation():
        subject.locator("button[type=submit]").click()
    form = page.get_by_test_id("action-form")
    form.locator("select[name=kind]").select_option(ActionKind.WARN)
    # Only the fields of the chosen action are shown.
    assert form.locator("select[name=person]").is_visible()
    assert not form.locator("select[name=message]").is_visible()
    assert not form.locator("select[name=recipient]").is_visible()
    form.locator("select[name=kind]").select_option(ActionKind.LEGAL_HOLD)
    assert form.locator("select[name=message]").is_visible()
    assert not form.locator("select[name=person]").is_visible()
    form.locator("textarea[name=reason]").fill("Simpan pesan untuk investigasi")
    with page.expect_navigation():
        page.get_by_test_id("action-submit").click()
    assert page.locator(".alert-success").is_visible()
    assert LegalHold.objects.filter(case=case, released_at__isnull=True).count() == 1

    form = page.get_by_test_id("action-form")
    form.locator("select[name=kind]").select_option(ActionKind.WARN)
    form.locator("textarea[name=reason]").fill("NIK nasabah diunggah ke publik")
    with page.expect_navigation():
        page.get_by_test_id("action-submit").click()
    actions = page.get_by_test_id("actions")
    warning = actions.locator("[data-kind=warn] [data-testid=action-text]")
    assert warning.is_visible() and "Agus Setiawan" in warning.inner_text()
    # Readable: the generated text is not drawn in the colour of its background.
    colours = warning.evaluate("el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")
    assert colours[0] != colours[1], colours
    assert "NIK nasabah diunggah ke publik" in actions.inner_text()

    # Confirming published personal data started the UU PDP clock: record each notice before closing.
    breach = page.get_by_test_id("breach")
    assert breach.is_visible() and page.get_by_test_id("breach-countdown").get_attribute("data-past") == "false"
    ui.screenshot("cases-case-breach")
    pending = breach.locator("form")
    assert pending.count() >= 3
    for number in range(pending.count()):
        pending.first.locator("input[name=reference]").fill(f"Surat B-{number + 1}/KPT/2026")
        with page.expect_navigation():
            pending.first.locator("button[type=submit]").click()
        breach = page.get_by_test_id("breach")
        pending = breach.locator("form")
    assert pending.count() == 0
    assert case.breach_notices.filter(notified_at__isnull=True).count() == 0
    assert page.get_by_test_id("breach-done").is_visible()

    status_form = page.get_by_test_id("status-form")
    status_form.locator("select[name=status]").select_option(CaseStatus.CLOSED)
    assert status_form.locator("select[name=outcome]").is_visible()
    status_form.locator("select[name=outcome]").select_option(CaseOutcome.VIOLATION)
    status_form.locator("textarea[name=resolution]").fill("Teguran diberikan; pesan ditahan untuk investigasi.")
    with page.expect_navigation():
        status_form.locator("button[type=submit]").click()
    assert page.get_by_test_id("case-outcome").is_visible(), page.locator(".alert").all_inner_texts()
    assert page.get_by_test_id("status-form").count() == 0
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, CaseOutcome.VIOLATION)
    timeline = page.get_by_test_id("timeline")
    assert timeline.locator("[data-event=action]").count() == 2
    assert timeline.locator("[data-event=status]").count() >= 2
    ui.screenshot("cases-case-closed")
    with page.expect_navigation():
        page.get_by_test_id("logout").click()

    # -- the employee reads the outcome, and nothing else ----------------------------------------
    ui.login("karyawan")
    assert page.get_by_test_id("unread-count").is_visible()
    assert ui.goto("/cases/mine/").status == 200
    own = page.get_by_test_id("own-case").filter(has_text=case.reference)
    assert own.count() == 1
    assert "Teguran diberikan; pesan ditahan untuk investigasi." in own.inner_text()
    assert "Agus Setiawan" in own.locator("pre").inner_text()
    assert "3201010101010001" not in page.content() and "Surat B-1" not in page.content()
    ui.screenshot("cases-my-cases")
    assert ui.goto(f"/cases/{case.pk}/").status == 403
    assert ui.goto("/cases/queue/").status == 403
    ui.goto("/notifications/")
    assert page.locator("[data-unread=true]").count() >= 1
    with page.expect_navigation():
        page.get_by_test_id("mark-all-read").click()
    assert page.locator("[data-unread=true]").count() == 0
    assert page.get_by_test_id("unread-count").count() == 0
    with page.expect_navigation():
        page.get_by_test_id("logout").click()

    # -- the audit log ----------------------------------------------------------------------------
    expected = [
        "cases.alert.confirm",
        "cases.alert.dismiss",
        "cases.alert.escalate",
        "cases.case.open",
        "cases.action.legal_hold",
        "cases.action.warn",
        "cases.case.breach_notice",
        "cases.case.status",
    ]
    new_actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)[audited_before:])
    for action in expected:
        assert action in new_actions, f"{action} not audited: {new_actions}"
    assert new_actions.count("cases.case.open") == 2  # the confirmation's case and the escalation's

    ui.login("admin")
    ui.goto("/audit/")
    codes = set(page.get_by_test_id("audit-table").locator("tbody tr code").all_inner_texts())
    for action in expected:
        assert action in codes, f"{action} not on the /audit/ page"
    ui.goto(f"/audit/?action={'cases.case.status'}")
    rows = page.get_by_test_id("audit-table").locator("tbody tr")
    assert rows.count() >= 1 and "kepatuhan" in rows.first.inner_text()
    ui.screenshot("cases-audit")
    # The rule owners' view of the decisions just made, and the settings page.
    ui.goto("/cases/precision/")
    for rule in dismiss.rule_ids:
        assert page.locator(f"tr[data-rule='{rule}']").count() == 1
    ui.screenshot("cases-precision")
    ui.goto("/cases/settings/")
    assert page.get_by_test_id("sla-table").locator("tbody tr").count() == 4
    ui.screenshot("cases-settings")

    assert ui.problems.js_errors == []
    assert ui.problems.failed_assets == []
    assert Case.objects.filter(pk=case.pk, status=CaseStatus.CLOSED).exists()

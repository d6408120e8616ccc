"""Journeys through the UI: the read-only auditor, the governance admin, the language switch."""

from __future__ import annotations

import pytest

from tatakelola.api.models import ApiToken
from tatakelola.audit.models import AuditEntry, AuditVerification, VerificationStatus
from tatakelola.orgs.models import Department, Person

pytestmark = pytest.mark.browser

ACCESS_DENIED = 'class="empty'  # the 403 page's block; Django's CSRF failure page has none


def test_auditor_reads_but_cannot_write(ui) -> None:  # type: ignore[no-untyped-def]
    page = ui.page
    ui.login("auditor")
    assert ui.html_lang() == "en"

    assert ui.goto("/audit/").status == 200
    assert page.get_by_test_id("audit-table").is_visible()
    assert page.get_by_test_id("verify").count() == 0
    assert ui.goto("/org/me/").status == 200
    assert page.get_by_test_id("tokens").is_visible()
    assert page.locator("form[action='/tokens/new/']").count() == 0
    ui.screenshot("auditor-profile")

    entries, verifications = AuditEntry.objects.count(), AuditVerification.objects.count()

    # Control: the same kind of request to a public view passes CSRF, so the 403s below are the
    # capability check, not a CSRF failure (whose page has no access-denied block either).
    control = ui.post("/i18n/language/", {"language": "en", "next": "/"})
    assert control.status == 302

    for path, form in (
        ("/org/departments/new/", {"name": "Departemen Bayangan", "code": "bayangan", "description": ""}),
        ("/audit/verify/", {}),
        ("/tokens/new/", {"name": "auditor script"}),
    ):
        response = ui.post(path, form)
        assert response.status == 403, f"POST {path} as the auditor answered {response.status}"
        assert ACCESS_DENIED in response.text(), f"POST {path}: not the access-denied page"

    assert not Department.objects.filter(code="bayangan").exists()
    assert not ApiToken.objects.filter(name="auditor script").exists()
    assert AuditEntry.objects.count() == entries
    assert AuditVerification.objects.count() == verifications

    # Logging out is a POST form; afterwards the home page sends back to the login page.
    with page.expect_navigation():
        page.get_by_test_id("logout").click()
    assert ui.path() == "/accounts/login/"
    assert ui.menu_hrefs() == set()
    ui.goto("/")
    assert ui.path() == "/accounts/login/"


def test_admin_adds_a_department_and_verifies_the_audit_chain(ui) -> None:  # type: ignore[no-untyped-def]
    page = ui.page
    ui.login("admin")

    assert ui.goto("/org/departments/").status == 200
    form = page.locator("form[action='/org/departments/new/']")
    form.locator("#id_name").fill("Keberlanjutan")
    form.locator("#id_code").fill("esg")
    form.locator("#id_description").fill("Sustainability reporting and ESG communications")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert ui.path() == "/org/departments/"
    assert page.locator(".alert-success").is_visible()
    row = page.get_by_test_id("departments-table").locator("tbody tr", has_text="Keberlanjutan")
    assert row.count() == 1
    assert row.locator("code").inner_text() == "esg"
    ui.screenshot("admin-department-created")

    assert ui.goto("/audit/").status == 200
    newest = page.get_by_test_id("audit-table").locator("tbody tr").first
    assert newest.locator("code").inner_text() == "orgs.department.create"
    assert "Keberlanjutan" in newest.inner_text()
    assert newest.locator("td").nth(2).inner_text().strip() == "admin"
    last_entry = AuditEntry.objects.order_by("-seq").first()
    assert last_entry is not None and last_entry.action == "orgs.department.create"

    checked = AuditEntry.objects.count()
    with page.expect_navigation():
        page.get_by_test_id("verify").click()
    assert ui.path() == "/audit/"
    assert page.locator(".alert-success").is_visible()
    latest = page.get_by_test_id("verifications").locator(".list-group-item").first
    assert latest.locator(".badge.bg-green-lt").count() == 1
    assert "admin" in latest.inner_text()
    verification = AuditVerification.objects.order_by("-id").first()
    assert verification is not None
    assert verification.status == VerificationStatus.INTACT
    assert verification.entries_checked == checked
    # The check itself is logged, on top of the department's entry.
    actions = page.get_by_test_id("audit-table").locator("tbody tr code")
    assert [actions.nth(0).inner_text(), actions.nth(1).inner_text()] == [
        "audit.chain.verified",
        "orgs.department.create",
    ]
    ui.screenshot("admin-audit-verified")
    assert ui.problems.js_errors == []


def test_language_switch_persists(ui) -> None:  # type: ignore[no-untyped-def]
    page = ui.page
    ui.login("admin")
    assert ui.html_lang() == "id"
    assert page.locator("#language-select").input_value() == "id"
    ui.screenshot("admin-lang-id")

    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert ui.path() == "/"
    assert ui.html_lang() == "en"
    assert page.locator("#language-select").input_value() == "en"

    page.reload()
    assert ui.html_lang() == "en"
    assert ui.goto("/org/people/").status == 200
    assert ui.html_lang() == "en"
    ui.goto("/")
    ui.screenshot("admin-lang-en")
    # Saved as the person's preference, not only in the cookie.
    assert Person.objects.get(user__username="admin").language == "en"

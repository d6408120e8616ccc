"""Logging in as each demo role shows only what that role may see (issue 3).

Expectations come from two independent sources that must agree with the browser:
the capability matrix (ROLE_CAPABILITIES, MENU and the capability each view declares) and
a hand-written table below, so a wrong matrix cannot make the test pass by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import resolve, reverse

from tatakelola.access.capabilities import ROLE_CAPABILITIES, Capability, capabilities_for_roles
from tatakelola.access.decorators import REQUIRED_CAPABILITY_ATTR
from tatakelola.orgs import demo_data
from tatakelola.web.navigation import menu_items

pytestmark = pytest.mark.browser

WEBHOOKS = "/notifications/webhooks/"
HOME, PEOPLE, DEPARTMENTS, AUDIT, COMMITTEE, PROFILE, ACCOUNTS, INGESTION = (
    "/",
    "/org/people/",
    "/org/departments/",
    "/audit/",
    "/org/committee/",
    "/org/me/",
    "/monitoring/accounts/",
    "/monitoring/ingestion/",
)
QUEUE, CASES, MY_CASES, PRECISION, CASE_SETTINGS = (
    "/cases/queue/",
    "/cases/",
    "/cases/mine/",
    "/cases/precision/",
    "/cases/settings/",
)
GUARDED_PAGES = (
    PEOPLE,
    DEPARTMENTS,
    AUDIT,
    COMMITTEE,
    ACCOUNTS,
    INGESTION,
    QUEUE,
    CASES,
    MY_CASES,
    PRECISION,
    CASE_SETTINGS,
    WEBHOOKS,
)
ORG_NAME = "Bank Nusantara Sejahtera"


@dataclass(frozen=True)
class Sees:
    """What one login sees. menu: the navbar hrefs; denied: guarded pages answered with 403;
    verify: the audit "verify" button; manage: the "Manage committee" link on home, the "edit
    roles" links and the new-department form; tokens: the token form on the profile page;
    lang: the UI language after login (not part of the capability comparison)."""

    menu: frozenset[str]
    denied: frozenset[str]
    verify: bool
    manage: bool
    tokens: bool
    monitor: bool
    lang: str = field(default="", compare=False)


def sees(
    menu: set[str], denied: set[str], *, verify: bool, manage: bool, tokens: bool, monitor: bool, lang: str = "id"
) -> Sees:
    return Sees(
        frozenset(menu), frozenset(denied), verify=verify, manage=manage, tokens=tokens, monitor=monitor, lang=lang
    )


MONITORING_MENU = {ACCOUNTS, INGESTION}
CASES_MENU = {QUEUE, CASES, PRECISION, CASE_SETTINGS}
OVERSIGHT_MENU = {HOME, PEOPLE, DEPARTMENTS, AUDIT, WEBHOOKS} | MONITORING_MENU | CASES_MENU
DIRECTORY_MENU = {HOME, PEOPLE, DEPARTMENTS}

# Written by hand from the issues, not computed: what each demo login must (not) see.
# Monitoring (issue 6): oversight roles, communications, reviewers and the auditor read it;
# the governance admin, compliance and communications keep the inventory and run imports.
# Cases (issue 7): everyone but the employee reads the queue, cases, precision and settings;
# everyone but the auditor (who is nobody's case) has "My cases".
EXPECTED: dict[str, Sees] = {
    "admin": sees(OVERSIGHT_MENU | {MY_CASES}, set(), verify=True, manage=True, tokens=True, monitor=True),
    "kepatuhan": sees(OVERSIGHT_MENU | {MY_CASES}, {COMMITTEE}, verify=True, manage=False, tokens=True, monitor=True),
    "risiko": sees(OVERSIGHT_MENU | {MY_CASES}, {COMMITTEE}, verify=False, manage=False, tokens=True, monitor=False),
    "hukum": sees(OVERSIGHT_MENU | {MY_CASES}, {COMMITTEE}, verify=False, manage=False, tokens=True, monitor=False),
    "komunikasi": sees(
        DIRECTORY_MENU | MONITORING_MENU | CASES_MENU | {MY_CASES},
        {AUDIT, COMMITTEE, WEBHOOKS},
        verify=False,
        manage=False,
        tokens=True,
        monitor=True,
    ),
    "sdm": sees(
        DIRECTORY_MENU | CASES_MENU | {MY_CASES},
        {AUDIT, COMMITTEE, WEBHOOKS} | MONITORING_MENU,
        verify=False,
        manage=False,
        tokens=True,
        monitor=False,
    ),
    "reviewer": sees(
        {HOME, MY_CASES} | MONITORING_MENU | CASES_MENU,
        set(GUARDED_PAGES) - MONITORING_MENU - CASES_MENU - {MY_CASES},
        verify=False,
        manage=False,
        tokens=True,
        monitor=False,
    ),
    "karyawan": sees(
        {HOME, MY_CASES}, set(GUARDED_PAGES) - {MY_CASES}, verify=False, manage=False, tokens=True, monitor=False
    ),
    "auditor": sees(
        OVERSIGHT_MENU, {COMMITTEE, MY_CASES}, verify=False, manage=False, tokens=False, monitor=False, lang="en"
    ),
}
DEMO_ROLES = {username: frozenset(roles) for username, _name, _dept, _title, roles, *_ in demo_data.PEOPLE}


def required_capability(path: str) -> Capability:
    """The capability the view behind ``path`` declares with @requires."""
    capability = getattr(resolve(path).func, REQUIRED_CAPABILITY_ATTR, None)
    assert capability is not None, f"the view of {path} declares no capability"
    return Capability(capability)


def derived_expectations(username: str) -> Sees:
    """The same expectations, computed from the capability matrix and the views."""
    capabilities = capabilities_for_roles(set(DEMO_ROLES[username]))
    return sees(
        {reverse(item.url_name) for item in menu_items() if item.capability in capabilities},
        {path for path in GUARDED_PAGES if required_capability(path) not in capabilities},
        verify=Capability.AUDIT_VERIFY in capabilities,
        manage=Capability.ORG_MANAGE in capabilities,
        tokens=Capability.SELF_SERVICE in capabilities,
        monitor=Capability.MONITORING_MANAGE in capabilities,
    )


def test_hand_written_table_covers_every_demo_login_and_role() -> None:
    assert set(EXPECTED) == set(DEMO_ROLES)
    assert set().union(*DEMO_ROLES.values()) == set(ROLE_CAPABILITIES)


@pytest.mark.parametrize("username", list(EXPECTED))
def test_matrix_agrees_with_the_hand_written_table(username: str) -> None:
    assert derived_expectations(username) == EXPECTED[username]


@pytest.mark.parametrize("username", list(EXPECTED))
def test_each_role_sees_only_what_it_may(ui, username: str) -> None:  # type: ignore[no-untyped-def]
    expected = EXPECTED[username]
    derived = derived_expectations(username)
    page = ui.page

    ui.login(username)
    assert ui.html_lang() == expected.lang

    # Home: the organisation, its committee and the roles; the menu is exactly what the role may open.
    assert ui.menu_hrefs() == expected.menu == derived.menu
    assert page.get_by_test_id("org-name").inner_text().strip() == ORG_NAME
    assert page.get_by_test_id("committee").is_visible()
    assert page.get_by_test_id("roles").is_visible()
    manage_links = page.locator(f"a[href='{COMMITTEE}']")
    assert manage_links.count() == (1 if expected.manage else 0)
    assert ui.problems.failed_assets == [], "static assets 404 under the live server"
    assert ui.styled(), "Tabler's CSS is not applied to the home page"
    ui.screenshot(f"{username}-home")

    # Every menu page and the profile open, and the controls inside them follow the same
    # capabilities; every guarded page the role may not see is refused with the access-denied page.
    allowed = (expected.menu | {PROFILE} | set(GUARDED_PAGES)) - expected.denied - {HOME}
    for path in sorted(allowed):
        response = ui.goto(path)
        assert response.status == 200, f"{username} got {response.status} on {path}"
        assert ui.menu_hrefs() == expected.menu, f"the menu changed on {path}"
        if path == AUDIT:
            assert page.get_by_test_id("verify").count() == (1 if expected.verify else 0)
        elif path == PEOPLE:
            rows = page.locator("[data-testid=people-table] tbody tr").count()
            assert rows > 1
            edit_links = page.locator("[data-testid=people-table] a[href^='/org/people/'][href$='/roles/']")
            assert edit_links.count() == (rows if expected.manage else 0)
        elif path == DEPARTMENTS:
            assert page.locator("form[action='/org/departments/new/']").count() == (1 if expected.manage else 0)
        elif path == PROFILE:
            assert page.locator("form[action='/tokens/new/']").count() == (1 if expected.tokens else 0)
        elif path == ACCOUNTS:
            assert page.locator("[data-testid=accounts-table] tbody tr").count() > 1
            assert page.get_by_test_id("account-create").count() == (1 if expected.monitor else 0)
    for path in sorted(expected.denied):
        response = ui.goto(path)
        assert response.status == 403, f"{username} got {response.status} on {path}, expected 403"
        # The access-denied page, inside the normal layout, offering the way home.
        assert page.locator(".empty a[href='/']").is_visible(), f"no access-denied page on {path}"
        assert ui.menu_hrefs() == expected.menu
        if username == "karyawan" and path == AUDIT:
            ui.screenshot(f"{username}-forbidden-audit")

    assert ui.problems.failed_assets == [], (
        "static assets 404 under the live server (are the vendor assets where the staticfiles finders look?)"
    )
    assert ui.problems.js_errors == []

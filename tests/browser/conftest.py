"""Browser fixtures: one Debian Chromium per session, one context per test, a seeded live server.

Playwright drives the system browser at /usr/bin/chromium; it never downloads one. The
sync API runs an event loop in the test thread, so Django's async-safety guard must be off
for the ORM calls the tests make (seeding, checks) while Playwright is running.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.core.management import call_command
from playwright.sync_api import APIResponse, Browser, BrowserContext, Page, Response, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "tatakelola-demo"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = f"{CHROMIUM} is missing: install Debian's chromium (make browser-deps / apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def demo_server(live_server: Any, transactional_db: None) -> str:
    """The live server's base URL, with the demo organisation seeded in its database."""
    call_command("demo", verbosity=0, stdout=io.StringIO())
    return str(live_server.url)


@dataclass
class PageProblems:
    """What went wrong while loading pages: failed static assets and JavaScript errors."""

    failed_assets: list[str] = field(default_factory=list)
    js_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)


# Every Content-Security-Policy violation on any page becomes a console line the fixture collects
# (the same event the browser turns into a report to /csp-report/).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP-VIOLATION " + e.effectiveDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def context(browser: Browser, demo_server: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=demo_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(context: BrowserContext, problems: PageProblems) -> Page:
    page = context.new_page()

    def on_response(response: Response) -> None:
        if "/static/" in response.url and response.status >= 400:
            problems.failed_assets.append(f"{response.status} {response.url}")

    def on_console(message: Any) -> None:
        text = message.text
        if "CSP-VIOLATION" in text or "Content Security Policy" in text:
            problems.csp_violations.append(f"{page.url}: {text}")

    page.add_init_script(CSP_LISTENER)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.js_errors.append(str(error)))
    return page


@dataclass
class Ui:
    """Helpers bound to one page: log in, read the menu, take screenshots, post forms."""

    page: Page
    problems: PageProblems

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Log in through the login form and land on the home page."""
        response = self.page.goto("/accounts/login/")
        assert response is not None and response.status == 200
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.click("form[action='/accounts/login/'] button[type=submit]")
        assert self.path() == "/", f"login as {username} did not reach the home page: {self.page.url}"

    def goto(self, path: str) -> Response:
        response = self.page.goto(path)
        assert response is not None, f"no response for {path}"
        return response

    def path(self) -> str:
        return urlsplit(self.page.url).path

    def menu_hrefs(self) -> set[str]:
        """The hrefs of the main menu's links (the <nav> in the navbar), dropdown entries included."""
        return set(
            self.page.locator("header nav a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        )

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def html_lang(self) -> str | None:
        return self.page.locator("html").get_attribute("lang")

    def styled(self) -> bool:
        """Tabler's CSS is applied: its navbar is a flex container (an unstyled <header> is a block)."""
        return bool(self.page.locator("header.navbar").evaluate("el => getComputedStyle(el).display") == "flex")

    def csrf_token(self) -> str:
        tokens = [c["value"] for c in self.page.context.cookies() if c["name"] == "csrftoken"]
        assert tokens, "no csrftoken cookie in the browser context"
        return tokens[0]

    def post(self, path: str, form: dict[str, str | float | bool]) -> APIResponse:
        """POST outside the UI, as a script in the logged-in browser would, with a valid CSRF token."""
        return self.page.request.post(
            path,
            form=form,
            headers={"X-CSRFToken": self.csrf_token(), "Referer": self.page.url},
            max_redirects=0,
        )


@pytest.fixture
def ui(page: Page, problems: PageProblems) -> Iterator[Ui]:
    yield Ui(page=page, problems=problems)
    # Every journey fails on a Content-Security-Policy violation (an inline script, handler or style).
    assert problems.csp_violations == [], problems.csp_violations

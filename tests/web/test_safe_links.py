"""URLs from messages become links only for http(s): checked at ingest and again when shown."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.template import engines
from django.test import Client

from tatakelola.cases.models import Alert
from tatakelola.connectors import Page, RawItem
from tatakelola.connectors.base import NormalizedMessage
from tatakelola.connectors.generic import JsonlConnector
from tatakelola.monitoring import services as monitoring
from tatakelola.monitoring.models import Message, MonitoredAccount
from tatakelola.orgs.models import Organisation
from tatakelola.utilities.links import safe_link_url

UNSAFE = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative/path",
    "https:/no-host",
    "http://",
    "https://exa\x00mple.org/",
]
SAFE = ["https://x.com/bank/status/1", "HTTP://Example.org/a?b=c", "https://[2001:db8::1]/x"]
# A link whose href starts with anything but http(s), in any case.
BAD_HREF = re.compile(r"href\s*=\s*[\"']?\s*(?!https?:)[a-z]+:", re.IGNORECASE)


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_urls_are_not_links(url: str) -> None:
    assert safe_link_url(url) is None


@pytest.mark.parametrize("url", SAFE)
def test_http_urls_are_links(url: str) -> None:
    assert safe_link_url(url) == url


@pytest.mark.parametrize("url", UNSAFE)
def test_the_template_helper_renders_unsafe_urls_as_text(url: str) -> None:
    html = engines["django"].from_string("{% load safe_links %}{% external_link url 'open' %}").render({"url": url})
    assert "<a " not in html and "href" not in html
    assert 'data-testid="unsafe-url"' in html or not url.strip()


def test_the_template_helper_links_http_urls_safely() -> None:
    template = engines["django"].from_string("{% load safe_links %}{% external_link url 'buka' %}")
    html = template.render({"url": 'https://x.com/a?b=1&c="2"'})
    assert html.startswith('<a href="https://x.com/a?b=1&amp;c=&quot;2&quot;"')
    assert 'rel="noopener noreferrer nofollow"' in html and ">buka</a>" in html


@pytest.mark.parametrize("url", UNSAFE[:7])
def test_ingest_keeps_only_http_urls(url: str) -> None:
    message = NormalizedMessage(
        platform="x", external_id="1", text="hi", url=url, links=(url, "https://ok.example/a"), raw={"url": url}
    )
    assert message.url == ""
    assert message.links == ("https://ok.example/a",)
    assert message.raw["url"] == url  # the original stays in the raw record, as evidence


def _store(bank: Organisation, *, handle: str, external_id: str, text: str, url: str) -> Message:
    account = MonitoredAccount.objects.get(organisation=bank, handle=handle)
    reader = JsonlConnector(monitoring.connector_settings(account))
    page = Page(items=[RawItem({"id": external_id, "text": text, "url": url}, "test")])
    result = monitoring.page_ingest(account=account, normalize=reader.normalize, page=page, source="test")
    monitoring.messages_scan(message_ids=result.message_ids)
    return Message.objects.get(organisation=bank, external_id=external_id)


LEAK = "NIK pelanggan 3201010101010001, tolong cek ya"


@pytest.fixture
def bank(demo: None) -> Organisation:
    return Organisation.objects.get(slug="bank-nusantara")


def _pages_showing(message: Message) -> list[str]:
    alert = Alert.objects.get(message=message)
    return [f"/cases/alerts/{alert.pk}/", f"/monitoring/accounts/{message.account_id}/"]


def test_a_script_url_imported_with_a_message_is_never_stored_or_linked(
    bank: Organisation, client_for: Callable[[str], Client]
) -> None:
    message = _store(bank, handle="@banknusantara", external_id="js-1", text=LEAK, url="JaVaScRiPt:alert(1)")
    assert message.url == "" and message.raw["url"] == "JaVaScRiPt:alert(1)"
    client = client_for("kepatuhan")
    for path in _pages_showing(message):
        html = client.get(path).content.decode()
        assert not BAD_HREF.search(html), path
    api = client.get(f"/api/monitoring/accounts/{message.account_id}/messages").json()
    assert all(not m["url"].lower().startswith("javascript") for m in api)


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", "JAVASCRIPT:alert(1)", "data:text/html,<b>x</b>"])
def test_a_script_url_stored_earlier_is_shown_as_text_on_every_page(
    bank: Organisation, client_for: Callable[[str], Client], url: str
) -> None:
    """Rows written before the ingest check (or by any other path) are made safe when shown."""
    message = _store(bank, handle="@banknusantara", external_id="js-2", text=LEAK, url="https://x.com/ok")
    Message.objects.filter(pk=message.pk).update(url=url)
    client = client_for("kepatuhan")
    for path in _pages_showing(message):
        html = client.get(path).content.decode()
        assert not BAD_HREF.search(html), path
        assert 'data-testid="unsafe-url"' in html, path
        assert "<b>x</b>" not in html  # escaped as text


def test_an_http_url_is_a_link_on_every_page(bank: Organisation, client_for: Callable[[str], Client]) -> None:
    message = _store(bank, handle="@banknusantara", external_id="ok-1", text=LEAK, url="https://x.com/bank/status/9")
    client = client_for("kepatuhan")
    for path in _pages_showing(message):
        html = client.get(path).content.decode()
        assert '<a href="https://x.com/bank/status/9"' in html, path

"""Mastodon connector (Mastodon.py) against recorded API responses replayed on 127.0.0.1."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tatakelola.connectors import Action, ConnectorSettings, Page, TransientConnectorError, connector_for

STATUSES = "/api/v1/accounts/109876543210/statuses"
MENTIONS = "/api/v1/notifications"


def _connector(url: str) -> Any:
    return connector_for(
        "mastodon",
        ConnectorSettings(
            handle="banknusantara",
            base_url=url,
            options={"backoff_base": 0.25},
            credentials={"access_token": "token-rahasia"},
        ),
    )


def _run(url: str, since: str | None = None) -> tuple[list[Page], list[Any]]:
    connector = _connector(url)
    pages = list(connector.fetch(since))
    return pages, [connector.normalize(item.data) for page in pages for item in page.items]


def _record(replay: Any) -> None:
    replay.add("/api/v1/accounts/lookup", replay.json({"id": "109876543210", "acct": "banknusantara"}))
    replay.add(STATUSES, replay.recording("mastodon_statuses_1.json"))
    replay.add(STATUSES, replay.json([]), query={"min_id": "113456789012345680"})
    replay.add(MENTIONS, replay.recording("mastodon_mentions_1.json"))
    replay.add(MENTIONS, replay.json([]), query={"min_id": "5501"})


def test_reads_statuses_and_mentions_with_a_cursor_per_stream(replay: Any, sleeps: list[float]) -> None:
    _record(replay)
    pages, messages = _run(replay.url)
    assert [m.author for m in messages] == ["banknusantara", "banknusantara", "nasabah@sosial.example"]
    first = messages[0]
    assert first.external_id == "https://mastodon.example/users/banknusantara/statuses/113456789012345680"
    assert first.text == "Tabungan digital kini hadir! Bunga 6% p.a. https://banknusantara.example/tabungan"
    assert first.media == ("https://files.mastodon.example/media/1.png",)
    assert messages[2].in_reply_to == "113456789012345680"
    assert json.loads(pages[-1].cursor or "") == {"statuses": "113456789012345680", "mentions": "5501"}
    # The token is sent, and the mentions filter too.
    assert replay.requests[1][3]["Authorization"] == "Bearer token-rahasia"
    assert replay.hits(MENTIONS)[0]["types[]"] == ["mention"]


def test_resumes_from_the_cursor(replay: Any) -> None:
    _record(replay)
    since = json.dumps({"statuses": "113456789012345680", "mentions": "5501"})
    _pages, messages = _run(replay.url, since)
    assert messages == []
    assert replay.hits(STATUSES) == [{"min_id": ["113456789012345680"], "limit": ["40"]}]


def test_429_honours_retry_after_and_5xx_backs_off(replay: Any, sleeps: list[float]) -> None:
    _record(replay)
    replay.routes = [r for r in replay.routes if not (r.path == STATUSES and not r.query)]
    replay.add(
        STATUSES,
        replay.json({"error": "Too many requests"}, 429, {"Retry-After": "3"}),
        replay.json({"error": "oops"}, 500),
        replay.recording("mastodon_statuses_1.json"),
    )
    _pages, messages = _run(replay.url)
    assert len(messages) == 3
    assert sleeps == [3.0, 0.5]


def test_rate_limit_that_persists_is_transient(replay: Any, sleeps: list[float]) -> None:
    _record(replay)
    replay.add(STATUSES, replay.json({"error": "Too many requests"}, 429, {"Retry-After": "1"}), query={"limit": "40"})
    with pytest.raises(TransientConnectorError, match="rate limited"):
        _run(replay.url)
    assert sleeps == [1.0, 1.0, 1.0]


def test_malformed_page_is_reported_and_the_other_stream_still_read(replay: Any) -> None:
    _record(replay)
    replay.add(
        STATUSES,
        replay.reply(200, '[{"id": "1", "content": ', {"Content-Type": "application/json"}),
        query={"limit": "40"},
    )
    pages, messages = _run(replay.url)
    assert [m.author for m in messages] == ["nasabah@sosial.example"]
    problems = [p for page in pages for p in page.problems]
    assert [p.location for p in problems] == ["statuses after None"]


def test_delete_action_calls_the_api(replay: Any) -> None:
    replay.add("/api/v1/statuses/113456789012345680", replay.json({"id": "113456789012345680", "text": "x"}))
    _connector(replay.url).act(
        Action("delete", "https://mastodon.example/users/banknusantara/statuses/113456789012345680")
    )
    assert [(m, p) for m, p, _q, _h in replay.requests] == [("DELETE", "/api/v1/statuses/113456789012345680")]

"""Bluesky connector (atproto) against recorded XRPC responses replayed on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import pytest

from tatakelola.connectors import Action, ConnectorSettings, Page, TransientConnectorError, connector_for

FEED = "/xrpc/app.bsky.feed.getAuthorFeed"
NOTIFICATIONS = "/xrpc/app.bsky.notification.listNotifications"
SESSION = "/xrpc/com.atproto.server.createSession"
APP_PASSWORD = "app-pass-rahasia"


def _connector(url: str, *, password: str | None = APP_PASSWORD) -> Any:
    return connector_for(
        "bluesky",
        ConnectorSettings(
            handle="banknusantara.bsky.social",
            base_url=f"{url}/xrpc",
            options={"backoff_base": 0.25},
            credentials={"app_password": password} if password else {},
        ),
    )


def _run(url: str, since: str | None = None, **kwargs: Any) -> tuple[list[Page], list[Any]]:
    connector = _connector(url, **kwargs)
    pages = list(connector.fetch(since))
    return pages, [connector.normalize(item.data) for page in pages for item in page.items]


def _record(replay: Any) -> None:
    replay.add(SESSION, replay.recording("bluesky_create_session.json"))
    replay.add(FEED, replay.recording("bluesky_author_feed_1.json"))
    replay.add(FEED, replay.recording("bluesky_author_feed_2.json"), query={"cursor": "2026-11-01T09:00:00.000Z"})
    replay.add(NOTIFICATIONS, replay.recording("bluesky_notifications_1.json"))


def test_reads_every_feed_page_and_the_mentions(replay: Any, sleeps: list[float]) -> None:
    _record(replay)
    pages, messages = _run(replay.url)
    assert [m.author for m in messages] == ["banknusantara.bsky.social"] * 3 + ["nasabah.bsky.social"]
    first = messages[0]
    assert first.external_id == "at://did:plc:banknusantara0000000000/app.bsky.feed.post/3lbqa2"
    assert first.url == "https://bsky.app/profile/banknusantara.bsky.social/post/3lbqa2"
    assert first.links == ("https://banknusantara.example/promo",) and first.language == "id"
    assert messages[3].in_reply_to == first.external_id
    assert pages[-1].cursor == "2026-11-02T04:00:02+00:00"
    assert replay.hits(FEED)[1]["cursor"] == ["2026-11-01T09:00:00.000Z"]
    assert sleeps == []


def test_without_app_password_reads_the_public_feed_only(replay: Any) -> None:
    _record(replay)
    _pages, messages = _run(replay.url, password=None)
    assert len(messages) == 3
    assert replay.hits(SESSION) == [] and replay.hits(NOTIFICATIONS) == []


def test_next_round_stops_at_the_cursor(replay: Any) -> None:
    _record(replay)
    _pages, messages = _run(replay.url, since="2026-11-01T12:00:00+00:00", password=None)
    assert [m.external_id.rsplit("/", 1)[-1] for m in messages] == ["3lbqa2"]
    assert len(replay.hits(FEED)) == 1  # older posts reached: no second page


def test_429_with_retry_after_and_5xx_back_off(replay: Any, sleeps: list[float]) -> None:
    _record(replay)
    replay.routes = [r for r in replay.routes if not (r.path == FEED and not r.query)]
    replay.add(
        FEED,
        replay.json({"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, 429, {"Retry-After": "4"}),
        replay.json({"error": "InternalServerError"}, 500),
        replay.recording("bluesky_author_feed_1.json"),
    )
    _pages, messages = _run(replay.url, password=None)
    assert len(messages) == 3
    assert sleeps == [4.0, 0.5]


def test_persistent_server_errors_are_transient(replay: Any, sleeps: list[float]) -> None:
    replay.add(FEED, replay.json({"error": "UpstreamFailure"}, 502))
    with pytest.raises(TransientConnectorError):
        _run(replay.url, password=None)
    assert sleeps == [0.25, 0.5, 1.0]


def test_malformed_page_is_reported_and_earlier_pages_kept(replay: Any) -> None:
    _record(replay)
    replay.add(
        FEED,
        replay.reply(200, '{"feed": [{"post": {"uri": ', {"Content-Type": "application/json"}),
        query={"cursor": "2026-11-01T09:00:00.000Z"},
    )
    pages, messages = _run(replay.url, password=None)
    assert len(messages) == 2
    problems = [p for page in pages for p in page.problems]
    assert [p.location for p in problems] == ["feed page 2"]


def test_delete_action_deletes_the_record(replay: Any) -> None:
    replay.add(SESSION, replay.recording("bluesky_create_session.json"))
    replay.add("/xrpc/com.atproto.repo.deleteRecord", replay.json({}))
    _connector(replay.url).act(Action("delete", "at://did:plc:banknusantara0000000000/app.bsky.feed.post/3lbqa2"))
    assert [p for _m, p, _q, _h in replay.requests][-1] == "/xrpc/com.atproto.repo.deleteRecord"

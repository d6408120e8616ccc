"""RSS/Atom connector against recorded feeds replayed on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import pytest

from tatakelola.connectors import ConnectorSettings, Page, TransientConnectorError, connector_for

RSS = "application/rss+xml"


def _settings(url: str, **options: Any) -> ConnectorSettings:
    return ConnectorSettings(handle="kabarkeuangan", base_url=url, options={"backoff_base": 0.5, **options})


def _run(url: str, since: str | None = None, **options: Any) -> tuple[list[Page], list[Any]]:
    connector = connector_for("rss", _settings(url, **options))
    pages = list(connector.fetch(since))
    messages = [connector.normalize(item.data) for page in pages for item in page.items]
    return pages, messages


def test_reads_every_page_and_moves_the_cursor_at_the_end(replay: Any, sleeps: list[float]) -> None:
    replay.add("/feed/perbankan", replay.recording("rss_news_page1.xml", RSS))
    replay.add("/feed/perbankan", replay.recording("rss_news_page2.xml", RSS), query={"page": "2"})
    pages, messages = _run(f"{replay.url}/feed/perbankan")
    assert [m.external_id for m in messages] == ["kk-88213", "kk-88190", "kk-88011"]
    first = messages[0]
    assert first.text.startswith("Bank Nusantara Luncurkan Tabungan Digital\n\nBank Nusantara Sejahtera meluncurkan")
    assert "https://banknusantara.example/tabungan" not in first.text  # markup stripped…
    assert first.url in first.links  # …links kept
    assert first.posted_at is not None and first.posted_at.isoformat() == "2026-11-02T02:15:00+00:00"
    assert [p.cursor for p in pages] == [None, None, "2026-11-02T02:15:00+00:00"]
    assert sleeps == []


def test_next_round_reads_only_newer_entries(replay: Any) -> None:
    replay.add("/feed/perbankan", replay.recording("rss_news_page1.xml", RSS))
    _pages, messages = _run(f"{replay.url}/feed/perbankan", since="2026-11-01T20:00:00+00:00")
    assert [m.external_id for m in messages] == ["kk-88213"]
    assert replay.hits("/feed/perbankan") == [{}]  # older entries reached: no second page fetched


def test_429_waits_for_retry_after_then_reads(replay: Any, sleeps: list[float]) -> None:
    replay.add(
        "/feed/perbankan",
        replay.reply(429, "slow down", {"Retry-After": "7"}),
        replay.reply(503, "maintenance"),
        replay.recording("rss_news_page2.xml", RSS),
    )
    _pages, messages = _run(f"{replay.url}/feed/perbankan")
    assert [m.external_id for m in messages] == ["kk-88011"]
    assert sleeps == [7.0, 1.0]  # Retry-After honoured, then exponential back-off (0.5 · 2¹)


def test_persistent_5xx_gives_up_for_the_task_to_retry(replay: Any, sleeps: list[float]) -> None:
    replay.add("/feed/perbankan", replay.reply(502, "bad gateway"))
    with pytest.raises(TransientConnectorError, match="502"):
        _run(f"{replay.url}/feed/perbankan")
    assert sleeps == [0.5, 1.0, 2.0]
    assert len(replay.hits("/feed/perbankan")) == 4


def test_long_retry_after_is_handed_to_the_task(replay: Any, sleeps: list[float]) -> None:
    replay.add("/feed/perbankan", replay.reply(429, "", {"Retry-After": "3600"}))
    with pytest.raises(TransientConnectorError) as caught:
        _run(f"{replay.url}/feed/perbankan")
    assert caught.value.retry_after == 3600 and sleeps == []


def test_malformed_page_is_reported_and_earlier_pages_kept(replay: Any) -> None:
    replay.add("/feed/perbankan", replay.recording("rss_news_page1.xml", RSS))
    replay.add(
        "/feed/perbankan", replay.reply(200, "<html><body>Gangguan</body", {"Content-Type": RSS}), query={"page": "2"}
    )
    pages, messages = _run(f"{replay.url}/feed/perbankan")
    assert [m.external_id for m in messages] == ["kk-88213", "kk-88190"]
    problems = [p for page in pages for p in page.problems]
    assert len(problems) == 1 and problems[0].location.startswith("page 2")

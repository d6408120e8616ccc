"""RSS and Atom feeds (blogs, news mentions) through feedparser.

The feed is fetched with the retrying HTTP client (429/5xx back-off), then parsed. Paged feeds
(RFC 5005 ``<link rel="next">``) are followed up to ``max_pages``. The cursor is the newest
entry's timestamp and moves only with the last page, so an interrupted round re-reads (and the
store ignores) what it had already stored rather than skipping older pages.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

import feedparser

from tatakelola.connectors.base import (
    Connector,
    ConnectorCapability,
    ConnectorError,
    NormalizedMessage,
    Page,
    RawItem,
    RecordError,
    RecordProblem,
    content_id,
    links_in,
    parse_timestamp,
)
from tatakelola.connectors.http import HttpClient, RetryPolicy
from tatakelola.connectors.teams_export import html_to_text


def _entry_time(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


class RssConnector(Connector):
    name = "rss"
    platform = "rss"
    label = "RSS/Atom feed"
    capabilities: ClassVar[frozenset[ConnectorCapability]] = frozenset({ConnectorCapability.POLL})

    def fetch(self, since: str | None) -> Iterator[Page]:
        url = self.settings.base_url or str(self.settings.options.get("feed_url") or "")
        if not url:
            raise ConnectorError("the feed has no URL")
        client = HttpClient(policy=RetryPolicy.from_options(self.settings.options))
        threshold = parse_timestamp(since) if since else None
        newest = threshold
        max_pages = int(self.settings.options.get("max_pages", 10))
        seen: set[str] = set()
        for number in range(1, max_pages + 1):
            if url in seen:
                break
            seen.add(url)
            feed = feedparser.parse(client.get(url).body)
            if feed.bozo and not feed.entries:
                reason = f"malformed feed: {feed.get('bozo_exception')}"
                yield Page(items=(), problems=(RecordProblem(f"page {number} ({url})", reason),))
                break
            items: list[RawItem] = []
            older_reached = False
            for index, entry in enumerate(feed.entries, start=1):
                when = _entry_time(entry)
                if threshold and when and when <= threshold:
                    older_reached = True
                    continue
                if when and (newest is None or when > newest):
                    newest = when
                items.append(RawItem(_plain(entry, when), f"page {number} entry {index}"))
            yield Page(items=items)
            links = feed.feed.get("links", [])
            next_url = next((link.get("href") for link in links if link.get("rel") == "next"), None)
            if older_reached or not next_url:
                break
            url = next_url
        # The cursor moves only once every page of the round is stored.
        yield Page(items=(), cursor=newest.isoformat() if newest else since)

    def normalize(self, raw: Mapping[str, Any]) -> NormalizedMessage:
        text = "\n\n".join(part for part in (raw.get("title", ""), raw.get("summary", "")) if part)
        if not text:
            raise RecordError("entry without title or summary")
        external_id = raw.get("id") or raw.get("link") or content_id(self.settings.handle, text)
        return NormalizedMessage(
            platform=self.platform,
            external_id=str(external_id)[:255],
            text=text,
            author=str(raw.get("author", "")),
            language=str(raw.get("language", ""))[:2],
            url=str(raw.get("link", "")),
            links=tuple(dict.fromkeys([*([raw["link"]] if raw.get("link") else []), *links_in(text)])),
            media=tuple(raw.get("media", ())),
            posted_at=parse_timestamp(raw.get("published")),
            raw=raw,
        )


def _plain(entry: Mapping[str, Any], when: datetime | None) -> dict[str, Any]:
    """The entry as plain JSON-ready data (feedparser's objects hold time.struct_time values)."""
    summary = entry.get("summary", "")
    return {
        "id": entry.get("id", ""),
        "title": html_to_text(entry.get("title", "")),
        "summary": html_to_text(summary) if "<" in summary else summary,
        "link": entry.get("link", ""),
        "author": entry.get("author", ""),
        "language": (entry.get("title_detail") or {}).get("language") or "",
        "published": when.isoformat() if when else None,
        "media": [e.get("href") for e in entry.get("enclosures", []) if e.get("href")],
    }

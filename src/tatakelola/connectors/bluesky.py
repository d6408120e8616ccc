"""Bluesky through the AT Protocol client (``atproto``): the author feed and, when an app
password is configured, the mentions of the account.

``atproto`` takes about a second to import, so it is imported only when a Bluesky account is
actually read. Feeds page from newest to older with an opaque cursor; our resume cursor is the
newest ``indexedAt`` seen and moves only when the round is complete (like RSS). Rate limits and
server errors back off through the retry policy; a malformed page is reported and that stream
stops for this round. Enforcement: ``act(delete)`` deletes one of the account's own posts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar

from tatakelola.connectors.base import (
    Action,
    Connector,
    ConnectorCapability,
    ConnectorError,
    NormalizedMessage,
    Page,
    RawItem,
    RecordError,
    RecordProblem,
    TransientConnectorError,
    UnsupportedAction,
    links_in,
    parse_timestamp,
)
from tatakelola.connectors.http import RetryPolicy, retry_after_seconds

PUBLIC_APPVIEW = "https://public.api.bsky.app/xrpc"
PAGE_LIMIT = 100


class BlueskyConnector(Connector):
    name = "bluesky"
    platform = "bluesky"
    label = "Bluesky (author feed and mentions)"
    capabilities: ClassVar[frozenset[ConnectorCapability]] = frozenset(
        {ConnectorCapability.POLL, ConnectorCapability.ACT_DELETE}
    )

    def _client(self) -> Any:
        from atproto import Client

        client = Client(base_url=self.settings.base_url or PUBLIC_APPVIEW)
        password = self.settings.credentials.get("app_password")
        if password:
            self._call(lambda: client.login(self.settings.handle, password, fetch_bsky_profile=False))
        return client

    def _call(self, func: Callable[[], Any]) -> Any:
        from atproto_client.exceptions import InvokeTimeoutError, NetworkError, RequestException

        policy = RetryPolicy.from_options(self.settings.options)
        problem = ""
        for attempt in range(policy.attempts):
            wait: float | None = None
            try:
                return func()
            except (InvokeTimeoutError, NetworkError) as exc:
                problem = f"unreachable: {exc}"
            except RequestException as exc:
                response = exc.response
                status = getattr(response, "status_code", 0)
                if status != 429 and status < 500:
                    raise ConnectorError(f"Bluesky refused the request ({status})") from exc
                headers = {k.lower(): v for k, v in (getattr(response, "headers", None) or {}).items()}
                wait = retry_after_seconds(headers.get("retry-after")) if status == 429 else None
                problem = f"Bluesky answered {status}"
            if wait is None:
                wait = policy.backoff_base * (2**attempt)
            if wait > policy.max_wait:
                raise TransientConnectorError(problem, retry_after=wait)
            if attempt + 1 < policy.attempts:
                time.sleep(wait)
        raise TransientConnectorError(problem)

    def fetch(self, since: str | None) -> Iterator[Page]:
        from pydantic import ValidationError

        client = self._client()
        threshold = parse_timestamp(since) if since else None
        newest = threshold
        streams: dict[str, Callable[[str | None], Any]] = {
            "feed": lambda cursor: client.app.bsky.feed.get_author_feed(
                {"actor": self.settings.handle, "cursor": cursor, "limit": PAGE_LIMIT}
            ),
        }
        if self.settings.credentials.get("app_password"):
            streams["mentions"] = lambda cursor: client.app.bsky.notification.list_notifications(
                {"cursor": cursor, "limit": PAGE_LIMIT, "reasons": ["mention", "reply", "quote"]}
            )
        for stream, call in streams.items():
            cursor: str | None = None
            for number in range(1, int(self.settings.options.get("max_pages", 20)) + 1):

                def page_call(call: Callable[[str | None], Any] = call, cursor: str | None = cursor) -> Any:
                    return call(cursor)

                try:
                    response = self._call(page_call)
                except (ValidationError, ValueError) as exc:
                    yield Page(items=(), problems=(RecordProblem(f"{stream} page {number}", f"malformed page: {exc}"),))
                    break
                entries = response.feed if stream == "feed" else response.notifications
                items: list[RawItem] = []
                older_reached = False
                for index, entry in enumerate(entries, start=1):
                    raw = _plain(entry.post if stream == "feed" else entry)
                    when = parse_timestamp(raw["indexed_at"])
                    if threshold and when and when <= threshold:
                        older_reached = True
                        continue
                    if when and (newest is None or when > newest):
                        newest = when
                    items.append(RawItem(raw, f"{stream} page {number} #{index}"))
                yield Page(items=items)
                cursor = response.cursor
                if older_reached or not cursor or not entries:
                    break
        yield Page(items=(), cursor=newest.isoformat() if newest else since)

    def normalize(self, raw: Mapping[str, Any]) -> NormalizedMessage:
        if not raw.get("uri"):
            raise RecordError("post without uri")
        record = raw.get("record") or {}
        text = str(record.get("text") or "")
        author = raw.get("author") or {}
        rkey = str(raw["uri"]).rsplit("/", 1)[-1]
        langs = record.get("langs") or []
        reply = (record.get("reply") or {}).get("parent") or {}
        return NormalizedMessage(
            platform=self.platform,
            external_id=str(raw["uri"]),
            text=text,
            author=str(author.get("handle") or ""),
            author_id=str(author.get("did") or ""),
            language=str(langs[0])[:8] if langs else "",
            url=f"https://bsky.app/profile/{author.get('handle')}/post/{rkey}",
            links=links_in(text),
            posted_at=parse_timestamp(record.get("createdAt") or raw.get("indexed_at")),
            in_reply_to=str(reply.get("uri") or ""),
            raw=raw,
        )

    def act(self, action: Action) -> None:
        if action.kind != "delete":
            raise UnsupportedAction(f"Bluesky cannot {action.kind} a post")
        if not self.settings.credentials.get("app_password"):
            raise ConnectorError("deleting a post needs the account's app password")
        client = self._client()
        self._call(lambda: client.delete_post(action.external_id))


def _plain(view: Any) -> dict[str, Any]:
    """JSON-ready copy of a post view or notification (atproto returns pydantic models)."""
    author = view.author
    record = view.record
    record_data = record.model_dump(by_alias=True, exclude_none=True) if hasattr(record, "model_dump") else dict(record)
    plain: dict[str, Any] = json.loads(
        json.dumps(
            {
                "uri": view.uri,
                "cid": view.cid,
                "author": {"did": author.did, "handle": author.handle, "display_name": author.display_name},
                "record": record_data,
                "indexed_at": view.indexed_at,
            },
            default=str,
        )
    )
    return plain

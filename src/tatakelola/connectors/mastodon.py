"""Mastodon through Mastodon.py: the account's own statuses and the mentions of it.

Two streams, each with its own resume id in the cursor (JSON ``{"statuses": id, "mentions": id}``).
Pages are read oldest-first with ``min_id``, so the cursor can move with every stored page.
Rate limits (429) wait for Retry-After and server errors back off exponentially, up to the
retry policy; a page that is not JSON is reported and that stream stops for this round.
Enforcement: ``act(delete)`` deletes one of the account's own statuses.
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
from tatakelola.connectors.teams_export import html_to_text

PAGE_LIMIT = 40  # Mastodon's maximum for statuses


def _newer(a: str | None, b: str) -> bool:
    """Snowflake ids compare as numbers; longer is newer."""
    return a is None or (len(b), b) > (len(a), a)


class MastodonConnector(Connector):
    name = "mastodon"
    platform = "mastodon"
    label = "Mastodon (statuses and mentions)"
    capabilities: ClassVar[frozenset[ConnectorCapability]] = frozenset(
        {ConnectorCapability.POLL, ConnectorCapability.ACT_DELETE}
    )

    def _client(self) -> Any:
        import requests
        from mastodon import Mastodon

        session = requests.Session()
        self._last_headers: Mapping[str, str] = {}

        def remember(response: Any, *args: Any, **kwargs: Any) -> None:
            self._last_headers = dict(response.headers)

        session.hooks["response"].append(remember)
        if not self.settings.base_url:
            raise ConnectorError("the Mastodon account has no instance URL")
        return Mastodon(
            api_base_url=self.settings.base_url,
            access_token=self.settings.credentials.get("access_token") or None,
            version_check_mode="none",  # no /api/v1/instance round trip (and works offline in tests)
            ratelimit_method="throw",  # we honour Retry-After ourselves, within the retry policy
            request_timeout=float(self.settings.options.get("timeout", 20)),
            session=session,
            user_agent="Tatakelola/0.1",
        )

    def _call(self, func: Callable[[], Any]) -> Any:
        from mastodon import MastodonNetworkError, MastodonRatelimitError, MastodonServerError

        policy = RetryPolicy.from_options(self.settings.options)
        problem = ""
        for attempt in range(policy.attempts):
            wait: float | None = None
            try:
                return func()
            except MastodonRatelimitError as exc:
                wait = retry_after_seconds(self._last_headers.get("Retry-After"))
                problem = f"rate limited: {exc}"
            except (MastodonServerError, MastodonNetworkError) as exc:
                problem = f"server error: {exc}"
            if wait is None:
                wait = policy.backoff_base * (2**attempt)
            if wait > policy.max_wait:
                raise TransientConnectorError(problem, retry_after=wait)
            if attempt + 1 < policy.attempts:
                time.sleep(wait)
        raise TransientConnectorError(problem)

    def fetch(self, since: str | None) -> Iterator[Page]:
        from mastodon import MastodonAPIError

        cursor: dict[str, str | None] = {"statuses": None, "mentions": None, **(json.loads(since) if since else {})}
        client = self._client()
        account_id = self.settings.options.get("account_id")
        if not account_id:
            account = self._call(lambda: client.account_lookup(self.settings.handle))
            account_id = account["id"]
        streams: dict[str, Callable[[str | None], Any]] = {
            "statuses": lambda min_id: client.account_statuses(account_id, min_id=min_id, limit=PAGE_LIMIT),
            "mentions": lambda min_id: client.notifications(types=["mention"], min_id=min_id, limit=PAGE_LIMIT),
        }
        for stream, call in streams.items():
            while True:
                position = cursor[stream]

                def page_call(call: Callable[[str | None], Any] = call, position: str | None = position) -> Any:
                    return call(position)

                try:
                    batch = self._call(page_call)
                except MastodonAPIError as exc:
                    if "Could not parse" not in str(exc):
                        raise ConnectorError(f"Mastodon refused {stream}: {exc}") from exc
                    yield Page(items=(), problems=(RecordProblem(f"{stream} after {position}", "malformed JSON page"),))
                    break
                if not batch:
                    break
                items = []
                for entry in batch:
                    status = entry.get("status") if stream == "mentions" else entry
                    if not status:
                        continue
                    items.append(RawItem(_plain(status), f"{stream} {entry.get('id')}"))
                    if _newer(cursor[stream], str(entry["id"])):
                        cursor[stream] = str(entry["id"])
                yield Page(items=items, cursor=json.dumps(cursor, sort_keys=True))
                if len(batch) < PAGE_LIMIT:
                    break

    def normalize(self, raw: Mapping[str, Any]) -> NormalizedMessage:
        if not raw.get("id"):
            raise RecordError("status without id")
        text = html_to_text(str(raw.get("content") or ""))
        if raw.get("spoiler_text"):
            text = f"{raw['spoiler_text']}\n\n{text}"
        account = raw.get("account") or {}
        return NormalizedMessage(
            platform=self.platform,
            # Status ids are per instance; the URI is global.
            external_id=str(raw.get("uri") or f"{self.settings.base_url}/{raw['id']}"),
            text=text,
            author=str(account.get("acct") or ""),
            author_id=str(account.get("id") or ""),
            language=str(raw.get("language") or "")[:8],
            url=str(raw.get("url") or ""),
            links=links_in(text),
            media=tuple(str(m.get("url")) for m in raw.get("media_attachments") or [] if m.get("url")),
            posted_at=parse_timestamp(raw.get("created_at")),
            in_reply_to=str(raw.get("in_reply_to_id") or ""),
            raw=raw,
        )

    def act(self, action: Action) -> None:
        if action.kind != "delete":
            raise UnsupportedAction(f"Mastodon cannot {action.kind} a status")
        client = self._client()
        status_id = action.external_id.rstrip("/").rsplit("/", 1)[-1]
        self._call(lambda: client.status_delete(status_id))


def _plain(status: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-ready copy of the fields we keep (Mastodon.py returns datetimes and AttribAccessDicts)."""
    account = status.get("account") or {}
    return {
        "id": str(status.get("id")),
        "uri": status.get("uri"),
        "url": status.get("url"),
        "content": status.get("content"),
        "spoiler_text": status.get("spoiler_text"),
        "language": status.get("language"),
        "created_at": (
            status["created_at"].isoformat()
            if hasattr(status.get("created_at"), "isoformat")
            else status.get("created_at")
        ),
        "in_reply_to_id": status.get("in_reply_to_id"),
        "account": {"id": str(account.get("id")), "acct": account.get("acct")},
        "media_attachments": [{"url": m.get("url")} for m in status.get("media_attachments") or []],
    }

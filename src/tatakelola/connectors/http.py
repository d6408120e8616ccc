"""A small HTTP client for the polling connectors: retries 429 (honouring Retry-After) and 5xx
with exponential back-off, and gives up with :class:`TransientConnectorError` so the Celery task
can retry later. Standard library only, so replay tests need nothing but a local server."""

from __future__ import annotations

import email.utils
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tatakelola.connectors.base import ConnectorError, TransientConnectorError


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    backoff_base: float = 1.0  # seconds; doubles per attempt
    max_wait: float = 60.0  # a longer Retry-After is handed back to the task instead of slept through
    timeout: float = 20.0

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> RetryPolicy:
        return cls(
            attempts=int(options.get("retry_attempts", cls.attempts)),
            backoff_base=float(options.get("backoff_base", cls.backoff_base)),
            max_wait=float(options.get("max_wait", cls.max_wait)),
            timeout=float(options.get("timeout", cls.timeout)),
        )


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str = ""

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise MalformedResponse(f"malformed JSON from {self.url}: {exc}") from exc


class MalformedResponse(ConnectorError):
    """The platform answered, but not with something readable; the page is reported and skipped."""


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass
class HttpClient:
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    sleep: Callable[[float], None] | None = None  # time.sleep, looked up at call time (tests replace it)
    user_agent: str = "Tatakelola/0.1 (+social media governance)"

    def get(self, url: str, params: Mapping[str, Any] | None = None) -> Response:
        if params:
            query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
            url = f"{url}{'&' if '?' in url else '?'}{query}"
        if not url.startswith(("http://", "https://")):
            raise ConnectorError(f"refusing a non-HTTP URL: {url}")
        last_problem = ""
        for attempt in range(self.policy.attempts):
            request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, **self.headers})  # noqa: S310  # scheme checked above
            try:
                with urllib.request.urlopen(request, timeout=self.policy.timeout) as answer:  # noqa: S310
                    return Response(answer.status, dict(answer.headers.items()), answer.read(), url)
            except urllib.error.HTTPError as exc:
                status = exc.code
                if status != 429 and status < 500:
                    raise ConnectorError(f"{url} answered {status}") from exc
                wait = retry_after_seconds(exc.headers.get("Retry-After")) if status == 429 else None
                last_problem = f"{url} answered {status}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                wait = None
                last_problem = f"{url} unreachable: {getattr(exc, 'reason', exc)}"
            if wait is None:
                wait = self.policy.backoff_base * (2**attempt)
            if wait > self.policy.max_wait:
                raise TransientConnectorError(last_problem, retry_after=wait)
            if attempt + 1 < self.policy.attempts:
                (self.sleep or time.sleep)(wait)
        raise TransientConnectorError(last_problem or f"{url} failed")

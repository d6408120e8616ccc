"""Inbound webhook: any tool pushes messages to Tatakelola, signed with HMAC-SHA256.

Signature: ``X-Tatakelola-Signature: sha256=<hex of HMAC-SHA256(secret, f"{timestamp}." + body)>``
with ``X-Tatakelola-Timestamp`` (Unix seconds) and an optional ``X-Tatakelola-Delivery`` id.
Deliveries older or newer than ``TOLERANCE`` are refused, so a captured request cannot be
replayed later; within the window the delivery id (or the signature) is remembered, so a
replayed delivery is stored once.

Payload: one message object, a list of them, or ``{"messages": [...]}``; fields as in the
generic importer (``id``, ``text``, ``author``, ``created_at``, ``language``, ``url``, ``platform``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator, Mapping
from typing import Any

from tatakelola.connectors.base import ConnectorCapability, Page, RawItem, RecordProblem
from tatakelola.connectors.generic import _FileConnector

TOLERANCE = 300  # seconds; the usual window (Stripe, Slack) between signing and receipt
SIGNATURE_HEADER = "X-Tatakelola-Signature"
TIMESTAMP_HEADER = "X-Tatakelola-Timestamp"
DELIVERY_HEADER = "X-Tatakelola-Delivery"


class SignatureError(ValueError):
    """The delivery is not authentic or not fresh; answer 401 and store nothing."""


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(
    *, secret: str, timestamp: str, body: bytes, signature: str, now: float | None = None, tolerance: int = TOLERANCE
) -> None:
    if not secret:
        raise SignatureError("no webhook secret is configured for this account")
    if not timestamp or not timestamp.isdigit():
        raise SignatureError("missing or malformed timestamp")
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        raise SignatureError("timestamp outside the accepted window")
    if not hmac.compare_digest(sign(secret, timestamp, body), signature or ""):
        raise SignatureError("signature mismatch")


def delivery_pages(body: bytes) -> Iterator[Page]:
    """The delivery's messages as one page; a payload that is not JSON is one problem."""
    try:
        payload: Any = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield Page(items=(), problems=(RecordProblem("body", f"malformed JSON: {exc}"),))
        return
    if isinstance(payload, Mapping) and isinstance(payload.get("messages"), list):
        payload = payload["messages"]
    records = payload if isinstance(payload, list) else [payload]
    items: list[RawItem] = []
    problems: list[RecordProblem] = []
    for index, record in enumerate(records, start=1):
        if isinstance(record, Mapping):
            items.append(RawItem(record, f"message #{index}"))
        else:
            problems.append(RecordProblem(f"message #{index}", "not a JSON object"))
    yield Page(items=items, problems=problems)


class WebhookConnector(_FileConnector):
    """Messages pushed to ``/hooks/<account id>/``; normalised like the generic importer."""

    name = "webhook"
    platform = "webhook"
    label = "Inbound webhook (HMAC-SHA256)"
    capabilities = frozenset({ConnectorCapability.PUSH})

    def fetch(self, since: str | None) -> Iterator[Page]:
        body = self.settings.options.get("body", b"")
        yield from delivery_pages(body if isinstance(body, bytes) else str(body).encode())

"""Canonical hashing of audit entries. Pure functions, shared by writer and verifier.

``entry_hash`` is the plain SHA-256 of entries written before the chain was keyed; anybody can
compute it, so it proves nothing against someone who can write the database. ``entry_mac`` is
HMAC-SHA-256 with the audit key (see ``keys.py``), and covers the key's id too, so an entry cannot
be passed off as one of another key or as unkeyed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    *,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor: str,
    organisation_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
    prev_hash: str,
) -> str:
    return hashlib.sha256(
        _canonical(
            seq=seq,
            occurred_at=occurred_at,
            actor_id=actor_id,
            actor=actor,
            organisation_id=organisation_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            before=before,
            after=after,
            prev_hash=prev_hash,
        )
    ).hexdigest()


def entry_mac(*, mac_key: bytes, key_id: str, **fields: Any) -> str:
    """HMAC-SHA-256 of an entry's canonical JSON (with its ``key_id``) under the chain key."""
    return hmac.new(mac_key, _canonical(**fields, key_id=key_id), hashlib.sha256).hexdigest()


def _canonical(
    *,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor: str,
    organisation_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
    prev_hash: str,
    key_id: str | None = None,
) -> bytes:
    payload = {
        "seq": seq,
        "occurred_at": canonical_timestamp(occurred_at),
        "actor_id": actor_id,
        "actor": actor,
        "organisation_id": organisation_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "before": before,
        "after": after,
        "prev_hash": prev_hash,
    }
    if key_id is not None:
        payload["key_id"] = key_id
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return encoded.encode("utf-8")

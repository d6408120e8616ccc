"""Canonical hashing of audit entries. Pure functions, shared by writer and verifier."""

from __future__ import annotations

import hashlib
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
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

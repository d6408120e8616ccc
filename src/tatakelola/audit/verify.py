"""Walking the audit chain: links, keys, recorded heads and the latest signed checkpoint.

The walk names the first entry where anything differs, in sequence order, so the report says where
the tampering starts, not merely that it happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tatakelola.audit.chain import GENESIS_HASH, entry_hash, entry_mac
from tatakelola.audit.checkpoints import checkpoint_latest
from tatakelola.audit.keys import AuditKey, keys_by_id
from tatakelola.audit.models import AuditEntry, AuditVerification, BreakReason, VerificationStatus

_ENTRY_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "prev_hash",
    "hash",
    "key_id",
)


@dataclass(frozen=True)
class ChainReport:
    entries_checked: int
    head_seq: int | None
    head_hash: str
    reason: str = BreakReason.NONE
    first_broken_seq: int | None = None
    reference_seq: int | None = None

    @property
    def intact(self) -> bool:
        return self.reason == BreakReason.NONE


def _digest_problem(row: dict[str, Any], keys: dict[str, AuditKey], keyed_seen: bool) -> str:
    """The reason this entry's own digest is wrong, or "" when it is right."""
    stored = row.pop("hash")
    key_id = row.pop("key_id")
    if key_id:
        key = keys.get(key_id)
        if key is None:
            return BreakReason.KEY
        return "" if entry_mac(mac_key=key.mac_key, key_id=key_id, **row) == stored else BreakReason.ALTERED
    if keyed_seen:
        return BreakReason.KEY  # an unkeyed entry after keyed ones: written by someone without the key
    return "" if entry_hash(**row) == stored else BreakReason.ALTERED


def _rows(after_seq: int = 0) -> Any:
    qs = AuditEntry.objects.filter(seq__gt=after_seq).order_by("seq").values(*_ENTRY_FIELDS)
    return qs.iterator(chunk_size=2000)


def chain_walk() -> ChainReport:
    """Check every entry, every head earlier verifications recorded, and the latest checkpoint."""
    keys = keys_by_id()
    heads: dict[int, str] = {
        seq: hash_
        for seq, hash_ in AuditVerification.objects.filter(
            status=VerificationStatus.INTACT, head_seq__isnull=False
        ).values_list("head_seq", "head_hash")
        if seq is not None
    }
    recorded_checkpoint = max(
        (
            seq
            for seq in AuditVerification.objects.filter(checkpoint_seq__isnull=False).values_list(
                "checkpoint_seq", flat=True
            )
            if seq is not None
        ),
        default=None,
    )
    latest = checkpoint_latest()
    checkpoint = latest.checkpoint if latest is not None else None
    if latest is not None and (checkpoint is None or not checkpoint.signature_valid()):
        seq = checkpoint.seq if checkpoint is not None else None
        return ChainReport(0, None, "", BreakReason.FORGED, seq, seq)
    if recorded_checkpoint is not None and (checkpoint is None or checkpoint.seq < recorded_checkpoint):
        return ChainReport(0, None, "", BreakReason.LOST, recorded_checkpoint, checkpoint.seq if checkpoint else None)

    previous_hash = GENESIS_HASH
    checked = 0
    last_seq: int | None = None
    keyed_seen = False
    for row in _rows():
        seq = row["seq"]
        expected_seq = (last_seq or 0) + 1
        if seq != expected_seq:
            return ChainReport(checked, last_seq, previous_hash, BreakReason.MISSING, expected_seq, seq)
        if row["prev_hash"] != previous_hash:
            return ChainReport(checked, last_seq, previous_hash, BreakReason.UNLINKED, seq)
        stored, key_id = row["hash"], row["key_id"]
        problem = _digest_problem(row, keys, keyed_seen)
        if problem:
            return ChainReport(checked, last_seq, previous_hash, problem, seq)
        if seq in heads and heads[seq] != stored:
            return ChainReport(checked, last_seq, previous_hash, BreakReason.HEAD, seq, seq)
        if checkpoint is not None and seq == checkpoint.seq and checkpoint.hash != stored:
            return ChainReport(checked, last_seq, previous_hash, BreakReason.CHECKPOINT, seq, seq)
        keyed_seen = keyed_seen or bool(key_id)
        previous_hash = stored
        last_seq = seq
        checked += 1
    reached = max([*heads, checkpoint.seq if checkpoint else 0, recorded_checkpoint or 0], default=0)
    if (last_seq or 0) < reached:
        return ChainReport(checked, last_seq, previous_hash, BreakReason.TRUNCATED, (last_seq or 0) + 1, reached)
    return ChainReport(checked, last_seq, previous_hash if last_seq else "")


def chain_segment_problem(after_seq: int, after_hash: str) -> str:
    """Check the entries after a checkpoint (for the next one); "" when they are sound."""
    if after_seq:
        anchor = AuditEntry.objects.filter(seq=after_seq).values_list("hash", "key_id").first()
        if anchor is None:
            return f"entry #{after_seq} of the latest checkpoint is missing"
        if anchor[0] != after_hash:
            return f"entry #{after_seq} differs from the latest checkpoint"
        keyed_seen = bool(anchor[1])
    else:
        keyed_seen = False
    keys = keys_by_id()
    previous_hash, last_seq = after_hash, after_seq
    for row in _rows(after_seq):
        seq = row["seq"]
        if seq != last_seq + 1:
            return f"entry #{last_seq + 1} is missing"
        if row["prev_hash"] != previous_hash:
            return f"entry #{seq} does not link to the entry before it"
        stored, key_id = row["hash"], row["key_id"]
        if _digest_problem(row, keys, keyed_seen):
            return f"entry #{seq} was altered or is not keyed"
        keyed_seen = keyed_seen or bool(key_id)
        previous_hash, last_seq = stored, seq
    return ""

"""Writes to the audit log. ``audit_record`` is the only way an entry is created."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from tatakelola.audit.chain import GENESIS_HASH, entry_hash
from tatakelola.audit.models import AuditEntry, AuditVerification, BreakReason, VerificationStatus

# Arbitrary constant naming the PostgreSQL advisory lock that serialises chain appends.
_CHAIN_LOCK_KEY = 0x7A7A_0001
SYSTEM_ACTOR = "system"

Actor = AbstractBaseUser | AnonymousUser | None


def _json_safe(value: Any) -> Any:
    """Round-trip through JSON so the stored value hashes the same when read back."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def _actor_fields(actor: Actor) -> tuple[int | None, str]:
    if actor is None or not actor.is_authenticated:
        return None, SYSTEM_ACTOR
    return int(actor.pk), actor.get_username()


def audit_record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    organisation_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain; call it inside the service's transaction."""
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_repr = object_repr or str(target)[:255]
    actor_id, actor_name = _actor_fields(actor)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEntry.objects.order_by("-seq").values("seq", "hash").first()
        seq = (last["seq"] + 1) if last else 1
        prev_hash = last["hash"] if last else GENESIS_HASH
        fields: dict[str, Any] = {
            "seq": seq,
            "occurred_at": timezone.now(),
            "actor_id": actor_id,
            "actor": actor_name,
            "organisation_id": organisation_id,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "object_repr": object_repr,
            "before": _json_safe(before),
            "after": _json_safe(after),
            "prev_hash": prev_hash,
        }
        return AuditEntry.objects.create(**fields, hash=entry_hash(**fields))


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
)


def _verify_chain() -> ChainReport:
    from tatakelola.audit.selectors import verification_last_intact

    previous_hash = GENESIS_HASH
    checked = 0
    last_seq: int | None = None
    for row in AuditEntry.objects.order_by("seq").values(*_ENTRY_FIELDS).iterator(chunk_size=2000):
        seq = row["seq"]
        expected_seq = (last_seq or 0) + 1
        if seq != expected_seq:
            return ChainReport(checked, last_seq, previous_hash, BreakReason.MISSING, expected_seq, seq)
        if row["prev_hash"] != previous_hash:
            return ChainReport(checked, last_seq, previous_hash, BreakReason.UNLINKED, seq)
        stored = row.pop("hash")
        if entry_hash(**row) != stored:
            return ChainReport(checked, last_seq, previous_hash, BreakReason.ALTERED, seq)
        previous_hash = stored
        last_seq = seq
        checked += 1
    anchor = verification_last_intact()
    if anchor is not None and anchor.head_seq is not None and (last_seq or 0) < anchor.head_seq:
        return ChainReport(
            checked, last_seq, previous_hash, BreakReason.TRUNCATED, (last_seq or 0) + 1, anchor.head_seq
        )
    return ChainReport(checked, last_seq, previous_hash if last_seq else "")


def audit_chain_verify(*, requested_by: str = SYSTEM_ACTOR) -> AuditVerification:
    """Walk the whole chain, store the result, and record the check itself in the log."""
    report = _verify_chain()
    with transaction.atomic():
        verification = AuditVerification.objects.create(
            status=VerificationStatus.INTACT if report.intact else VerificationStatus.BROKEN,
            entries_checked=report.entries_checked,
            head_seq=report.head_seq,
            head_hash=report.head_hash,
            first_broken_seq=report.first_broken_seq,
            reason=report.reason,
            reference_seq=report.reference_seq,
            requested_by=requested_by,
        )
        if report.intact:
            # Appending to a broken chain would only bury the break; skip the entry then.
            audit_record(
                actor=None,
                action="audit.chain.verified",
                target=verification,
                object_repr=f"{report.entries_checked} entries",
                after={"status": verification.status, "head_seq": report.head_seq, "requested_by": requested_by},
            )
    return verification

"""Writes to the audit log. ``audit_record`` is the only way an entry is created."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from tatakelola.audit.chain import GENESIS_HASH, entry_mac
from tatakelola.audit.checkpoints import Checkpoint, checkpoint_append, checkpoint_latest, checkpoint_sign
from tatakelola.audit.keys import current_key
from tatakelola.audit.models import AuditEntry, AuditVerification, VerificationStatus
from tatakelola.audit.verify import chain_segment_problem, chain_walk

# Arbitrary constant naming the PostgreSQL advisory lock that serialises chain appends.
_CHAIN_LOCK_KEY = 0x7A7A_0001
SYSTEM_ACTOR = "system"
log = logging.getLogger(__name__)

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
    key = current_key()
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
        digest = entry_mac(mac_key=key.mac_key, key_id=key.key_id, **fields)
        return AuditEntry.objects.create(**fields, hash=digest, key_id=key.key_id)


def audit_chain_verify(*, requested_by: str = SYSTEM_ACTOR, organisation_id: int | None = None) -> AuditVerification:
    """Walk the whole chain, compare it with every recorded head and the latest signed checkpoint,
    store the result, record the check itself in the log, and checkpoint the new head."""
    report = chain_walk()
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
            organisation_id=organisation_id,
        )
        if report.intact:
            # Appending to a broken chain would only bury the break; skip the entry then.
            audit_record(
                actor=None,
                action="audit.chain.verified",
                target=verification,
                organisation_id=organisation_id,
                object_repr=f"{report.entries_checked} entries",
                after={"status": verification.status, "head_seq": report.head_seq, "requested_by": requested_by},
            )
    if report.intact:
        # The check's own entry is the newest: a signed checkpoint outside the database now covers
        # it, so deleting it (or anything before it) is found by the next verification.
        checkpoint = _checkpoint_head()
        if checkpoint is not None:
            AuditVerification.objects.filter(pk=verification.pk).update(checkpoint_seq=checkpoint.seq)
            verification.checkpoint_seq = checkpoint.seq
    return verification


def _checkpoint_head() -> Checkpoint | None:
    head = AuditEntry.objects.order_by("-seq").values("seq", "hash").first()
    if head is None:
        return None
    checkpoint = checkpoint_sign(seq=head["seq"], hash_=head["hash"])
    checkpoint_append(checkpoint)
    return checkpoint


def audit_checkpoint_write() -> dict[str, Any]:
    """Sign the chain's head into the checkpoint file (every minute, from the scheduler).

    Only the entries since the previous checkpoint are checked (links and keys), and the previous
    checkpoint's entry must still be there with the same hash: a chain that was cut or rewritten is
    never signed. It gets a full verification instead, which records the break where people see it.
    Nothing is written when the head has not moved. Not audited: it changes nothing in the database.
    """
    head = AuditEntry.objects.order_by("-seq").values("seq", "hash").first()
    if head is None:
        return {"written": False, "reason": "empty"}
    latest = checkpoint_latest()
    previous = latest.checkpoint if latest is not None else None
    if latest is not None and (previous is None or not previous.signature_valid()):
        return _diverged("the latest checkpoint is not a valid signed line")
    if previous is not None and previous.seq == head["seq"] and previous.hash == head["hash"]:
        return {"written": False, "reason": "unchanged", "seq": head["seq"]}
    problem = chain_segment_problem(previous.seq if previous else 0, previous.hash if previous else GENESIS_HASH)
    if problem:
        return _diverged(problem)
    checkpoint = checkpoint_sign(seq=head["seq"], hash_=head["hash"])
    checkpoint_append(checkpoint)
    return {"written": True, "seq": checkpoint.seq}


def _diverged(problem: str) -> dict[str, Any]:
    log.error("audit chain not checkpointed: %s", problem)
    last = AuditVerification.objects.order_by("-checked_at", "-id").first()
    if last is not None and last.status == VerificationStatus.BROKEN:
        return {"written": False, "reason": "diverged", "problem": problem, "verification": last.pk}
    verification = audit_chain_verify(requested_by="checkpoint")
    return {"written": False, "reason": "diverged", "problem": problem, "verification": verification.pk}

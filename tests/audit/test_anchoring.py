"""Tamper evidence against someone who can write the database: a keyed chain and signed checkpoints.

Each attack is carried out as that person would (guard switched off, rows edited in SQL, hashes
recomputed with the public algorithm) and must make ``tatakelola audit verify`` exit 1 naming the
first entry that differs. Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tatakelola.audit.chain import GENESIS_HASH, entry_hash, entry_mac
from tatakelola.audit.checkpoints import checkpoint_latest, checkpoint_path
from tatakelola.audit.keys import _derive
from tatakelola.audit.models import AuditEntry, AuditVerification, BreakReason, VerificationStatus
from tatakelola.audit.services import audit_chain_verify, audit_checkpoint_write, audit_record

TABLE = AuditEntry._meta.db_table
FIELDS = (
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
)


def _sql(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def _disable_guard() -> None:
    if connection.vendor == "postgresql":
        _sql(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
    else:
        _sql("DROP TRIGGER IF EXISTS audit_entry_no_update")


def _delete_from(seq: int) -> None:
    _disable_guard()
    _sql(f"DELETE FROM {TABLE} WHERE seq >= %s", [seq])


def _append(n: int) -> None:
    for i in range(n):
        audit_record(actor=None, action="test.later", object_type="x", object_id=str(i))


def _verify_fails(seq: int, reason: str) -> AuditVerification:
    with pytest.raises(CommandError, match=rf"#{seq}\b") as excinfo:
        call_command("audit", "verify")
    assert excinfo.value.returncode == 1
    verification = AuditVerification.objects.order_by("-id").first()
    assert verification is not None
    assert (verification.status, verification.reason, verification.first_broken_seq) == (
        VerificationStatus.BROKEN,
        reason,
        seq,
    )
    return verification


def _rewrite_from(seq: int, *, actor: str, digest: str = "sha256", key: bytes = b"", key_id: str = "") -> None:
    """Alter entry ``seq`` and recompute it and every later entry so that all links hold again."""
    _disable_guard()
    rows = list(AuditEntry.objects.filter(seq__gte=seq).order_by("seq").values(*FIELDS, "pk"))
    previous = AuditEntry.objects.filter(seq=seq - 1).values_list("hash", flat=True).first() or GENESIS_HASH
    for row in rows:
        pk = row.pop("pk")
        if row["seq"] == seq:
            row["actor"] = actor
        row["prev_hash"] = previous
        new = entry_hash(**row) if digest == "sha256" else entry_mac(mac_key=key, key_id=key_id, **row)
        _sql(
            f"UPDATE {TABLE} SET actor = %s, prev_hash = %s, hash = %s, key_id = %s WHERE id = %s",
            [row["actor"], previous, new, key_id if digest != "sha256" else "", pk],
        )
        previous = new


def test_entries_are_keyed_and_checkpoints_signed(demo: None) -> None:
    assert not AuditEntry.objects.filter(key_id="").exists()
    verification = audit_chain_verify()
    latest = checkpoint_latest()
    assert latest is not None and latest.checkpoint is not None
    head = AuditEntry.objects.order_by("-seq").first()
    assert head is not None and head.action == "audit.chain.verified"
    assert (latest.checkpoint.seq, latest.checkpoint.hash) == (head.seq, head.hash)
    assert verification.checkpoint_seq == head.seq
    assert latest.checkpoint.signature_valid()
    line = json.loads(checkpoint_path().read_text().splitlines()[-1])
    assert set(line) == {"v", "seq", "hash", "at", "key", "pub", "sig"}
    assert settings.TATAKELOLA_AUDIT_KEY not in checkpoint_path().read_text()


def test_deleting_the_newest_entry_after_a_verification_is_found(demo: None) -> None:
    first = audit_chain_verify()
    assert first.status == VerificationStatus.INTACT
    newest = AuditEntry.objects.order_by("-seq").first()
    assert newest is not None and newest.action == "audit.chain.verified"  # the check's own record
    _delete_from(newest.seq)
    verification = _verify_fails(newest.seq, BreakReason.TRUNCATED)
    assert verification.reference_seq == newest.seq


def test_deleting_entries_written_after_the_last_verification_is_found_by_the_checkpoint(demo: None) -> None:
    audit_chain_verify()
    _append(5)
    assert audit_checkpoint_write()["written"] is True  # the scheduler's minute
    first_new = AuditEntry.objects.filter(action="test.later").order_by("seq").first()
    assert first_new is not None
    _delete_from(first_new.seq)
    _verify_fails(first_new.seq, BreakReason.TRUNCATED)


def test_deleting_an_entry_in_the_middle_after_the_last_checkpoint_is_found(demo: None) -> None:
    audit_chain_verify()
    _append(5)
    middle = AuditEntry.objects.filter(action="test.later").order_by("seq")[2]
    _disable_guard()
    _sql(f"DELETE FROM {TABLE} WHERE seq = %s", [middle.seq])
    _verify_fails(middle.seq, BreakReason.MISSING)


def test_the_remaining_window_cutting_the_tail_written_after_the_last_checkpoint(demo: None) -> None:
    """Documented limit (docs/ARCHITECTURE.md): entries newer than the last checkpoint can be cut
    from the end without a trace. The scheduler's minute keeps that window short."""
    audit_chain_verify()
    _append(3)
    first_new = AuditEntry.objects.filter(action="test.later").order_by("seq").first()
    assert first_new is not None
    _delete_from(first_new.seq)
    assert audit_chain_verify().status == VerificationStatus.INTACT


def test_altering_an_entry_and_recomputing_every_later_hash_without_the_key_is_found(demo: None) -> None:
    audit_chain_verify()
    _rewrite_from(5, actor="mallory")  # the public SHA-256, every link consistent again
    _verify_fails(5, BreakReason.KEY)


def test_recomputing_with_a_guessed_key_under_the_real_key_id_is_found(demo: None) -> None:
    real_id = AuditEntry.objects.get(seq=1).key_id
    forged = _derive("an attacker's own secret, not ours")
    _rewrite_from(7, actor="mallory", digest="mac", key=forged.mac_key, key_id=real_id)
    _verify_fails(7, BreakReason.ALTERED)


def test_rewriting_the_whole_chain_unkeyed_is_found_at_the_first_recorded_head(demo: None) -> None:
    first = audit_chain_verify()
    _rewrite_from(1, actor="mallory")
    assert first.head_seq is not None
    _verify_fails(first.head_seq, BreakReason.HEAD)


def test_rewriting_everything_including_the_recorded_heads_is_found_at_the_checkpoint(demo: None) -> None:
    audit_chain_verify()
    _rewrite_from(1, actor="mallory")
    AuditVerification.objects.all().delete()  # the attacker removes the heads kept in the database too
    latest = checkpoint_latest()
    assert latest is not None and latest.checkpoint is not None
    _verify_fails(latest.checkpoint.seq, BreakReason.CHECKPOINT)


def test_a_forged_checkpoint_line_is_refused(demo: None) -> None:
    audit_chain_verify()
    lines = checkpoint_path().read_text().splitlines()
    record = json.loads(lines[-1])
    record["seq"] -= 1  # pretend the chain ended earlier, with the old signature
    checkpoint_path().write_text("\n".join([*lines[:-1], json.dumps(record)]) + "\n")
    _verify_fails(record["seq"], BreakReason.FORGED)


def test_a_removed_checkpoint_file_is_noticed(demo: None) -> None:
    verification = audit_chain_verify()
    Path(checkpoint_path()).unlink()
    assert verification.checkpoint_seq is not None
    _verify_fails(verification.checkpoint_seq, BreakReason.LOST)


def test_the_scheduler_checkpoints_only_a_moved_head_and_never_a_cut_chain(demo: None) -> None:
    assert audit_checkpoint_write()["written"] is True
    assert audit_checkpoint_write() == {"written": False, "reason": "unchanged", "seq": AuditEntry.objects.count()}
    _append(2)
    assert audit_checkpoint_write()["written"] is True
    checkpointed = checkpoint_latest()
    assert checkpointed is not None and checkpointed.checkpoint is not None
    # Cut the tail and write as many new entries: the sequence is gap-free again, the hashes differ.
    _delete_from(checkpointed.checkpoint.seq - 1)
    _append(2)
    result = audit_checkpoint_write()
    assert result["reason"] == "diverged"
    assert checkpoint_latest() == checkpointed  # nothing signed over the cut
    broken = AuditVerification.objects.get(pk=result["verification"])
    assert broken.status == VerificationStatus.BROKEN


def test_rotated_keys_verify_old_entries_until_the_old_key_is_dropped(demo: None, settings: object) -> None:
    old = settings.TATAKELOLA_AUDIT_KEY  # type: ignore[attr-defined]
    settings.TATAKELOLA_AUDIT_KEY = "a new audit key for the rotation test," + old  # type: ignore[attr-defined]
    _append(2)
    assert AuditEntry.objects.order_by("-seq").first().key_id != AuditEntry.objects.get(seq=1).key_id  # type: ignore[union-attr]
    assert audit_chain_verify().status == VerificationStatus.INTACT
    settings.TATAKELOLA_AUDIT_KEY = "a new audit key for the rotation test"  # type: ignore[attr-defined]
    Path(checkpoint_path()).unlink()  # the checkpoints were signed with the old key as well
    AuditVerification.objects.all().delete()
    verification = audit_chain_verify()
    assert (verification.reason, verification.first_broken_seq) == (BreakReason.KEY, 1)

"""The audit log: every service write appends a chained entry; tampering is found and named."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from tatakelola.audit.chain import GENESIS_HASH
from tatakelola.audit.models import AuditEntry, AuditVerification, BreakReason, VerificationStatus
from tatakelola.audit.services import audit_chain_verify, audit_record
from tatakelola.orgs import services
from tatakelola.orgs.models import Organisation

TABLE = AuditEntry._meta.db_table


def _sql(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def _disable_guard() -> None:
    """What an attacker with table-owner rights would do before editing rows directly."""
    if connection.vendor == "postgresql":
        _sql(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
    else:
        _sql("DROP TRIGGER IF EXISTS audit_entry_no_update")


def test_service_writes_append_linked_entries(db: None) -> None:
    org = services.organisation_create(actor=None, name="PT Contoh", slug="contoh")
    services.department_create(actor=None, organisation=org, name="Hukum", code="hukum")
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.action for e in entries] == ["orgs.organisation.create", "orgs.department.create"]
    assert entries[0].prev_hash == GENESIS_HASH
    assert entries[1].prev_hash == entries[0].hash
    assert [e.seq for e in entries] == [1, 2]
    assert entries[1].after == {"code": "hukum", "description": "", "name": "Hukum"}
    assert entries[1].organisation_id == org.pk


def test_failed_service_writes_no_entry(db: None) -> None:
    org = services.organisation_create(actor=None, name="PT Contoh", slug="contoh")
    with pytest.raises(Exception, match="already exists"):
        services.organisation_create(actor=None, name="Lagi", slug="contoh")
    assert AuditEntry.objects.count() == 1
    assert Organisation.objects.get() == org


def test_verify_passes_on_fresh_demo(demo: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out
    verification = AuditVerification.objects.get()
    assert verification.status == VerificationStatus.INTACT
    assert verification.entries_checked == AuditEntry.objects.count() - 1  # the check logs itself


def test_verify_names_the_entry_edited_in_sql(demo: None) -> None:
    target = AuditEntry.objects.get(seq=5)
    _disable_guard()
    _sql(f"UPDATE {TABLE} SET after = %s WHERE seq = %s", ['{"name": "forged"}', target.seq])
    with pytest.raises(CommandError, match=r"entry #5\b") as excinfo:
        call_command("audit", "verify")
    assert excinfo.value.returncode == 1
    verification = AuditVerification.objects.get()
    assert (verification.status, verification.reason, verification.first_broken_seq) == (
        VerificationStatus.BROKEN,
        BreakReason.ALTERED,
        5,
    )


def test_verify_detects_a_deleted_row(demo: None) -> None:
    _disable_guard()
    _sql(f"DELETE FROM {TABLE} WHERE seq = %s", [7])
    report = audit_chain_verify()
    assert (report.reason, report.first_broken_seq, report.reference_seq) == (BreakReason.MISSING, 7, 8)


def test_verify_detects_a_rewritten_link(demo: None) -> None:
    _disable_guard()
    # Recomputing one entry's own hash is not enough: the next entry still links to the old one.
    forged = AuditEntry.objects.get(seq=3)
    _sql(f"UPDATE {TABLE} SET hash = %s WHERE seq = %s", ["f" * 64, forged.seq])
    report = audit_chain_verify()
    assert report.status == VerificationStatus.BROKEN
    assert report.first_broken_seq == 3  # its stored hash no longer matches its content


def test_verify_detects_truncated_tail_after_an_earlier_check(demo: None) -> None:
    first = audit_chain_verify()
    assert first.status == VerificationStatus.INTACT
    _disable_guard()
    _sql(f"DELETE FROM {TABLE} WHERE seq >= %s", [first.head_seq - 1])
    report = audit_chain_verify()
    assert report.reason == BreakReason.TRUNCATED
    assert report.reference_seq == first.checkpoint_seq == first.head_seq + 1  # the check's own entry


def test_broken_chain_is_not_extended_by_the_check(demo: None) -> None:
    _disable_guard()
    _sql(f"UPDATE {TABLE} SET actor = 'mallory' WHERE seq = 2")
    count = AuditEntry.objects.count()
    audit_chain_verify()
    assert AuditEntry.objects.count() == count


def test_update_through_the_orm_is_refused(demo: None) -> None:
    entry = AuditEntry.objects.get(seq=1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor="mallory")


def test_entries_hash_the_same_after_a_database_round_trip(db: None) -> None:
    audit_record(
        actor=None,
        action="test.roundtrip",
        object_type="x",
        object_id="1",
        after={"unicode": "Rp1.000.000 — ✓", "float": 1.5, "nested": {"b": [1, 2], "a": None}},
    )
    assert audit_chain_verify().status == VerificationStatus.INTACT


@pytest.mark.postgres
def test_postgres_refuses_update_and_delete_of_log_rows(demo: None) -> None:
    for statement in (f"UPDATE {TABLE} SET actor = 'mallory' WHERE seq = 1", f"DELETE FROM {TABLE} WHERE seq = 1"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _sql(statement)
    assert AuditEntry.objects.get(seq=1).actor == "system"


@pytest.mark.postgres
def test_postgres_concurrent_appends_keep_one_chain(transactional_db: None) -> None:
    """Two threads appending at once must not fork the chain (advisory lock)."""
    import threading

    from django.db import connections

    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            for i in range(15):
                audit_record(actor=None, action=f"test.concurrent.{n}", object_type="x", object_id=str(i))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditEntry.objects.count() == 45
    assert audit_chain_verify().status == VerificationStatus.INTACT

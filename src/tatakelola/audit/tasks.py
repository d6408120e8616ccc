"""Background work of the audit app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from tatakelola.audit.services import audit_chain_verify as verify
from tatakelola.audit.services import audit_checkpoint_write as checkpoint_write


@shared_task(name="tatakelola.audit.tasks.audit_chain_verify", time_limit=1800, soft_time_limit=1700)
def audit_chain_verify(requested_by: str = "system", organisation_id: int | None = None) -> dict[str, object]:
    verification = verify(requested_by=requested_by, organisation_id=organisation_id)
    return {
        "id": verification.pk,
        "status": verification.status,
        "entries_checked": verification.entries_checked,
        "first_broken_seq": verification.first_broken_seq,
        "reason": verification.reason,
    }


@shared_task(name="tatakelola.audit.tasks.audit_checkpoint_write", time_limit=300, soft_time_limit=280)
def audit_checkpoint_write() -> dict[str, object]:
    return checkpoint_write()

"""File imports (JSONL, CSV, Slack and Teams exports) as resumable jobs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tatakelola.audit.services import Actor, audit_record
from tatakelola.connectors import (
    ConnectorError,
    connector_for,
)
from tatakelola.connectors.registry import IMPORT_FORMATS
from tatakelola.monitoring import dispatch
from tatakelola.monitoring.choices import (
    ImportStatus,
)
from tatakelola.monitoring.models import (
    ImportJob,
    IngestionState,
    Message,
    MonitoredAccount,
)
from tatakelola.monitoring.services.accounts import connector_settings
from tatakelola.monitoring.services.ingest import page_ingest
from tatakelola.monitoring.services.scans import messages_scan_queue
from tatakelola.utilities.errors import DomainError


def import_job_create(
    *,
    actor: Actor,
    account: MonitoredAccount,
    format: str,  # the CLI option's name
    file_path: Path,
    file_name: str = "",
    options: Mapping[str, Any] | None = None,
    queue: bool = True,
) -> ImportJob:
    if format not in IMPORT_FORMATS:
        raise DomainError(_("Unknown import format."), field="format")
    with transaction.atomic():
        job = ImportJob.objects.create(
            organisation_id=account.organisation_id,
            account=account,
            format=format,
            file_name=(file_name or file_path.name)[:255],
            file_path=str(file_path),
            options=dict(options or {}),
            created_by=actor if isinstance(actor, User) else None,
        )
        audit_record(
            actor=actor,
            action="monitoring.import.create",
            target=job,
            organisation_id=account.organisation_id,
            after={"account": account.handle, "format": format, "file": job.file_name},
        )
        if queue:
            job_id = job.pk
            transaction.on_commit(lambda: dispatch.run_import(job_id))
    return job


def _count_records(job: ImportJob) -> int | None:
    if job.format not in ("jsonl", "csv"):
        return None
    with Path(job.file_path).open("rb") as handle:
        lines = sum(1 for line in handle if line.strip())
    return max(0, lines - 1) if job.format == "csv" else lines


def import_job_run(*, job_id: int, progress: Callable[[ImportJob], None] | None = None) -> ImportJob:
    """Read the job's file through its connector from ``position`` on, page by page.

    Safe to run again after a crash: stored pages moved ``position`` in their transaction, and
    messages stored but never queued for scanning are queued at the end.
    """
    job = ImportJob.objects.select_related("account").get(pk=job_id)
    if job.status == ImportStatus.DONE:
        return job
    account = job.account
    updates: dict[str, Any] = {"status": ImportStatus.RUNNING}
    if job.started_at is None:
        updates["started_at"] = timezone.now()
    try:
        if job.total is None:
            updates["total"] = _count_records(job)
        ImportJob.objects.filter(pk=job.pk).update(**updates)
        job.refresh_from_db()
        connector = connector_for(job.format, connector_settings(account, path=job.file_path, **job.options))
        for page in connector.fetch(str(job.position)):
            page_ingest(
                account=account,
                normalize=connector.normalize,
                page=page,
                source=f"import {job.file_name}",
                import_job=job,
            )
            if progress is not None:
                progress(job)
    except (ConnectorError, OSError) as exc:
        return _import_job_fail(job, str(exc))
    with transaction.atomic():
        now = timezone.now()
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, finished_at=now)
        job.refresh_from_db()
        IngestionState.objects.filter(account=account).update(last_success_at=now)
        audit_record(
            actor=None,
            action="monitoring.import.finish",
            target=job,
            organisation_id=job.organisation_id,
            after={"stored": job.stored, "duplicates": job.duplicates, "problems": job.problems},
        )
    unscanned = list(
        Message.objects.filter(account=account, import_job=job, scanned_at__isnull=True).values_list("pk", flat=True)
    )
    if unscanned:
        messages_scan_queue(message_ids=unscanned)
    _import_file_discard(job)
    return job


def _import_file_discard(job: ImportJob) -> None:
    """The uploaded copy holds personal data; once its messages are stored it has no purpose."""
    from tatakelola.monitoring.selectors import import_dir

    path = Path(job.file_path)
    if path.resolve().is_relative_to(import_dir().resolve()):
        path.unlink(missing_ok=True)


def import_job_fail(*, job_id: int, reason: str) -> ImportJob:
    """The import cannot finish (its task gave up): say so on the job instead of leaving it running."""
    return _import_job_fail(ImportJob.objects.get(pk=job_id), reason)


def _import_job_fail(job: ImportJob, reason: str) -> ImportJob:
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(), log=(job.log or "") + reason + "\n"
        )
        job.refresh_from_db()
        audit_record(
            actor=None,
            action="monitoring.import.fail",
            target=job,
            organisation_id=job.organisation_id,
            after={"reason": reason[:500]},
        )
    return job

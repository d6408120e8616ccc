from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tatakelola.connectors.registry import IMPORT_FORMATS
from tatakelola.monitoring import selectors, services
from tatakelola.monitoring.choices import ImportStatus
from tatakelola.monitoring.models import ImportJob
from tatakelola.utilities.errors import DomainError

_SUFFIX_FORMAT = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".zip": "slack-export", ".json": "teams-export"}


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]  # lazy at --help time
        "Import a file of messages into a monitored account through the ingestion pipeline."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=str(gettext_lazy("file to import")))
        parser.add_argument("--account", required=True, help=str(gettext_lazy("handle of the monitored account")))
        parser.add_argument(
            "--format", choices=IMPORT_FORMATS, help=str(gettext_lazy("file format (default: from the file name)"))
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help=str(gettext_lazy("column mapping for jsonl/csv, e.g. --map text=content")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        fmt = options["format"] or _SUFFIX_FORMAT.get(path.suffix.lower())
        if fmt is None:
            raise CommandError(_("Cannot tell the format from the file name; pass --format."))
        mapping = {}
        for item in options["map"]:
            field, sep, column = item.partition("=")
            if not sep or not field or not column:
                raise CommandError(_("A mapping is written FIELD=COLUMN, e.g. text=content."))
            mapping[field.strip()] = column.strip()
        try:
            account = selectors.account_by_handle(handle=options["account"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        # The job keeps its own copy: the original may move or change while the job is pending.
        target = selectors.import_dir() / f"cli-{uuid.uuid4().hex}-{path.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        try:
            job = services.import_job_create(
                actor=None,
                account=account,
                format=fmt,
                file_path=target,
                file_name=path.name,
                options={"mapping": mapping} if mapping else {},
                queue=False,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        job = services.import_job_run(job_id=job.pk, progress=self._progress)
        self._progress(job, final=True)
        if job.log:
            self.stderr.write(job.log.rstrip())
        summary = _(
            "%(stored)d stored, %(duplicates)d already stored, %(problems)d problems (%(file)s → %(account)s)"
        ) % {
            "stored": job.stored,
            "duplicates": job.duplicates,
            "problems": job.problems,
            "file": path.name,
            "account": account.handle,
        }
        if job.status == ImportStatus.FAILED:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _progress(self, job: ImportJob, final: bool = False) -> None:
        done = job.position
        total = job.total
        if total:
            width = 30
            filled = int(width * min(done, total) / total)
            bar = "#" * filled + "-" * (width - filled)
            line = f"\r[{bar}] {done}/{total} ({job.percent}%)"
        else:
            line = f"\r{done} …"
        self.stderr.write(line, ending="\n" if final else "")
        self.stderr.flush()

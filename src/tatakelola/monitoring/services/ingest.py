"""Storing a page of normalised messages once per platform id, with its cursor or import position."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from tatakelola.audit.services import audit_record
from tatakelola.connectors import (
    NormalizedMessage,
    Page,
    RecordError,
    RecordProblem,
)
from tatakelola.monitoring.choices import (
    DeadLetterKind,
)
from tatakelola.monitoring.models import (
    DeadLetter,
    ImportJob,
    IngestionState,
    Message,
    MonitoredAccount,
)
from tatakelola.monitoring.services.scans import messages_scan_queue

_LOG_LIMIT = 200  # problem lines kept in an import job's log; the rest are counted and dead-lettered


@dataclass
class PageResult:
    stored: int = 0
    duplicates: int = 0
    problems: list[RecordProblem] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)  # stored and not yet scanned


def _store(
    *, account: MonitoredAccount, messages: Sequence[NormalizedMessage], import_job: ImportJob | None
) -> tuple[int, int, list[int]]:
    """Insert the messages not stored yet; returns (stored, duplicates, unscanned ids)."""
    unique: dict[tuple[str, str], NormalizedMessage] = {}
    for message in messages:
        unique.setdefault((message.platform, message.external_id), message)
    if not unique:
        return 0, len(messages), []
    keys = list(unique)
    before = _existing(account.organisation_id, keys, with_scan_state=True)
    new = [m for key, m in unique.items() if key not in before]
    if connection.vendor == "postgresql":
        inserted = _insert_postgresql(account=account, messages=new, import_job=import_job)
    else:
        inserted = _insert_orm(account=account, messages=new, import_job=import_job, keys=keys, before=before)
    unscanned = sorted([*inserted, *(pk for pk, scanned in before.values() if not scanned)])
    return len(inserted), len(messages) - len(inserted), unscanned


_COPY_COLUMNS = (
    "organisation_id",
    "account_id",
    "platform",
    "external_id",
    "author",
    "author_id",
    "text",
    "language",
    "url",
    "links",
    "media",
    "in_reply_to",
    "posted_at",
    "ingested_at",
    "raw",
    "import_job_id",
    "scan_count",
    "highest_severity",
)


def _row(
    account: MonitoredAccount, m: NormalizedMessage, import_job: ImportJob | None, now: datetime
) -> tuple[Any, ...]:
    import json

    return (
        account.organisation_id,
        account.pk,
        m.platform,
        m.external_id,
        m.author[:200],
        m.author_id[:200],
        m.text,
        m.language[:8],
        m.url[:1000],
        json.dumps(list(m.links)),
        json.dumps(list(m.media)),
        m.in_reply_to[:255],
        m.posted_at,
        now,
        json.dumps(_json_safe(m.raw)),
        import_job.pk if import_job else None,
        0,
        "",
    )


def _insert_postgresql(
    *, account: MonitoredAccount, messages: Sequence[NormalizedMessage], import_job: ImportJob | None
) -> list[int]:
    """COPY into a temporary table, then one INSERT … ON CONFLICT DO NOTHING RETURNING id.

    Several times faster than a multi-row INSERT built by the ORM; the unique constraint still
    decides which rows are new when two workers store the same message at once.
    """
    if not messages:
        return []
    columns = ", ".join(_COPY_COLUMNS)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS monitoring_message_incoming ON COMMIT DELETE ROWS AS "  # noqa: S608
            f"SELECT {columns} FROM monitoring_message WITH NO DATA"
        )
        raw_cursor = cursor.cursor  # psycopg's own cursor: Django's wrapper has no COPY
        with raw_cursor.copy(f"COPY monitoring_message_incoming ({columns}) FROM STDIN") as copy:
            for message in messages:
                copy.write_row(_row(account, message, import_job, now))
        cursor.execute(
            f"INSERT INTO monitoring_message ({columns}) "  # noqa: S608  # fixed column names, no input
            f"SELECT {columns} FROM monitoring_message_incoming "
            "ON CONFLICT ON CONSTRAINT monitoring_message_unique_external_id DO NOTHING RETURNING id"
        )
        inserted = [row[0] for row in cursor.fetchall()]
        cursor.execute("DELETE FROM monitoring_message_incoming")
    return inserted


def _insert_orm(
    *,
    account: MonitoredAccount,
    messages: Sequence[NormalizedMessage],
    import_job: ImportJob | None,
    keys: Sequence[tuple[str, str]],
    before: Mapping[tuple[str, str], Any],
) -> list[int]:
    if not messages:
        return []
    rows = [
        Message(
            organisation_id=account.organisation_id,
            account=account,
            platform=m.platform,
            external_id=m.external_id,
            author=m.author[:200],
            author_id=m.author_id[:200],
            text=m.text,
            language=m.language[:8],
            url=m.url[:1000],
            links=list(m.links),
            media=list(m.media),
            in_reply_to=m.in_reply_to[:255],
            posted_at=m.posted_at,
            raw=_json_safe(m.raw),
            import_job=import_job,
        )
        for m in messages
    ]
    # The unique constraint decides under concurrency: a row another worker stored meanwhile is skipped.
    Message.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    after = _existing(account.organisation_id, keys)
    return [pk for key, pk in after.items() if key not in before]


def _existing(
    organisation_id: int, keys: Sequence[tuple[str, str]], *, with_scan_state: bool = False
) -> dict[tuple[str, str], Any]:
    """Stored messages among ``keys``: key → id, or key → (id, scanned) with ``with_scan_state``."""
    found: dict[tuple[str, str], Any] = {}
    by_platform: dict[str, list[str]] = {}
    for platform, external_id in keys:
        by_platform.setdefault(platform, []).append(external_id)
    for platform, external_ids in by_platform.items():
        rows = Message.objects.filter(organisation_id=organisation_id, platform=platform, external_id__in=external_ids)
        if with_scan_state:
            for external_id, pk, scanned_at in rows.values_list("external_id", "id", "scanned_at"):
                found[(platform, external_id)] = (pk, scanned_at is not None)
        else:
            for external_id, pk in rows.values_list("external_id", "id"):
                found[(platform, external_id)] = pk
    return found


def _json_safe(value: Any) -> Any:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    text = json.dumps(value, cls=DjangoJSONEncoder, default=str).replace("\\u0000", "")
    return json.loads(text)


def page_ingest(
    *,
    account: MonitoredAccount,
    normalize: Callable[[Mapping[str, Any]], NormalizedMessage],
    page: Page,
    source: str,
    import_job: ImportJob | None = None,
    advance_cursor: bool = True,
) -> PageResult:
    """Normalise and store one page, dead-letter its bad records and move the resume point, all in
    one transaction: after a crash the page is either entirely stored with its cursor, or not at all."""
    result = PageResult(problems=list(page.problems))
    messages: list[NormalizedMessage] = []
    for item in page.items:
        try:
            messages.append(normalize(item.data))
        except (RecordError, ValueError, TypeError, KeyError, AttributeError) as exc:
            result.problems.append(RecordProblem(item.location, str(exc), _short(item.data)))
    with transaction.atomic():
        stored, duplicates, ids = _store(account=account, messages=messages, import_job=import_job)
        result.stored, result.duplicates, result.message_ids = stored, duplicates, ids
        DeadLetter.objects.bulk_create(
            DeadLetter(
                organisation_id=account.organisation_id,
                account=account,
                kind=DeadLetterKind.RECORD,
                source=f"{source}: {problem.location}"[:300],
                reason=problem.reason,
                payload=problem.raw,
            )
            for problem in result.problems
        )
        newest = max((m.posted_at for m in messages if m.posted_at), default=None)
        state, _created = IngestionState.objects.select_for_update().get_or_create(account=account)
        if advance_cursor and page.cursor is not None and import_job is None:
            state.cursor = page.cursor
        state.messages_stored = F("messages_stored") + stored
        state.error_count = F("error_count") + len(result.problems)
        if newest and (state.last_message_at is None or newest > state.last_message_at):
            state.last_message_at = newest
        state.save()
        if newest and (account.last_activity_at is None or newest > account.last_activity_at):
            MonitoredAccount.objects.filter(pk=account.pk).update(last_activity_at=newest)
        if import_job is not None:
            _job_advance(import_job, page, result)
        if stored or result.problems:
            audit_record(
                actor=None,
                action="monitoring.messages.ingest",
                target=account,
                organisation_id=account.organisation_id,
                after={
                    "source": source,
                    "stored": stored,
                    "duplicates": duplicates,
                    "problems": len(result.problems),
                    "cursor": page.cursor,
                },
            )
        if ids:
            transaction.on_commit(lambda: messages_scan_queue(message_ids=ids))
    return result


def _short(data: Any) -> str:
    return repr(data)[:500]


def _job_advance(job: ImportJob, page: Page, result: PageResult) -> None:
    lines = [f"{p.location}: {p.reason}" for p in result.problems]
    already = job.log.count("\n") if job.log else 0
    room = max(0, _LOG_LIMIT - already)
    log_add = "".join(f"{line}\n" for line in lines[:room])
    ImportJob.objects.filter(pk=job.pk).update(
        position=int(page.cursor or 0),
        stored=F("stored") + result.stored,
        duplicates=F("duplicates") + result.duplicates,
        problems=F("problems") + len(result.problems),
    )
    if log_add:
        job.log = (job.log or "") + log_add
        ImportJob.objects.filter(pk=job.pk).update(log=job.log)
    job.refresh_from_db(fields=["position", "stored", "duplicates", "problems"])

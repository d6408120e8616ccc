"""Writes for the monitoring domain: the inventory and the ingestion pipeline.

Inventory changes are one function each with one audit entry. Pipeline steps (store a page of
messages, scan a batch, run an import) write one audit entry per batch, not per message, and are
idempotent, so a redelivered Celery task never stores or scans a message twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tatakelola.audit.services import Actor, audit_record
from tatakelola.connectors import (
    ConnectorError,
    ConnectorSettings,
    NormalizedMessage,
    Page,
    RecordError,
    RecordProblem,
    connector_class,
    connector_for,
)
from tatakelola.connectors.registry import IMPORT_FORMATS
from tatakelola.connectors.webhook import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    SignatureError,
    WebhookConnector,
    delivery_pages,
    verify_signature,
)
from tatakelola.monitoring.choices import (
    AccountStatus,
    AccountType,
    DeadLetterKind,
    ImportStatus,
    Platform,
    RiskTier,
)
from tatakelola.monitoring.crypto import credentials_decrypt, credentials_encrypt
from tatakelola.monitoring.models import (
    DeadLetter,
    Finding,
    ImportJob,
    IngestionState,
    Message,
    MonitoredAccount,
    WebhookDelivery,
)
from tatakelola.monitoring.signals import findings_stored
from tatakelola.orgs.models import Department, Organisation, Person
from tatakelola.scan import Message as ScanMessage
from tatakelola.scan import severity_at_least
from tatakelola.utilities.errors import DomainError

logger = logging.getLogger(__name__)

SCAN_BATCH = 500
_LOG_LIMIT = 200  # problem lines kept in an import job's log; the rest are counted and dead-lettered


# -- inventory ---------------------------------------------------------------------------------


def _check_people(organisation: Organisation, *people: Person | None) -> None:
    for person in people:
        if person is not None and person.organisation_id != organisation.pk:
            raise DomainError(_("The owner must belong to the same organisation."), field="owner")


def account_create(
    *,
    actor: Actor,
    organisation: Organisation,
    platform: str,
    handle: str,
    account_type: str,
    connector: str = "",
    url: str = "",
    display_name: str = "",
    owner: Person | None = None,
    backup_owner: Person | None = None,
    department: Department | None = None,
    risk_tier: str = RiskTier.MEDIUM,
    status: str = AccountStatus.ACTIVE,
    connector_options: Mapping[str, Any] | None = None,
    credentials: Mapping[str, str] | None = None,
    poll_interval_minutes: int = 15,
) -> MonitoredAccount:
    handle = handle.strip()
    if not handle:
        raise DomainError(_("An account needs a handle."), field="handle")
    if platform not in Platform.values:
        raise DomainError(_("Unknown platform."), field="platform")
    if account_type not in AccountType.values:
        raise DomainError(_("Unknown account type."), field="account_type")
    if connector:
        try:
            connector_class(connector)
        except ConnectorError as exc:
            raise DomainError(_("Unknown connector."), field="connector") from exc
    if department is not None and department.organisation_id != organisation.pk:
        raise DomainError(_("The department belongs to another organisation."), field="department")
    _check_people(organisation, owner, backup_owner)
    with transaction.atomic():
        if MonitoredAccount.objects.filter(organisation=organisation, platform=platform, handle=handle).exists():
            raise DomainError(_("This account is already in the inventory."), field="handle")
        account = MonitoredAccount.objects.create(
            organisation=organisation,
            platform=platform,
            handle=handle,
            account_type=account_type,
            connector=connector,
            url=url,
            display_name=display_name,
            owner=owner,
            backup_owner=backup_owner,
            department=department,
            risk_tier=risk_tier,
            status=status,
            connector_options=dict(connector_options or {}),
            credentials_encrypted=credentials_encrypt(credentials or {}),
            poll_interval_minutes=poll_interval_minutes,
        )
        IngestionState.objects.create(account=account)
        audit_record(
            actor=actor,
            action="monitoring.account.create",
            target=account,
            organisation_id=organisation.pk,
            after={
                "platform": platform,
                "handle": handle,
                "account_type": account_type,
                "connector": connector,
                "owner": owner.full_name if owner else None,
                "backup_owner": backup_owner.full_name if backup_owner else None,
                "department": department.code if department else None,
                "risk_tier": risk_tier,
                "status": status,
                # Never the secret itself: only whether one was stored.
                "credentials": "set" if credentials else "none",
            },
        )
    return account


UPDATABLE_FIELDS = (
    "display_name",
    "url",
    "account_type",
    "owner",
    "backup_owner",
    "department",
    "risk_tier",
    "connector",
    "poll_interval_minutes",
)


def account_update(*, actor: Actor, account: MonitoredAccount, **changes: Any) -> MonitoredAccount:
    """Change the inventory facts of an account (not its platform, handle, status or credentials)."""
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "account_type" in changes and changes["account_type"] not in AccountType.values:
        raise DomainError(_("Unknown account type."), field="account_type")
    if changes.get("connector"):
        try:
            connector_class(changes["connector"])
        except ConnectorError as exc:
            raise DomainError(_("Unknown connector."), field="connector") from exc
    department = changes.get("department")
    if department is not None and department.organisation_id != account.organisation_id:
        raise DomainError(_("The department belongs to another organisation."), field="department")
    _check_people(account.organisation, changes.get("owner"), changes.get("backup_owner"))

    def shown(value: Any) -> Any:
        return str(value) if isinstance(value, Person | Department) else value

    before = {name: shown(getattr(account, name)) for name in changes}
    after = {name: shown(value) for name, value in changes.items()}
    if before == after:
        return account
    with transaction.atomic():
        for name, value in changes.items():
            setattr(account, name, value)
        account.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            action="monitoring.account.update",
            target=account,
            organisation_id=account.organisation_id,
            before={k: v for k, v in before.items() if v != after[k]},
            after={k: v for k, v in after.items() if v != before[k]},
        )
    return account


def account_set_credentials(*, actor: Actor, account: MonitoredAccount, credentials: Mapping[str, str]) -> None:
    with transaction.atomic():
        had = account.has_credentials
        account.credentials_encrypted = credentials_encrypt(credentials)
        account.save(update_fields=["credentials_encrypted"])
        audit_record(
            actor=actor,
            action="monitoring.account.set_credentials",
            target=account,
            organisation_id=account.organisation_id,
            before={"credentials": "set" if had else "none"},
            after={"credentials": "set" if credentials else "none"},
        )


def account_set_status(*, actor: Actor, account: MonitoredAccount, status: str) -> MonitoredAccount:
    if status not in AccountStatus.values:
        raise DomainError(_("Unknown account status."), field="status")
    if account.status == status:
        return account
    with transaction.atomic():
        before = account.status
        account.status = status
        account.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="monitoring.account.set_status",
            target=account,
            organisation_id=account.organisation_id,
            before={"status": before},
            after={"status": status},
        )
    return account


def connector_settings(account: MonitoredAccount, **options: Any) -> ConnectorSettings:
    """The account's connector settings with its credentials decrypted for this call only."""
    merged = {**account.connector_options, **options}
    return ConnectorSettings(
        handle=account.handle,
        base_url=str(merged.pop("base_url", "") or account.url),
        options=merged,
        credentials=credentials_decrypt(account.credentials_encrypted),
        platform=account.platform,
    )


# -- storing -----------------------------------------------------------------------------------


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


# -- scanning ----------------------------------------------------------------------------------


def messages_scan_queue(*, message_ids: Sequence[int]) -> None:
    from tatakelola.monitoring.tasks import messages_scan

    for start in range(0, len(message_ids), SCAN_BATCH):
        messages_scan.delay(list(message_ids[start : start + SCAN_BATCH]))


class _ScanRow(NamedTuple):
    pk: int
    organisation_id: int
    text: str
    language: str
    platform: str
    author: str
    account_type: str
    noncommercial_models_allowed: bool


def messages_scan(*, message_ids: Iterable[int]) -> int:
    """Scan the given messages that are not scanned yet, store their findings, mark them scanned.

    Rows are locked (and ones another worker holds are skipped), so two deliveries of the same
    batch scan each message once. Returns the number of messages scanned by this call.
    """
    from tatakelola.monitoring.scanning import scanning_engine, with_classifier_scores

    engine = scanning_engine()  # compile outside the transaction; cached per process
    with transaction.atomic():
        rows = Message.objects.filter(pk__in=list(message_ids), scanned_at__isnull=True)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        # Plain tuples, not model instances: this is the pipeline's hot loop.
        messages = [
            _ScanRow(*row)
            for row in rows.order_by("pk").values_list(
                "id",
                "organisation_id",
                "text",
                "language",
                "platform",
                "author",
                "account__account_type",
                "organisation__noncommercial_models_allowed",
            )
        ]
        if not messages:
            return 0
        results = engine.scan_batch(
            with_classifier_scores(
                engine,
                [
                    ScanMessage(
                        text=m.text,
                        id=str(m.pk),
                        language=m.language or None,
                        channel=m.platform,
                        author=m.author or None,
                        metadata={"account_type": m.account_type},
                    )
                    for m in messages
                ],
                # A batch can mix organisations: each gets only the models it allows.
                [m.noncommercial_models_allowed for m in messages],
            )
        )
        findings: list[Finding] = []
        now = timezone.now()
        by_severity: dict[str, list[int]] = {}
        for message, message_findings in zip(messages, results, strict=True):
            highest = ""
            for f in message_findings:
                findings.append(
                    Finding(
                        organisation_id=message.organisation_id,
                        message_id=message.pk,
                        rule_id=f.rule_id[:80],
                        pack=f.pack[:80],
                        title=f.title[:300],
                        severity=f.severity,
                        category=f.category[:60],
                        action=f.action,
                        spans=[[s.start, s.end] for s in f.spans],
                        evidence=f.evidence[:500],
                        explanation=f.explanation,
                        explanation_id=f.explanation_id,
                        citations=list(f.citations),
                        score=f.score,
                    )
                )
                if not highest or severity_at_least(f.severity, highest):
                    highest = f.severity
            by_severity.setdefault(highest, []).append(message.pk)
        Finding.objects.bulk_create(findings, batch_size=1000)
        flagged = [pk for severity, ids in by_severity.items() if severity for pk in ids]
        if flagged:
            findings_stored.send(sender=Finding, message_ids=flagged)
        for severity, ids in by_severity.items():
            Message.objects.filter(pk__in=ids).update(
                scanned_at=now, scan_count=F("scan_count") + 1, highest_severity=severity
            )
        if findings:
            audit_record(
                actor=None,
                action="monitoring.messages.scan",
                object_type="monitoring.message",
                object_id=f"{messages[0].pk}-{messages[-1].pk}",
                object_repr=f"{len(messages)} messages",
                organisation_id=messages[0].organisation_id,
                after={"scanned": len(messages), "findings": len(findings)},
            )
    return len(messages)


def messages_scan_sweep(*, older_than_seconds: int = 60, account_id: int | None = None) -> int:
    """Queue scans for stored messages nobody queued (a worker died between commit and queueing)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    rows = Message.objects.filter(scanned_at__isnull=True, ingested_at__lte=cutoff)
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    ids = list(rows.order_by("pk").values_list("pk", flat=True)[:100_000])
    messages_scan_queue(message_ids=ids)
    return len(ids)


# -- polling -----------------------------------------------------------------------------------


@dataclass
class PollResult:
    stored: int = 0
    duplicates: int = 0
    problems: int = 0
    pages: int = 0


def account_poll(*, account: MonitoredAccount) -> PollResult:
    """One polling round: fetch from the resume cursor, store page by page.

    A transient failure (rate limit, server error) is recorded on the account's health and
    raised again for the task to retry with back-off; pages stored before it stay stored.
    """
    if not account.connector:
        raise DomainError(_("This account has no connector to poll."))
    state, _created = IngestionState.objects.get_or_create(account=account)
    IngestionState.objects.filter(pk=state.pk).update(last_attempt_at=timezone.now())
    connector = connector_for(account.connector, connector_settings(account))
    result = PollResult()
    try:
        for page in connector.fetch(state.cursor or None):
            page_result = page_ingest(
                account=account, normalize=connector.normalize, page=page, source=f"poll {account.connector}"
            )
            result.pages += 1
            result.stored += page_result.stored
            result.duplicates += page_result.duplicates
            result.problems += len(page_result.problems)
    except ConnectorError as exc:
        ingestion_failure_record(account=account, error=str(exc))
        raise
    IngestionState.objects.filter(pk=state.pk).update(
        last_success_at=timezone.now(), consecutive_failures=0, last_error=""
    )
    return result


def ingestion_failure_record(*, account: MonitoredAccount, error: str) -> None:
    IngestionState.objects.filter(account=account).update(
        error_count=F("error_count") + 1,
        consecutive_failures=F("consecutive_failures") + 1,
        last_error=error[:2000],
    )


def dead_letter_task(*, account_id: int | None, task: str, reason: str, payload: str = "") -> DeadLetter | None:
    """A task gave up after its retries: keep what it was doing, visibly."""
    account = MonitoredAccount.objects.filter(pk=account_id).first() if account_id else None
    organisation_id = account.organisation_id if account else _organisation_of_payload(payload)
    if organisation_id is None:
        logger.error("dead letter without organisation: %s %s", task, reason)
        return None
    with transaction.atomic():
        letter = DeadLetter.objects.create(
            organisation_id=organisation_id,
            account=account,
            kind=DeadLetterKind.TASK,
            source=task[:300],
            reason=reason,
            payload=payload[:10_000],
        )
        audit_record(
            actor=None,
            action="monitoring.dead_letter.create",
            target=letter,
            organisation_id=organisation_id,
            after={"task": task, "reason": reason[:500]},
        )
    return letter


def _organisation_of_payload(payload: str) -> int | None:
    import json

    try:
        ids = json.loads(payload)
    except ValueError:
        return None
    if isinstance(ids, list) and ids:
        return Message.objects.filter(pk__in=ids).values_list("organisation_id", flat=True).first()
    return None


def dead_letter_resolve(*, actor: Actor, dead_letter: DeadLetter) -> DeadLetter:
    if dead_letter.resolved_at is not None:
        raise DomainError(_("This dead letter is already resolved."))
    with transaction.atomic():
        dead_letter.resolved_at = timezone.now()
        dead_letter.save(update_fields=["resolved_at"])
        audit_record(
            actor=actor,
            action="monitoring.dead_letter.resolve",
            target=dead_letter,
            organisation_id=dead_letter.organisation_id,
            after={"resolved_at": dead_letter.resolved_at},
        )
    return dead_letter


# -- file imports ------------------------------------------------------------------------------


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
            from tatakelola.monitoring.tasks import import_job_run as run_task

            job_id = job.pk
            transaction.on_commit(lambda: run_task.delay(job_id))
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


# -- webhook -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WebhookResult:
    accepted: bool
    duplicate: bool = False
    stored: int = 0
    problems: int = 0
    reason: str = ""


def webhook_receive(
    *, account_id: int, body: bytes, headers: Mapping[str, str], now: datetime | None = None
) -> WebhookResult:
    """Verify and store one webhook delivery. Not authentic → not accepted, nothing stored."""
    account = MonitoredAccount.objects.filter(pk=account_id, connector=WebhookConnector.name).first()
    if account is None or account.status == AccountStatus.DECOMMISSIONED:
        return WebhookResult(accepted=False, reason="unknown account")
    secret = credentials_decrypt(account.credentials_encrypted).get("secret", "")
    signature = headers.get(SIGNATURE_HEADER, "")
    try:
        verify_signature(
            secret=secret,
            timestamp=headers.get(TIMESTAMP_HEADER, ""),
            body=body,
            signature=signature,
            now=now.timestamp() if now else None,
        )
    except SignatureError as exc:
        return WebhookResult(accepted=False, reason=str(exc))
    delivery_id = (headers.get(DELIVERY_HEADER) or signature)[:200]
    connector = WebhookConnector(connector_settings(account))
    stored = problems = 0
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(account=account, delivery_id=delivery_id)
            for page in delivery_pages(body):
                result = page_ingest(
                    account=account, normalize=connector.normalize, page=page, source="webhook", advance_cursor=False
                )
                stored += result.stored
                problems += len(result.problems)
    except IntegrityError:
        return WebhookResult(accepted=True, duplicate=True)
    IngestionState.objects.filter(account=account).update(
        last_success_at=timezone.now(), last_attempt_at=timezone.now()
    )
    return WebhookResult(accepted=True, stored=stored, problems=problems)


def account_poll_request(*, actor: Actor, account: MonitoredAccount) -> None:
    """A person asked for a polling round now; the worker runs it (in-process without a broker)."""
    if not account.connector:
        raise DomainError(_("This account has no connector to poll."))
    from tatakelola.connectors.base import ConnectorCapability

    if ConnectorCapability.POLL not in connector_class(account.connector).capabilities:
        raise DomainError(_("This account's connector does not poll."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="monitoring.account.poll_request",
            target=account,
            organisation_id=account.organisation_id,
        )
        from tatakelola.monitoring.tasks import account_poll as poll_task

        account_id = account.pk
        transaction.on_commit(lambda: poll_task.delay(account_id))

"""Ingestion pipeline: store once, scan once, report bad records, keep the cursor."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from tatakelola.audit.models import AuditEntry
from tatakelola.connectors import NormalizedMessage, Page, RawItem
from tatakelola.monitoring import services
from tatakelola.monitoring.choices import ImportStatus
from tatakelola.monitoring.models import DeadLetter, Finding, IngestionState, Message, MonitoredAccount
from tatakelola.utilities.crypto import credentials_decrypt
from tatakelola.utilities.errors import DomainError

SAMPLE_TEXTS = [
    "Selamat pagi, promo tabungan bulan ini sudah dimulai!",
    "Hubungi Budi di 0812-3456-7890 untuk info lebih lanjut",
    "Terima kasih atas kunjungannya ke cabang kami",
    "Kirim NIK 3201010101010001 via DM ya",
]


def write_jsonl(path: Path, records: list[dict[str, object] | str]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _records(n: int) -> list[dict[str, object] | str]:
    return [
        {
            "id": f"m{i}",
            "text": SAMPLE_TEXTS[i % len(SAMPLE_TEXTS)],
            "author": "budi",
            "created_at": "2026-11-01T08:00:00Z",
        }
        for i in range(n)
    ]


def _import(account: MonitoredAccount, path: Path, fmt: str = "jsonl", **options: object) -> services.ImportJob:
    job = services.import_job_create(
        actor=None, account=account, format=fmt, file_path=path, options=options, queue=False
    )
    return services.import_job_run(job_id=job.pk)


@pytest.mark.usefixtures("run_on_commit")
def test_import_stores_and_scans_every_message_once(account: MonitoredAccount, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", _records(20))
    job = _import(account, path)
    assert (job.status, job.stored, job.duplicates, job.problems, job.total) == (ImportStatus.DONE, 20, 0, 0, 20)
    assert Message.objects.count() == 20
    assert set(Message.objects.values_list("scan_count", flat=True)) == {1}
    flagged = Message.objects.exclude(highest_severity="")
    assert flagged.count() == 15  # all but the thank-you note (promotion, phone number, NIK)
    assert not flagged.filter(text__startswith="Terima kasih").exists()
    assert Finding.objects.filter(message__in=flagged).count() >= 10
    # Evidence is stored redacted: never the full number.
    assert not Finding.objects.filter(evidence__contains="3456-7890").exists()


@pytest.mark.usefixtures("run_on_commit")
def test_reimporting_the_same_file_stores_nothing_twice(account: MonitoredAccount, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", _records(12))
    _import(account, path)
    second = _import(account, path)
    assert (second.stored, second.duplicates) == (0, 12)
    assert Message.objects.count() == 12
    assert set(Message.objects.values_list("scan_count", flat=True)) == {1}


@pytest.mark.usefixtures("run_on_commit")
def test_records_without_id_get_a_content_hash_and_stay_idempotent(account: MonitoredAccount, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "satu"}, {"text": "dua"}, {"text": "satu"}])
    job = _import(account, path)
    assert (job.stored, job.duplicates) == (2, 1)
    assert _import(account, path).stored == 0


@pytest.mark.usefixtures("run_on_commit")
def test_bad_records_are_reported_with_line_numbers_and_the_rest_ingested(
    account: MonitoredAccount, tmp_path: Path
) -> None:
    records = _records(5)
    records.insert(2, "{not json")
    records.insert(4, '{"id": "x", "author": "no text"}')
    records.append('["a list"]')
    path = write_jsonl(tmp_path / "a.jsonl", records)
    job = _import(account, path)
    assert (job.stored, job.problems) == (5, 3)
    assert "line 3: malformed JSON" in job.log
    assert "line 5: missing text field 'text'" in job.log
    assert "line 8: not a JSON object" in job.log
    assert DeadLetter.objects.filter(account=account, kind="record").count() == 3


@pytest.mark.usefixtures("run_on_commit")
def test_csv_import_uses_the_column_mapping(account: MonitoredAccount, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        'tweet_id,content,user,date\n1,Halo semua,ani,2026-11-02T10:00:00+07:00\n2,"Kutip, dengan koma",budi,\n'
        "3,terlalu,banyak,sel,lebih\n",
        encoding="utf-8",
    )
    job = _import(
        account, path, "csv", mapping={"id": "tweet_id", "text": "content", "author": "user", "created_at": "date"}
    )
    assert (job.stored, job.problems) == (2, 1)
    assert "line 4: more cells than columns" in job.log
    message = Message.objects.get(external_id="1")
    assert (message.author, message.text, message.posted_at.isoformat()) == (
        "ani",
        "Halo semua",
        "2026-11-02T03:00:00+00:00",
    )


def test_import_resumes_from_its_position(account: MonitoredAccount, tmp_path: Path, run_on_commit: None) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", _records(1200))
    job = services.import_job_create(actor=None, account=account, format="jsonl", file_path=path, queue=False)
    # A first worker stored the first page (500 records) and died.
    from tatakelola.connectors import connector_for

    connector = connector_for("jsonl", services.connector_settings(account, path=str(path)))
    first = next(iter(connector.fetch(None)))
    services.page_ingest(account=account, normalize=connector.normalize, page=first, source="t", import_job=job)
    job.refresh_from_db()
    assert job.position == 500
    finished = services.import_job_run(job_id=job.pk)
    assert (finished.stored, finished.duplicates) == (1200, 0)
    assert Message.objects.count() == 1200


def test_page_ingest_moves_the_cursor_with_the_page(account: MonitoredAccount, run_on_commit: None) -> None:
    def normalize(raw: object) -> NormalizedMessage:
        data = dict(raw)  # type: ignore[call-overload]
        return NormalizedMessage(platform="mastodon", external_id=data["id"], text=data["text"])

    page = Page(items=[RawItem({"id": "1", "text": "a"}), RawItem({"id": "2", "text": "b"})], cursor="2")
    services.page_ingest(account=account, normalize=normalize, page=page, source="poll")
    services.page_ingest(account=account, normalize=normalize, page=page, source="poll")
    state = IngestionState.objects.get(account=account)
    assert (state.cursor, state.messages_stored) == ("2", 2)
    assert Message.objects.filter(platform="mastodon").count() == 2


def _store_unscanned(account: MonitoredAccount, n: int) -> list[int]:
    """Store messages as a worker that died before queueing their scan would have left them."""
    page = Page(items=[RawItem({"id": str(i), "text": SAMPLE_TEXTS[i % 4]}) for i in range(n)], cursor=str(n))
    from tatakelola.connectors.generic import JsonlConnector

    connector = JsonlConnector(services.connector_settings(account))
    return services.page_ingest(account=account, normalize=connector.normalize, page=page, source="t").message_ids


def test_scanning_twice_scans_once(account: MonitoredAccount) -> None:
    ids = _store_unscanned(account, 4)  # on_commit callbacks do not run here: nothing scanned yet
    assert services.messages_scan(message_ids=ids) == 4
    assert services.messages_scan(message_ids=ids) == 0
    assert set(Message.objects.values_list("scan_count", flat=True)) == {1}


def test_sweep_queues_what_nobody_queued(account: MonitoredAccount) -> None:
    _store_unscanned(account, 3)
    assert Message.objects.filter(scanned_at__isnull=True).count() == 3
    assert services.messages_scan_sweep(older_than_seconds=0) == 3
    assert not Message.objects.filter(scanned_at__isnull=True).exists()


def test_credentials_are_encrypted_at_rest_and_not_audited(organisation: object) -> None:
    account = services.account_create(
        actor=None,
        organisation=organisation,  # type: ignore[arg-type]
        platform="mastodon",
        handle="@bank@mastodon.example",
        account_type="brand",
        connector="jsonl",
        credentials={"access_token": "rahasia-token-123"},
    )
    assert "rahasia" not in account.credentials_encrypted
    assert credentials_decrypt(account.credentials_encrypted) == {"access_token": "rahasia-token-123"}
    assert "rahasia" not in repr(services.connector_settings(account))
    entry = AuditEntry.objects.get(action="monitoring.account.create")
    assert entry.after["credentials"] == "set"
    assert "rahasia" not in str(entry.after)


def test_every_ingest_batch_is_audited(account: MonitoredAccount, tmp_path: Path, run_on_commit: None) -> None:
    _import(account, write_jsonl(tmp_path / "a.jsonl", _records(8)))
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("monitoring.messages.ingest") == 1
    assert "monitoring.messages.scan" in actions
    assert "monitoring.import.finish" in actions


def test_duplicate_handle_is_refused(account: MonitoredAccount) -> None:
    with pytest.raises(DomainError):
        services.account_create(
            actor=None,
            organisation=account.organisation,
            platform=account.platform,
            handle=account.handle,
            account_type="brand",
        )


_ = Callable


@pytest.mark.usefixtures("run_on_commit")
def test_nul_characters_are_dropped_not_fatal(account: MonitoredAccount, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "n\u0000ul", "text": "ha\u0000lo", "author": "bu\u0000di"}])
    job = _import(account, path)
    assert (job.stored, job.problems) == (1, 0)
    message = Message.objects.get()
    assert (message.external_id, message.text, message.author) == ("nul", "halo", "budi")


def test_import_that_cannot_be_stored_is_marked_failed(
    account: MonitoredAccount, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import DatabaseError

    from tatakelola.monitoring import tasks

    path = write_jsonl(tmp_path / "a.jsonl", _records(3))
    job = services.import_job_create(actor=None, account=account, format="jsonl", file_path=path, queue=False)

    def broken(**kwargs: object) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(services.imports, "page_ingest", broken)
    tasks.import_job_run.delay(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "disk full" in job.log
    assert DeadLetter.objects.filter(kind="task", account=account).exists()


# Written for this test: hateful towards an ethnic group, and a neutral message.
HATEFUL_ID = "semua orang cina itu penipu, usir mereka dari indonesia"
NEUTRAL_ID = "cabang kami buka pukul delapan pagi sampai jam empat sore"


def _ml_rule_hits(account: MonitoredAccount, tmp_path: Path) -> dict[str, list[str]]:
    from tatakelola.monitoring.scanning import _models_for
    from tatakelola.orgs.services import organisation_set_noncommercial_models

    _models_for.cache_clear()
    organisation_set_noncommercial_models(actor=None, organisation=account.organisation, allowed=True)
    records: list[dict[str, object] | str] = [
        {"id": "hate", "text": HATEFUL_ID, "language": "id"},
        {"id": "neutral", "text": NEUTRAL_ID, "language": "id"},
    ]
    _import(account, write_jsonl(tmp_path / "ml.jsonl", records))
    return {
        m.external_id: sorted(m.findings.values_list("rule_id", flat=True))
        for m in Message.objects.filter(external_id__in=["hate", "neutral"])
    }


@pytest.mark.usefixtures("run_on_commit")
def test_classifier_rules_fire_in_the_pipeline(account: MonitoredAccount, tmp_path: Path) -> None:
    hits = _ml_rule_hits(account, tmp_path)
    assert "ITE-HATE-ML-101" in hits["hate"]
    assert "ITE-HATE-ML-101" not in hits["neutral"]
    finding = Finding.objects.get(message__external_id="hate", rule_id="ITE-HATE-ML-101")
    assert finding.score is not None and finding.score >= 0.8


@pytest.mark.usefixtures("run_on_commit")
def test_the_deployment_switch_overrides_an_organisation_that_allows_noncommercial_models(
    account: MonitoredAccount, tmp_path: Path, settings: SettingsWrapper
) -> None:
    settings.TATAKELOLA_NONCOMMERCIAL_MODELS = False
    try:
        hits = _ml_rule_hits(account, tmp_path)
    finally:
        from tatakelola.monitoring.scanning import _models_for

        _models_for.cache_clear()
    assert "ITE-HATE-ML-101" not in hits["hate"]


def _ingest(account: MonitoredAccount, records: list[tuple[str, str]]) -> list[int]:
    from tatakelola.connectors.generic import JsonlConnector

    reader = JsonlConnector(services.connector_settings(account))
    page = Page(items=[RawItem({"id": i, "text": t, "language": "id"}, "test") for i, t in records])
    return services.page_ingest(account=account, normalize=reader.normalize, page=page, source="test").message_ids


def test_one_scan_batch_scores_each_organisation_with_the_models_it_allows(account: MonitoredAccount) -> None:
    """A batch mixing organisations: the non-commercial hate-speech model scores only the messages of
    the organisation that allows it, in the same call to messages_scan."""
    from tatakelola.orgs.services import organisation_create, organisation_set_noncommercial_models

    allowing = account.organisation
    organisation_set_noncommercial_models(actor=None, organisation=allowing, allowed=True)
    commercial = organisation_create(actor=None, name="PT Dagang", slug="dagang")
    assert commercial.noncommercial_models_allowed is False  # off unless an admin allows it
    other = services.account_create(
        actor=None, organisation=commercial, platform="generic", handle="@dagang", account_type="brand"
    )
    ids = _ingest(account, [("a-hate", HATEFUL_ID), ("a-neutral", NEUTRAL_ID)])
    ids += _ingest(other, [("b-hate", HATEFUL_ID), ("b-neutral", NEUTRAL_ID)])
    assert services.messages_scan(message_ids=sorted(ids)) == 4  # one batch, both organisations
    hits = {
        m.external_id: set(m.findings.values_list("rule_id", flat=True))
        for m in Message.objects.filter(pk__in=ids).prefetch_related("findings")
    }
    assert "ITE-HATE-ML-101" in hits["a-hate"]
    assert "ITE-HATE-ML-101" not in hits["b-hate"]
    assert "ITE-HATE-ML-101" not in hits["a-neutral"] | hits["b-neutral"]
    finding = Finding.objects.get(message__external_id="a-hate", rule_id="ITE-HATE-ML-101")
    assert finding.organisation_id == allowing.pk and finding.score is not None and finding.score >= 0.8

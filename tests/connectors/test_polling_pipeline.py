"""Polling through the pipeline: cursor, idempotency, health and dead letters (database)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction

from tatakelola.monitoring import services, tasks
from tatakelola.monitoring.models import DeadLetter, IngestionState, Message, MonitoredAccount
from tatakelola.orgs import services as org_services

RSS = "application/rss+xml"


@pytest.fixture(autouse=True)
def _on_commit_now(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def immediately(func: Callable[[], object], using: str | None = None, robust: bool = False) -> None:
        func()

    monkeypatch.setattr(transaction, "on_commit", immediately)
    yield


@pytest.fixture
def feed_account(db: None, replay: Any) -> MonitoredAccount:
    organisation = org_services.organisation_create(actor=None, name="PT Contoh", slug="contoh")
    return services.account_create(
        actor=None,
        organisation=organisation,
        platform="rss",
        handle="kabarkeuangan",
        account_type="community",
        connector="rss",
        connector_options={"base_url": f"{replay.url}/feed/perbankan", "backoff_base": 0.01},
    )


def test_poll_stores_scans_and_keeps_the_cursor(feed_account: MonitoredAccount, replay: Any) -> None:
    replay.add("/feed/perbankan", replay.recording("rss_news_page1.xml", RSS))
    replay.add("/feed/perbankan", replay.recording("rss_news_page2.xml", RSS), query={"page": "2"})
    result = services.account_poll(account=feed_account)
    assert (result.stored, result.duplicates, result.problems) == (3, 0, 0)
    state = IngestionState.objects.get(account=feed_account)
    assert state.cursor == "2026-11-02T02:15:00+00:00"
    assert state.last_success_at is not None and state.consecutive_failures == 0
    assert set(Message.objects.values_list("scan_count", flat=True)) == {1}
    flagged = Message.objects.get(external_id="kk-88190")
    assert flagged.findings.filter(rule_id__startswith="PII-PHONE").exists()
    # The next round asks again and stores nothing new.
    again = services.account_poll(account=feed_account)
    assert (again.stored, Message.objects.count()) == (0, 3)


def test_malformed_page_becomes_a_dead_letter(feed_account: MonitoredAccount, replay: Any) -> None:
    replay.add("/feed/perbankan", replay.recording("rss_news_page1.xml", RSS))
    replay.add("/feed/perbankan", replay.reply(200, "<rss><channel><item>", {"Content-Type": RSS}), query={"page": "2"})
    result = services.account_poll(account=feed_account)
    assert (result.stored, result.problems) == (2, 1)
    letter = DeadLetter.objects.get()
    assert letter.kind == "record" and "page 2" in letter.source


def test_in_process_task_records_the_failure_as_a_dead_letter(
    feed_account: MonitoredAccount, replay: Any, sleeps: list[float]
) -> None:
    replay.add("/feed/perbankan", replay.reply(503, "maintenance"))
    tasks.account_poll.delay(feed_account.pk)
    state = IngestionState.objects.get(account=feed_account)
    assert (state.consecutive_failures, state.error_count) == (1, 1)
    assert "503" in state.last_error and state.last_success_at is None
    letter = DeadLetter.objects.get(kind="task")
    assert letter.account == feed_account and "503" in letter.reason
    assert sleeps == [0.01, 0.02, 0.04]  # the HTTP client's own back-off before giving up


@pytest.mark.parametrize(("retries", "countdown"), [(0, 30.0), (3, 240.0), (5, 960.0)])
def test_worker_task_retries_with_exponential_backoff(
    feed_account: MonitoredAccount, replay: Any, sleeps: list[float], retries: int, countdown: float
) -> None:
    replay.add("/feed/perbankan", replay.reply(503, "maintenance"))
    scheduled: list[float] = []

    class Retrying(Exception):
        pass

    def retry(*, exc: Exception, countdown: float) -> Exception:
        scheduled.append(countdown)
        return Retrying()

    task = tasks.account_poll
    task.push_request(retries=retries, is_eager=False)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(task, "retry", retry)
            with pytest.raises(Retrying):
                task.run(feed_account.pk)
    finally:
        task.pop_request()
    assert scheduled == [countdown]
    assert not DeadLetter.objects.filter(kind="task").exists()


def test_worker_task_gives_up_after_its_retries(
    feed_account: MonitoredAccount, replay: Any, sleeps: list[float]
) -> None:
    replay.add("/feed/perbankan", replay.reply(503, "maintenance"))
    task = tasks.account_poll
    task.push_request(retries=tasks.MAX_RETRIES, is_eager=False)
    try:
        assert task.run(feed_account.pk) == {"stored": 0, "dead_letter": 1}
    finally:
        task.pop_request()
    assert DeadLetter.objects.filter(kind="task", account=feed_account).count() == 1


def test_poll_command_reports_failures(feed_account: MonitoredAccount, replay: Any, sleeps: list[float]) -> None:
    import io

    from django.core.management import call_command

    replay.add("/feed/perbankan", replay.reply(500, "error"))
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("poll", "--account", "kabarkeuangan", stderr=err)
    assert "kabarkeuangan: " in err.getvalue() and "500" in err.getvalue()


def test_beat_queues_only_due_polling_accounts(feed_account: MonitoredAccount, replay: Any) -> None:
    replay.add("/feed/perbankan", replay.recording("rss_news_page2.xml", RSS))
    assert tasks.accounts_poll_due() == 1  # never polled: due, and polled in-process
    assert Message.objects.count() == 1
    assert tasks.accounts_poll_due() == 0  # polled a moment ago: not due

"""Acceptance (issue 6): a Celery worker killed in the middle of a 10,000-message import loses
nothing and duplicates nothing: after a restart every message is stored once and scanned once.

Real RabbitMQ, real PostgreSQL, real worker processes (prefork, two children), SIGKILL to the
whole worker process group while the import is running.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from tatakelola.celery import app
from tatakelola.monitoring import services, tasks
from tatakelola.monitoring.choices import ImportStatus
from tatakelola.monitoring.models import Finding, ImportJob, Message
from tatakelola.orgs import services as org_services
from tatakelola.scan import Engine
from tatakelola.scan import Message as ScanMessage

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

TOTAL = 10_000
TEMPLATES = [
    "Selamat pagi, promo tabungan bulan ini sudah dimulai! #{n}",
    "Hubungi Budi di 0812-3456-7890 untuk info lebih lanjut ({n})",
    "Terima kasih atas kunjungannya ke cabang kami, sampai jumpa {n}",
    "Kirim NIK 3201010101010001 via DM ya, antrean {n}",
    "Rapat evaluasi layanan nasabah nomor {n} pukul 14.00",
]


def _wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {timeout:.0f} s waiting for {what}"
        time.sleep(0.2)


@pytest.fixture
def worker_factory(transactional_db: None) -> Iterator[Callable[[], subprocess.Popen[str]]]:
    broker = os.environ["TATAKELOLA_TEST_BROKER_URL"]
    db = connection.settings_dict
    queue = f"test-crash-{uuid.uuid4().hex[:12]}"  # fresh: nothing left over from an earlier run
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
        "TATAKELOLA_TASK_QUEUE": queue,
        "DJANGO_SETTINGS_MODULE": "tatakelola.config.settings",
    }
    started: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tatakelola.celery",
                "worker",
                "--pool=prefork",
                "--concurrency=2",
                "-Q",
                queue,
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # its own process group, so a kill takes the children too
        )
        started.append(process)
        return process

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=broker, task_always_eager=False, task_default_queue=queue)
    try:
        yield start
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
        app.conf.update(saved)


def test_killed_worker_loses_and_duplicates_nothing(
    worker_factory: Callable[[], subprocess.Popen[str]], tmp_path: Path
) -> None:
    organisation = org_services.organisation_create(actor=None, name="PT Contoh", slug="contoh")
    account = services.account_create(
        actor=None, organisation=organisation, platform="generic", handle="@contoh", account_type="brand"
    )
    path = tmp_path / "pesan.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(TOTAL):
            record = {"id": f"m{n}", "text": TEMPLATES[n % len(TEMPLATES)].format(n=n), "author": f"user{n % 97}"}
            handle.write(json.dumps(record) + "\n")
    job = services.import_job_create(actor=None, account=account, format="jsonl", file_path=path, queue=False)

    first = worker_factory()
    tasks.import_job_run.delay(job.pk)
    # Kill the worker (SIGKILL, process group) once the import is well under way, not finished.
    _wait(lambda: ImportJob.objects.get(pk=job.pk).position >= 3000, 120, "the import to get going")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    at_kill = ImportJob.objects.get(pk=job.pk)
    assert at_kill.status == ImportStatus.RUNNING and at_kill.position < TOTAL, "killed too late to prove anything"

    worker_factory()  # the restart: RabbitMQ redelivers the unacknowledged import and scans
    _wait(lambda: ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE, 180, "the import to finish")
    _wait(lambda: not Message.objects.filter(scanned_at__isnull=True).exists(), 180, "every message to be scanned")

    job.refresh_from_db()
    assert (job.stored, job.problems) == (TOTAL, 0)
    assert Message.objects.count() == TOTAL
    assert Message.objects.values("external_id").distinct().count() == TOTAL
    assert set(Message.objects.values_list("scan_count", flat=True)) == {1}
    # Findings stored exactly once per message: the engine's count for each template, times its messages.
    engine = Engine.from_specs(None)
    expected = 0
    for index, template in enumerate(TEMPLATES):
        per_message = len(engine.scan(ScanMessage(text=template.format(n=index))))
        expected += per_message * len(range(index, TOTAL, len(TEMPLATES)))
    assert Finding.objects.count() == expected
    duplicated = (
        Finding.objects.values("message_id", "rule_id", "spans").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    assert duplicated == 0

"""A real Celery round trip through RabbitMQ, with a worker process on the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from django.db import connection

from tatakelola.audit.models import AuditVerification, VerificationStatus
from tatakelola.celery import app

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


@pytest.fixture
def worker(transactional_db: None) -> Iterator[str]:
    broker = os.environ["TATAKELOLA_TEST_BROKER_URL"]
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "DJANGO_SETTINGS_MODULE": "tatakelola.config.settings",
    }
    queue = f"test-{os.getpid()}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tatakelola.celery",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=broker, task_always_eager=False)
    try:
        yield queue
    finally:
        app.conf.update(saved)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_audit_verification_round_trips_through_rabbitmq(worker: str) -> None:
    from tatakelola.audit.tasks import audit_chain_verify

    audit_chain_verify.apply_async(kwargs={"requested_by": "broker-test"}, queue=worker)
    # The worker is another process on the same database: wait for the row it writes.
    deadline = time.monotonic() + 60
    while not (rows := list(AuditVerification.objects.filter(requested_by="broker-test"))):
        assert time.monotonic() < deadline, "the worker did not run the task within 60 s"
        time.sleep(0.25)
    assert [row.status for row in rows] == [VerificationStatus.INTACT]

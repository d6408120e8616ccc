"""A real Celery round trip through RabbitMQ, with a worker process on the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=broker, result_backend="rpc://", task_always_eager=False)
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

    result = audit_chain_verify.apply_async(kwargs={"requested_by": "broker-test"}, queue=worker)
    outcome = result.get(timeout=60)
    assert outcome["status"] == VerificationStatus.INTACT
    row = AuditVerification.objects.get(pk=outcome["id"])
    assert row.requested_by == "broker-test"

"""Ingestion benchmark: end-to-end messages/second from a JSONL import to stored findings.

PostgreSQL and RabbitMQ, N Celery worker processes (default 2, one per core here). Run from the
repository root::

    uv run python benchmarks/ingest_bench.py [--messages 50000] [--workers 2]

It creates a scratch database (dropped afterwards), seeds one organisation and account,
writes a JSONL file of the seeded synthetic corpus (5 % planted violations, Indonesian and
English), warms the workers up with a small import, then times one import: from queueing the
import task until every message is stored and scanned and its findings stored.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate


def _recreate_database(url: str) -> None:
    import psycopg

    admin_url, _, name = url.rpartition("/")
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop_database(url: str) -> None:
    import psycopg

    admin_url, _, name = url.rpartition("/")
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _write_jsonl(path: Path, n: int, prefix: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for i, item in enumerate(generate(n, seed=20261128 + len(prefix))):
            handle.write(json.dumps({"id": f"{prefix}{i}", "text": item.text, "language": item.language}) + "\n")


def _run_import(account: object, path: Path, timeout: float) -> tuple[float, int]:
    from tatakelola.monitoring import services, tasks
    from tatakelola.monitoring.choices import ImportStatus
    from tatakelola.monitoring.models import Message

    job = services.import_job_create(actor=None, account=account, format="jsonl", file_path=path, queue=False)
    started = time.perf_counter()
    tasks.import_job_run.delay(job.pk)
    deadline = time.monotonic() + timeout
    while True:
        job.refresh_from_db()
        if job.status == ImportStatus.FAILED:
            raise SystemExit(f"import failed: {job.log}")
        if (
            job.status == ImportStatus.DONE
            and not Message.objects.filter(import_job=job, scanned_at__isnull=True).exists()
        ):
            break
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.05)
    return time.perf_counter() - started, job.stored


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tatakelola_ingest_bench")
    parser.add_argument("--broker-url", default="amqp://guest:guest@127.0.0.1:5672//")
    args = parser.parse_args()

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    os.environ.update(
        DATABASE_URL=args.database_url,
        CELERY_BROKER_URL=args.broker_url,
        TATAKELOLA_TASK_QUEUE=queue,
        DJANGO_SETTINGS_MODULE="tatakelola.config.settings",
        LOG_LEVEL="WARNING",
    )
    _recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tatakelola.monitoring import services
    from tatakelola.monitoring.models import Finding
    from tatakelola.orgs import services as org_services

    organisation = org_services.organisation_create(actor=None, name="Benchmark", slug="bench")
    # Measure with every classifier rule on, the non-commercial models included.
    org_services.organisation_set_noncommercial_models(actor=None, organisation=organisation, allowed=True)
    account = services.account_create(
        actor=None, organisation=organisation, platform="generic", handle="@bench", account_type="brand"
    )
    worker = subprocess.Popen(  # noqa: S603  # our own worker, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tatakelola.celery",
            "worker",
            "--pool=prefork",
            f"--concurrency={args.workers}",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        env=os.environ.copy(),
        start_new_session=True,
    )
    try:
        with tempfile.TemporaryDirectory() as scratch:
            warmup, timed = Path(scratch) / "warmup.jsonl", Path(scratch) / "timed.jsonl"
            _write_jsonl(warmup, 2_000, "w")
            _write_jsonl(timed, args.messages, "m")
            _run_import(account, warmup, timeout=300)
            findings_before = Finding.objects.count()
            seconds, stored = _run_import(account, timed, timeout=3600)
            findings = Finding.objects.count() - findings_before
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        _drop_database(args.database_url)
    rate = stored / seconds
    print(
        f"ingest: {stored} messages, JSONL import → stored findings ({findings}), PostgreSQL, "
        f"{args.workers} worker processes: {seconds:.1f} s, {rate:,.0f} messages/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

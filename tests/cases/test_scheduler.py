"""The embedded default has no broker, yet the SLA pass must run: ``tatakelola scheduler`` runs
Celery beat with the tasks executing in its own process."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import threading
from pathlib import Path


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "LANG")}
    env.update({"TATAKELOLA_HOME": str(tmp_path), "TATAKELOLA_LANGUAGE": "en", "TATAKELOLA_CLASSIFIERS": "false"})
    env.update(extra)
    return env


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tatakelola", *args], env=_env(tmp_path), capture_output=True, text=True, timeout=180
    )


OVERDUE = """
from datetime import timedelta
from django.utils import timezone
from tatakelola.cases import services
from tatakelola.orgs.models import Organisation
organisation = Organisation.objects.get(slug="bank-nusantara")
services.case_open(actor=None, organisation=organisation, title="overdue", severity="critical",
                   now=timezone.now() - timedelta(hours=5))
"""


def test_embedded_scheduler_escalates_an_overdue_case(tmp_path: Path) -> None:
    assert _run(tmp_path, "migrate", "--noinput").returncode == 0
    assert _run(tmp_path, "demo").returncode == 0
    made = _run(tmp_path, "shell", "-c", OVERDUE)
    assert made.returncode == 0, made.stderr
    before = _run(tmp_path, "cases", "list", "--status", "open", "--breached", "--format", "csv")
    assert "overdue" not in before.stdout

    scheduler = subprocess.Popen(
        [sys.executable, "-m", "tatakelola", "scheduler", "--loglevel", "INFO"],
        env=_env(tmp_path, TATAKELOLA_SLA_CHECK_SECONDS="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # Read until the SLA pass has run twice (it escalates on the first) or a generous deadline passes:
    # start-up alone takes several seconds on a loaded machine, so a fixed short wait was flaky.
    lines: list[str] = []
    seen = threading.Event()

    def read() -> None:
        assert scheduler.stdout is not None
        for line in scheduler.stdout:
            lines.append(line)
            if sum("cases.tasks.sla_check" in x and "succeeded" in x for x in lines) >= 2:
                seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    seen.wait(timeout=60)
    scheduler.terminate()
    scheduler.wait(timeout=20)
    reader.join(timeout=5)
    output = "".join(lines)
    assert "cases.tasks.sla_check" in output, output[-2000:]

    after = _run(tmp_path, "cases", "list", "--status", "open", "--breached", "--format", "csv")
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(after.stdout))}
    assert rows["overdue"]["escalated_to"] == "legal_counsel"
    assert rows["overdue"]["sla_breached_at"]


def test_scheduler_refuses_to_run_beside_a_broker(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tatakelola", "scheduler"],
        env=_env(tmp_path, CELERY_BROKER_URL="amqp://guest:guest@127.0.0.1:5672//"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "celery -A tatakelola.celery beat" in result.stderr

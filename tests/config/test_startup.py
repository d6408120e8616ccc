"""Bad configuration gives one clear line at start-up, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tatakelola.config.env import broker_url, database_config, env_bool, redact_url


def _cli(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    full_env.update({"TATAKELOLA_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "tatakelola.config.settings"})
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "tatakelola", *args], env=full_env, capture_output=True, text=True, timeout=60
    )


def _one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_unknown_database_scheme_is_one_line(tmp_path: Path) -> None:
    result = _cli("check", env={"DATABASE_URL": "mongodb://localhost/x"}, tmp_path=tmp_path)
    assert result.returncode == 2
    line = _one_clear_line(result)
    assert "DATABASE_URL" in line and "mongodb" in line


def test_unreachable_broker_stops_the_server_with_one_line(tmp_path: Path) -> None:
    # Port 9 (discard) on loopback is closed here; the broker check must give up quickly.
    result = _cli(
        "serve",
        "--bind",
        "127.0.0.1:0",
        env={"CELERY_BROKER_URL": "amqp://guest:s3cret@127.0.0.1:9//"},
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    line = _one_clear_line(result)
    assert "broker" in line and "127.0.0.1:9" in line
    assert "s3cret" not in line  # no secrets in error output


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    result = _cli(
        "serve",
        env={"DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"},
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert "database" in _one_clear_line(result)


def test_unknown_broker_scheme_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL"):
        broker_url("kafka://localhost")


def test_bad_boolean_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)


def test_production_mode_requires_a_secret_key(tmp_path: Path) -> None:
    result = _cli("check", env={"TATAKELOLA_PRODUCTION": "true", "SECRET_KEY": ""}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "SECRET_KEY" in _one_clear_line(result)


def test_embedded_default_is_sqlite_under_var(tmp_path: Path) -> None:
    config = database_config("", base_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(config["NAME"]).parent == tmp_path / "var"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url_is_parsed() -> None:
    config = database_config("postgres://u:p@db.internal:5433/tk", base_dir=Path("/nonexistent"))
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        5433,
        "tk",
    )


def test_redact_url_hides_password() -> None:
    assert redact_url("amqp://guest:hunter2@h:5672//") == "amqp://guest:***@h:5672//"


def test_without_broker_tasks_run_in_process() -> None:
    from django.conf import settings

    assert settings.CELERY_TASK_ALWAYS_EAGER is (not settings.CELERY_BROKER_URL)

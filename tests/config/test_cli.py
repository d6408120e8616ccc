"""The tatakelola console script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _run(*args: str, lang: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "LANG")}
    env.update({"TATAKELOLA_HOME": str(tmp_path), "TATAKELOLA_LANGUAGE": lang})
    return subprocess.run(
        [sys.executable, "-m", "tatakelola", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_help_in_english_and_indonesian(tmp_path: Path) -> None:
    english = _run("--help", lang="en", tmp_path=tmp_path)
    indonesian = _run("--help", lang="id", tmp_path=tmp_path)
    assert english.returncode == indonesian.returncode == 0
    assert "audit verify" in english.stdout and "audit verify" in indonesian.stdout
    assert "Usage: tatakelola" in english.stdout
    assert english.stdout != indonesian.stdout
    assert "Usage: tatakelola" not in indonesian.stdout


def test_demo_then_verify_from_a_fresh_home(tmp_path: Path) -> None:
    assert _run("migrate", "--noinput", lang="en", tmp_path=tmp_path).returncode == 0
    demo = _run("demo", lang="en", tmp_path=tmp_path)
    assert demo.returncode == 0, demo.stderr
    for username in ("admin", "kepatuhan", "risiko", "hukum", "komunikasi", "sdm", "reviewer", "karyawan", "auditor"):
        assert f"  {username} " in demo.stdout
    assert "tatakelola-demo" in demo.stdout
    again = _run("demo", lang="en", tmp_path=tmp_path)
    assert again.returncode == 0 and "already exists" in again.stdout
    verify = _run("audit", "verify", lang="en", tmp_path=tmp_path)
    assert verify.returncode == 0 and "intact" in verify.stdout
    assert (tmp_path / "var" / "tatakelola.sqlite3").exists()
    # Tamper with one row directly in SQL: verify must fail, exit 1, and name the entry.
    import sqlite3

    db = sqlite3.connect(tmp_path / "var" / "tatakelola.sqlite3")
    db.execute("DROP TRIGGER audit_entry_no_update")
    db.execute("UPDATE audit_auditentry SET actor = 'mallory' WHERE seq = 4")
    db.commit()
    db.close()
    broken = _run("audit", "verify", lang="en", tmp_path=tmp_path)
    assert broken.returncode == 1
    assert "#4" in broken.stderr

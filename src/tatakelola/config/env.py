"""Read configuration from the environment, failing with one clear line on bad values.

Settings are read once at start-up; every error raised here is an
``ImproperlyConfigured`` whose message is a single sentence naming the variable,
so the CLI and WSGI entry points can print it without a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")
SUPPORTED_BROKER_SCHEMES = ("amqp", "amqps", "pyamqp", "redis", "rediss", "memory")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_config(url: str, *, base_dir: Path) -> dict[str, Any]:
    """Turn DATABASE_URL into a Django DATABASES entry, or the embedded SQLite default."""
    if not url:
        path = base_dir / "var" / "tatakelola.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {scheme!r} is not supported; "
            f"use one of: {', '.join(SUPPORTED_DATABASE_SCHEMES)} (or leave it unset for SQLite)."
        )
    try:
        config: dict[str, Any] = environ.Env.db_url_config(url)
    except Exception as exc:  # environ raises several types for malformed URLs
        raise ImproperlyConfigured(f"DATABASE_URL could not be parsed: {exc}") from exc
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers (web + in-process
        # tasks) queue instead of failing, and the audit hash chain is extended serially.
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
        options.setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        )
    else:
        options.setdefault("connect_timeout", 5)
        config.setdefault("CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


def broker_url(raw: str) -> str:
    """Validate CELERY_BROKER_URL; an empty value means tasks run in-process."""
    if not raw:
        return ""
    scheme = urlsplit(raw).scheme.lower()
    if scheme not in SUPPORTED_BROKER_SCHEMES:
        raise ImproperlyConfigured(
            f"CELERY_BROKER_URL scheme {scheme!r} is not supported; "
            f"use one of: {', '.join(SUPPORTED_BROKER_SCHEMES)} (or leave it unset to run tasks in-process)."
        )
    return raw


def redact_url(url: str) -> str:
    """A URL with its password replaced, safe for logs and error messages."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url

"""Start-up checks that turn unreachable services into one clear line, not a traceback."""

from __future__ import annotations

from django.conf import settings

from tatakelola.config.env import redact_url


class StartupError(Exception):
    pass


def check_broker(timeout: float = 3.0) -> None:
    """Fail fast when a broker is configured but cannot be reached."""
    url = settings.CELERY_BROKER_URL
    if not url or url.startswith("memory://"):
        return
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=1, timeout=int(timeout))
    except Exception as exc:  # kombu surfaces socket, auth and protocol errors alike
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StartupError(f"cannot reach the Celery broker at {redact_url(url)} ({reason})") from exc


def check_database() -> None:
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StartupError(f"cannot reach the database ({reason})") from exc

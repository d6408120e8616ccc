"""Sign-in throttling: our database-backed service beside django-axes 8 and an unthrottled baseline.

Run from the repository root (django-axes is in the ``bench`` dependency group)::

    uv run --group bench python benchmarks/login_throttle_bench.py [--attempts 300]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run --group bench python benchmarks/login_throttle_bench.py

Each variant runs in its own process on a fresh test database (a SQLite file by default, or
``test_<name>`` on PostgreSQL), POSTs the login form through Django's full stack (middleware, CSRF
off, form, authentication with the real PBKDF2 hasher) and reports, per attempt, the median wall time
and the number of SQL queries for:

- ``fail``: a wrong password for a new account name from a new address (the bookkeeping of a failure);
- ``refused``: an attempt on an account already locked out (what an attacker's flood costs);
- ``ok``: a correct password.

``ours`` includes the audit entry each failure writes (the hash chain's lock and HMAC); ``axes`` is
django-axes 8.3 with its database handler, defaults otherwise (lock after 3 failures per user name
and address, an AccessLog row per successful sign-in), and writes no audit entry.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

VARIANTS = ("baseline", "ours", "axes")
PASSWORD = "correct horse battery staple"


def _configure(variant: str, sqlite_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tatakelola.config.test_settings")
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    settings.DEBUG = False
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATABASES["default"]["TEST"] = {"NAME": sqlite_path}
    if variant == "axes":
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "axes"]
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, "axes.middleware.AxesMiddleware"]
        settings.AUTHENTICATION_BACKENDS = [
            "axes.backends.AxesStandaloneBackend",
            "django.contrib.auth.backends.ModelBackend",
        ]
        settings.AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]


def _child(variant: str, attempts: int, sqlite_path: str) -> dict[str, Any]:
    _configure(variant, sqlite_path)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.conf import settings

        settings.DEBUG = True  # count queries
        if variant == "baseline":
            from django.contrib.auth import views as auth_views
            from django.contrib.auth.forms import AuthenticationForm

            from tatakelola.web import views

            views.LoginView.form_class = AuthenticationForm  # Django's own form: no throttling
            auth_views.LoginView.form_class = AuthenticationForm
        User.objects.create_user("victim", password=PASSWORD)
        User.objects.create_user("victim2", password=PASSWORD)

        def measure(label: str, make: Any) -> dict[str, float]:
            times, queries = [], []
            for n in range(attempts):
                client, data = make(n)
                reset_queries()
                start = time.perf_counter()
                response = client.post("/accounts/login/", data)
                times.append(time.perf_counter() - start)
                queries.append(len(connection.queries))
                if response.status_code not in (200, 302, 403, 429):
                    raise RuntimeError(f"{label}: unexpected status {response.status_code}")
            return {"ms": statistics.median(times) * 1000, "queries": statistics.median(queries)}

        results = {
            "fail": measure(
                "fail",
                lambda n: (Client(REMOTE_ADDR=f"10.1.{n // 250}.{n % 250}"), {"username": f"u{n}", "password": "x"}),
            ),
        }
        lock_client = Client(REMOTE_ADDR="10.9.9.9")
        for _ in range(40):  # lock the victim out (axes after 3, ours after 30 with delays)
            lock_client.post("/accounts/login/", {"username": "victim", "password": "wrong"})
        results["refused"] = measure("refused", lambda n: (lock_client, {"username": "victim", "password": "wrong"}))
        results["ok"] = measure(
            "ok",
            lambda n: (
                Client(REMOTE_ADDR=f"10.2.{n // 250}.{n % 250}"),
                {"username": "victim2", "password": PASSWORD},
            ),
        )
        return {"variant": variant, "vendor": connection.vendor, **results}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attempts", type=int, default=300)
    parser.add_argument("--child", choices=VARIANTS)
    parser.add_argument("--sqlite", default="")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.attempts, args.sqlite)))
        return
    rows = []
    for variant in VARIANTS:
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(  # noqa: S603  # this script, with fixed arguments
                [
                    sys.executable,
                    __file__,
                    "--child",
                    variant,
                    "--attempts",
                    str(args.attempts),
                    "--sqlite",
                    str(Path(tmp) / "bench.sqlite3"),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"database: {rows[0]['vendor']}, {args.attempts} attempts per row, median per attempt")
    print(f"{'variant':<10}{'fail ms':>10}{'q':>5}{'refused ms':>12}{'q':>5}{'ok ms':>9}{'q':>5}")
    for row in rows:
        print(
            f"{row['variant']:<10}{row['fail']['ms']:>10.1f}{row['fail']['queries']:>5.0f}"
            f"{row['refused']['ms']:>12.1f}{row['refused']['queries']:>5.0f}"
            f"{row['ok']['ms']:>9.1f}{row['ok']['queries']:>5.0f}"
        )


if __name__ == "__main__":
    main()

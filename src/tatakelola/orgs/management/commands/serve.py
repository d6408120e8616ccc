from __future__ import annotations

import atexit
import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext_lazy


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]  # translated lazily at --help time
        "Serve the platform with gunicorn (production-grade WSGI server)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help=str(gettext_lazy("Address to listen on.")))
        parser.add_argument("--workers", type=int, default=2, help=str(gettext_lazy("Number of worker processes.")))
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help=str(gettext_lazy("Without a broker, do not start the in-process scheduler beside the web server.")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.wsgiapp import WSGIApplication

        call_command("compilecatalogues", verbosity=0)
        argv = [
            "gunicorn",
            "tatakelola.config.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--timeout",
            "60",
        ]
        sys.argv = argv
        if not settings.CELERY_BROKER_URL and not options["no_scheduler"]:
            _start_scheduler()
        self.stdout.write(f"Tatakelola: http://{options['bind']}/")
        WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()


def _start_scheduler() -> None:
    """Embedded mode: the periodic tasks (SLA pass, polling, sweeps) run in a child process with
    Celery beat; with a broker, production runs ``celery beat`` and workers instead."""
    child = subprocess.Popen([sys.executable, "-m", "tatakelola", "scheduler"])  # our own command
    master = os.getpid()

    def stop() -> None:
        if os.getpid() != master:
            return  # a forked gunicorn worker exiting inherits this hook: only the master stops it
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()

    atexit.register(stop)

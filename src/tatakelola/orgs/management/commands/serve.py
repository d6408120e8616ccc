from __future__ import annotations

from typing import Any

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
        import sys

        sys.argv = argv
        self.stdout.write(f"Tatakelola: http://{options['bind']}/")
        WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()

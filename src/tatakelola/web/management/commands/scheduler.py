"""``tatakelola scheduler``: Celery beat for the embedded default (no broker).

With a broker, production runs ``celery -A tatakelola.celery beat`` and workers. Without one, this
runs the same beat schedule (SLA pass, polling, scan sweep, audit verification) with Celery's own
scheduler, and each due task executes in this process (eager), against the same database. ``tatakelola
serve`` starts it beside the web server when no broker is configured.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]  # translated lazily at --help time
        "Run the periodic tasks (SLA pass, polling, sweeps) in-process when no broker is configured."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loglevel", default="WARNING", help=str(gettext_lazy("Celery log level.")))

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.CELERY_BROKER_URL:
            raise CommandError(_("A broker is configured: run `celery -A tatakelola.celery beat` and workers instead."))
        from tatakelola.celery import app

        # An in-memory transport satisfies beat's producer; tasks never reach it because they
        # run eagerly here, one after another.
        app.conf.update(broker_url="memory://", task_always_eager=True)
        state = Path(settings.BASE_DIR) / "var" / "celerybeat-schedule"
        state.parent.mkdir(parents=True, exist_ok=True)
        self.stdout.write(
            _("Scheduler running (embedded mode): %(tasks)s")
            % {"tasks": ", ".join(sorted(settings.CELERY_BEAT_SCHEDULE))}
        )
        app.Beat(loglevel=options["loglevel"], schedule=str(state), max_interval=5).run()

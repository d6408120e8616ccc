"""``tatakelola sla check``: the SLA pass the scheduler runs every minute, run once by hand."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tatakelola.cases.sla import sla_check


class Command(BaseCommand):
    help = str(gettext_lazy("Run the SLA pass: warn about cases nearly due, escalate the ones overdue (once each)."))

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["check"], help=str(gettext_lazy("what to do (check)")))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "check":
            raise CommandError(_("Unknown action."))
        report = sla_check()
        for case in report.warned:
            self.stdout.write(
                _("warned     %(case)s due %(due)s")
                % {"case": case.reference, "due": timezone.localtime(case.due_at).isoformat(timespec="minutes")}
            )
        for item in report.escalated:
            self.stdout.write(
                _("escalated  %(case)s %(severity)s overdue %(minutes)s min → %(role)s (%(person)s)")
                % {
                    "case": item.case.reference,
                    "severity": item.case.severity,
                    "minutes": item.overdue_by_minutes,
                    "role": item.to_role,
                    "person": item.to_person.full_name if item.to_person else "-",
                }
            )
        self.stdout.write(
            _("%(warned)s warned, %(escalated)s escalated.")
            % {"warned": len(report.warned), "escalated": len(report.escalated)}
        )

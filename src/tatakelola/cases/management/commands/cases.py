"""``tatakelola cases list --status open --format csv``: cases for scripts and spreadsheets."""

from __future__ import annotations

import csv
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tatakelola.cases.choices import CaseStatus
from tatakelola.cases.models import Case
from tatakelola.cases.selectors import CaseFilters, filter_cases
from tatakelola.orgs.models import Organisation

COLUMNS = (
    "reference",
    "organisation",
    "title",
    "severity",
    "status",
    "assignee",
    "opened_at",
    "due_at",
    "sla_breached_at",
    "escalated_to",
    "closed_at",
    "outcome",
    "alerts",
    "personal_data_breach",
    "breach_notify_by",
)


class Command(BaseCommand):
    help = str(gettext_lazy("List cases (tatakelola cases list --status open --format csv)."))

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["list"])
        parser.add_argument(
            "--status",
            default="open",
            choices=["open", "final", "all", *CaseStatus.values],
            help=str(gettext_lazy("open (default), final, all, or one status")),
        )
        parser.add_argument("--severity", default="", help=str(gettext_lazy("only this severity")))
        parser.add_argument(
            "--breached", action="store_true", help=str(gettext_lazy("only cases that missed their SLA"))
        )
        parser.add_argument("--organisation", default="", help=str(gettext_lazy("organisation short name (slug)")))
        parser.add_argument("--format", default="text", choices=["text", "csv", "jsonl"])

    def handle(self, *args: Any, **options: Any) -> None:
        cases = Case.objects.all()
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(
                    _("No organisation with the short name %(slug)s.") % {"slug": options["organisation"]}
                )
            cases = cases.filter(organisation=organisation)
        filters = CaseFilters(status=options["status"], severity=options["severity"], breached=options["breached"])
        rows = (
            filter_cases(cases, filters)
            .select_related("assignee", "organisation")
            .annotate(alert_count=Count("alerts"))
            .order_by("organisation__slug", "due_at", "number")
        )
        records = (self._record(case) for case in rows.iterator(chunk_size=500))
        if options["format"] == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
        elif options["format"] == "jsonl":
            for record in records:
                self.stdout.write(json.dumps(record, ensure_ascii=False))
        else:
            for record in records:
                self.stdout.write(
                    f"{record['reference']}  {record['severity']:<8} {record['status']:<13} "
                    f"due {record['due_at'][:16]}  {record['title']}"
                )

    @staticmethod
    def _record(case: Case) -> dict[str, Any]:
        def iso(value: Any) -> str:
            return value.isoformat() if value else ""

        return {
            "reference": case.reference,
            "organisation": case.organisation.slug,
            "title": case.title,
            "severity": case.severity,
            "status": case.status,
            "assignee": case.assignee.full_name if case.assignee else "",
            "opened_at": iso(case.opened_at),
            "due_at": iso(case.due_at),
            "sla_breached_at": iso(case.sla_breached_at),
            "escalated_to": case.escalated_to,
            "closed_at": iso(case.closed_at),
            "outcome": case.outcome,
            "alerts": case.alert_count,  # type: ignore[attr-defined]
            "personal_data_breach": case.personal_data_breach,
            "breach_notify_by": iso(case.breach_notify_by),
        }

"""``tatakelola feedback export|precision``: reviewers' verdicts for retraining and for rule owners.

    tatakelola feedback export [--organisation SLUG] [--since DATE] --output verdicts.jsonl
    tatakelola feedback precision [--organisation SLUG] [--since DATE] [--format text|csv|json] [--min-labels N]

The export feeds ``make train TRAIN_FEEDBACK=verdicts.jsonl``; see docs/CLASSIFIERS.md.
"""

from __future__ import annotations

import csv
import json
from argparse import ArgumentParser
from datetime import datetime, time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tatakelola.cases.feedback import RuleFeedback, feedback_records, rule_feedback
from tatakelola.orgs.models import Organisation

CSV_COLUMNS = (
    "rule_id",
    "pack",
    "model",
    "confirmed",
    "dismissed",
    "labelled",
    "precision",
    "wilson_low",
    "wilson_high",
)


class Command(BaseCommand):
    help = str(
        gettext_lazy(
            "Reviewer feedback: export labelled findings as JSONL for retraining (export), or report each "
            "rule's precision with its Wilson interval at 95 percent confidence (precision)."
        )
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["export", "precision"])
        parser.add_argument("--organisation", default="", help=str(gettext_lazy("organisation short name (slug)")))
        parser.add_argument(
            "--since",
            default="",
            help=str(
                gettext_lazy("only labels given on or after this date (YYYY-MM-DD, in TIME_ZONE) or ISO date-time")
            ),
        )
        parser.add_argument(
            "--output",
            default="-",
            help=str(gettext_lazy("export: the JSONL file to write (- for standard output, the default)")),
        )
        parser.add_argument(
            "--format", default="text", choices=["text", "csv", "json"], help=str(gettext_lazy("precision: output"))
        )
        parser.add_argument(
            "--min-labels",
            type=int,
            default=1,
            help=str(gettext_lazy("precision: leave out rules with fewer labels than this (default 1)")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self._organisation(options["organisation"])
        since = self._since(options["since"])
        if options["action"] == "export":
            self._export(organisation, since, options["output"])
        else:
            if options["min_labels"] < 1:
                raise CommandError(_("--min-labels must be at least 1."))
            rows = rule_feedback(organisation=organisation, since=since, min_labels=options["min_labels"])
            self._precision(rows, options["format"])

    @staticmethod
    def _organisation(slug: str) -> Organisation | None:
        if not slug:
            return None
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(_("No organisation with the short name %(slug)s.") % {"slug": slug})
        return organisation

    @staticmethod
    def _since(value: str) -> datetime | None:
        if not value:
            return None
        try:
            moment = parse_datetime(value)
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if moment is None and day is not None:
            moment = datetime.combine(day, time.min)
        if moment is None:
            raise CommandError(_("Not a date: %(value)s (expected YYYY-MM-DD).") % {"value": value})
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment

    def _export(self, organisation: Organisation | None, since: datetime | None, output: str) -> None:
        records = feedback_records(organisation=organisation, since=since)
        if output == "-":
            for record in records:
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            return
        total = with_model = 0
        try:
            with Path(output).open("w", encoding="utf-8") as target:
                for record in records:
                    target.write(json.dumps(record, ensure_ascii=False) + "\n")
                    total += 1
                    with_model += record["model"] is not None
        except OSError as exc:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": output, "error": exc}) from exc
        self.stderr.write(
            _("Wrote %(total)d labelled findings (%(classifier)d of classifier rules) to %(path)s.")
            % {"total": total, "classifier": with_model, "path": output}
        )

    def _precision(self, rows: list[RuleFeedback], fmt: str) -> None:
        if fmt == "json":
            self.stdout.write(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
            return
        if fmt == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(r.as_dict() for r in rows)
            return
        if not rows:
            self.stdout.write(_("No reviewer labels yet."))
            return
        header = (
            _("rule"),
            _("confirmed"),
            _("dismissed"),
            _("precision"),
            _("95-percent interval"),
            _("model"),
        )
        table = [
            (
                r.rule_id,
                str(r.confirmed),
                str(r.dismissed),
                f"{100 * r.precision:.1f} %",
                f"{100 * r.interval[0]:.1f}-{100 * r.interval[1]:.1f} %",
                r.model or "",
            )
            for r in rows
        ]
        widths = [max(len(str(row[i])) for row in [header, *table]) for i in range(len(header))]
        for row in [header, *table]:
            cells = [
                str(cell).ljust(width) if i in (0, 5) else str(cell).rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            self.stdout.write("  ".join(cells).rstrip())
        self.stdout.write("")
        self.stdout.write(
            _(
                "Precision = confirmed / (confirmed + dismissed). Worst first by the interval's upper end: "
                "a rule with few labels has a wide interval, however good its precision looks."
            )
        )

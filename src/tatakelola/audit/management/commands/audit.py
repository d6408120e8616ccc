from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tatakelola.audit.models import VerificationStatus
from tatakelola.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]  # translated lazily at --help time
        "Work with the tamper-evident audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify",
            help=str(gettext_lazy("Walk the hash chain and report the first broken link; exit 1 if broken.")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verification = audit_chain_verify(requested_by="cli")
        if verification.status == VerificationStatus.BROKEN:
            raise CommandError(
                _("Audit log BROKEN at entry #%(seq)s: %(message)s")
                % {"seq": verification.first_broken_seq, "message": verification.message},
                returncode=1,
            )
        self.stdout.write(_("Audit log intact: %(count)s entries verified.") % {"count": verification.entries_checked})

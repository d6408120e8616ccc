from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tatakelola.audit.keys import current_key
from tatakelola.audit.models import VerificationStatus
from tatakelola.audit.services import audit_chain_verify, audit_checkpoint_write


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
        sub.add_parser(
            "checkpoint",
            help=str(
                gettext_lazy("Sign the chain's head into the checkpoint file now (the scheduler does it every minute).")
            ),
        )
        sub.add_parser(
            "public-key",
            help=str(
                gettext_lazy("Print the current audit key's id and Ed25519 public key, to check checkpoints elsewhere.")
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            result = audit_checkpoint_write()
            if result.get("reason") == "diverged":
                raise CommandError(
                    _("The chain does not continue the latest checkpoint: %(problem)s")
                    % {"problem": result["problem"]},
                    returncode=1,
                )
            if result.get("written"):
                self.stdout.write(_("Checkpoint written at entry #%(seq)s.") % {"seq": result["seq"]})
            else:
                self.stdout.write(_("Nothing to checkpoint: the head has not moved."))
            return
        if options["action"] == "public-key":
            key = current_key()
            self.stdout.write(f"{key.key_id} ed25519:{key.public_hex}")
            return
        verification = audit_chain_verify(requested_by="cli")
        if verification.status == VerificationStatus.BROKEN:
            raise CommandError(
                _("Audit log BROKEN at entry #%(seq)s: %(message)s")
                % {"seq": verification.first_broken_seq, "message": verification.message},
                returncode=1,
            )
        self.stdout.write(_("Audit log intact: %(count)s entries verified.") % {"count": verification.entries_checked})

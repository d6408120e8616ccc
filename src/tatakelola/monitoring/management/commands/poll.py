from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tatakelola.connectors import ConnectorError
from tatakelola.monitoring import selectors, services
from tatakelola.utilities.errors import DomainError


class Command(BaseCommand):
    help = gettext_lazy("Run one polling round for every active polled account, or one.")  # type: ignore[assignment]  # lazy at --help time

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--account", help=str(gettext_lazy("handle of one monitored account")))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            accounts = selectors.accounts_to_poll(handle=options.get("account") or "")
        except DomainError as exc:
            self.stderr.write(exc.message)
            raise SystemExit(1) from exc
        failures = 0
        for account in accounts:
            try:
                result = services.account_poll(account=account)
            except (ConnectorError, DomainError) as exc:
                failures += 1
                self.stderr.write(f"{account.handle}: {exc}")
                continue
            self.stdout.write(
                _("%(account)s: %(stored)d new, %(duplicates)d already stored, %(problems)d problems")
                % {
                    "account": account.handle,
                    "stored": result.stored,
                    "duplicates": result.duplicates,
                    "problems": result.problems,
                }
            )
        if not accounts:
            self.stdout.write(_("No account to poll."))
        if failures:
            raise SystemExit(1)

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tatakelola.connectors import CONNECTORS


class Command(BaseCommand):
    help = gettext_lazy("List the connectors and their capabilities.")  # type: ignore[assignment]  # lazy at --help time

    def handle(self, *args: Any, **options: Any) -> None:
        width = max(len(name) for name in CONNECTORS)
        self.stdout.write(f"{_('connector').ljust(width)}  {_('platform').ljust(9)}  {_('capabilities')}")
        for name, connector in CONNECTORS.items():
            capabilities = ", ".join(sorted(connector.capabilities))
            self.stdout.write(
                f"{name.ljust(width)}  {connector.platform.ljust(9)}  {capabilities}  ({connector.label})"
            )

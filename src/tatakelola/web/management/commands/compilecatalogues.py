from __future__ import annotations

from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]  # translated lazily at --help time
        "Compile the .po translation catalogues into .mo files (no GNU gettext needed)."
    )
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for locale_dir in catalogue_dirs():
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                try:
                    catalogue = polib.pofile(str(po_path))
                except (OSError, ValueError) as exc:
                    raise CommandError(f"{po_path}: {exc}") from exc
                # Always rewrite: it takes milliseconds, and mtimes within one second are ambiguous.
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"{compiled} catalogue(s) compiled")


def catalogue_dirs() -> list[Path]:
    """The project catalogue (LOCALE_PATHS) and each installed app's own ``locale/`` directory.

    New apps keep their strings in their own catalogue, so that apps built side by side never edit
    the same file; Django finds app catalogues at run time, and makemessages writes into them.
    """
    dirs = [Path(path) for path in settings.LOCALE_PATHS]
    for app_config in apps.get_app_configs():
        candidate = Path(app_config.path) / "locale"
        if app_config.name.startswith("tatakelola.") and candidate.is_dir() and candidate not in dirs:
            dirs.append(candidate)
    return dirs

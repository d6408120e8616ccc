"""The ``tatakelola`` console script.

``scan`` and ``rules`` go straight to the Django-free scanning core. Everything else is a
Django management command (``tatakelola migrate``, ``tatakelola demo``,
``tatakelola audit verify`` …). Configuration errors print one line and exit 2.
"""

from __future__ import annotations

import os
import sys

SCAN_COMMANDS = frozenset({"scan", "rules"})
CLASSIFY_COMMANDS = frozenset({"classify"})
# Commands that start long-running services: they check their database and broker first.
SERVING_COMMANDS = frozenset({"runserver", "serve"})


def _language() -> str:
    for name in ("TATAKELOLA_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "id" if value.lower().startswith(("id", "in_")) else "en"
    return "en"


def _help() -> str:
    from django.utils import translation
    from django.utils.translation import gettext as _

    with translation.override(_language()):
        lines = [
            _("Tatakelola: social media governance platform."),
            "",
            _("Usage: tatakelola COMMAND [options]"),
            "",
            _("Main commands:"),
            "  demo                " + _("seed a realistic demo organisation and print its logins"),
            "  serve               " + _("check configuration, then serve the web platform"),
            "  audit verify        " + _("verify the audit log's hash chain (exit 1 if broken)"),
            "  scan                " + _("scan messages with the rule packs (no database needed)"),
            "  rules               " + _("lint, test, list and explain rule packs"),
            "  classify            " + _("run the shipped text classifiers (no database needed)"),
            "  connectors          " + _("list the connectors and what each can do"),
            "  ingest PATH         " + _("import a file of messages into a monitored account"),
            "  poll                " + _("run one polling round of the monitored accounts"),
            "  sla check           " + _("warn about cases nearly due and escalate overdue ones"),
            "  scheduler           " + _("run the periodic tasks in-process when no broker is configured"),
            "  cases list          " + _("list cases (--status open --format csv)"),
            "  feedback precision  " + _("each rule's precision from reviewers' verdicts (feedback export: as JSONL)"),
            "  migrate             " + _("create or update the database tables"),
            "  compilecatalogues   " + _("compile the translation catalogues"),
            "",
            _("Every Django management command is available too (tatakelola help lists them)."),
            _("Set TATAKELOLA_LANGUAGE=id or LANG=id_ID.UTF-8 for help in Bahasa Indonesia."),
        ]
    return "\n".join(lines)


def _fail(message: str) -> int:
    sys.stderr.write(f"tatakelola: configuration error: {message}\n")
    return 2


#: Options with which ``tatakelola scan`` reads no organisation from the platform.
_ORG_OPTIONS = ("--org-domain", "--org-config", "--no-org-context", "-h", "--help")


def _platform_configured() -> bool:
    """A database is configured (``DATABASE_URL``) or the embedded one exists: checked without Django."""
    if os.environ.get("DATABASE_URL"):
        return True
    from pathlib import Path

    home = Path(os.environ.get("TATAKELOLA_HOME") or Path.cwd())
    return (home / "var" / "tatakelola.sqlite3").is_file()


def _scan_args(args: list[str]) -> list[str] | int:
    """``tatakelola scan`` inside a configured platform: the organisation's own domains (read through
    the organisations app) become ``--org-domain`` options, unless the command names its own or says
    ``--no-org-context``. ``--organisation SLUG`` picks one organisation of several. Costs a Django
    start-up (about a second), so only then; the scanning core itself stays Django-free."""
    slug: str | None = None
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--organisation" or arg.startswith("--organisation="):
            if "=" in arg:
                slug = arg.split("=", 1)[1]
            elif i + 1 < len(args):
                slug = args[i + 1]
                i += 1
            else:
                sys.stderr.write("tatakelola: error: --organisation needs a short name\n")
                return 2
        else:
            rest.append(arg)
        i += 1
    if any(a == o or a.startswith(o + "=") for a in rest for o in _ORG_OPTIONS):
        if slug is not None:
            sys.stderr.write("tatakelola: error: --organisation cannot be combined with --org-domain/--org-config\n")
            return 2
        return rest
    if slug is None and not _platform_configured():
        return rest
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tatakelola.config.settings")
    try:
        import django

        django.setup()
        from tatakelola.orgs.selectors import ScanOrganisationUnknown, scan_organisation

        found = scan_organisation(slug=slug)
    except ScanOrganisationUnknown as exc:
        sys.stderr.write(f"tatakelola: error: {exc}\n")
        return 2
    except Exception as exc:
        if slug is not None:
            sys.stderr.write(f"tatakelola: error: cannot read organisation {slug!r}: {exc}\n")
            return 2
        sys.stderr.write(
            f"tatakelola: warning: organisation domains not read ({type(exc).__name__}); scanning with the packs' own\n"
        )
        return rest
    if found is None or not found.domains:
        return rest
    extra = [item for domain in found.domains for item in ("--org-domain", domain)]
    return [rest[0], *extra, *rest[1:]]


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "scan":
        scan_args = _scan_args(args)
        if isinstance(scan_args, int):
            return scan_args
        args = scan_args
    if args and args[0] in SCAN_COMMANDS:
        from tatakelola.scan.cli import main as scan_main  # type: ignore[import-not-found,unused-ignore]

        return int(scan_main(args))
    if args and args[0] in CLASSIFY_COMMANDS:
        from tatakelola.classify.cli import main as classify_main  # type: ignore[import-not-found,unused-ignore]

        return int(classify_main(args))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tatakelola.config.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        return _fail(str(exc))

    if not args or args[0] in ("-h", "--help"):
        print(_help())
        return 0

    from django.utils import translation

    translation.activate(_language())

    if args[0] in SERVING_COMMANDS:
        from tatakelola.config.startup import StartupError, check_broker, check_database

        try:
            check_database()
            check_broker()
        except StartupError as exc:
            return _fail(str(exc))

    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["tatakelola", *args])
    except ImproperlyConfigured as exc:
        return _fail(str(exc))
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The committed catalogue holds every string in the source: a new string without a translation fails CI.

The extraction is `make messages` run on a temporary copy of the package (same makemessages options,
same GNU gettext tools), so the committed catalogues are never touched.
"""

from __future__ import annotations

import io
import os
import shutil
import warnings
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

import tatakelola

PACKAGE_DIR = Path(tatakelola.__file__).resolve().parent
# The project catalogue and each app's own: a string may live in either (Django reads both).
ID_CATALOGUES = sorted(PACKAGE_DIR.glob("**/locale/id/LC_MESSAGES/django.po"))
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib")
IN_CI = os.environ.get("CI", "").lower() == "true"

Key = tuple[str, str, str]  # (msgctxt, msgid, msgid_plural)


def _keys(catalogue: polib.POFile) -> set[Key]:
    return {(e.msgctxt or "", e.msgid, e.msgid_plural or "") for e in catalogue if not e.obsolete and e.msgid}


def _require_gettext() -> None:
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"GNU gettext is not installed (missing {', '.join(missing)}): apt-get install gettext"
    if IN_CI:
        pytest.fail(f"required tool unavailable under CI=true: {reason}")
    pytest.skip(reason)


def _extract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> set[Key]:
    """`make messages` for locale id, into a copy of the package with empty locale directories
    (makemessages writes an app's strings into its own ``locale/`` when it has one)."""
    copy = tmp_path / "tatakelola"
    shutil.copytree(
        PACKAGE_DIR,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.po", "vendor", "node_modules"),
    )
    (copy / "locale").mkdir(exist_ok=True)
    # makemessages writes into LOCALE_PATHS[0]: point it at the copy, never at the committed catalogues.
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command(
            "makemessages",
            locale=["id"],
            ignore_patterns=["scan/*", "classify/*"],
            no_location=True,
            no_obsolete=True,
            verbosity=0,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    extracted = sorted(copy.glob("**/locale/id/LC_MESSAGES/django.po"))
    assert copy / "locale" / "id" / "LC_MESSAGES" / "django.po" in extracted, "makemessages produced no catalogue"
    keys: set[Key] = set()
    for path in extracted:
        keys |= _keys(polib.pofile(str(path)))
    return keys


def test_every_source_string_is_in_the_committed_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _require_gettext()
    source = _extract(tmp_path, monkeypatch)
    committed: set[Key] = set()
    for path in ID_CATALOGUES:
        committed |= _keys(polib.pofile(str(path)))
    assert source, "the extraction found no translatable strings: is the copy empty?"
    # A known menu label must be among them, or the extraction silently scanned nothing.
    assert ("", "Audit log", "") in source

    missing = sorted(source - committed)
    assert not missing, (
        f"{len(missing)} string(s) in the source are missing from the catalogues; "
        "run `make messages`, translate them and commit the catalogue:\n"
        + "\n".join(
            f"  {ctx + '|' if ctx else ''}{msgid!r}{' / ' + repr(plural) if plural else ''}"
            for ctx, msgid, plural in missing
        )
    )
    stale = sorted(committed - source)
    if stale:
        warnings.warn(
            f"{len(stale)} catalogue string(s) no longer in the source (run `make messages` to drop them): "
            + "; ".join(repr(msgid) for _ctx, msgid, _plural in stale),
            stacklevel=1,
        )

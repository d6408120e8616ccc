"""The translation tests render pages: compile the catalogues first (the .mo files are gitignored)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from asgiref.local import Local
from django.core.management import call_command
from django.utils.translation import trans_real

import tatakelola

PACKAGE_DIR = Path(tatakelola.__file__).resolve().parent
# The project catalogue and every app's own (``<app>/locale``).
PO_FILES = sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/django.po"))


def _reset_translation_caches() -> None:
    # Django caches each language's catalogue (and the "no catalogue" answer) for the process;
    # forget them so that pages rendered after compiling use the fresh .mo files.
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()
    trans_real.translation_catalog_exists.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues() -> None:
    """Build the gitignored .mo files when they are missing or older than their .po sources."""
    stale = [
        po
        for po in PO_FILES
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command("compilecatalogues", stdout=io.StringIO())
        _reset_translation_caches()

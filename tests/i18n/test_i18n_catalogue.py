"""The committed catalogues are complete: every msgid has a checked Indonesian msgstr with the same placeholders."""

from __future__ import annotations

import gettext
import re
from collections import Counter
from pathlib import Path

import polib
import pytest

import tatakelola

PACKAGE_DIR = Path(tatakelola.__file__).resolve().parent
# The project catalogue (``locale/``) and each app's own (``<app>/locale/``).
CATALOGUES = sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/django.po"))
ID_CATALOGUES = [path for path in CATALOGUES if path.parent.parent.name == "id"]


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE_DIR))


# %(name)s, %(count)d, %s … (python-format) and {{ name }} (Django templates); "%%" is a literal percent sign.
PYTHON_PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
TEMPLATE_PLACEHOLDER = re.compile(r"\{\{\s*[\w.|:\"' -]+?\s*\}\}")

# language: (nplurals, {n: plural form index})
PLURALS = {"id": (1, {0: 0, 1: 0, 2: 0, 5: 0}), "en": (2, {0: 1, 1: 0, 2: 1, 5: 1})}


def _placeholders(text: str) -> Counter[str]:
    found = Counter(m.group(0) for m in PYTHON_PLACEHOLDER.finditer(text) if m.group(0) != "%%")
    found.update(re.sub(r"\s+", "", m.group(0)) for m in TEMPLATE_PLACEHOLDER.finditer(text))
    return found


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _label(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid!r}" if entry.msgctxt else repr(entry.msgid)


def test_the_project_catalogue_is_found() -> None:
    assert PACKAGE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.po" in ID_CATALOGUES
    # Every app catalogue comes in both languages.
    for path in ID_CATALOGUES:
        assert (path.parent.parent.parent / "en" / "LC_MESSAGES" / "django.po").exists(), _name(path)


@pytest.mark.parametrize("path", ID_CATALOGUES, ids=_name)
def test_the_indonesian_catalogue_is_complete_and_checked(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    entries = [entry for entry in catalogue if not entry.obsolete]
    assert entries, f"{path} has no messages: run `make messages`"

    untranslated = [_label(e) for e in entries if not all(text.strip() for text in _translations(e))]
    fuzzy = [_label(e) for e in entries if "fuzzy" in e.flags]
    placeholders = []
    for entry in entries:
        # A translation may use any placeholder of the singular or plural msgid (one Indonesian form
        # serves both), but never one the code does not pass, and singular messages keep them all.
        expected = _placeholders(entry.msgid)
        allowed = expected | _placeholders(entry.msgid_plural or "")
        for text in _translations(entry):
            if not text:
                continue
            got = _placeholders(text)
            wrong = got != expected if not entry.msgid_plural else bool(set(got) - set(allowed))
            if wrong:
                placeholders.append(f"{_label(entry)} -> {text!r}")

    problems = []
    if untranslated:
        problems.append(f"{len(untranslated)} untranslated: " + "; ".join(untranslated))
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy (check the translation, then remove the flag): " + "; ".join(fuzzy))
    if placeholders:
        problems.append(f"{len(placeholders)} with placeholders that differ from the msgid: " + "; ".join(placeholders))
    assert not problems, f"{path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", CATALOGUES, ids=_name)
def test_catalogue_headers_are_filled_and_plural_forms_are_valid(path: Path) -> None:
    language = path.parent.parent.name
    catalogue = polib.pofile(str(path))
    meta = catalogue.metadata

    assert not catalogue.metadata_is_fuzzy, f"{path}: the header is still marked fuzzy"
    assert meta.get("Project-Id-Version", "").startswith("Tatakelola"), path
    assert meta.get("Language") == language, path
    assert re.search(r"charset=UTF-8\b", meta.get("Content-Type", ""), re.IGNORECASE), path

    match = re.fullmatch(r"\s*nplurals=(\d+);\s*plural=(.+?);?\s*", meta.get("Plural-Forms", ""))
    assert match, f"{path}: malformed Plural-Forms {meta.get('Plural-Forms')!r}"
    nplurals, expression = int(match.group(1)), match.group(2)
    expected_nplurals, expected_forms = PLURALS[language]
    assert nplurals == expected_nplurals, path
    plural = gettext.c2py(expression)  # the parser gettext itself uses to load the .mo file
    assert {n: plural(n) for n in expected_forms} == expected_forms, path
    for entry in catalogue:
        if entry.msgid_plural and any(text for text in entry.msgstr_plural.values()):
            assert len(entry.msgstr_plural) == nplurals, f"{path}: {_label(entry)} needs {nplurals} plural form(s)"


def test_placeholder_parser_sees_what_the_code_formats() -> None:
    assert _placeholders("Page %(n)s of %(total)s, 100%% done") == Counter({"%(n)s": 1, "%(total)s": 1})
    assert _placeholders("Hello {{ name }} and %s") == Counter({"{{name}}": 1, "%s": 1})
    assert _placeholders("Halo {{name}} dan %s") == _placeholders("Hello {{ name }} and %s")

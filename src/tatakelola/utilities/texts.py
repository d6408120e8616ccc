"""Sentences stored as data, translated when they are shown.

A row that must say something to people later (an action's result, a timeline entry, a job's log)
never stores a sentence in the language of the moment. It stores the English msgid and its
parameters, and the page renders it in the reader's language:

    from django.utils.translation import gettext_noop
    action.result = deferred(gettext_noop("%(count)s message(s) placed on legal hold."), count=3)
    ...
    {% load texts %}{{ action.result|text }}          (or ``render_text(value)`` in Python)

``gettext_noop`` marks the msgid for ``make messages`` without translating it. Parameters may be
plain values, other deferred texts, ``label(SomeChoices.VALUE)`` for a choice's translated label,
or ``bilingual(en=..., id=...)`` for data that exists in both languages (a rule's title). A plain
string (legacy rows, names, references) renders as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext


def deferred(msgid: str, /, **params: Any) -> dict[str, Any]:
    """A sentence to store: its English msgid (marked with ``gettext_noop``) and parameters."""
    return {"msgid": msgid, "params": params}


def deferred_plural(singular: str, plural: str, count: int, /, **params: Any) -> dict[str, Any]:
    """A sentence with a singular and a plural form, each marked with ``gettext_noop`` (so each is
    its own catalogue entry): the form is chosen by ``count`` when shown; ``count`` is a parameter."""
    return {"msgid": singular if count == 1 else plural, "params": {"count": count, **params}}


def label(value: Promise | str) -> dict[str, Any]:
    """A translated label (a choice's ``.label``, a ``gettext_lazy`` string) stored as its msgid."""
    with translation.override(None):
        return {"msgid": str(value), "params": {}}


def bilingual(*, en: str, id: str) -> dict[str, str]:  # the language code is the natural name
    """Data that exists in both languages, such as a rule's or a course's title."""
    return {"en": en, "id": id}


def render_text(value: Any) -> str:
    """The stored text in the active language. Never raises: a page must not fail on one entry."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        if "msgid" in value:
            params = {key: render_text(param) for key, param in (value.get("params") or {}).items()}
            template = gettext(value["msgid"])
            if not params:
                return template
            try:
                return template % params
            except (KeyError, ValueError, TypeError):
                return template
        if "en" in value or "id" in value:
            language = (translation.get_language() or "id").split("-")[0]
            return str(value.get(language) or value.get("en") or value.get("id") or "")
    if isinstance(value, list | tuple):
        return ", ".join(render_text(item) for item in value)
    return str(value)

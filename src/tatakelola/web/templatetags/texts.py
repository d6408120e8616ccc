"""``{{ value|text }}``: a stored sentence (see ``utilities/texts.py``) in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template

from tatakelola.utilities.texts import render_text

register = template.Library()


@register.filter(name="text")
def text(value: Any) -> str:
    return render_text(value)

"""Collects every app's home-page panels (``<app>/home.py``: ``PANELS``) and renders those that apply."""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.template.loader import render_to_string

from tatakelola.access.decorators import user_capabilities
from tatakelola.access.home import HomePanel


@cache
def home_panels() -> tuple[HomePanel, ...]:
    panels: list[HomePanel] = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.home"
        if app_config.name.startswith("tatakelola.") and importlib.util.find_spec(name) is not None:
            panels.extend(getattr(importlib.import_module(name), "PANELS", ()))
    keys = [panel.key for panel in panels]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"home panels declared twice: {sorted(duplicates)}")
    return tuple(sorted(panels, key=lambda panel: (panel.order, panel.key)))


def rendered_panels(request: HttpRequest) -> list[dict[str, Any]]:
    """The HTML of each panel that applies to this person, in order."""
    capabilities = user_capabilities(request)
    shown = []
    for panel in home_panels():
        if panel.capability not in capabilities:
            continue
        context = panel.context(request)
        if context is None:
            continue
        html = render_to_string(panel.template, {**context, "panel_key": panel.key}, request=request)
        shown.append({"key": panel.key, "html": html})
    return shown

"""The navigation menu, grouped by governance component (groups and entries: ``access/menu.py``).

Each app declares its entries in its own ``menu.py`` (``MENU``); they are collected once. A group
with no entry the person may open is hidden, and a group with one such entry is a plain link.
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from tatakelola.access.menu import GROUP_KEYS, GROUPS, MenuItem

__all__ = ["GROUPS", "MenuItem", "menu_items"]


@cache
def menu_items() -> tuple[MenuItem, ...]:
    """Every app's ``menu.MENU`` entries, in group order, then by ``order``."""
    items: list[MenuItem] = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.menu"
        if not app_config.name.startswith("tatakelola.") or importlib.util.find_spec(name) is None:
            continue
        for item in getattr(importlib.import_module(name), "MENU", ()):
            if item.group not in GROUP_KEYS:
                raise ImproperlyConfigured(f"{name}: menu group {item.group!r} is not one of {sorted(GROUP_KEYS)}")
            items.append(item)
    position = {group.key: index for index, group in enumerate(GROUPS)}
    return tuple(sorted(items, key=lambda item: (position[item.group], item.order)))

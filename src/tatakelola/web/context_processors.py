from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from tatakelola.access.decorators import user_capabilities
from tatakelola.notifications.selectors import unread_count
from tatakelola.web.navigation import GROUPS, menu_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"menu": [], "capabilities": frozenset(), "unread_notifications": 0}
    capabilities = user_capabilities(request)
    path = request.path
    groups = []
    for group in GROUPS:
        items: list[dict[str, Any]] = []
        for item in menu_items():
            if item.group != group.key or item.capability not in capabilities:
                continue
            url = reverse(item.url_name)
            # The home page is active only on itself; any other entry also on the pages below it.
            active = path == url or (url != "/" and path.startswith(url))
            items.append({"label": item.label, "url": url, "active": active})
        if items:
            # Only the most specific entry is active, so /cases/mine/ does not also light up /cases/.
            actives = [entry for entry in items if entry["active"]]
            best = max(actives, key=lambda entry: len(str(entry["url"]))) if actives else None
            for entry in items:
                entry["active"] = entry is best
            groups.append(
                {
                    "key": group.key,
                    "label": group.label,
                    "items": items,
                    "active": any(entry["active"] for entry in items),
                }
            )
    return {
        "menu": groups,
        "capabilities": {str(c) for c in capabilities},
        # The navbar bell: one COUNT over the inbox index (recipient, read_at).
        "unread_notifications": unread_count(user=request.user),
    }


def csp_nonce(request: HttpRequest) -> dict[str, Any]:
    """``csp_nonce`` for the rare inline <script>/<style> that cannot be a static file.

    Lazy: the nonce joins the Content-Security-Policy header only when a template reads it.
    """
    return {"csp_nonce": getattr(request, "csp_nonce", None)}

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from tatakelola.access.decorators import user_capabilities
from tatakelola.cases.selectors import unread_count
from tatakelola.web.navigation import MENU


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"menu": [], "capabilities": frozenset(), "unread_notifications": 0}
    capabilities = user_capabilities(request)
    menu = [
        {"label": item.label, "url": reverse(item.url_name), "active": request.path == reverse(item.url_name)}
        for item in MENU
        if item.capability in capabilities
    ]
    return {
        "menu": menu,
        "capabilities": {str(c) for c in capabilities},
        # The navbar bell: one COUNT over the inbox index (recipient, read_at).
        "unread_notifications": unread_count(user=request.user),
    }

"""API authentication: a personal bearer token, or the browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from tatakelola.api.selectors import token_authenticate


class TokenAuth(HttpBearer):
    openapi_description = "Personal API token: `Authorization: Bearer tkl_…` (create one on your profile page)."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(raw=token)
        if user is None:
            return None
        request.user = user
        return user


API_AUTH = [TokenAuth(), SessionAuth(csrf=True)]

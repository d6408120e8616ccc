"""API authentication: a personal bearer token, or the browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.security import HttpBearer, SessionAuth

from tatakelola.api.selectors import token_authenticate
from tatakelola.orgs.login_throttle import client_address, token_block, token_failure_record


class TokenAuth(HttpBearer):
    openapi_description = "Personal API token: `Authorization: Bearer tkl_…` (create one on your profile page)."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # A client that keeps sending invalid tokens is answered 429 for a while (guessing tokens).
        address = client_address(request)
        block = token_block(address=address)
        if block is not None:
            raise Throttled(block.retry_after_seconds)
        user = token_authenticate(raw=token)
        if user is None:
            block = token_failure_record(address=address)
            if block is not None:
                raise Throttled(block.retry_after_seconds)
            return None
        request.user = user
        return user


API_AUTH = [TokenAuth(), SessionAuth(csrf=True)]

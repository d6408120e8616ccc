"""Activate the signed-in person's preferred language on every request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation


class PersonLanguageMiddleware:
    """Runs after authentication; the person's saved preference beats cookie and browser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = None
        if request.user.is_authenticated:
            from tatakelola.access.capabilities import Capability
            from tatakelola.access.decorators import user_capabilities
            from tatakelola.orgs.models import Person

            language = Person.objects.filter(user_id=request.user.pk).values_list("language", flat=True).first()
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            # Read-only roles cannot save a preference, so their cookie choice must win.
            if cookie and Capability.SELF_SERVICE not in user_capabilities(request):
                language = cookie
        if language and language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's login requirement for pages; the API authenticates itself and answers 401."""

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponseBase], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

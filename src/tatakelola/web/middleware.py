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


class NulByteGuardMiddleware:
    """Refuse NUL characters in query strings, form fields and API JSON bodies with a 400.

    PostgreSQL text cannot hold NUL, so a NUL that reached a query or an insert would fail there
    with a server error; no real input needs one. Uploaded files are not inspected (binary data).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            from django.http import JsonResponse
            from django.utils.translation import gettext as _

            detail = _("The request contains a NUL character, which no field accepts.")
            if request.path_info.startswith("/api/"):
                body: dict[str, object] = {
                    "detail": detail,
                    "code": "invalid",
                    "field": None,
                    "errors": [],
                    "retry_after": None,
                }
                return JsonResponse(body, status=400)
            return HttpResponse(detail, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.path:
            return True
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return True
        if request.method not in ("POST", "PUT", "PATCH"):
            return False
        content_type = request.content_type or ""
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return False  # too large for Django anyway; the view answers that
        try:
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists())
            if request.path_info.startswith("/api/") and "json" in content_type:
                return b"\\u0000" in request.body or b"\x00" in request.body
        except Exception:  # an unreadable body is the view's to refuse, not ours
            return False
        return False

"""Login, logout, the language switch (the only views that need no capability) and the home page."""

from __future__ import annotations

import contextlib
import json
import logging

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from tatakelola.access.capabilities import Capability
from tatakelola.access.decorators import public, requires, user_capabilities
from tatakelola.orgs.selectors import governance_overview, person_for_user
from tatakelola.orgs.services import person_set_language
from tatakelola.utilities.errors import DomainError
from tatakelola.web.forms import ThrottledAuthenticationForm
from tatakelola.web.home import rendered_panels

log = logging.getLogger("tatakelola.csp")
MAX_CSP_REPORT = 16 * 1024


class LoginView(auth_views.LoginView):
    """Django's sign-in, with the throttled form; a refusal for too many attempts answers 429."""

    form_class = ThrottledAuthenticationForm
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: ThrottledAuthenticationForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        block = getattr(form, "block", None)
        if block is not None and getattr(form, "throttled", False):
            response.status_code = 429
            response["Retry-After"] = str(block.retry_after_seconds)
        return response


login_view = public(LoginView.as_view())
logout_view = public(auth_views.LogoutView.as_view())


@public
@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie + redirect), plus the person's saved preference."""
    response = set_language(request)
    person = person_for_user(user=request.user)
    language = request.POST.get("language", "")
    # Read-only roles (auditors) keep their choice in the cookie only: they write nothing.
    if person is not None and Capability.SELF_SERVICE in user_capabilities(request):
        # An unknown code was already ignored by set_language; there is nothing to save.
        with contextlib.suppress(DomainError):
            person_set_language(actor=request.user, person=person, language=language)
    return response


@require_GET
@requires(Capability.ORG_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    """What to do now (every app's panels for this person), then the organisation and its team."""
    overview = governance_overview(user=request.user)
    return render(request, "orgs/home.html", {"overview": overview, "panels": rendered_panels(request)})


@csrf_exempt  # browsers send violation reports without a CSRF token
@require_POST
@public
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log a browser's Content-Security-Policy violation report (report-uri); answer 204.

    Only the directive, the blocked resource's origin and the page's path are logged: full URLs
    may carry tokens or personal data in their query strings.
    """
    body = request.read(MAX_CSP_REPORT + 1)
    if len(body) > MAX_CSP_REPORT:
        return HttpResponse(status=413)
    try:
        report = json.loads(body or b"{}").get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if not isinstance(report, dict):
        return HttpResponse(status=400)

    def _short(value: object) -> str:
        text = str(value or "")
        return text.split("?", 1)[0].split("#", 1)[0][:200]

    log.warning(
        "CSP violation: %s blocked %s on %s",
        _short(report.get("effective-directive") or report.get("violated-directive")),
        _short(report.get("blocked-uri")),
        _short(report.get("document-uri")),
    )
    return HttpResponse(status=204)

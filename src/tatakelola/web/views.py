"""Login, logout, the language switch (the only views that need no capability) and the home page."""

from __future__ import annotations

import contextlib

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from tatakelola.access.capabilities import Capability
from tatakelola.access.decorators import public, requires, user_capabilities
from tatakelola.orgs.selectors import governance_overview, person_for_user
from tatakelola.orgs.services import person_set_language
from tatakelola.utilities.errors import DomainError
from tatakelola.web.home import rendered_panels

login_view = public(auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True))
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

"""Profile-page forms for creating and revoking one's own API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tatakelola.access import Capability, requires
from tatakelola.access.decorators import authenticated_user
from tatakelola.api import services
from tatakelola.api.models import ApiToken
from tatakelola.api.selectors import token_list
from tatakelola.utilities.errors import DomainError


@require_POST
@requires(Capability.SELF_SERVICE)
def token_create(request: HttpRequest) -> HttpResponse:
    try:
        token, secret = services.token_create(user=authenticated_user(request), name=request.POST.get("name", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("orgs:profile")
    # The secret is rendered once, in this response, and never stored or logged.
    return render(request, "api/token_created.html", {"token": token, "secret": secret})


@require_POST
@requires(Capability.SELF_SERVICE)
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = token_list(user=request.user).get(pk=token_id)
    except ApiToken.DoesNotExist as exc:
        raise Http404 from exc
    services.token_revoke(user=authenticated_user(request), token=token)
    messages.success(request, _("Token revoked."))
    return redirect("orgs:profile")

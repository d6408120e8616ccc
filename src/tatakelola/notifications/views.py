"""The notification centre and the outgoing webhook settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tatakelola.access.capabilities import Capability
from tatakelola.access.decorators import authenticated_user, requires, user_capabilities
from tatakelola.notifications import selectors, services, webhooks
from tatakelola.notifications.forms import WebhookForm
from tatakelola.orgs.selectors import viewer_organisation
from tatakelola.utilities.errors import DomainError
from tatakelola.utilities.forms import form_error


@require_GET
@requires(Capability.ORG_VIEW)
def centre(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/centre.html", {"items": selectors.notification_list(user=request.user)})


@require_POST
@requires(Capability.SELF_SERVICE)
def mark_read(request: HttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    services.notifications_mark_read(user=authenticated_user(request), ids=ids or None)
    return redirect("notifications:centre")


def _webhooks_page(request: HttpRequest, form: WebhookForm, *, status: int = 200) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    return render(
        request,
        "notifications/webhooks.html",
        {
            "endpoints": selectors.webhook_endpoint_list(organisation=organisation),
            "deliveries": selectors.webhook_delivery_list(organisation=organisation, limit=20),
            "event_types": selectors.webhook_event_types(),
            "form": form,
            "can_manage": Capability.WEBHOOKS_MANAGE in user_capabilities(request),
        },
        status=status,
    )


@require_GET
@requires(Capability.WEBHOOKS_VIEW)
def webhook_settings(request: HttpRequest) -> HttpResponse:
    return _webhooks_page(request, WebhookForm())


@require_POST
@requires(Capability.WEBHOOKS_MANAGE)
def webhook_create(request: HttpRequest) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            endpoint, secret = webhooks.webhook_endpoint_create(
                actor=request.user, organisation_id=organisation.pk, **form.cleaned_data
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            # Shown once, like an API token: only its encrypted form is kept.
            return render(request, "notifications/webhook_secret.html", {"endpoint": endpoint, "secret": secret})
    return _webhooks_page(request, form, status=400)


@require_POST
@requires(Capability.WEBHOOKS_MANAGE)
def webhook_toggle(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    endpoint = selectors.webhook_endpoint_get(organisation=organisation, endpoint_id=endpoint_id)
    if endpoint is None:
        raise Http404
    webhooks.webhook_endpoint_set_active(actor=request.user, endpoint=endpoint, active=not endpoint.is_active)
    messages.success(
        request, _("Webhook endpoint turned on.") if endpoint.is_active else _("Webhook endpoint turned off.")
    )
    return redirect("notifications:webhooks")

"""Audit log pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tatakelola.access import Capability, requires
from tatakelola.audit import selectors
from tatakelola.audit.models import VerificationStatus
from tatakelola.audit.tasks import audit_chain_verify
from tatakelola.orgs.selectors import viewer_organisation


@require_GET
@requires(Capability.AUDIT_VIEW)
def log(request: HttpRequest) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    filters = selectors.AuditFilters(
        action=request.GET.get("action", "").strip(), actor=request.GET.get("actor", "").strip()
    )
    entries = selectors.audit_entry_list(organisation_id=organisation.pk, filters=filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "filters": filters,
            "verifications": selectors.verification_list(organisation_id=organisation.pk, limit=5),
        },
    )


@require_POST
@requires(Capability.AUDIT_VERIFY)
def verify(request: HttpRequest) -> HttpResponse:
    organisation = viewer_organisation(user=request.user)
    result = audit_chain_verify.delay(requested_by=request.user.get_username(), organisation_id=organisation.pk)
    if result.ready():
        outcome = result.get()
        level = messages.SUCCESS if outcome["status"] == "intact" else messages.ERROR
        messages.add_message(
            request,
            level,
            _("Verification finished: %(status)s, %(count)s entries checked.")
            % {"status": VerificationStatus(str(outcome["status"])).label, "count": outcome["entries_checked"]},
        )
    else:
        messages.info(request, _("Verification queued; its result will appear below when it finishes."))
    return redirect("audit:log")

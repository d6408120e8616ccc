"""The one NinjaAPI instance; each domain app contributes its router here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from tatakelola.api.api import router as me_router
from tatakelola.api.auth import API_AUTH
from tatakelola.audit.api import router as audit_router
from tatakelola.cases.api import router as cases_router
from tatakelola.monitoring.api import router as monitoring_router
from tatakelola.notifications.api import router as notifications_router
from tatakelola.orgs.api import router as orgs_router
from tatakelola.utilities.errors import DomainError

api = NinjaAPI(
    title="Tatakelola API",
    version="1",
    description="Social media governance: organisation, audit log, and (as they are built) the domain apps.",
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
)

api.add_router("/", me_router)
api.add_router("/org", orgs_router)
api.add_router("/audit", audit_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/cases", cases_router)
api.add_router("/notifications", notifications_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=400)

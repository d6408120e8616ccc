"""The one NinjaAPI instance; each domain app contributes its router here."""

from __future__ import annotations

from tatakelola.api.api import router as me_router
from tatakelola.api.auth import API_AUTH
from tatakelola.api.errors import TatakelolaAPI, install_error_handlers
from tatakelola.audit.api import router as audit_router
from tatakelola.cases.api import router as cases_router
from tatakelola.monitoring.api import router as monitoring_router
from tatakelola.notifications.api import router as notifications_router
from tatakelola.orgs.api import router as orgs_router

# Every operation's errors follow one contract (api/errors.py): the ErrorOut body for 400, 401, 403,
# 404, 422 and 429, declared on every operation in the OpenAPI document; global handlers below.
api = TatakelolaAPI(
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

install_error_handlers(api)

"""One permission mechanism, on every view and every API operation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tatakelola.access.capabilities import CAPABILITY_INFO, ROLE_CAPABILITIES, Capability
from tatakelola.access.decorators import PUBLIC_ATTR, REQUIRED_CAPABILITY_ATTR
from tatakelola.audit.models import AuditEntry, AuditVerification
from tatakelola.config.api import api
from tatakelola.monitoring.models import DeadLetter, ImportJob, MonitoredAccount
from tatakelola.orgs.choices import Role
from tatakelola.orgs.models import Department, Person

# Ninja's own documentation views; the API operations are checked separately below.
NINJA_DOC_VIEWS = {"openapi-json", "openapi-view"}


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def _html_views() -> list[tuple[str, URLPattern]]:
    return [(route, p) for route, p in _walk(get_resolver().url_patterns) if not route.startswith("api/")]


def _sample_path(route: str) -> str:
    return "/" + re.sub(r"<int:\w+>", "1", route)


def test_every_html_view_declares_a_capability_or_is_public() -> None:
    undeclared = [
        route
        for route, p in _html_views()
        if not getattr(p.callback, REQUIRED_CAPABILITY_ATTR, None) and not getattr(p.callback, PUBLIC_ATTR, False)
    ]
    assert undeclared == []


def test_public_views_are_only_login_logout_language_csp_reports_and_the_signed_webhook() -> None:
    public = sorted(p.name or route for route, p in _html_views() if getattr(p.callback, PUBLIC_ATTR, False))
    # The webhook has no session: it authenticates each delivery by its HMAC signature (tests/monitoring).
    # Browsers send CSP violation reports without credentials; the view only logs them.
    assert public == ["csp_report", "language_switch", "login", "logout", "webhook"]


def test_every_api_operation_declares_a_capability() -> None:
    missing = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if not getattr(operation.view_func, REQUIRED_CAPABILITY_ATTR, None):
                    missing.append(f"{operation.methods} {prefix}{path}")
    assert missing == []


def test_auditor_holds_no_write_capability() -> None:
    writes = {c for c in ROLE_CAPABILITIES[Role.AUDITOR] if CAPABILITY_INFO[c].writes}
    assert writes == set()


def test_every_role_has_a_capability_set() -> None:
    assert set(ROLE_CAPABILITIES) == set(Role.values)
    assert set(CAPABILITY_INFO) == set(Capability)


COMPLIANCE_PAGES = ["/org/people/", "/org/departments/", "/audit/", "/org/committee/", "/org/people/1/roles/"]


@pytest.mark.parametrize("path", COMPLIANCE_PAGES)
def test_employee_cannot_reach_compliance_officer_pages(client_for: Callable[[str], Client], path: str) -> None:
    assert client_for("karyawan").get(path).status_code == 403


@pytest.mark.parametrize("path", ["/org/people/", "/org/departments/", "/audit/"])
def test_compliance_officer_reaches_their_pages(client_for: Callable[[str], Client], path: str) -> None:
    assert client_for("kepatuhan").get(path).status_code == 200


@pytest.mark.parametrize("path", ["/api/org/people", "/api/org/departments", "/api/audit/entries"])
def test_employee_cannot_reach_compliance_api(client_for: Callable[[str], Client], path: str) -> None:
    response = client_for("karyawan").get(path)
    assert response.status_code == 403
    assert "detail" in response.json()


def test_anonymous_visitor_is_sent_to_login(db: None) -> None:
    response = Client().get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _state() -> tuple[int, ...] | tuple[object, ...]:
    return (
        MonitoredAccount.objects.count(),
        ImportJob.objects.count(),
        DeadLetter.objects.filter(resolved_at__isnull=True).count(),
        AuditEntry.objects.count(),
        AuditVerification.objects.count(),
        Department.objects.count(),
        Person.objects.count(),
        sorted(Person.objects.values_list("role_assignments__role", flat=True)),
    )


def test_auditor_cannot_write_through_any_view(client_for: Callable[[str], Client]) -> None:
    auditor = client_for("auditor")
    before = _state()
    exempt = {"login", "logout", "language_switch", "webhook", "csp_report"}
    for route, pattern in _html_views():
        if pattern.name in exempt:
            continue
        for method in ("post", "put", "patch", "delete"):
            response = getattr(auditor, method)(_sample_path(route), {"name": "x", "code": "x", "roles": ["auditor"]})
            assert response.status_code in (403, 405), (method, route, response.status_code)
    assert _state() == before


def test_auditor_cannot_write_through_any_api_operation(client_for: Callable[[str], Client]) -> None:
    auditor = client_for("auditor")
    before = _state()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    if method in ("GET", "HEAD", "OPTIONS"):
                        continue
                    url = "/api" + re.sub(r"\{\w+\}", "1", prefix.rstrip("/") + path)
                    response = auditor.generic(method, url, '{"name": "x", "code": "x"}', "application/json")
                    assert response.status_code == 403, (method, url, response.status_code, response.content)
    assert _state() == before


def test_auditor_reads_everything_oversight_reads(client_for: Callable[[str], Client]) -> None:
    auditor = client_for("auditor")
    for path in [
        "/",
        "/org/people/",
        "/org/departments/",
        "/audit/",
        "/org/me/",
        "/api/audit/entries",
        "/monitoring/accounts/",
        "/monitoring/ingestion/",
        "/api/monitoring/accounts",
        "/api/monitoring/health",
    ]:
        assert auditor.get(path).status_code == 200, path


def test_read_capability_never_authorises_a_write(client_for: Callable[[str], Client]) -> None:
    """Even a view that forgot its write capability cannot change state with a POST."""
    from django.test import RequestFactory

    from tatakelola.access import requires

    @requires(Capability.ORG_VIEW)
    def view(request: object) -> str:
        return "changed"

    client_for("admin")
    request = RequestFactory().post("/")
    from django.contrib.auth import get_user_model

    request.user = get_user_model().objects.get(username="admin")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        view(request)

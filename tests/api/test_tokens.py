"""Personal API tokens: shown once, stored hashed, revocable, same permissions as the views."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from tatakelola.api.models import ApiToken
from tatakelola.audit.models import AuditEntry


def _create_token(client: Client, name: str = "laporan") -> str:
    response = client.post("/api/tokens", {"name": name}, content_type="application/json")
    assert response.status_code == 201, response.content
    return str(response.json()["token"])


def test_token_authenticates_and_carries_the_users_permissions(client_for: Callable[[str], Client]) -> None:
    token = _create_token(client_for("kepatuhan"))
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    me = bearer.get("/api/me").json()
    assert me["username"] == "kepatuhan"
    assert "audit.view" in me["capabilities"]
    assert bearer.get("/api/audit/entries").status_code == 200
    # Compliance officers do not manage the organisation structure.
    response = bearer.post("/api/org/departments", {"name": "X", "code": "x"}, content_type="application/json")
    assert response.status_code == 403


def test_employee_token_cannot_read_the_audit_log(client_for: Callable[[str], Client]) -> None:
    token = _create_token(client_for("karyawan"))
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/audit/entries").status_code == 403


def test_secret_is_stored_only_as_a_digest(client_for: Callable[[str], Client]) -> None:
    token = _create_token(client_for("admin"))
    row = ApiToken.objects.get()
    assert token not in (row.digest, row.prefix)
    assert token.split("_", 2)[2] not in str(list(AuditEntry.objects.values_list("after", flat=True)))


def test_revoked_token_is_refused(client_for: Callable[[str], Client]) -> None:
    admin = client_for("admin")
    token = _create_token(admin)
    token_id = ApiToken.objects.get().pk
    assert admin.delete(f"/api/tokens/{token_id}").status_code == 204
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/me").status_code == 401
    assert AuditEntry.objects.filter(action="api.token.revoke").count() == 1


def test_tampered_or_malformed_tokens_are_refused(client_for: Callable[[str], Client]) -> None:
    token = _create_token(client_for("admin"))
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "tkl_nope", "garbage", ""):
        assert Client(HTTP_AUTHORIZATION=f"Bearer {bad}").get("/api/me").status_code == 401, bad


def test_cannot_revoke_someone_elses_token(client_for: Callable[[str], Client]) -> None:
    _create_token(client_for("admin"))
    other = client_for("kepatuhan")
    assert other.delete(f"/api/tokens/{ApiToken.objects.get().pk}").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_session_api_writes_need_csrf(demo: None) -> None:
    client = Client(enforce_csrf_checks=True)
    client.login(username="admin", password="tatakelola-demo")
    response = client.post("/api/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not ApiToken.objects.exists()


def test_html_token_flow_shows_secret_once(client_for: Callable[[str], Client]) -> None:
    admin = client_for("admin")
    response = admin.post("/tokens/new/", {"name": "skrip pelaporan"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("tkl_")
    assert secret not in admin.get("/org/me/").content.decode()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/me").status_code == 200


def test_blank_token_name_is_a_clear_error(client_for: Callable[[str], Client]) -> None:
    response = client_for("admin").post("/api/tokens", {"name": "  "}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "name"


def test_organisation_endpoint_lists_departments_and_committee(client_for: Callable[[str], Client]) -> None:
    data = client_for("karyawan").get("/api/org/").json()
    assert data["name"] == "Bank Nusantara Sejahtera"
    assert {d["code"] for d in data["departments"]} >= {"kepatuhan", "hukum", "komunikasi"}
    positions = [m["position"] for m in data["committee"]["members"]]
    assert positions.count("chair") == 1


def test_audit_entries_are_paginated_newest_first(client_for: Callable[[str], Client]) -> None:
    page = client_for("auditor").get("/api/audit/entries").json()
    seqs = [item["seq"] for item in page["items"]]
    assert seqs == sorted(seqs, reverse=True)
    assert page["count"] == AuditEntry.objects.count()


def test_api_verify_queues_the_task_and_records_a_verification(client_for: Callable[[str], Client]) -> None:
    admin = client_for("admin")
    assert admin.post("/api/audit/verify").status_code == 202
    verifications = admin.get("/api/audit/verifications").json()
    assert verifications[0]["status"] == "intact"
    assert verifications[0]["requested_by"] == "admin"

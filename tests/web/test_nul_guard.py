"""NUL characters (which PostgreSQL text refuses) are answered 400 before they reach a query."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client


def test_nul_in_query_strings_forms_and_json_is_refused(client_for: Callable[[str], Client]) -> None:
    admin = client_for("admin")
    api = admin.get("/api/cases/?status=%00")
    assert api.status_code == 400 and api.json()["code"] == "invalid"
    assert admin.get("/org/people/?role=%00").status_code == 400
    assert admin.post("/org/departments/new/", {"name": "a\x00b", "code": "x"}).status_code == 400
    body = admin.post("/api/tokens", '{"name": "a\\u0000b"}', content_type="application/json")
    assert body.status_code == 400
    # Without a NUL the same requests go through.
    assert admin.get("/api/cases/?status=open").status_code == 200
    assert admin.post("/api/tokens", '{"name": "ab"}', content_type="application/json").status_code == 201

"""The API error contract, checked on the OpenAPI document itself, so every app added later is
covered without editing this file: each operation declares the standard error responses with the
one error schema, and no paging parameter is unbounded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from tatakelola.api.errors import ERROR_SCHEMA_NAME, MAX_PAGE, STANDARD_ERROR_STATUSES
from tatakelola.config.api import api

PAGING_NAMES = {"page", "page_size", "offset", "limit", "per_page", "cursor_offset"}


def _operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield method.upper(), path, operation


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return dict(api.get_openapi_schema(path_prefix="/api/"))


def test_the_document_has_operations_from_every_router(schema: dict[str, Any]) -> None:
    prefixes = {prefix.strip("/") for prefix, _router in api._routers if prefix.strip("/")}
    seen = {path.split("/")[2] for _m, path, _o in _operations(schema)}
    assert prefixes <= seen


def test_every_operation_declares_the_standard_errors_with_the_one_schema(schema: dict[str, Any]) -> None:
    missing = []
    for method, path, operation in _operations(schema):
        for status in STANDARD_ERROR_STATUSES:
            declared = operation.get("responses", {}).get(str(status), {})
            ref = declared.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
            if ref != f"#/components/schemas/{ERROR_SCHEMA_NAME}":
                missing.append(f"{method} {path} {status}")
    assert missing == []
    error = schema["components"]["schemas"][ERROR_SCHEMA_NAME]
    assert set(error["required"]) == {"detail", "code"}


def test_no_integer_query_parameter_is_unbounded(schema: dict[str, Any]) -> None:
    unbounded = []
    for method, path, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            spec = parameter.get("schema", {})
            is_integer = spec.get("type") == "integer" or any(s.get("type") == "integer" for s in spec.get("anyOf", []))
            if parameter["in"] == "query" and (is_integer or parameter["name"] in PAGING_NAMES):
                bounded = "maximum" in spec or any("maximum" in s for s in spec.get("anyOf", []))
                if not bounded:
                    unbounded.append(f"{method} {path} ?{parameter['name']}")
    assert unbounded == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/audit/entries?page=9223372036854775808",
        f"/api/cases/alerts?page={MAX_PAGE + 1}",
        "/api/audit/entries?page=0",
    ],
)
def test_out_of_range_pages_are_422_not_500(client_for: Callable[[str], Client], url: str) -> None:
    response = client_for("kepatuhan").get(url)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["errors"][0]["loc"] == ["query", "page"]


def test_each_error_kind_answers_the_one_body(client_for: Callable[[str], Client]) -> None:
    employee = client_for("karyawan")
    officer = client_for("kepatuhan")
    answers = {
        401: Client().get("/api/me"),
        403: employee.get("/api/audit/entries"),
        404: officer.get("/api/cases/999999"),
        422: officer.get("/api/audit/entries?page=x"),
        400: officer.post("/api/tokens", {"name": "  "}, content_type="application/json"),
    }
    for status, response in answers.items():
        assert response.status_code == status, (status, response.content)
        body = response.json()
        assert {"detail", "code", "field", "errors", "retry_after"} == set(body), status
        assert isinstance(body["detail"], str) and body["detail"]
    assert answers[400].json()["field"] == "name"


def test_a_json_body_that_is_not_an_object_is_refused(client_for: Callable[[str], Client]) -> None:
    """Ninja maps an object's keys onto body fields; a list or a bare value must not pass with defaults."""
    admin = client_for("admin")
    for body in ("[null, null]", "[1, 2]", '"x"', "5"):
        response = admin.post("/api/notifications/read", body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["code"] == "error"
    assert admin.post("/api/notifications/read", "{}", content_type="application/json").status_code == 200


def test_the_served_document_has_no_duplicate_keys(client_for: Callable[[str], Client]) -> None:
    """Swagger UI parses the document as YAML, which refuses a key that appears twice (e.g. 400 and "400")."""
    import json

    duplicated: list[list[str]] = []

    def check(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _value in pairs]
        if len(keys) != len(set(keys)):
            duplicated.append(keys)
        return dict(pairs)

    json.loads(client_for("auditor").get("/api/openapi.json").content, object_pairs_hook=check)
    assert duplicated == []

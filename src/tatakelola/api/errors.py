"""The API's error contract: one error body, one set of declared error responses, one handler each.

Every API operation, in every app, answers errors as :class:`ErrorOut` with one of
``STANDARD_ERROR_STATUSES`` (or 405 from the URL layer), and the OpenAPI document declares all of
them on every operation automatically (:class:`TatakelolaAPI`), so an app added later follows the
contract without doing anything. ``tests/api/test_error_contract.py`` walks the document to prove
it, together with the bounds on paging parameters (:data:`MAX_PAGE`, :class:`BoundedPageNumberPagination`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError
from ninja.pagination import PageNumberPagination
from ninja.parser import Parser

from tatakelola.utilities.errors import DomainError

log = logging.getLogger(__name__)

STANDARD_ERROR_STATUSES: tuple[int, ...] = (400, 401, 403, 404, 422, 429)
ERROR_SCHEMA_NAME = "ErrorOut"
# Paging parameters are bounded so that OFFSET never overflows a 64-bit integer (PostgreSQL) or
# Python's int conversion (SQLite): 100,000 pages of 100 is ten million rows deep.
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 500

_DESCRIPTIONS = {
    400: "The request was understood but refused (a domain rule, an unreadable body).",
    401: "No valid credentials: send `Authorization: Bearer tkl_…` or a session cookie.",
    403: "The caller's roles do not grant this operation.",
    404: "No such object in the caller's organisation.",
    422: "A parameter or a body field is missing or invalid; `errors` lists each one.",
    429: "Too many requests (e.g. invalid tokens): retry after `Retry-After` seconds.",
}


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(default_factory=list, description="Where: e.g. ['query', 'page'].")
    msg: str
    type: str = ""


class ErrorOut(Schema):
    """The one error body of every API operation."""

    detail: str = Field(description="What went wrong, in the caller's language.")
    code: str = Field(description="Stable machine-readable kind: invalid, not_authenticated, forbidden, …")
    field: str | None = Field(None, description="The body field a domain rule refused, when there is one.")
    errors: list[FieldErrorOut] = Field(default_factory=list, description="Each invalid parameter (422).")
    retry_after: int | None = Field(None, description="Seconds to wait (429).")


class BoundedPageNumberPagination(PageNumberPagination):
    """Ninja's page-number pagination with an upper bound on ``page`` and ``page_size``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, code: str, **extra: Any
) -> HttpResponse:
    body = ErrorOut(detail=detail, code=code, **extra).model_dump(mode="json")
    response = api.create_response(request, body, status=status)
    if status == 429 and extra.get("retry_after"):
        response["Retry-After"] = str(extra["retry_after"])
    return response


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    shown = []
    for error in errors[:50]:
        loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", [])]
        shown.append({"loc": loc, "msg": str(error.get("msg", ""))[:300], "type": str(error.get("type", ""))})
    return shown


def install_error_handlers(api: NinjaAPI) -> None:
    """One handler per kind of failure, each answering :class:`ErrorOut`."""

    def validation(request: HttpRequest, exc: Any) -> HttpResponse:  # ninja types handlers loosely
        return error_response(
            api, request, 422, _("The request is not valid."), "invalid", errors=_field_errors(exc.errors)
        )

    def throttled(request: HttpRequest, exc: Any) -> HttpResponse:  # ninja types handlers loosely
        wait = int(exc.wait) if exc.wait else 60
        return error_response(
            api, request, 429, _("Too many requests. Try again later."), "throttled", retry_after=max(1, wait)
        )

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:  # ninja types handlers loosely
        return error_response(
            api, request, 401, _("Authentication required: send a valid API token."), "not_authenticated"
        )

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:  # ninja types handlers loosely
        return error_response(api, request, 403, _("You do not have permission to do this."), "forbidden")

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:  # ninja types handlers loosely
        return error_response(api, request, 404, _("Not found."), "not_found")

    def domain(request: HttpRequest, exc: Any) -> HttpResponse:  # ninja types handlers loosely
        return error_response(api, request, 400, exc.message, "refused", field=exc.field)

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:  # ninja types handlers loosely
        status = exc.status_code if exc.status_code in STANDARD_ERROR_STATUSES else 400
        return error_response(api, request, status, str(exc), "error")

    def unexpected(request: HttpRequest, exc: Any) -> HttpResponse:  # ninja types handlers loosely
        log.exception("API operation %s %s failed", request.method, request.path)
        return error_response(api, request, 500, _("Something went wrong on our side."), "server_error")

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(AuthorizationError, forbidden)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(DomainError, domain)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Exception, unexpected)


class ObjectBodyParser(Parser):
    """JSON bodies must be objects: ninja maps an object's keys onto the operation's body fields, so
    a list or a bare value would otherwise pass silently with every field at its default."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise TypeError("the JSON body must be an object")  # ninja answers 400 "Cannot parse request body"
        return data


class TatakelolaAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document declares the standard error responses on every operation,
    and which accepts only JSON objects as request bodies."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("parser", ObjectBodyParser())
        super().__init__(*args, **kwargs)

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in error_schema.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components[ERROR_SCHEMA_NAME] = error_schema
        reference = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for key in [k for k in responses if not isinstance(k, str)]:
                    responses[str(key)] = responses.pop(key)  # ninja keys declared statuses by int
                for status in STANDARD_ERROR_STATUSES:
                    declared = responses.setdefault(str(status), {"description": _DESCRIPTIONS[status]})
                    declared["content"] = {"application/json": {"schema": reference}}
                    if status == 429:
                        declared["headers"] = {
                            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
                        }
        return schema

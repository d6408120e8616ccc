"""Property-based API testing with schemathesis against our own OpenAPI document.

Every operation, as the governance admin, the auditor and an employee: generated parameters and
bodies (valid and invalid), each answer checked for server errors and against the declared status
codes, content types, headers and response schemas, and whether invalid input is refused and
authentication enforced. Bounded for CI (examples per operation below).

Left out: ``positive_data_acceptance``, which counts a 400 for schema-valid input as a failure. Our
400 is the domain's refusal (a blank token name, an illegal case transition), part of the contract.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tatakelola.api.services import token_create
from tatakelola.orgs.models import LoginThrottle

IDENTITIES = ("admin", "auditor", "karyawan")
EXAMPLES = 12  # per operation; each example is sent once per identity

APP = WSGIHandler()
# Loaded through the application itself, so every request (checks' probes included) stays in-process.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP)


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """As Django's test client does: a request must not close the test's connection (and transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db: None, keep_connection: None) -> dict[str, str]:
    call_command("demo", stdout=io.StringIO())
    from django.contrib.auth.models import User

    return {name: token_create(user=User.objects.get(username=name), name="schemathesis")[1] for name in IDENTITIES}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_contract(case: Any, tokens: dict[str, str]) -> None:
    for username in IDENTITIES:
        LoginThrottle.objects.all().delete()  # negative cases send invalid tokens; do not let them pile up
        case.call_and_validate(
            headers={"Authorization": f"Bearer {tokens[username]}"}, excluded_checks=[positive_data_acceptance]
        )

"""Shared fixtures, and the rule that service tests fail (never skip) under CI=true."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import translation

DEMO_PASSWORD = "tatakelola-demo"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(reason: str) -> None:
    """A missing service fails the test under CI and skips it (visibly) elsewhere."""
    if IN_CI:
        pytest.fail(f"required service unavailable under CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _services_for_markers(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        require_service("this test needs PostgreSQL: run it with DATABASE_URL=postgres://… (make test-postgres)")
    if request.node.get_closest_marker("broker") and not os.environ.get("TATAKELOLA_TEST_BROKER_URL"):
        require_service("this test needs a broker: set TATAKELOLA_TEST_BROKER_URL=amqp://… (make test-postgres)")


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Service-level assertions read English messages; requests pick their own language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test's database gets its own checkpoint file (checkpoints outlive a rolled-back test)."""
    from django.conf import settings

    original = settings.TATAKELOLA_AUDIT_CHECKPOINT_FILE
    settings.TATAKELOLA_AUDIT_CHECKPOINT_FILE = tmp_path_factory.mktemp("audit") / "checkpoints.jsonl"
    yield
    settings.TATAKELOLA_AUDIT_CHECKPOINT_FILE = original


@pytest.fixture
def demo(db: None) -> None:
    call_command("demo", stdout=io.StringIO())


@pytest.fixture
def client_for(demo: None) -> Callable[[str], Client]:
    def make(username: str) -> Client:
        client = Client(enforce_csrf_checks=False)
        assert client.login(username=username, password=DEMO_PASSWORD), username
        return client

    return make

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import transaction

from tatakelola.monitoring import services
from tatakelola.monitoring.choices import AccountType, Platform
from tatakelola.monitoring.models import MonitoredAccount
from tatakelola.orgs import services as org_services
from tatakelola.orgs.models import Organisation


@pytest.fixture
def organisation(db: None) -> Organisation:
    return org_services.organisation_create(actor=None, name="PT Contoh", slug="contoh")


@pytest.fixture
def account(organisation: Organisation) -> MonitoredAccount:
    return services.account_create(
        actor=None,
        organisation=organisation,
        platform=Platform.GENERIC,
        handle="@contoh",
        account_type=AccountType.BRAND,
    )


@pytest.fixture(autouse=True)
def _import_dir(tmp_path: Path, settings: pytest.FixtureRequest) -> None:
    settings.TATAKELOLA_IMPORT_DIR = tmp_path / "imports"  # type: ignore[attr-defined]


@pytest.fixture
def run_on_commit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run transaction.on_commit work (queued scans and imports) at once: the test's own
    transaction never commits, so it would otherwise never run."""

    def immediately(func: Callable[[], object], using: str | None = None, robust: bool = False) -> None:
        func()

    monkeypatch.setattr(transaction, "on_commit", immediately)
    yield

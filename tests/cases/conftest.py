from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from django.db import transaction

from tatakelola.cases.models import Alert
from tatakelola.connectors import Page, RawItem
from tatakelola.connectors.generic import JsonlConnector
from tatakelola.monitoring import services as monitoring
from tatakelola.monitoring.models import Message, MonitoredAccount
from tatakelola.orgs.models import Organisation

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 08:00 WIB on a Monday


@pytest.fixture
def bank(demo: None) -> Organisation:
    return Organisation.objects.get(slug="bank-nusantara")


@pytest.fixture
def run_on_commit(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Callable[[], object]]]:
    """Run transaction.on_commit work at once (the test transaction never commits)."""
    ran: list[Callable[[], object]] = []

    def immediately(func: Callable[[], object], using: str | None = None, robust: bool = False) -> None:
        ran.append(func)
        func()

    monkeypatch.setattr(transaction, "on_commit", immediately)
    yield ran


@pytest.fixture
def post(bank: Organisation) -> Callable[..., Alert | None]:
    """Store and scan one message on a demo account; returns its alert (None when it is clean)."""
    counter = iter(range(1, 10_000))

    def make(text: str, *, handle: str = "@banknusantara", author: str = "someone") -> Alert | None:
        account = MonitoredAccount.objects.get(organisation=bank, handle=handle)
        external_id = f"test-{next(counter)}"
        reader = JsonlConnector(monitoring.connector_settings(account))
        page = Page(items=[RawItem({"id": external_id, "text": text, "author": author}, "test")])
        result = monitoring.page_ingest(account=account, normalize=reader.normalize, page=page, source="test")
        monitoring.messages_scan(message_ids=result.message_ids)
        message = Message.objects.get(organisation=bank, external_id=external_id)
        return Alert.objects.filter(message=message).first()

    return make

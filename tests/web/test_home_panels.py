"""Apps hang their "what to do now" panels on the home page through one registry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpRequest
from django.test import Client, override_settings

from tatakelola.access.capabilities import Capability
from tatakelola.access.home import HomePanel
from tatakelola.web import home


def _pending(request: HttpRequest) -> dict[str, int] | None:
    # Nothing to show for the auditor: the panel is left out instead of showing "0 pending".
    return None if request.user.get_username() == "auditor" else {"pending": 3}


@pytest.fixture
def panel(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(
        home,
        "home_panels",
        lambda: (HomePanel("test.pending", "web_test/panel.html", Capability.CASES_VIEW, _pending, order=10),),
    )
    templates = [{**settings.TEMPLATES[0], "DIRS": [Path(__file__).parent / "templates"]}]
    with override_settings(TEMPLATES=templates):
        yield


def test_a_panel_shows_to_those_with_its_capability_and_something_to_show(
    panel: None, client_for: Callable[[str], Client]
) -> None:
    html = client_for("reviewer").get("/").content.decode()
    assert 'data-panel="test.pending"' in html and "3 pending for reviewer" in html
    assert 'data-testid="test-panel"' not in client_for("karyawan").get("/").content.decode()  # no CASES_VIEW
    assert 'data-testid="test-panel"' not in client_for("auditor").get("/").content.decode()  # nothing to show


def test_every_declared_panel_is_unique() -> None:
    home.home_panels.cache_clear()
    keys = [p.key for p in home.home_panels()]
    assert len(keys) == len(set(keys))

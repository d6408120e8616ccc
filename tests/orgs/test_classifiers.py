"""The per-organisation switch for classifiers trained on non-commercial data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from tatakelola.audit.models import AuditEntry
from tatakelola.orgs import services
from tatakelola.orgs.models import Organisation


@pytest.fixture
def bank(demo: None) -> Organisation:
    return Organisation.objects.get(slug="bank-nusantara")


def test_a_new_organisation_does_not_run_noncommercial_models(db: None) -> None:
    org = services.organisation_create(actor=None, name="PT Contoh", slug="contoh")
    org.refresh_from_db()
    assert org.noncommercial_models_allowed is False


def test_the_demo_organisation_allows_them(bank: Organisation) -> None:
    assert bank.noncommercial_models_allowed is True
    assert AuditEntry.objects.filter(
        action="orgs.organisation.set_noncommercial_models", organisation_id=bank.pk
    ).exists()


def test_the_switch_is_audited_once_per_change(db: None) -> None:
    org = services.organisation_create(actor=None, name="PT Contoh", slug="contoh")
    services.organisation_set_noncommercial_models(actor=None, organisation=org, allowed=True)
    services.organisation_set_noncommercial_models(actor=None, organisation=org, allowed=True)  # no change
    services.organisation_set_noncommercial_models(actor=None, organisation=org, allowed=False)
    entries = list(AuditEntry.objects.filter(action="orgs.organisation.set_noncommercial_models").order_by("seq"))
    assert [(e.before, e.after) for e in entries] == [
        ({"noncommercial_models_allowed": False}, {"noncommercial_models_allowed": True}),
        ({"noncommercial_models_allowed": True}, {"noncommercial_models_allowed": False}),
    ]
    org.refresh_from_db()
    assert org.noncommercial_models_allowed is False


def test_page_lists_models_with_licences_and_status(client_for: Callable[[str], Client]) -> None:
    response = client_for("admin").get("/monitoring/classifiers/")
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("abusive_id", "hate_speech_id", "offensive_en", "sentiment_id"):
        assert f'data-model="{name}"' in body
    assert "CC BY-NC-SA 4.0" in body
    assert "ITE-HATE-ML-101" in body
    rows = {m.name: m for m in response.context["overview"].models}
    assert rows["hate_speech_id"].active is True  # the demo allows it and a rule reads it
    assert rows["offensive_en"].active is False  # allowed, but no shipped rule reads it
    assert 'action="/monitoring/classifiers/update/"' in body


@pytest.mark.parametrize("username", ["auditor", "karyawan"])
def test_others_see_the_page_without_the_form(client_for: Callable[[str], Client], username: str) -> None:
    response = client_for(username).get("/monitoring/classifiers/")
    assert response.status_code == 200
    assert 'action="/monitoring/classifiers/update/"' not in response.content.decode()


def test_admin_switches_them_off_and_the_page_says_so(client_for: Callable[[str], Client], bank: Organisation) -> None:
    admin = client_for("admin")
    response = admin.post("/monitoring/classifiers/update/", {})
    assert response.status_code == 302
    bank.refresh_from_db()
    assert bank.noncommercial_models_allowed is False
    entry = AuditEntry.objects.filter(action="orgs.organisation.set_noncommercial_models").latest("seq")
    assert entry.actor == "admin" and entry.after == {"noncommercial_models_allowed": False}
    # Read back by the (English-speaking) auditor, so the reason is in English.
    rows = {m.name: m for m in client_for("auditor").get("/monitoring/classifiers/").context["overview"].models}
    assert rows["hate_speech_id"].active is False
    assert "organisation" in rows["hate_speech_id"].reason


def test_allowing_them_needs_the_non_commercial_confirmation(
    client_for: Callable[[str], Client], bank: Organisation
) -> None:
    services.organisation_set_noncommercial_models(actor=None, organisation=bank, allowed=False)
    admin = client_for("admin")
    assert admin.post("/monitoring/classifiers/update/", {"allowed": "on"}).status_code == 400
    bank.refresh_from_db()
    assert bank.noncommercial_models_allowed is False
    assert admin.post("/monitoring/classifiers/update/", {"allowed": "on", "confirm": "on"}).status_code == 302
    bank.refresh_from_db()
    assert bank.noncommercial_models_allowed is True


@pytest.mark.parametrize("username", ["auditor", "karyawan", "kepatuhan"])
def test_only_the_governance_admin_may_change_it(
    client_for: Callable[[str], Client], bank: Organisation, username: str
) -> None:
    entries = AuditEntry.objects.count()
    response = client_for(username).post("/monitoring/classifiers/update/", {})
    assert response.status_code == 403
    bank.refresh_from_db()
    assert bank.noncommercial_models_allowed is True
    assert AuditEntry.objects.count() == entries


def test_the_deployment_switch_wins(client_for: Callable[[str], Client], settings: SettingsWrapper) -> None:
    settings.TATAKELOLA_NONCOMMERCIAL_MODELS = False
    response = client_for("auditor").get("/monitoring/classifiers/")
    assert 'data-testid="deployment-off"' in response.content.decode()
    rows = {m.name: m for m in response.context["overview"].models}
    assert rows["hate_speech_id"].active is False and "deployment" in rows["hate_speech_id"].reason


@pytest.mark.parametrize("username", ["admin", "auditor", "karyawan"])
def test_api_reads_the_settings(client_for: Callable[[str], Client], username: str) -> None:
    data = client_for(username).get("/api/monitoring/classifiers").json()
    assert data["noncommercial_models_allowed"] is True
    models = {m["name"]: m for m in data["models"]}
    assert models["abusive_id"]["commercial_use_allowed"] is False
    assert models["hate_speech_id"]["rules"] == ["ITE-HATE-ML-101"]


def test_api_refuses_writes(client_for: Callable[[str], Client]) -> None:
    response = client_for("admin").post("/api/monitoring/classifiers", "{}", "application/json")
    assert response.status_code == 405

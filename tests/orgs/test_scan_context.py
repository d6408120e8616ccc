"""The organisation's own domains: set through the service, read by `tatakelola scan` in a platform."""

from __future__ import annotations

import pytest

from tatakelola import cli
from tatakelola.audit.models import AuditEntry
from tatakelola.orgs import services
from tatakelola.orgs.models import Organisation
from tatakelola.orgs.selectors import ScanOrganisationUnknown, scan_organisation
from tatakelola.utilities.errors import DomainError


@pytest.fixture
def org(db: None) -> Organisation:
    return services.organisation_create(actor=None, name="PT Contoh", slug="contoh")


def test_domains_are_normalised_and_audited(org: Organisation) -> None:
    services.organisation_set_domains(actor=None, organisation=org, domains=["https://www.Contoh.co.id/", "contoh.com"])
    org.refresh_from_db()
    assert org.domains == ["contoh.co.id", "contoh.com"]
    entry = AuditEntry.objects.get(action="orgs.organisation.set_domains")
    assert entry.before == {"domains": []} and entry.after == {"domains": ["contoh.co.id", "contoh.com"]}
    services.organisation_set_domains(actor=None, organisation=org, domains=["contoh.co.id", "CONTOH.com"])
    assert AuditEntry.objects.filter(action="orgs.organisation.set_domains").count() == 1


def test_a_bad_domain_is_refused_and_nothing_changes(org: Organisation) -> None:
    services.organisation_set_domains(actor=None, organisation=org, domains=["contoh.co.id"])
    with pytest.raises(DomainError, match="Not a domain name") as exc:
        services.organisation_set_domains(actor=None, organisation=org, domains=["contoh.co.id", "not a domain"])
    assert exc.value.field == "domains"
    org.refresh_from_db()
    assert org.domains == ["contoh.co.id"]


def test_scan_organisation_picks_the_only_one_or_the_named_one(org: Organisation) -> None:
    services.organisation_set_domains(actor=None, organisation=org, domains=["contoh.co.id"])
    assert scan_organisation().domains == ("contoh.co.id",)  # type: ignore[union-attr]
    services.organisation_create(actor=None, name="PT Lain", slug="lain")
    with pytest.raises(ScanOrganisationUnknown, match="several organisations"):
        scan_organisation()
    assert scan_organisation(slug="contoh").domains == ("contoh.co.id",)  # type: ignore[union-attr]
    with pytest.raises(ScanOrganisationUnknown, match="no organisation 'nope'"):
        scan_organisation(slug="nope")


def test_platform_scan_gets_the_organisations_domains(
    org: Organisation, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    services.organisation_set_domains(actor=None, organisation=org, domains=["contoh.co.id", "contoh.com"])
    monkeypatch.setenv("DATABASE_URL", "configured")  # only its presence is read before Django starts
    assert cli._scan_args(["scan", "posts.jsonl"]) == [
        "scan",
        "--org-domain",
        "contoh.co.id",
        "--org-domain",
        "contoh.com",
        "posts.jsonl",
    ]
    # Options of its own, or --no-org-context: nothing is read.
    assert cli._scan_args(["scan", "-", "--org-domain", "x.co.id"]) == ["scan", "-", "--org-domain", "x.co.id"]
    assert cli._scan_args(["scan", "-", "--no-org-context"]) == ["scan", "-", "--no-org-context"]
    assert cli._scan_args(["scan", "-", "--organisation", "contoh"])[1:3] == ["--org-domain", "contoh.co.id"]
    assert cli._scan_args(["scan", "-", "--organisation", "nope"]) == 2
    assert "no organisation 'nope'" in capsys.readouterr().err


def test_outside_a_platform_nothing_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("TATAKELOLA_HOME", str(tmp_path))
    assert not cli._platform_configured()
    assert cli._scan_args(["scan", "-"]) == ["scan", "-"]


def test_demo_organisation_has_its_domains(demo: None) -> None:
    assert scan_organisation(slug="bank-nusantara").domains == ("banknusantara.co.id", "banknusantara.com")  # type: ignore[union-attr]

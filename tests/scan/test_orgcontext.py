"""Organisation context: the engine, the scan CLI and the organisation file take the org's domains."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tatakelola.scan import Engine, Message
from tatakelola.scan.orgcontext import OrgContextError, normalize_domain, normalize_domains, read_org_config

from .test_cli import run_cli

LOOKALIKE = "login di https://banknusantara-login.com/verify"
OWN_MAIL = "kirim ke budi.santoso@banknusantara.co.id ya"


def _rules(engine: Engine, text: str) -> set[str]:
    return {f.rule_id for f in engine.scan(Message(text=text, id="1"))}


def test_domains_are_normalised() -> None:
    assert normalize_domain(" https://www.BankNusantara.co.id/login ") == "banknusantara.co.id"
    assert normalize_domain("@banknusantara.com") == "banknusantara.com"
    assert normalize_domain("bücher.de") == "xn--bcher-kva.de"
    assert normalize_domains(["a.co.id", "A.co.id", "b.com"]) == ("a.co.id", "b.com")
    for bad in ("bank nusantara", "localhost", "-bad.com", "a..com", ""):
        with pytest.raises(OrgContextError):
            normalize_domain(bad)


def test_engine_uses_the_organisations_domains_instead_of_the_packs() -> None:
    default = Engine.from_specs(["links", "pii-international"])
    ours = Engine.from_specs(["links", "pii-international"], org_domains=["banknusantara.co.id", "banknusantara.com"])
    assert ours.org_domains == ("banknusantara.co.id", "banknusantara.com")
    assert "LINK-LOOKALIKE-103" not in _rules(default, LOOKALIKE)
    assert "LINK-LOOKALIKE-103" in _rules(ours, LOOKALIKE)
    # The pack's example bank is no longer "ours": its look-alike is not flagged ...
    assert "LINK-LOOKALIKE-103" in _rules(default, "login di https://bankrnaju.co.id")
    assert "LINK-LOOKALIKE-103" not in _rules(ours, "login di https://bankrnaju.co.id")
    # ... and the organisation's own links are not look-alikes of themselves.
    assert _rules(ours, "login di https://ib.banknusantara.co.id") == set()


def test_own_email_addresses_are_not_personal_data() -> None:
    default = Engine.from_specs(["pii-international"])
    ours = Engine.from_specs(["pii-international"], org_domains=["banknusantara.co.id"])
    assert "PII-EMAIL-105" in _rules(default, OWN_MAIL)
    assert "PII-EMAIL-105" not in _rules(ours, OWN_MAIL)
    assert "PII-EMAIL-105" in _rules(ours, "kirim ke budi@gmail.com ya")


def test_engine_refuses_a_bad_domain() -> None:
    with pytest.raises(OrgContextError, match="not a domain"):
        Engine.from_specs(["links"], org_domains=["not a domain"])


def test_org_config_file_formats(tmp_path: Path) -> None:
    yaml_file = tmp_path / "org.yaml"
    yaml_file.write_text("name: Bank Nusantara\ndomains: [banknusantara.co.id, www.banknusantara.com]\n")
    json_file = tmp_path / "org.json"
    json_file.write_text(json.dumps({"domains": ["banknusantara.co.id"]}))
    text_file = tmp_path / "domains.txt"
    text_file.write_text("# our domains\nbanknusantara.co.id\nbanknusantara.com  # the .com\n")
    assert read_org_config(yaml_file) == ("banknusantara.co.id", "banknusantara.com")
    assert read_org_config(json_file) == ("banknusantara.co.id",)
    assert read_org_config(text_file) == ("banknusantara.co.id", "banknusantara.com")
    bad = tmp_path / "bad.yaml"
    bad.write_text("owner: someone\n")
    with pytest.raises(OrgContextError, match="domains"):
        read_org_config(bad)
    with pytest.raises(OrgContextError, match="cannot read"):
        read_org_config(tmp_path / "missing.yaml")


def test_cli_org_domain_and_config(tmp_path: Path) -> None:
    stdin = (LOOKALIKE + "\n").encode()
    code, out, _ = run_cli(["scan", "-", "--pack", "links", "--format", "jsonl"], stdin)
    assert code == 0 and json.loads(out)["findings"] == []
    code, out, _ = run_cli(
        ["scan", "-", "--pack", "links", "--format", "jsonl", "--org-domain", "banknusantara.co.id"], stdin
    )
    assert code == 1 and [f["rule_id"] for f in json.loads(out)["findings"]] == ["LINK-LOOKALIKE-103"]
    config = tmp_path / "org.yaml"
    config.write_text("domains: [banknusantara.co.id]\n")
    code, out, _ = run_cli(["scan", "-", "--pack", "links", "--format", "jsonl", "--org-config", str(config)], stdin)
    assert code == 1 and json.loads(out)["findings"][0]["rule_id"] == "LINK-LOOKALIKE-103"
    # The same with worker processes: the domains travel with the settings.
    code, out, _ = run_cli(
        ["scan", "-", "--pack", "links", "--format", "jsonl", "--jobs", "2", "--org-domain", "banknusantara.co.id"],
        stdin,
    )
    assert code == 1 and json.loads(out)["findings"][0]["rule_id"] == "LINK-LOOKALIKE-103"


def test_cli_refuses_bad_org_options(tmp_path: Path) -> None:
    code, _, err = run_cli(["scan", "-", "--org-domain", "bank nusantara"], b"x\n")
    assert code == 2 and "not a domain name" in err
    code, _, err = run_cli(["scan", "-", "--org-domain", "a.co.id", "--no-org-context"], b"x\n")
    assert code == 2 and "cannot be combined" in err
    code, _, err = run_cli(["scan", "-", "--org-config", str(tmp_path / "none.yaml")], b"x\n")
    assert code == 2 and "cannot read" in err

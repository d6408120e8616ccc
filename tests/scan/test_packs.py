"""Built-in packs: schema, examples, citations, and coverage of FACTS.md §8."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tatakelola.scan.packs import builtin_packs
from tatakelola.scan.ruletest import MIN_EXAMPLES, lint_packs, run_examples

REQUIRED_PACKS = {
    "id-ojk-marketing",
    "id-uu-pdp-personal-data",
    "id-uu-ite-content",
    "en-ftc-endorsement",
    "en-finra-communications",
    "secrets",
    "pii-international",
    "confidential-info",
    "brand-safety",
    "off-channel",
}

#: FACTS.md §8 rules that text and message metadata can decide. Left out, on
#: purpose: SEC-BREACH-014 (a breach clock - workflow on the Django side) and
#: GOV-RESP-035 (reply time - needs the conversation, not one message).
DECIDABLE_FACTS_RULES = {
    "PII-NIK-001",
    "PII-KK-002",
    "PII-CARD-003",
    "PII-BANK-004",
    "PII-PHONE-005",
    "PII-HEALTH-006",
    "PII-CHILD-007",
    "PII-CRIM-008",
    "PII-BIOM-009",
    "PII-BULK-010",
    "PII-EMAIL-011",
    "SEC-CRED-012",
    "SEC-CONF-013",
    "ITE-DEFAM-015",
    "ITE-HATE-016",
    "ITE-HOAX-017",
    "ITE-THREAT-018",
    "ITE-EXTORT-019",
    "ITE-GAMBLING-020",
    "ITE-INDECENT-021",
    "OJK-TNC-022",
    "OJK-QUOTA-023",
    "OJK-REG-024",
    "OJK-SUPER-025",
    "OJK-GRATIS-026",
    "OJK-ASTERISK-027",
    "OJK-GUARANTEE-028",
    "OJK-UNLIC-029",
    "OJK-FINFLU-030",
    "BPOM-CLAIM-031",
    "BPOM-NIE-032",
    "EPI-ENDORSE-033",
    "GOV-POL-034",
    "FINRA-PROM-036",
    "FINRA-PREAPP-037",
    "FINRA-OFFCHAN-038",
    "SEC-TESTI-039",
    "FTC-AD-040",
    "FTC-EMP-041",
    "FCA-FINPROM-042",
    "DSA-COMM-043",
    "GDPR-SPECIAL-044",
}


def test_all_required_packs_exist() -> None:
    assert set(builtin_packs()) >= REQUIRED_PACKS


def test_every_decidable_facts_rule_is_shipped_with_a_citation() -> None:
    rules = {r.id: r for p in builtin_packs().values() for r in p.rules}
    missing = DECIDABLE_FACTS_RULES - set(rules)
    assert not missing
    for rid in DECIDABLE_FACTS_RULES:
        assert rules[rid].citations


@pytest.mark.parametrize("pack_id", sorted(builtin_packs()))
def test_pack_examples_pass(pack_id: str) -> None:
    pack = builtin_packs()[pack_id]
    results = run_examples([pack])
    failed = [(r.rule, r.kind, r.text) for r in results if not r.passed]
    assert not failed
    assert sum(r.kind == "must_match" for r in results) >= MIN_EXAMPLES
    assert sum(r.kind == "must_not_match" for r in results) >= MIN_EXAMPLES


def test_lint_is_clean() -> None:
    problems = lint_packs(list(builtin_packs().values()))
    assert [p for p in problems if p.severity == "error"] == []


def test_rules_are_bilingual_and_cited() -> None:
    for pack in builtin_packs().values():
        assert pack.title_en and pack.title_id
        for rule in pack.rules:
            assert (rule.fix_en and rule.fix_id and rule.fix_en != rule.fix_id) or rule.fix_en.startswith("Add a"), (
                rule.id
            )
            assert rule.title_en and rule.title_id
            assert rule.citations


def test_test_packs_catches_a_broken_example() -> None:
    import dataclasses

    from tatakelola.scan.packs import Example

    pack = builtin_packs()["secrets"]
    rule = dataclasses.replace(pack.rules[0], must_match=(Example("nothing secret here"),))
    broken = dataclasses.replace(pack, rules=(rule, *pack.rules[1:]))
    assert any(not r.passed for r in run_examples([broken]))


def test_builtin_packs_skip_the_schema_only_when_this_exact_text_passed_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tatakelola.scan import packs as packs_module

    monkeypatch.setenv("TATAKELOLA_SCAN_CACHE", str(tmp_path / "cache"))
    checked: list[str] = []
    real = packs_module._schema_errors

    def counting(data: Any) -> list[Any]:
        checked.append(data["pack"])
        return real(data)

    monkeypatch.setattr(packs_module, "_schema_errors", counting)
    load = packs_module.builtin_packs.__wrapped__
    first = load()
    assert len(checked) == len(first) == 12
    marker = tmp_path / "cache" / "builtin-packs.validated"
    assert marker.exists()
    assert load() == first and len(checked) == 12  # unchanged: the remembered answer
    marker.write_text("0" * 64, encoding="ascii")  # another pack text or schema
    load()
    assert len(checked) == 24
    (tmp_path / "cache").chmod(0o777)  # a directory others may write to is not trusted
    load()
    assert len(checked) == 36

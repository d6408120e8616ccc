"""Detector tables: each detector with positive and negative cases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from tatakelola.scan import Engine, Message
from tatakelola.scan.detectors.base import CompileEnv, Detector, ScanContext
from tatakelola.scan.detectors.classifier_detector import register_scorer
from tatakelola.scan.detectors.registry import detector_registry
from tatakelola.scan.expression import Node, parse
from tatakelola.scan.model import Hit
from tatakelola.scan.packs import parse_pack


class _Env(CompileEnv):
    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        self.options = dict(options or {})

    def expression(self, source: str) -> Node:
        return parse(source, lambda t: (0,))

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


def run(name: str, text: str, params: Mapping[str, Any] | None = None, **opts: Any) -> list[Hit]:
    det: Detector = detector_registry()[name](params or {}, _Env(opts))
    return det.detect(ScanContext(Message(text=text), set(), {}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail rina.putri88@gmail.com ya", ["rina.putri88@gmail.com"]),
        ("a@b.co dan c.d@e.org", ["a@b.co", "c.d@e.org"]),
        ("user@localhost", []),
        ("rina..putri@gmail.com", []),
        ("@handle_only", []),
        ("harga 5@10rb", []),
    ],
)
def test_email(text: str, expected: list[str]) -> None:
    assert [h.value for h in run("pii.email", text)] == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("hubungi 0812-3456-7890", True),
        ("WA +62 812 3456 7890", True),
        ("call (212) 555-0147", True),
        ("+44 7911 123456", True),
        ("Rp 1.250.000", False),
        ("NIK 3273121708900001", False),
        ("tahun 2024", False),
        ("0000000000", False),
    ],
)
def test_phone(text: str, found: bool) -> None:
    assert bool(run("pii.phone", text)) is found


def test_phone_allow_list_is_respected() -> None:
    assert run("pii.phone", "hubungi 0812-3456-7890", official_numbers=["+62 812 3456 7890"]) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("NIK 3273121708900001", True),
        ("3273 1217 0890 0001", True),
        ("32.73.12.170890.0001", True),
        ("no resi 3273121708900001", False),  # suppressed by order/receipt context
        ("NIK 3273123208900001", False),  # impossible birth day
        ("13273121708900001", False),  # 17 digits
    ],
)
def test_nik(text: str, found: bool) -> None:
    assert bool(run("pii.nik", text)) is found


def test_nik_hit_explains_the_decoding() -> None:
    (hit,) = run("pii.nik", "NIK 3273125708900002")
    assert "female" in hit.explanation
    assert hit.value == "32************02"
    assert hit.score > 0.9  # boosted by the word NIK


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("kartu 4556 7375 8689 9855", True),
        ("5425-2334-3010-9903", True),
        ("374245455400126", True),
        ("4556 7375 8689 9856", False),  # Luhn fails
        ("9111 1111 1111 1111", False),  # unknown issuer
        ("NIK 5425233430109903", False),  # suppressed by NIK context
    ],
)
def test_card(text: str, found: bool) -> None:
    assert bool(run("pii.card", text)) is found


def test_card_test_numbers_ignored_only_in_dev_channels() -> None:
    det = detector_registry()["pii.card"]({}, _Env())
    dev = ScanContext(Message(text="use 4111 1111 1111 1111", channel="dev"), set(), {})
    public = ScanContext(Message(text="use 4111 1111 1111 1111", channel="instagram"), set(), {})
    assert det.detect(dev) == []
    assert det.detect(public)


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("pii.iban", "IBAN GB82 WEST 1234 5698 7654 32", True),
        ("pii.iban", "IBAN GB82 WEST 1234 5698 7654 31", False),
        ("pii.ip", "from 10.20.30.40 today", True),
        ("pii.ip", "version 1.2.3.400", False),
        ("pii.ip", "fe80::1ff:fe23:4567:890a", True),
        ("pii.passport", "paspor A1234567", True),
        ("pii.passport", "kode A1234567", False),
        ("pii.dob", "tgl lahir 01/02/1990", True),
        ("pii.dob", "tanggal 01/02/1990", False),
        ("pii.npwp", "01.234.567.4-012.000", True),
        ("pii.npwp", "01.234.567.5-012.000", False),
        ("pii.kk", "No. KK 3273120101150003", True),
        ("pii.kk", "3273120101150003", False),
        ("pii.bank_account", "rek BCA 1234567890", True),
        ("pii.bank_account", "rek 1234567890", False),
        ("pii.address", "alamat: Jl. Merdeka No. 5", True),
        ("pii.address", "alamat email", False),
    ],
)
def test_other_pii(name: str, text: str, found: bool) -> None:
    assert bool(run(name, text)) is found


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("AKIAIOSFODNN7EXAMPLE", "aws_access_key"),
        ("ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "github_token"),
        ("glpat-abcdefghij0123456789", "gitlab_token"),
        ("xoxp-1234567890-abcdefghij", "slack_token"),
        ("AIzaSyD-1234567890abcdefghijklmnopqrstu", "google_api_key"),
        ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe_key"),
        ("npm_abcdefghijklmnopqrstuvwxyz0123456789", "npm_token"),
        ("SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789abcdefg", "sendgrid_key"),
        ("-----BEGIN EC PRIVATE KEY-----", "private_key"),
        ("https://bob:hunter22@example.com/x", "url_credentials"),
        ("123456789:AAabcdefghijklmnopqrstuvwxyz0123456", "telegram_bot_token"),
    ],
)
def test_secret_kinds(text: str, kind: str) -> None:
    hits = run("secret.token", f"value {text} end")
    assert [h.kind for h in hits] == [kind]
    assert text not in hits[0].value  # evidence is redacted


@pytest.mark.parametrize(
    "text",
    [
        "AKIA is the AWS prefix",
        "eyJhbGciOi.notajwt.atall",
        "ghp_short",
        "sk_live_",
        "https://example.com/path@x",
        "eyJub3RhbGciOiJ4In0.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlMTIz",  # decodes, but has no "alg"
    ],
)
def test_secret_negatives(text: str) -> None:
    assert run("secret.token", text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("password: Kopi2024!", True),
        ("pwd=Tr0ub4dor&3", True),
        ("password: ********", False),
        ("password is wrong", False),
        ("lupa password", False),
    ],
)
def test_password(text: str, found: bool) -> None:
    assert bool(run("secret.password", text)) is found


@pytest.mark.parametrize(
    ("check", "text", "found"),
    [
        ("shortener", "see bit.ly/abc", True),
        ("shortener", "see https://bankmaju.co.id", False),
        ("file_sharing", "https://drive.google.com/file/d/x", True),
        ("file_sharing", "https://google.com", False),
        ("lookalike", "https://bankmajv.co.id/login", True),
        ("lookalike", "https://bankmaju-secure.com", True),
        ("lookalike", "https://b4nkmaju.co.id", True),
        ("lookalike", "https://bankmaju.co.id/promo", False),
        ("lookalike", "https://tokopedia.com", False),
        ("any", "nothing here. or here", False),
    ],
)
def test_links(check: str, text: str, found: bool) -> None:
    hits = run("link.url", text, {"check": check}, own_domains=["bankmaju.co.id"])
    assert bool(hits) is found


def test_classifier_hook_reads_scores_and_registered_scorers() -> None:
    pack_yaml = """
pack: ml-test
version: 1.0.0
owner: t
title: {en: t, id: t}
languages: ["*"]
channels: [any]
review_by: "2030-01-01"
citations: [test]
rules:
  - id: ML-TEST-001
    title: {en: t, id: t}
    severity: low
    category: test
    action: flag
    citations: [test]
    detector: classifier
    params: {model: toxicity_test, threshold: 0.7}
    fix: {en: t, id: t}
    examples: {must_match: [x], must_not_match: [y]}
"""
    register_scorer("toxicity_test", lambda m: 0.9 if "jahat" in m.text else 0.1)
    engine = Engine([parse_pack(pack_yaml, "inline")])
    out = engine.scan_batch(
        [Message("orang jahat"), Message("orang baik"), Message("x", scores={"toxicity_test": 0.8})]
    )
    assert [len(f) for f in out] == [1, 0, 1]
    assert "0.90" in out[0][0].explanation


def test_registry_is_read_only_and_complete() -> None:
    reg = detector_registry()
    with pytest.raises(TypeError):
        reg["x"] = reg["lexicon"]  # type: ignore[index]
    for name, cls in reg.items():
        assert cls.name == name
        assert cls.description


def test_private_key_finding_covers_the_whole_block() -> None:
    text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAAK\n-----END RSA PRIVATE KEY-----\nthanks"
    (hit,) = run("secret.token", text, {"kinds": ["private_key"]})
    assert text[hit.span.start : hit.span.end].endswith("-----END RSA PRIVATE KEY-----")
    (alone,) = run(
        "secret.token", "-----BEGIN EC PRIVATE KEY----- (rest in the attachment)", {"kinds": ["private_key"]}
    )
    assert alone.span.end - alone.span.start == len("-----BEGIN EC PRIVATE KEY-----")


@pytest.mark.parametrize(
    ("text", "found"),
    [("ID:master PW:dipPr11Gg!", True), ("pw nya: Rahasia123", True), ("pw: ****", False), ("PWA app", False)],
)
def test_password_short_labels(text: str, found: bool) -> None:
    assert bool(run("secret.password", text)) is found


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("3273 1217 0890 0001", "PII-NIK-001"),  # 4-4-4-4 grouping still wakes the NIK rule
        ("3273121708900001 itu NIK saya", "PII-NIK-001"),
        ("023456783012000 adalah NPWP kantor", "PII-NPWP-101"),  # context after the number
        ("5425 2334 3010 9903", "PII-CARD-003"),
        ("4556-7375-8689-9855", "PII-CARD-003"),
    ],
)
def test_structured_prefilters_still_wake_their_rules(text: str, rule: str) -> None:
    from tatakelola.scan.packs import builtin_packs

    engine = Engine([builtin_packs()["id-uu-pdp-personal-data"], builtin_packs()["pii-international"]])
    assert rule in {f.rule_id for f in engine.scan(Message(text))}


def test_each_token_format_in_a_message_is_its_own_finding() -> None:
    from tatakelola.scan import scan_texts

    text = "keys: AKIAIOSFODNN7EXAMPLE, ghp_abcdefghijklmnopqrstuvwxyz0123456789 and again AKIAIOSFODNN7EXAMPLF"
    findings = [f for f in scan_texts([text], ["secrets"])[0] if f.rule_id == "SEC-CRED-012"]
    assert [(f.explanation.split(" format")[0], len(f.spans)) for f in findings] == [
        ("AWS access key id", 2),
        ("GitHub token", 1),
    ]
    assert "ghp_" in findings[1].evidence and "AKIA" not in findings[1].evidence

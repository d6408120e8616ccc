"""Bilingual explanations: the catalogue, and every detector family's findings
carrying an Indonesian explanation next to the English one."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from tatakelola.scan import Engine, Message
from tatakelola.scan.detectors.classifier_detector import register_scorer
from tatakelola.scan.detectors.registry import detector_registry
from tatakelola.scan.detectors.secret_detector import SECRET_KINDS
from tatakelola.scan.explain import (
    CATALOGUE,
    Bilingual,
    CatalogueError,
    Explanation,
    placeholders,
    register,
    template,
)
from tatakelola.scan.model import Finding
from tatakelola.scan.packs import builtin_packs, parse_pack
from tatakelola.scan.ruletest import lint_packs

#: Templates that only pass a rule pack's own text through.
PASS_THROUGH = {"pattern.custom", "metadata.custom"}


def test_every_catalogue_entry_has_both_languages_with_the_same_placeholders() -> None:
    assert len(CATALOGUE) > 40
    for key, tpl in CATALOGUE.items():
        assert tpl.key == key
        assert tpl.en.strip() and tpl.id.strip(), key
        assert placeholders(tpl.en) == placeholders(tpl.id), key
        if key not in PASS_THROUGH:
            assert tpl.en != tpl.id, f"{key}: the Indonesian text is the English one"
        params = dict.fromkeys(placeholders(tpl.en), 1)
        assert template(key)(**params).id  # renders without a missing field


def test_every_secret_kind_label_is_catalogued_with_its_english_label() -> None:
    for kind in SECRET_KINDS:
        assert template(f"secret.token.kind.{kind.kind}").en == kind.label


def test_register_rejects_incomplete_or_inconsistent_pairs() -> None:
    with pytest.raises(CatalogueError, match="required"):
        register("plugin.x", "Found it.", "")
    with pytest.raises(CatalogueError, match="placeholders differ"):
        register("plugin.x", "Found {n} things.", "Ditemukan {jumlah} hal.")
    with pytest.raises(CatalogueError, match="already registered"):
        register("pii.iban.valid", "Other text.", "Teks lain.")
    assert (
        register("pii.iban.valid", CATALOGUE["pii.iban.valid"].en, CATALOGUE["pii.iban.valid"].id)
        is (CATALOGUE["pii.iban.valid"])
    )
    with pytest.raises(KeyError):
        template("no.such.key")


def test_rendering_nested_bilingual_and_decimal_comma() -> None:
    why = template("classifier.score")(model="m", score=0.9, threshold=0.5)
    assert why.en == "Model m scored 0.90 (threshold 0.50)."
    assert why.id == "Model m memberi skor 0,90 (ambang 0,50)."
    nik = template("pii.nik.valid")(province=32, day=17, month=8, year=90, sex=template("pii.nik.male")()).plus(
        template("context.boost")
    )
    assert nik.id == (
        "Nomor 16 digit dengan struktur NIK yang valid: provinsi 32, tanggal lahir 17-08-90 (laki-laki). "
        "Kata konteks di dekatnya menambah keyakinan."
    )
    assert nik.keys == ("pii.nik.valid", "context.boost")
    label = template("disclosure.missing")(trigger="'x'", label=Bilingual("risk warning", "peringatan risiko"))
    assert label.en == "Triggered by 'x' but the risk warning is missing."
    assert label.id == "Dipicu oleh 'x', tetapi peringatan risiko tidak ada."


# -- every detector family, through the engine ---------------------------------

_OPTIONS = {"own_domains": ["bankmaju.co.id"], "deny_domains": ["judi-slot88.example"]}


def _engine(detector: str, params: Mapping[str, Any]) -> Engine:
    pack = {
        "pack": "explain-test",
        "version": "1.0.0",
        "owner": "t",
        "title": {"en": "t", "id": "t"},
        "languages": ["*"],
        "channels": ["any"],
        "review_by": "2030-01-01",
        "citations": ["test"],
        "options": _OPTIONS,
        "rules": [
            {
                "id": "EXPLAIN-001",
                "title": {"en": "t", "id": "t"},
                "severity": "low",
                "category": "test",
                "action": "flag",
                "citations": ["test"],
                "detector": detector,
                "params": dict(params),
                "fix": {"en": "t", "id": "t"},
                "examples": {"must_match": ["x"], "must_not_match": ["y"]},
            }
        ],
    }
    return Engine([parse_pack(json.dumps(pack), "inline")])


register_scorer("explain_test_model", lambda m: 0.93 if "jahat" in m.text else 0.0)

# (detector, params, message text, message options, expected Indonesian explanation)
CASES: list[tuple[str, dict[str, Any], str, dict[str, Any], str]] = [
    (
        "lexicon",
        {"expr": "goblok"},
        "dasar goblok",
        {},
        "Ditemukan 'goblok' yang cocok dengan ekspresi goblok.",
    ),
    ("pattern", {"pattern": "RAHASIA"}, "dokumen RAHASIA", {}, "Cocok dengan pola aturan."),
    (
        "pattern",
        {"pattern": "RAHASIA", "explanation": "Marking.", "explanation_id": "Penanda."},
        "dokumen RAHASIA",
        {},
        "Penanda.",
    ),
    (
        "pii.nik",
        {},
        "NIK saya 3273125708900001",
        {},
        "Nomor 16 digit dengan struktur NIK yang valid: provinsi 32, tanggal lahir 17-08-90 "
        "(perempuan (tanggal + 40)). Kata konteks di dekatnya menambah keyakinan.",
    ),
    (
        "pii.kk",
        {},
        "no KK 3273120101150003",
        {},
        "Nomor 16 digit dengan awalan kode wilayah yang valid di dekat kata konteks Kartu Keluarga. "
        "Kata konteks di dekatnya menambah keyakinan.",
    ),
    (
        "pii.npwp",
        {},
        "NPWP 01.855.081.4-412.000",
        {},
        "NPWP 15 digit dengan digit pemeriksa yang valid. Kata konteks di dekatnya menambah keyakinan.",
    ),
    ("pii.card", {}, "nomor 4532 0151 1283 0366", {}, "Nomor visa 16 digit yang lolos pemeriksaan Luhn."),
    ("pii.phone", {}, "sms 0812-3456-7890", {}, "Nomor telepon ID yang valid (+62)."),
    (
        "pii.phone",
        {},
        "my number is +447911681863",
        {},
        "Nomor telepon berformat GB (+44), pada blok nomor yang belum diketahui dialokasikan.",
    ),
    ("pii.email", {}, "mail rina.putri88@gmail.com ya", {}, "Alamat e-mail."),
    (
        "pii.email",
        {"min_distinct": 2},
        "a@b.co dan c.d@e.org",
        {},
        "2 alamat e-mail pihak luar yang berbeda dalam satu pesan. (2 lokasi)",
    ),
    ("pii.iban", {}, "IBAN DE89 3704 0044 0532 0130 00", {}, "IBAN yang lolos pemeriksaan mod-97."),
    ("pii.ip", {}, "server 203.0.113.7 down", {}, "Alamat IPv4 yang valid."),
    (
        "pii.passport",
        {},
        "nomor paspor B1234567",
        {},
        "Nomor berformat paspor di dekat kata konteks paspor. Kata konteks di dekatnya menambah keyakinan.",
    ),
    (
        "pii.address",
        {},
        "alamat: Jl. Melati No. 12 Bandung",
        {},
        "Alamat jalan yang didahului kata konteks alamat.",
    ),
    ("pii.dob", {}, "tanggal lahir 17-08-1990", {}, "Tanggal lahir yang didahului kata konteks tanggal lahir."),
    (
        "pii.bank_account",
        {},
        "transfer ke rek BCA 1234567890",
        {},
        "Nomor rekening di dekat kata konteks rekening dan nama bank 'bca'.",
    ),
    (
        "pii.bulk",
        {"min_rows": 3},
        "a@x.com\nb@x.com\nc@x.com",
        {},
        "3 baris masing-masing memuat e-mail, nomor telepon, atau nomor identitas (data pribadi massal).",
    ),
    (
        "secret.token",
        {"kinds": ["aws_access_key"]},
        "key AKIAIOSFODNN7EXAMPLE",
        {},
        "Format ID kunci akses AWS terdeteksi.",
    ),
    (
        "secret.password",
        {},
        "password: Kopi2024!",
        {},
        "Nilai kata sandi yang ditulis setelah label kata sandi.",
    ),
    (
        "secret.entropy",
        {},
        "api_key = 9fK2xQ7LmZ4pW8rT1vB6nY3s",
        {},
        "String 24 karakter dengan entropi 4,58 bit/karakter setelah label rahasia.",
    ),
    ("link.url", {"check": "any"}, "baca di https://kompas.com", {}, "Tautan ke kompas.com."),
    (
        "link.url",
        {"check": "shortener"},
        "see bit.ly/abc",
        {},
        "Pemendek URL bit.ly menyembunyikan alamat tujuan.",
    ),
    (
        "link.url",
        {"check": "file_sharing"},
        "https://drive.google.com/file/d/x",
        {},
        "Tautan ke layanan berbagi berkas drive.google.com.",
    ),
    (
        "link.url",
        {"check": "deny"},
        "main di https://judi-slot88.example/daftar",
        {},
        "Tautan ke domain yang dilarang: judi-slot88.example.",
    ),
    (
        "link.url",
        {"check": "not_allowed"},
        "baca di https://kompas.com",
        {},
        "Tautan ke kompas.com, yang tidak ada dalam daftar domain yang diizinkan.",
    ),
    (
        "link.url",
        {"check": "lookalike"},
        "https://bankrnaju.co.id/verify",
        {},
        "Domain bankrnaju.co.id meniru bankmaju.co.id (ejaan homoglif/leet).",
    ),
    (
        "link.url",
        {"check": "lookalike"},
        "https://bankmaju-secure.com",
        {},
        "Domain bankmaju-secure.com memuat merek 'bankmaju' milik bankmaju.co.id di domain lain.",
    ),
    (
        "link.url",
        {"check": "lookalike"},
        "https://bankmajv.co.id/login",
        {},
        "Domain bankmajv.co.id 93% mirip dengan bankmaju.co.id.",
    ),
    (
        "disclosure",
        {"trigger": "promo", "required": ["#iklan"]},
        "promo hari ini",
        {},
        "Dipicu oleh 'promo', tetapi pengungkapan wajib tidak ada.",
    ),
    (
        "disclosure",
        {
            "trigger": "promo",
            "required": ["#iklan"],
            "within_first": 10,
            "missing": "ad label",
            "missing_id": "label iklan",
        },
        "promo hari ini",
        {},
        "Dipicu oleh 'promo', tetapi label iklan tidak ada dalam 10 karakter pertama.",
    ),
    (
        "disclosure",
        {"trigger": '"kuota terbatas"', "required": ["\\d+ orang"], "window": 30},
        "kuota terbatas ya",
        {},
        "Dipicu oleh 'kuota terbatas', tetapi pengungkapan wajib tidak ada dalam jarak 30 karakter.",
    ),
    (
        "disclosure",
        {"trigger_metadata": {"is_sponsored": True}, "required": ["#ad"]},
        "morning coffee",
        {"metadata": {"is_sponsored": True}},
        "Dipicu oleh metadata pesan, tetapi pengungkapan wajib tidak ada.",
    ),
    (
        "classifier",
        {"model": "explain_test_model", "threshold": 0.5},
        "orang jahat",
        {},
        "Model explain_test_model memberi skor 0,93 (ambang 0,50).",
    ),
    (
        "metadata",
        {"match": {"is_sponsored": True}},
        "x",
        {"metadata": {"is_sponsored": True}},
        "Metadata pesan cocok dengan aturan.",
    ),
    (
        "metadata",
        {"match": {"is_sponsored": True}, "explanation": "Sponsored.", "explanation_id": "Bersponsor."},
        "x",
        {"metadata": {"is_sponsored": True}},
        "Bersponsor.",
    ),
]


def _finding(detector: str, params: Mapping[str, Any], text: str, kw: Mapping[str, Any]) -> Finding:
    (finding,) = _engine(detector, params).scan(Message(text=text, **kw))
    return finding


@pytest.mark.parametrize(
    ("detector", "params", "text", "kw", "expected"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_findings_explain_themselves_in_indonesian(
    detector: str, params: dict[str, Any], text: str, kw: dict[str, Any], expected: str
) -> None:
    f = _finding(detector, params, text, kw)
    assert f.explanation_id == expected
    assert f.explanation and f.explanation != f.explanation_id


def test_every_builtin_detector_family_is_covered() -> None:
    assert {c[0] for c in CASES} == set(detector_registry())


def test_every_builtin_rule_example_has_an_indonesian_explanation() -> None:
    seen = set()
    for pack in builtin_packs().values():
        engine = Engine([pack])
        for rule in pack.rules:
            msgs = [e.to_message(f"{rule.id}#{i}") for i, e in enumerate(rule.must_match)]
            for findings in engine.scan_batch(msgs):
                for f in findings:
                    assert f.explanation_id, f.rule_id
                    assert f.explanation_id != f.explanation, f.rule_id
                    seen.add(f.rule_id)
    assert len(seen) == sum(len(p.rules) for p in builtin_packs().values())


def test_a_plugin_hit_without_a_catalogued_explanation_has_no_indonesian_text() -> None:
    from tatakelola.scan.model import Hit, Span

    assert Hit(Span(0, 1), 0.5, "Found.").explained is None
    why: Explanation = template("pii.iban.valid")()
    assert Hit(Span(0, 1), 0.5, why.en, "IBAN", "", why).explained is why


def test_lint_warns_about_a_rule_text_without_its_indonesian_twin() -> None:
    pack = _engine("pattern", {"pattern": "X", "explanation": "Marked."}).packs[0]
    assert [p.message for p in lint_packs([pack]) if p.severity == "warning" and p.rule] == [
        "params.explanation has no Indonesian params.explanation_id"
    ]
    f = _finding("pattern", {"pattern": "X", "explanation": "Marked."}, "X", {})
    assert f.explanation_id == "Marked."  # falls back to the rule's English text

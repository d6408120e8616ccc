"""Engine behaviour: batching, determinism, spans, bad input, bounded time."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tatakelola.scan import Engine, Message, PackError
from tatakelola.scan.packs import builtin_packs, parse_pack

SAMPLES = [
    "Halo kak, pesanan sudah dikirim ya",
    "NIK saya 3273121708900001 tolong dibantu",
    "dasar g0bl0kkk admin lemot",
    "Promo KPR bunga 3,5%! Ajukan sekarang",
    "token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
    "",
    "soal harga nego WA aja ya kak",
    "s l o t g a c o r maxwin",
    "\u00e9\u00e8 caf\u00e9 na\u00efve \u4f60\u597d bodoh",
    "email a@b.co, c@d.co, e@f.co",
]


def test_batch_equals_single_scans(engine: Engine) -> None:
    msgs = [Message(text=t, id=str(i)) for i, t in enumerate(SAMPLES)]
    batch = engine.scan_batch(msgs)
    singles = [tuple(engine.scan(m)) for m in msgs]
    assert batch == singles
    assert sum(len(f) for f in batch) >= 8


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SAMPLES), min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_batch_order_does_not_change_results(engine: Engine, texts: list[str], rnd: random.Random) -> None:
    msgs = [Message(text=t, id=str(i)) for i, t in enumerate(texts)]
    forward = dict(zip([m.id for m in msgs], engine.scan_batch(msgs), strict=True))
    shuffled = msgs[:]
    rnd.shuffle(shuffled)
    backward = dict(zip([m.id for m in shuffled], engine.scan_batch(shuffled), strict=True))
    assert forward == backward


def test_findings_are_sorted_and_spans_point_into_the_text(engine: Engine) -> None:
    for text in SAMPLES:
        findings = engine.scan(Message(text=text))
        assert [f.sort_key for f in findings] == sorted(f.sort_key for f in findings)
        for f in findings:
            for s in f.spans:
                assert 0 <= s.start <= s.end <= len(text)
            assert f.citations, f.rule_id
            assert f.fix_en and f.fix_id


def test_lexicon_span_maps_back_through_evasion(engine: Engine) -> None:
    text = "dasar b.o.d.o.h kamu"
    (f,) = [f for f in engine.scan(Message(text=text)) if f.rule_id == "BRAND-PROF-ID-101"]
    assert text[f.spans[0].start : f.spans[0].end] == "b.o.d.o.h"


def test_language_and_channel_scoping(engine: Engine) -> None:
    # OJK-SUPER-025 keeps its pack's languages ([id]); the disclosure rules cover English too.
    claim = "Bunga deposito tertinggi se-Indonesia!"
    assert "OJK-SUPER-025" in {f.rule_id for f in engine.scan(Message(claim, language="id"))}
    assert "OJK-SUPER-025" not in {f.rule_id for f in engine.scan(Message(claim, language="en"))}
    promo = "Promo KPR bunga 3,5%! Ajukan sekarang"
    assert "OJK-TNC-022" in {f.rule_id for f in engine.scan(Message(promo, language="en"))}
    assert "OJK-TNC-022" not in {f.rule_id for f in engine.scan(Message(promo, language="ja"))}


def test_nul_characters_in_text_do_not_break_batching(engine: Engine) -> None:
    msgs = [Message("a\x00b NIK 3273121708900001"), Message("bersih"), Message("\x00\x00")]
    out = engine.scan_batch(msgs)
    assert [f.rule_id for f in out[0]] == ["PII-NIK-001"]
    assert out[1] == () and out[2] == ()


def test_ten_megabyte_message_completes_in_bounded_time(engine: Engine) -> None:
    rnd = random.Random(7)  # noqa: S311 - a reproducible test corpus, not cryptography
    words = ["halo", "promo", "bunga", "0812", "3456", "a@b.co", "ghp_x", "bodoh", "4556", "https://x.co/a", "1.000"]
    text = " ".join(rnd.choice(words) for _ in range(1_700_000))[:10_000_000]
    start = time.perf_counter()
    findings = engine.scan(Message(text=text))
    elapsed = time.perf_counter() - start
    assert findings
    assert elapsed < 30, elapsed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_scanner(engine: Engine, data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    for f in engine.scan(Message(text=text)):
        assert f.spans


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_random_unicode_never_crashes_and_batches_agree(engine: Engine, text: str) -> None:
    batch = engine.scan_batch([Message(text), Message("NIK 3273121708900001"), Message(text)])
    assert batch[0] == batch[2]
    assert [f.rule_id for f in batch[1]] == ["PII-NIK-001"]


GOOD_PACK = """
pack: custom
version: 1.0.0
owner: me
title: {en: Custom, id: Kustom}
languages: [id]
channels: [any]
review_by: "2030-01-01"
citations: [test]
rules:
  - id: CUSTOM-TEST-001
    title: {en: t, id: t}
    severity: low
    category: test
    action: flag
    citations: [test]
    detector: lexicon
    params: {expr: "alpha NEAR/2 beta AND NOT gamma"}
    fix: {en: t, id: t}
    examples: {must_match: ["alpha x beta"], must_not_match: ["alpha beta gamma"]}
"""


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("alpha beta", True),
        ("alpha one two beta", True),
        ("alpha one two three beta", False),  # 3 words apart > NEAR/2
        ("beta x alpha", True),
        ("alpha beta gamma", False),  # AND NOT
        ("alphabeta", False),
    ],
)
def test_near_and_not_expressions(text: str, fires: bool) -> None:
    engine = Engine([parse_pack(GOOD_PACK, "custom.yaml")])
    assert bool(engine.scan(Message(text))) is fires


@pytest.mark.parametrize(
    ("mutation", "line", "needle"),
    [
        ("severity: low", 13, "severity"),
        ("detector: lexicon", 17, "unknown detector"),
        ('params: {expr: "alpha NEAR/2 beta AND NOT gamma"}', 18, "expression"),
        ("version: 1.0.0", 3, "version"),
    ],
)
def test_malformed_pack_reports_file_and_line_and_never_half_loads(mutation: str, line: int, needle: str) -> None:
    broken = {
        "severity: low": "severity: urgent",
        "detector: lexicon": "detector: no-such-detector",
        'params: {expr: "alpha NEAR/2 beta AND NOT gamma"}': 'params: {expr: "alpha AND (beta"}',
        "version: 1.0.0": "version: one",
    }[mutation]
    text = GOOD_PACK.replace(mutation, broken)
    with pytest.raises(PackError) as err:
        Engine([parse_pack(text, "custom.yaml")])
    assert err.value.source == "custom.yaml"
    assert err.value.line == line, str(err.value)
    assert needle in str(err.value).lower() or needle in err.value.detail


def test_invalid_yaml_reports_line() -> None:
    with pytest.raises(PackError) as err:
        parse_pack("pack: x\nrules: [\n  - a: b\n", "bad.yaml")
    assert err.value.line is not None and err.value.line >= 2


def test_pack_extends_overrides_lexicons(tmp_path: pytest.TempPathFactory) -> None:
    custom = tmp_path / "mine.yaml"  # type: ignore[operator]
    custom.write_text(
        "pack: my-confidential\nextends: confidential-info\nversion: 1.0.1\nowner: me\n"
        "lexicons:\n  code_names: [proyek merpati]\n",
        encoding="utf-8",
    )
    from tatakelola.scan.packs import resolve_packs

    (pack,) = resolve_packs([str(custom)])
    engine = Engine([pack])
    assert {f.rule_id for f in engine.scan(Message("update proyek merpati"))} == {"SEC-CODENAME-101"}
    assert not engine.scan(Message("update project garuda"))


def test_duplicate_rule_ids_across_packs_are_rejected() -> None:
    pack = parse_pack(GOOD_PACK, "custom.yaml")
    with pytest.raises(PackError, match="defined twice"):
        Engine([pack, pack])


def test_builtin_packs_compile_quickly() -> None:
    start = time.perf_counter()
    Engine(list(builtin_packs().values()))
    assert time.perf_counter() - start < 20


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("semua zonk", True),
        ("zonkmaxx hari ini", True),  # substring term matches inside a word
        ("sangat rugi", True),
        ("kerugian", False),  # whole-word term does not
        ("z o n k", True),
    ],
)
def test_substring_and_whole_word_terms(text: str, fires: bool) -> None:
    engine = Engine([parse_pack(GOOD_PACK.replace("alpha NEAR/2 beta AND NOT gamma", "*zonk* OR rugi"), "x.yaml")])
    assert bool(engine.scan(Message(text))) is fires

"""Scores for the scanning core's classifier hook, routed by language."""

from __future__ import annotations

from tatakelola.classify.scan_bridge import score_messages
from tatakelola.scan import Engine, Message
from tatakelola.scan.packs import parse_pack


def test_scores_are_filled_per_language_and_skips_are_reported() -> None:
    messages = [
        Message(text="dasar bodoh kau, tolol!", id="1"),
        Message(text="terima kasih atas bantuannya", id="2"),
        Message(text="shut up you stupid idiot", id="3"),
    ]
    scored = score_messages(messages, ["abusive_id", "offensive_en"])
    assert scored[0].scores["abusive_id"] > 0.5 > scored[1].scores["abusive_id"]
    assert "offensive_en" not in scored[0].scores
    assert scored[2].scores["offensive_en"] > 0.5
    assert "abusive_id" in scored[2].metadata["classify_skipped"]
    assert scored[0].metadata["classify_language"] == "id"
    assert [m.id for m in scored] == ["1", "2", "3"]


# Written for these tests: hateful towards a religious / ethnic group, and neutral.
HATEFUL_ID = "semua orang cina itu penipu, usir mereka dari indonesia"
NEUTRAL_ID = "rapat koordinasi dimulai pukul sembilan pagi"
ABUSIVE_PACK = """
pack: test-classifier
version: 1.0.0
owner: test@tatakelola.example
title: {en: Classifier test, id: Uji klasifikasi}
description: One classifier rule for the tests.
languages: [id]
channels: [any]
review_by: "2099-01-01"
citations: [Tatakelola test suite]
rules:
  - id: TEST-ABUSIVE-ML-001
    title: {en: Abusive language (classifier), id: Bahasa kasar (klasifikasi model)}
    description: Fires when the abusive-language model scores the message at or above 0.5.
    severity: medium
    category: abuse
    action: flag
    citations: [Tatakelola test suite]
    detector: classifier
    params: {model: abusive_id, threshold: 0.5}
    fix: {en: Review the message., id: Tinjau pesan ini.}
    examples:
      must_match:
        - {text: "contoh", scores: {abusive_id: 0.9}}
      must_not_match:
        - {text: "contoh", scores: {abusive_id: 0.1}}
"""


def _fired(engine: Engine, texts: list[str], models: list[str]) -> list[set[str]]:
    messages = score_messages([Message(text=t, id=str(i)) for i, t in enumerate(texts)], models)
    return [{f.rule_id for f in findings} for findings in engine.scan_batch(messages)]


def test_builtin_hate_rule_fires_on_hateful_indonesian_and_not_on_neutral() -> None:
    engine = Engine.from_specs(["id-uu-ite-content"])
    hateful, neutral = _fired(engine, [HATEFUL_ID, NEUTRAL_ID], ["hate_speech_id"])
    assert "ITE-HATE-ML-101" in hateful
    assert "ITE-HATE-ML-101" not in neutral


def test_a_classifier_rule_fires_on_abusive_indonesian_and_not_on_neutral() -> None:
    engine = Engine([parse_pack(ABUSIVE_PACK, "test-classifier.yaml")])
    abusive, neutral = _fired(engine, ["dasar kamu bodoh dan tolol, otak udang!", NEUTRAL_ID], ["abusive_id"])
    assert abusive == {"TEST-ABUSIVE-ML-001"}
    assert neutral == set()

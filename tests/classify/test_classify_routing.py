"""Language routing: lingua's second opinion where ours is unsure, code-mixed text to both languages'
models; and the evaluation's baseline gate."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tatakelola.classify import detect_language, langid
from tatakelola.classify.langid import language_model, model_languages
from tatakelola.classify.scan_bridge import score_messages
from tatakelola.classify.types import LanguageGuess
from tatakelola.scan import Message

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))

import baseline
import evaluate


def test_unsure_short_messages_get_a_second_opinion() -> None:
    text = "Sy jg muak"
    ours = language_model().guess(text)
    assert ours.language == "other"  # ours alone: too few known words
    shipped = detect_language(text)
    assert shipped.language == "id"
    assert "second_opinion" in shipped.shares


def test_confident_guesses_and_other_scripts_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(text: str) -> tuple[str, float]:
        raise AssertionError("second opinion asked")

    monkeypatch.setattr(langid, "second_opinion", fail)
    assert detect_language("terima kasih atas pelayanan yang sangat baik hari ini").language == "id"
    assert detect_language("Сегодня очень холодно на улице").language == "other"
    assert detect_language("je ne sais pas pourquoi le train est encore en retard").language == "other"


def test_without_lingua_ours_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(langid, "_LINGUA", None)
    text = "Sy jg muak"
    assert detect_language(text) == language_model().guess(text)


def test_code_mixed_messages_need_both_languages_models() -> None:
    mixed = detect_language("meeting nya jam 3 ya, jangan lupa bring your laptop")
    assert mixed.is_code_mixed and set(model_languages(mixed)) == {"id", "en"}
    assert model_languages(LanguageGuess("en", 0.9, False)) == ("en",)
    assert model_languages(LanguageGuess("other", 0.9, False)) == ()


def test_score_messages_runs_both_languages_models_on_code_mixed_text() -> None:
    mixed, indonesian, stated = score_messages(
        [
            Message(text="dasar goblok, you are so stupid and useless", id="1"),
            Message(text="terima kasih atas pelayanan yang sangat baik hari ini", id="2"),
            Message(text="dasar goblok, you are so stupid and useless", id="3", language="id"),
        ],
        ["abusive_id", "offensive_en"],
    )
    assert set(mixed.scores) == {"abusive_id", "offensive_en"}
    assert set(indonesian.scores) == {"abusive_id"} and "offensive_en" in indonesian.metadata["classify_skipped"]
    assert set(stated.scores) == {"abusive_id"}  # a language the caller states is not second-guessed


def test_evaluation_fails_a_model_below_its_baseline() -> None:
    assert baseline.below(71.99, 72.0)
    assert not baseline.below(72.0, 72.0) and not baseline.below(80.0, 72.0)
    assert not baseline.below(None, 72.0)
    result = {"name": "m", "reproduced": True, "below_baseline": True}
    assert evaluate.gate([result]) == ["m"]
    assert evaluate.gate([{**result, "below_baseline": False}]) == []

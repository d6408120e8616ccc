"""The shipped models: manifest, cards, licences, and behaviour on sentences written for these tests."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest

from tatakelola.classify import Classifier, list_models, load, model_for, model_info
from tatakelola.classify.registry import manifest

EXPECTED = {
    "abusive_id",
    "hate_speech_id",
    "offensive_en",
    "hate_speech_en",
    "hate_offensive_en",
    "sentiment_id",
    "sentiment_en",
}
MODELS = resources.files("tatakelola.classify").joinpath("models")
CARDS = resources.files("tatakelola.classify").joinpath("cards")


def test_every_expected_model_is_shipped() -> None:
    assert {m.name for m in list_models()} >= EXPECTED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shipped_file_matches_manifest_and_is_small(name: str) -> None:
    info = model_info(name)
    blob = MODELS.joinpath(info.file).read_bytes()
    assert hashlib.sha256(blob).hexdigest() == info.sha256
    assert len(blob) == info.size_bytes < 25_000_000


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_model_card_exists_in_both_languages(name: str) -> None:
    card = CARDS.joinpath(model_info(name).card).read_text("utf-8")
    assert "## English" in card
    assert "## Bahasa Indonesia" in card
    assert "Limits and biases" in card
    assert "Batasan dan bias" in card


@pytest.mark.parametrize("name", ["abusive_id", "hate_speech_id"])
def test_non_commercial_data_is_flagged_everywhere(name: str) -> None:
    info = model_info(name)
    assert info.commercial_use_allowed is False
    assert manifest()["models"][name]["commercial_use_allowed"] is False
    assert "non-commercial" in info.licence_note
    card = CARDS.joinpath(info.card).read_text("utf-8")
    assert "Non-commercial" in card
    assert "Non-komersial" in card


def test_model_for_honours_commercial_switch() -> None:
    assert model_for("abusive", "id") is not None
    assert model_for("abusive", "id", commercial=True) is None
    assert model_for("sentiment", "id", commercial=True) is not None
    assert model_for("sentiment", "fr") is None


def test_load_is_cached_per_process(abusive_id: Classifier) -> None:
    assert load("abusive_id") is abusive_id


# Written for these tests (not taken from any dataset).
ABUSIVE_ID = [
    "dasar kamu bodoh dan tolol, otak udang!",
    "anjing lu, bangsat banget kelakuannya",
    "b0d0h banget sih lo, t.o.l.o.l",  # evasion: leetspeak and separators
    "goblokkkk, kampret emang orang ini",  # evasion: repeated letters
]
NEUTRAL_ID = [
    "terima kasih atas bantuannya, semoga harimu menyenangkan",
    "rapat koordinasi dimulai pukul sembilan pagi di ruang utama",
    "harga beras di pasar minggu ini stabil menurut pedagang",
]


@pytest.mark.parametrize("text", ABUSIVE_ID)
def test_abusive_id_fires_on_abusive_indonesian(abusive_id: Classifier, text: str) -> None:
    prediction = abusive_id.predict([text])[0]
    assert prediction.label == "abusive", prediction
    assert prediction.scores["abusive"] >= 0.5


@pytest.mark.parametrize("text", NEUTRAL_ID)
def test_abusive_id_stays_quiet_on_neutral_indonesian(abusive_id: Classifier, text: str) -> None:
    prediction = abusive_id.predict([text])[0]
    assert prediction.label == "not_abusive", prediction
    assert prediction.scores["abusive"] < 0.5


def test_predict_returns_probabilities_for_every_label(abusive_id: Classifier) -> None:
    predictions = abusive_id.predict(ABUSIVE_ID + NEUTRAL_ID)
    assert len(predictions) == len(ABUSIVE_ID) + len(NEUTRAL_ID)
    for p in predictions:
        assert set(p.scores) == {"abusive", "not_abusive"}
        assert sum(p.scores.values()) == pytest.approx(1.0)
        assert p.score == p.scores[p.label]
    assert abusive_id.predict([]) == []


def test_predict_rejects_a_bare_string(abusive_id: Classifier) -> None:
    with pytest.raises(TypeError):
        abusive_id.predict("dasar bodoh")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "text", "label"),
    [
        ("sentiment_id", "makanannya enak sekali dan pelayanannya ramah, pasti kembali lagi", "positive"),
        ("sentiment_id", "kecewa berat, pesanan datang terlambat dan makanannya dingin", "negative"),
        ("offensive_en", "shut up you stupid fucking idiot", "offensive"),
        ("offensive_en", "thanks for the lovely dinner last night", "not_offensive"),
        ("sentiment_en", "I love this so much, best day ever", "positive"),
        ("sentiment_en", "this is awful, I hate how bad the service was", "negative"),
    ],
)
def test_models_get_clear_cases_right(name: str, text: str, label: str) -> None:
    assert load(name).predict([text])[0].label == label

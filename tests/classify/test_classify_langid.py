"""Language identification routes messages: Indonesian, English, other, and code-mixing."""

from __future__ import annotations

import pytest

from tatakelola.classify import detect_language

# Written for these tests.
CASES = [
    ("saya tidak suka makanan ini, terlalu asin dan mahal", "id", False),
    ("gw gak ngerti lo ngomong apa, santai aja bro", "id", False),
    ("Selamat pagi, rapat hari ini diundur ke jam dua siang", "id", False),
    ("I really did not enjoy this product, it broke after one day", "en", False),
    ("Good morning everyone, the meeting has moved to two o'clock", "en", False),
    ("Je ne sais pas ce que tu veux dire, mon ami", "other", False),
    ("Das ist ein sehr schönes Haus und ich wohne gern hier", "other", False),
    ("Obrigado, você é muito gentil comigo", "other", False),
    ("これは日本語の文章です", "other", False),
    ("Это сообщение написано по-русски", "other", False),
    ("", "other", False),
    ("12345 !!! :)", "other", False),
]


@pytest.mark.parametrize(("text", "language", "mixed"), CASES)
def test_detect_language(text: str, language: str, mixed: bool) -> None:
    guess = detect_language(text)
    assert guess.language == language, guess
    assert guess.is_code_mixed is mixed
    assert 0.0 <= guess.confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "meeting nya jam 3 ya, jangan lupa bring your laptop, thanks",
        "aku udah capek banget, seriously this project is killing me",
    ],
)
def test_code_mixed_indonesian_english(text: str) -> None:
    guess = detect_language(text)
    assert guess.language in {"id", "en"}
    assert guess.is_code_mixed, guess


def test_result_unpacks_like_a_tuple() -> None:
    language, confidence, mixed = detect_language("terima kasih banyak atas bantuannya")
    assert (language, mixed) == ("id", False)
    assert confidence > 0.5

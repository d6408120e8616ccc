"""Normalisation undoes the usual evasions before the n-gram models see the text."""

from __future__ import annotations

import pytest

from tatakelola.classify.preprocess import normalize


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Dasar B0D0H kamu", "id", "dasar bodoh kamu"),  # leetspeak, case
        ("b.o.d.o.h", "id", "bodoh"),  # separators
        ("b o d o h", "id", "bodoh"),
        ("b-o-d-o-h", "id", "bodoh"),
        ("bodohhhh", "id", "bodoh"),  # repeated letters
        ("gak tau", "id", "tidak tau"),  # slang dictionary of the scanning core
        ("b\u200bodoh", "id", "bodoh"),  # zero-width space
        ("b\u043ed\u043eh", "id", "bodoh"),  # Cyrillic o (U+043E)
        ("RT USER: halo URL", "id", "rt @user : halo url"),  # dataset placeholders
        ("orang2 kampung", "id", "orang2 kampung"),  # reduplication digit is not leet
        ("sh1t", "en", "shit"),
        ("f*u*c*k you", "en", "fuck you"),
        ("you are an asssss", "en", "you are an ass"),  # English keeps double letters
        ("no way", "en", "no way"),  # no Indonesian slang on English ("no" → "nomor")
        ("@someone see https://example.com/x &amp; more", "en", "@user see url & more"),
        ("", "en", ""),
    ],
)
def test_normalize(text: str, language: str, expected: str) -> None:
    assert normalize(text, language) == expected

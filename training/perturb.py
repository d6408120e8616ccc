"""Evasion-perturbed copies of test sets: leetspeak, repeated letters, separators.

Each word of three or more letters (not a mention, link or hashtag) is
perturbed with probability :data:`RATE`, by one of the three evasions chosen at
random; the random generator is seeded per text, so the copy is the same on
every run and does not depend on the order of the texts.
"""

from __future__ import annotations

import random
import zlib

RATE = 0.3
SEED = 7
_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"})
_SEPARATORS = (".", " ", "-", "*", "_")


def _leet(word: str, rng: random.Random) -> str:
    out = word.translate(_LEET)
    return out if out != word else word + word[-1] * 2  # nothing to leet: fall back to repetition


def _repeat(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    return word[: i + 1] + word[i] * rng.randint(2, 4) + word[i + 1 :]


def _separate(word: str, rng: random.Random) -> str:
    return rng.choice(_SEPARATORS).join(word)


OPERATIONS = (_leet, _repeat, _separate)


def perturb(text: str, *, rate: float = RATE, seed: int = SEED) -> str:
    rng = random.Random(seed * 1_000_003 + zlib.crc32(text.encode("utf-8")))  # noqa: S311 - not cryptographic
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) < 3 or not word.isalpha() or word.startswith(("@", "#", "http")):
            continue
        if rng.random() < rate:
            words[i] = rng.choice(OPERATIONS)(word, rng)
    return " ".join(words)

"""Compile lexicon terms into evasion-tolerant patterns.

Each term is folded (see :mod:`normalize`), repeated letters are collapsed,
and every letter becomes a class that also accepts its leetspeak digits and
repetitions (``o`` → ``[o0]+``). A single-word term also gets a variant with
one or two separator characters between letters (``b.o.d.o.h``), and every
word of a term also accepts its informal spellings (``tidak`` → ``gak``).

The same pattern text is used twice: by Hyperscan on the folded batch buffer
(with consuming boundaries, as Hyperscan has no look-around) to find
candidate messages, and by Python's ``re`` on one folded message (with
look-around boundaries) to get exact spans. The first is a superset of the
second, so candidates never miss a real hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from tatakelola.scan.normalize import fold
from tatakelola.scan.slang import slang_to_standard, standard_to_slang

LEET: Final[dict[str, str]] = {
    "a": "a4@", "b": "b8", "e": "e3", "g": "g9", "i": "i1!|", "l": "l1|",
    "o": "o0", "s": "s5$", "t": "t7+", "z": "z2",
}
#: Characters allowed between the letters of a spaced-out word.
SEPARATOR: Final = r"[\s._\-*,/\\~'\"]{1,2}"
#: Characters allowed between the words of a phrase.
WORD_GAP: Final = r"[^a-z0-9\x00]{1,5}"
HS_PREFIX: Final = r"(?:^|[^a-z0-9])"
HS_SUFFIX: Final = r"(?:[^a-z0-9]|$)"
PY_PREFIX: Final = r"(?<![a-z0-9])"
PY_SUFFIX: Final = r"(?![a-z0-9])"

_COLLAPSE = re.compile(r"(.)\1+")
_WORD = re.compile(r"[a-z0-9]+|[^a-z0-9\s]+")


def canonical_term(term: str) -> str:
    """Folded, single-spaced, repeat-collapsed form used as the term's key."""
    folded = " ".join(fold(term).split())
    return _COLLAPSE.sub(r"\1", folded)


def _letter(ch: str) -> str:
    if ch in LEET:
        return "[" + re.escape(LEET[ch]).replace("\\|", "|") + "]+"
    if ch.isalnum():
        return re.escape(ch) + "+"
    return re.escape(ch)


def _word_pattern(word: str, *, spaced: bool) -> str:
    letters = [_letter(c) for c in word]
    joined = "".join(letters)
    if spaced and len(word) >= 3 and word.isalnum():
        return f"(?:{joined}|{SEPARATOR.join(letters)})"
    return joined


def term_pattern(term: str) -> str:
    """Core pattern (no boundaries) for a canonical term."""
    slang = standard_to_slang()
    to_std = slang_to_standard()
    words = term.split(" ")
    parts: list[str] = []
    for w in words:
        alternatives = [_word_pattern(w, spaced=True)]
        std = to_std.get(w, w)
        variants = [std, *slang.get(std, ())] if std != w else list(slang.get(w, ()))
        for variant in variants:
            if variant == w:
                continue
            alternatives.append(
                WORD_GAP.join(_word_pattern(canonical_term(v), spaced=False) for v in variant.split())
            )
        parts.append(alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")")
    # Multi-word slang of a whole phrase ("jalur pribadi" for "pribadi") is covered
    # word by word above.
    return WORD_GAP.join(parts)


@dataclass(frozen=True, slots=True)
class CompiledTerm:
    """One lexicon term: its key, Hyperscan source and Python regex."""

    term_id: int
    key: str
    substring: bool
    hs_source: bytes
    py: re.Pattern[str]


def compile_term(term_id: int, key: str, *, substring: bool) -> CompiledTerm:
    core = term_pattern(key)
    if substring:
        hs, py = core, core
    else:
        hs, py = HS_PREFIX + core + HS_SUFFIX, PY_PREFIX + core + PY_SUFFIX
    return CompiledTerm(term_id, key, substring, hs.encode("utf-8"), re.compile(py))

"""Text folding that defeats common evasions, with offsets back to the original.

Folding is a *per-character* mapping (``str.translate`` with a lazily filled
table), so folding a joined batch buffer and folding one message give the
same characters, and a folded offset maps back to exactly one original
character. Per character it applies Unicode NFKC, case folding, removal of
combining marks (``bödöh`` → ``bodoh``), removal of zero-width and other
invisible characters, and a homoglyph table (Cyrillic/Greek look-alikes).

Evasions that span characters — leetspeak (``b0d0h``), repeated letters
(``bodohhh``) and separators (``b.o.d.o.h``) — are not rewritten in the text;
instead every lexicon term compiles to a pattern that tolerates them (see
:mod:`tatakelola.scan.lexicon`). Rewriting 10 MB of text with regular
expressions costs ~1 s in Python; matching tolerant patterns with Hyperscan
costs milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

#: Invisible characters used to split words without changing how they look.
ZERO_WIDTH: Final = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068"
    "\u2069\u206a\u206b\u206c\u206d\u206e\u206f\u3164\ufeff\uffa0"
)

#: Look-alike letters from other scripts (subset of Unicode confusables.txt
#: that maps to a single Latin letter; enough for the usual evasions).
HOMOGLYPHS: Final[dict[str, str]] = {
    # Cyrillic
    "\u0430": "a",
    "\u0432": "b",
    "\u0435": "e",
    "\u0451": "e",
    "\u043a": "k",
    "\u043c": "m",
    "\u043d": "h",
    "\u043e": "o",
    "\u0440": "p",
    "\u0441": "c",
    "\u0442": "t",
    "\u0443": "y",
    "\u0445": "x",
    "\u0455": "s",
    "\u0456": "i",
    "\u0457": "i",
    "\u0458": "j",
    "\u0501": "d",
    "\u051b": "q",
    "\u051d": "w",
    "\u04bb": "h",
    "\u04cf": "l",
    "\u0261": "g",
    "\u0578": "n",
    "\u0581": "g",
    "\u057d": "u",
    "\u217c": "l",
    "\u0131": "i",
    "\u0251": "a",
    "\u028f": "y",
    "\u029c": "h",
    "\u0274": "n",
    "\u0299": "b",
    "\u1d04": "c",
    "\u1d05": "d",
    "\u1d07": "e",
    "\u0262": "g",
    "\u1d0b": "k",
    "\u029f": "l",
    "\u1d0d": "m",
    "\u1d0f": "o",
    "\u1d18": "p",
    "\u0280": "r",
    "\ua731": "s",
    "\u1d1b": "t",
    "\u1d1c": "u",
    "\u1d20": "v",
    "\u1d21": "w",
    "\u1d22": "z",
    # Greek
    "\u03b1": "a",
    "\u03b2": "b",
    "\u03b5": "e",
    "\u03b7": "n",
    "\u03b9": "i",
    "\u03ba": "k",
    "\u03bd": "v",
    "\u03bf": "o",
    "\u03c1": "p",
    "\u03c4": "t",
    "\u03c5": "u",
    "\u03c7": "x",
    "\u03b3": "y",
    "\u03c9": "w",
    "\u03f2": "c",
    "\u03f3": "j",
}

#: Characters the engine reserves as batch separators; never kept in text.
RESERVED: Final = "\x00"


def _fold_char(ch: str) -> str:
    if ch in ZERO_WIDTH:
        return ""
    if ch == RESERVED:
        return RESERVED  # kept: the engine joins a batch with it (texts are sanitised)
    out = []
    for c in unicodedata.normalize("NFKC", ch).casefold():
        for d in unicodedata.normalize("NFKD", c):
            if unicodedata.combining(d) or d in ZERO_WIDTH:
                continue
            out.append(HOMOGLYPHS.get(d, d))
    return "".join(out)


class _FoldTable(dict[int, str]):
    """A translate table that computes (and caches) entries on first use."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


FOLD_TABLE: Final = _FoldTable()
for _i in range(128):
    FOLD_TABLE[_i] = _fold_char(chr(_i))


def fold(text: str) -> str:
    """Fold ``text`` (see module docstring). Fast: one C-level translate."""
    return text.translate(FOLD_TABLE)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and return, for each folded character, its original index.

    ``origin[k]`` is the index in ``text`` of the character that produced folded
    character ``k``; a folded span ``[a, b)`` maps back to
    ``[origin[a], origin[b - 1] + 1)``. ASCII runs fold one-to-one, so only
    non-ASCII characters are handled one by one.
    """
    if text.isascii():
        return text.translate(FOLD_TABLE), list(range(len(text)))
    parts: list[str] = []
    origin: list[int] = []
    table = FOLD_TABLE
    pos = 0
    for m in _NON_ASCII.finditer(text):
        if m.start() > pos:
            parts.append(text[pos : m.start()].translate(table))
            origin.extend(range(pos, m.start()))
        for i in range(m.start(), m.end()):
            out = table[ord(text[i])]
            if out:
                parts.append(out)
                origin.extend([i] * len(out))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:].translate(table))
        origin.extend(range(pos, len(text)))
    return "".join(parts), origin


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def original_span(origin: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a folded span back to the original text."""
    if end <= start:
        pos = origin[start] if start < len(origin) else (origin[-1] + 1 if origin else 0)
        return pos, pos
    return origin[start], origin[end - 1] + 1

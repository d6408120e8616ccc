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
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g", "ո": "n",
    "ց": "g", "ս": "u", "ⅼ": "l", "ı": "i", "ɑ": "a", "ʏ": "y", "ʜ": "h", "ɴ": "n",
    "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ɢ": "g", "ᴋ": "k", "ʟ": "l", "ᴍ": "m",
    "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w",
    "ᴢ": "z",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ϲ": "c", "ϳ": "j",
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
    ``[origin[a], origin[b - 1] + 1)``.
    """
    parts: list[str] = []
    origin: list[int] = []
    table = FOLD_TABLE
    for i, ch in enumerate(text):
        out = table[ord(ch)]
        if out:
            parts.append(out)
            origin.extend([i] * len(out))
    return "".join(parts), origin


def original_span(origin: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a folded span back to the original text."""
    if end <= start:
        pos = origin[start] if start < len(origin) else (origin[-1] + 1 if origin else 0)
        return pos, pos
    return origin[start], origin[end - 1] + 1

"""Text normalisation shared by training and inference.

The scanning core folds text per character (:func:`tatakelola.scan.normalize.fold`:
NFKC, case folding, accents, zero-width characters, homoglyphs) and leaves
multi-character evasions to its tolerant lexicon patterns. A bag-of-n-grams
model cannot tolerate them that way, so here the folded text is also
*rewritten*:

* platform noise → placeholders (``@user``/``USER`` → ``@user``, links → ``url``),
  HTML entities decoded, literal ``\\n`` and ``\\xNN`` escapes left by dataset
  exports removed;
* separators between single letters joined (``b.o.d.o.h``, ``b o d o h`` → ``bodoh``);
* leetspeak inside words that mix letters and digits (``b0d0h`` → ``bodoh``);
  ``2`` is left alone because Indonesian writes reduplication as ``orang2``;
* repeated letters squeezed. Indonesian (``language="id"``): every run to one
  letter (``bodohhh`` → ``bodoh``; Indonesian has few real double letters, and
  the training text is squeezed the same way, so ``maaf`` → ``maf`` is merely a
  consistent spelling). Other languages: runs of three or more to two
  (``goooood`` → ``good``), because English double letters carry meaning
  (``ass`` ≠ ``as``);
* for Indonesian only, informal spellings replaced by the scanning core's slang
  dictionary (``gak`` → ``tidak``); applied to English it would turn ``no``
  into ``nomor``.

Training and inference must use the same :data:`VERSION`; the manifest
records it and loading refuses a model trained with another one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Final

from tatakelola.scan.normalize import fold
from tatakelola.scan.slang import slang_to_standard

#: Bump when the output of :func:`normalize` changes; shipped models record it.
VERSION: Final = 1

_ESCAPES = re.compile(r"\\x[0-9a-fA-F]{2}|\\[nrt]")
# The Indonesian dataset replaced usernames and links by the upper-case words USER and URL.
_PLACEHOLDER = re.compile(r"\bUSER\b|\bURL\b")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_MENTION = re.compile(r"@\w+")
# Three or more single letters separated by the same kind of filler: b.o.d.o.h, b o d o h, b-o-d-o-h.
_SPACED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_][\s.\-_*+|/\\,:;~^'\"`]+){2,}[^\W\d_](?![^\W\d_])")
_SEPARATORS = re.compile(r"[\s.\-_*+|/\\,:;~^'\"`]+")
# Only runs that contain a leet character are candidates (the callback checks for letters), so
# ordinary words cost the regex engine a scan, not a Python call.
_LEET_WORD = re.compile(r"[\w@$!]*[013456789@$!][\w@$!]*")
# A letter next to a leet character: only then is the (slower) rewrite above worth running.
_LEET_HINT = re.compile(r"[^\W\d_][013456789@$!]|[013456789@$!][^\W\d_]")
_LEET: Final = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s", "!": "i"}
)
_HAS_DIGIT_OR_SYMBOL = re.compile(r"[013456789@$!]")
_REPEAT = re.compile(r"([^\W\d_])\1+")
_REPEAT3 = re.compile(r"([^\W\d_])\1\1+")


def _join_spaced(match: re.Match[str]) -> str:
    return _SEPARATORS.sub("", match.group(0))


def _deleet(match: re.Match[str]) -> str:
    word = match.group(0)
    core = word.strip("@$!")
    if not core or core.startswith("@") or not _HAS_DIGIT_OR_SYMBOL.search(core):
        return word
    letters = sum(ch.isalpha() for ch in core)
    if letters < 1 or core.isdigit():
        return word
    # Leave trailing "!" (punctuation) but map "!" inside a word (b!adab).
    lead = word[: len(word) - len(word.lstrip("@$!"))]
    trail = word[len(word.rstrip("@$!")) :]
    return lead + core.translate(_LEET) + trail


_SLANG: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {}


def _slang_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every slang word (squeezed like the text), compiled once."""
    cached = _SLANG.get("id")
    if cached is None:
        table: dict[str, str] = {}
        for slang, standard in slang_to_standard().items():
            table.setdefault(_REPEAT.sub(r"\1", slang), standard)
        words = sorted(table, key=len, reverse=True)
        pattern = re.compile(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, words)) + r")(?![^\W\d_])")
        cached = _SLANG["id"] = (pattern, table)
    return cached


def normalize(text: str, language: str | None = None) -> str:
    """Normalise one message for a classifier of ``language`` (see module docstring)."""
    # Each rewrite runs only when its trigger character is present: most messages need few of them.
    if "&" in text:
        text = html.unescape(text)
    if "\\" in text:
        text = _ESCAPES.sub(" ", text)
    if "USER" in text or "URL" in text:
        text = _PLACEHOLDER.sub(lambda m: " @user " if m.group(0) == "USER" else " url ", text)
    text = fold(text)
    if "http" in text or "www." in text:
        text = _URL.sub(" url ", text)
    if "@" in text:
        text = _MENTION.sub(" @user ", text)
    text = _SPACED.sub(_join_spaced, text)
    if _LEET_HINT.search(text):
        text = _LEET_WORD.sub(_deleet, text)
    if language == "id":
        text = _REPEAT.sub(r"\1", text)
        pattern, table = _slang_pattern()
        text = pattern.sub(lambda m: table[m.group(0)], text)
    else:
        text = _REPEAT3.sub(r"\1\1", text)
    return " ".join(text.split())


def normalize_many(texts: Iterable[str], language: str | None = None) -> list[str]:
    """:func:`normalize` over a batch."""
    return [normalize(t, language) for t in texts]

"""Compile lexicon terms for a two-stage match.

Stage 1 (batch, Hyperscan): the whole batch is mapped to a *skeleton*
(folded, leetspeak unified, non-alphanumerics as spaces) with one
``str.translate``, and literal keys are matched in it. Keys cover the
informal spellings of every word (``tidak`` → ``gak``) and, for single
words, doubled/tripled letters (``anjiing``). Messages with spaced-out
letters (``b.o.d.o.h``) are re-checked with separators removed.

Stage 2 (candidates only, Python ``re``): each candidate term's exact
pattern runs on the folded message; letters are classes that accept their
leetspeak digits and repetitions (``o`` → ``[o0]+``), and spans map back to
the original text.

Rewriting 10 MB of text with regexes costs about a second in Python and
compiling tolerant regexes into Hyperscan costs tens of seconds for a few
hundred terms; literal keys compile in milliseconds and match at memory
speed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from tatakelola.scan.normalize import FOLD_TABLE, RESERVED, fold
from tatakelola.scan.slang import slang_to_standard, standard_to_slang

LEET: Final[dict[str, str]] = {
    "a": "a4@",
    "b": "b8",
    "e": "e3",
    "g": "g9",
    "i": "i1!|",
    "l": "l1|",
    "o": "o0",
    "s": "s5$",
    "t": "t7+",
    "z": "z2",
}
#: Characters allowed between the words of a phrase.
WORD_GAP: Final = r"[^a-z0-9\x00]{0,5}"
PY_PREFIX: Final = r"(?<![a-z0-9])"
PY_SUFFIX: Final = r"(?![a-z0-9])"


def canonical_term(term: str) -> str:
    """Folded, single-spaced form used as the term's key."""
    return " ".join(fold(term).split())


def _letter(ch: str) -> str:
    if ch in LEET:
        return "[" + re.escape(LEET[ch]).replace("\\|", "|") + "]+"
    if ch.isalnum():
        return re.escape(ch) + "+"
    return re.escape(ch)


def _word_pattern(word: str) -> str:
    return "".join(_letter(c) for c in word)


def _variants(term: str) -> list[list[str]]:
    """Per word, the canonical spellings it may take (itself + slang forms)."""
    slang = standard_to_slang()
    to_std = slang_to_standard()
    out: list[list[str]] = []
    for w in term.split(" "):
        alts = [w]
        std = to_std.get(w, w)
        for variant in [std, *slang.get(std, ())] if std != w else list(slang.get(w, ())):
            v = canonical_term(variant)
            if v not in alts:
                alts.append(v)
        out.append(alts)
    return out


def term_pattern(term: str) -> str:
    """Core Python pattern (no boundaries) for a canonical term."""
    parts = []
    for alts in _variants(term):
        pats = [WORD_GAP.join(_word_pattern(x) for x in a.split(" ")) for a in alts]
        parts.append(pats[0] if len(pats) == 1 else "(?:" + "|".join(pats) + ")")
    return WORD_GAP.join(parts)


#: Skeleton folding for the batch prefilter: leetspeak and look-alike letters
#: are unified (1/l/i all become "i"), everything that is not a letter or
#: digit becomes a space. Literal keys then find terms with Hyperscan in a few
#: milliseconds per megabyte; exact matching happens later in Python.
_UNIFY = {
    "0": "o",
    "1": "i",
    "l": "i",
    "3": "e",
    "4": "a",
    "@": "a",
    "5": "s",
    "$": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "6": "g",
    "2": "z",
}


def _skel_char(ch: str) -> str:
    out = []
    for c in FOLD_TABLE[ord(ch)]:
        if c == RESERVED:
            out.append(c)
        elif c in _UNIFY:
            out.append(_UNIFY[c])
        elif c.isalnum():
            out.append(c)
        else:
            out.append(" ")
    return "".join(out)


class _SkeletonTable(dict[int, str]):
    def __missing__(self, key: int) -> str:
        value = _skel_char(chr(key))
        self[key] = value
        return value


SKELETON_TABLE: Final = _SkeletonTable()


def skeleton(text: str) -> str:
    return text.translate(SKELETON_TABLE)


#: Spaced-out letters ("b o d o h", "b.o.d.o.h") in the *raw* text (letters
#: only, so "1.2.3" and "08.00" are not evasions): such messages are
#: re-checked with separators removed.
SPACED_RUN: Final = rb"(?:^|[^A-Za-z0-9])[A-Za-z][ ._\-*,/~]{1,2}[A-Za-z][ ._\-*,/~]{1,2}[A-Za-z](?:[^A-Za-z0-9]|$)"
#: Three or more equal letters ("fuuuck", "goblokkk"). Not the letters that
#: digits become in the skeleton (a b e g i o s t z: "000", "444", and "ll"
#: becomes "ii") - those count from four - and never o/g ("10000", "9999"),
#: w ("www") or x ("0812xxxx"): ordinary messages would all become
#: candidates. Up to three repeated letters are keys already.
REPEAT_RUN: Final = "|".join([c * 3 for c in "cdfhjkmnpqruvy"] + [c * 4 for c in "abeistz"]).encode()
_COLLAPSE = re.compile(r"([a-z])\1+")


def collapse(text: str) -> str:
    return _COLLAPSE.sub(r"\1", text)


MAX_VARIANT_KEYS = 48


def term_keys(term: str) -> list[str]:
    """Literal skeleton keys (spaces = word boundaries) for one term.

    Includes slang combinations and, for single words, each letter doubled
    or tripled, so ``bodohh``/``anjiing`` style repeats are still found.
    """
    combos: list[str] = [""]
    for alts in _variants(term):
        combos = [f"{c} {a}".strip() for c in combos for a in alts][:MAX_VARIANT_KEYS]
    keys = {" " + skeleton(c) + " " for c in combos}
    keys |= {" " + collapse(skeleton(c)) + " " for c in combos}
    if " " in term:
        keys |= {" " + skeleton(c).replace(" ", "") + " " for c in combos}
    if " " not in term and len(term) >= 3:
        base = skeleton(term)
        for i, ch in enumerate(base):
            if ch.isalpha():
                keys.add(" " + base[: i + 1] + ch + base[i + 1 :] + " ")
                keys.add(" " + base[: i + 1] + ch + ch + base[i + 1 :] + " ")
    return sorted(keys)


_DESPACE = re.compile(r"(?<![a-z0-9])[a-z0-9@$!|+](?:[^a-z0-9\x00]{1,2}[a-z0-9@$!|+](?![a-z0-9])){2,}")


def despace(folded: str, origin: list[int]) -> tuple[str, list[int]]:
    """Remove separators inside runs of single characters (``b.o.d.o.h``)."""
    parts: list[str] = []
    new_origin: list[int] = []
    last = 0
    for m in _DESPACE.finditer(folded):
        parts.append(folded[last : m.start()])
        new_origin.extend(origin[last : m.start()])
        run = m.group()
        spaces = sum(1 for c in run if c.isspace())
        others = sum(1 for c in run if not (c.isalnum() or c.isspace() or c in "@$!|+"))
        for k in range(m.start(), m.end()):
            c = folded[k]
            if c.isalnum() or c in "@$!|+":
                parts.append(c)
                new_origin.append(origin[k])
            elif c.isspace() and others > spaces and not (parts and parts[-1] == " "):
                # "p.r.o.j.e.c.t g.a.r.u.d.a": a space among dots separates words.
                parts.append(" ")
                new_origin.append(origin[k])
        last = m.end()
    if last == 0:
        return folded, origin
    parts.append(folded[last:])
    new_origin.extend(origin[last:])
    return "".join(parts), new_origin


@dataclass(frozen=True, slots=True)
class CompiledTerm:
    """One lexicon term: its canonical key, skeleton keys and Python regex
    (kept as source: the engine compiles it when a message first needs it,
    which keeps start-up short when a scan touches few terms)."""

    term_id: int
    key: str
    keys: tuple[str, ...]
    source: str

    @property
    def py(self) -> re.Pattern[str]:
        return re.compile(self.source)


class LazyPatterns(dict[int, "re.Pattern[str]"]):
    """Term id -> compiled regex, compiled on first use."""

    def __init__(self, sources: dict[int, str]) -> None:
        super().__init__()
        self._sources = sources

    def __missing__(self, key: int) -> re.Pattern[str]:
        value = re.compile(self._sources[key])
        self[key] = value
        return value


def compile_term(term_id: int, key: str, *, substring: bool = False) -> CompiledTerm:
    """Whole-word term by default; ``substring`` also matches inside words
    (written ``*term*`` in packs: ``*fuck*`` finds "clusterfuck")."""
    if substring:
        keys = sorted({k.strip() for k in term_keys(key)})
        return CompiledTerm(term_id, "*" + key + "*", tuple(keys), term_pattern(key))
    return CompiledTerm(term_id, key, tuple(term_keys(key)), PY_PREFIX + term_pattern(key) + PY_SUFFIX)

"""Indonesian informal ("alay") spelling dictionary.

Rather than rewriting every message (slow), each lexicon term is expanded
with the informal spellings of its words, so ``tidak`` also matches ``gak``
and ``ga`` inside one automaton pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType


@lru_cache(maxsize=1)
def slang_to_standard() -> Mapping[str, str]:
    """The bundled slang → standard dictionary."""
    text = resources.files("tatakelola.scan").joinpath("data/slang_id.tsv").read_text("utf-8")
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        slang, _, standard = line.partition("\t")
        if slang and standard and slang != standard:
            pairs[slang.strip().lower()] = standard.strip().lower()
    return MappingProxyType(pairs)


@lru_cache(maxsize=1)
def standard_to_slang() -> Mapping[str, tuple[str, ...]]:
    """Reverse index: standard word → its informal spellings (sorted)."""
    rev: dict[str, list[str]] = {}
    for slang, standard in slang_to_standard().items():
        rev.setdefault(standard, []).append(slang)
    return MappingProxyType({k: tuple(sorted(v)) for k, v in rev.items()})


def normalize_slang(text: str) -> str:
    """Replace informal words in already folded ``text`` by their standard form.

    Used for explanations and by callers that want the canonical wording; the
    scanner itself expands terms instead (see module docstring).
    """
    table = slang_to_standard()
    return " ".join(table.get(w, w) for w in text.split())

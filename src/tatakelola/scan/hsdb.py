"""Hyperscan databases for the engine: compiled once, cached on disk (:mod:`hscache`).

Expressions Hyperscan cannot compile exactly fall back to its prefilter mode (a superset match) for
prefilters, and are left out of databases that must match exactly (vetoes).
"""

from __future__ import annotations

from collections.abc import Sequence

import hyperscan

from tatakelola.scan import hscache
from tatakelola.scan.packs import PackError


def compile_db(patterns: Sequence[bytes], flags: Sequence[int], what: str) -> hyperscan.Database | None:
    if not patterns:
        return None
    payload = {"kind": "db", "patterns": [p.hex() for p in patterns], "flags": list(flags)}
    db, _ = hscache.cached(payload, lambda: (_compile_db_uncached(patterns, flags, what), None))
    return db


def _compile_db_uncached(patterns: Sequence[bytes], flags: Sequence[int], what: str) -> hyperscan.Database:
    flags = list(flags)
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        db.compile(expressions=list(patterns), ids=list(range(len(patterns))), elements=len(patterns), flags=flags)
        return db
    except hyperscan.error:
        pass
    # Find the offending expressions; fall back to Hyperscan's prefilter mode
    # (a superset match) for constructs it cannot compile exactly.
    for i, p in enumerate(patterns):
        probe = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        try:
            probe.compile(expressions=[p], ids=[0], elements=1, flags=[flags[i]])
        except hyperscan.error:
            try:
                probe.compile(expressions=[p], ids=[0], elements=1, flags=[flags[i] | hyperscan.HS_FLAG_PREFILTER])
                flags[i] |= hyperscan.HS_FLAG_PREFILTER
            except hyperscan.error as exc:
                raise PackError(
                    what, None, f"pattern cannot be compiled: {p.decode(errors='replace')!r}: {exc}"
                ) from exc
    db.compile(expressions=list(patterns), ids=list(range(len(patterns))), elements=len(patterns), flags=flags)
    return db


_NUL_ESCAPES = frozenset(b"WDSxc0uUNoe")


def may_match_nul(pattern: bytes) -> bool:
    """Conservatively, whether ``pattern`` could match the NUL that separates
    messages in a batch buffer (then a match could span two messages): an
    unescaped ``.`` outside a class, a negated class, ``\\W``, ``\\D``,
    ``\\S`` or a character escape by code (``\\x00``, ``\\0`` ...)."""
    in_class = False
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == 0x5C:  # backslash
            if i + 1 < n and pattern[i + 1] in _NUL_ESCAPES:
                return True
            i += 2
            continue
        if in_class:
            if c == 0x5D:  # ]
                in_class = False
        elif c == 0x5B:  # [
            in_class = True
            if pattern[i + 1 : i + 2] == b"^":
                return True
            if pattern[i + 1 : i + 2] == b"]":
                i += 1  # a leading ] is a literal
        elif c == 0x2E or c == 0:  # . or a raw NUL
            return True
        i += 1
    return in_class


def compile_exact(patterns: Sequence[bytes], flags: int) -> tuple[hyperscan.Database | None, list[int]]:
    """A database of the patterns that Hyperscan compiles exactly (never in
    prefilter mode), and their indices; the others are left out."""
    if not patterns:
        return None, []
    payload = {"kind": "exact", "patterns": [p.hex() for p in patterns], "flags": flags}
    db, kept = hscache.cached(payload, lambda: _compile_exact_uncached(patterns, flags))
    return db, [int(i) for i in kept]


def _compile_exact_uncached(patterns: Sequence[bytes], flags: int) -> tuple[hyperscan.Database | None, list[int]]:
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    n = len(patterns)
    try:
        db.compile(expressions=list(patterns), ids=list(range(n)), elements=n, flags=[flags] * n)
        return db, list(range(n))
    except hyperscan.error:
        pass
    kept: list[int] = []
    for i, p in enumerate(patterns):
        probe = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        try:
            probe.compile(expressions=[p], ids=[0], elements=1, flags=[flags])
        except hyperscan.error:
            continue
        kept.append(i)
    if not kept:
        return None, []
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(
        expressions=[patterns[i] for i in kept],
        ids=list(range(len(kept))),
        elements=len(kept),
        flags=[flags] * len(kept),
    )
    return db, kept

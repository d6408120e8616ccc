"""Metadata predicates used by rules (``when: {metadata: …}``) and detectors.

A spec maps a metadata key to: a scalar (equality), a list (membership), or
an object with ``exists``/``not``/``in``/``not_in``. Missing keys compare as
``None``; booleans also accept the strings "true"/"false" from CSV input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "yes", "1"):
            return True
        if low in ("false", "no", "0", ""):
            return False if low != "" else None
        return low
    return value


def metadata_matches(spec: Mapping[str, Any], metadata: Mapping[str, Any]) -> bool:
    for key, want in spec.items():
        have = _norm(metadata.get(key))
        if isinstance(want, Mapping):
            if "exists" in want and (have is not None and have is not False) != bool(want["exists"]):
                return False
            if "not" in want and have == _norm(want["not"]):
                return False
            if "in" in want and have not in [_norm(v) for v in want["in"]]:
                return False
            if "not_in" in want and have in [_norm(v) for v in want["not_in"]]:
                return False
        elif isinstance(want, list):
            if have not in [_norm(v) for v in want]:
                return False
        elif have != _norm(want):
            return False
    return True


class MetadataPredicate:
    """A metadata spec compiled once: wanted values normalised up front, so a
    check is a few dictionary look-ups (same answers as :func:`metadata_matches`).

    ``keys`` are the metadata keys it reads; ``on_empty`` is its value on a
    message without any of them (a predicate false on empty metadata can only
    hold for a message that carries one of ``keys``)."""

    __slots__ = ("_checks", "keys", "on_empty", "spec")

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec
        checks: list[tuple[str, Any, Any, Any, Any, Any]] = []
        for key, want in spec.items():
            if isinstance(want, Mapping):
                exists = bool(want["exists"]) if "exists" in want else None
                not_ = _norm(want["not"]) if "not" in want else _UNSET
                in_ = [_norm(v) for v in want["in"]] if "in" in want else None
                not_in = [_norm(v) for v in want["not_in"]] if "not_in" in want else None
                checks.append((key, _UNSET, exists, not_, in_, not_in))
            elif isinstance(want, list):
                checks.append((key, _UNSET, None, _UNSET, [_norm(v) for v in want], None))
            else:
                checks.append((key, _norm(want), None, _UNSET, None, None))
        self._checks = tuple(checks)
        self.keys = frozenset(spec)
        self.on_empty = self({})

    def __call__(self, metadata: Mapping[str, Any]) -> bool:
        for key, equal, exists, not_, in_, not_in in self._checks:
            have = _norm(metadata.get(key))
            if equal is not _UNSET:
                if have != equal:
                    return False
                continue
            if exists is not None and (have is not None and have is not False) != exists:
                return False
            if not_ is not _UNSET and have == not_:
                return False
            if in_ is not None and have not in in_:
                return False
            if not_in is not None and have in not_in:
                return False
        return True


_UNSET: Any = object()

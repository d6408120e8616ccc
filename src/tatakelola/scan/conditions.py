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

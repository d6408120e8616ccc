"""Shared fixtures for the scanning-core tests (no database, no Django)."""

from __future__ import annotations

import pytest

from tatakelola.scan import Engine
from tatakelola.scan.packs import builtin_packs


@pytest.fixture(scope="session")
def engine() -> Engine:
    """All built-in packs, compiled once for the whole session."""
    return Engine(list(builtin_packs().values()))


def rule_ids(engine: Engine, text: str, **kwargs: object) -> set[str]:
    from tatakelola.scan import Message

    return {f.rule_id for f in engine.scan(Message(text=text, **kwargs))}  # type: ignore[arg-type]

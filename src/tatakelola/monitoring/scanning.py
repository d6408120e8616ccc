"""One compiled scanning engine per process (compiling the packs takes seconds; scanning, not)."""

from __future__ import annotations

import threading
from functools import cache

from django.conf import settings

from tatakelola.scan import Engine

_lock = threading.Lock()


@cache
def _engine(packs: tuple[str, ...]) -> Engine:
    return Engine.from_specs(list(packs) or None)


def scanning_engine() -> Engine:
    with _lock:
        return _engine(tuple(getattr(settings, "TATAKELOLA_SCAN_PACKS", []) or ()))

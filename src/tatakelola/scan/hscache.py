"""On-disk cache of compiled Hyperscan databases, to cut start-up time.

Compiling the built-in packs' databases takes most of an engine's build time
(0.3-1 s); loading a serialised database takes milliseconds. Entries are keyed
by a hash of everything the database depends on (the expressions, their flags
and ids, the Hyperscan version and this machine's CPU), so a changed pack, a
new Hyperscan or another CPU simply misses. Each entry carries the SHA-256 of
its bytes, is checked before it is loaded, and is tried with an empty scan;
anything unexpected falls back to compiling. Nothing here ever raises. Entries
are read only from a directory owned by this user and writable by nobody else;
the checksum guards against damage, not against someone who can write there.

Location: ``$TATAKELOLA_SCAN_CACHE`` if set (``off`` disables the cache), else
``$XDG_CACHE_HOME/tatakelola/scan`` or ``~/.cache/tatakelola/scan``. At most
:data:`MAX_ENTRIES` files are kept (oldest removed first).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import struct
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import hyperscan

ENV = "TATAKELOLA_SCAN_CACHE"
MAX_ENTRIES = 32
_MAGIC = b"TKHSDB1\n"
_OFF = frozenset({"", "0", "off", "no", "false", "none"})

Built = tuple["hyperscan.Database | None", Any]


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is switched off."""
    value = os.environ.get(ENV)
    if value is not None:
        return None if value.strip().lower() in _OFF else Path(value)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError, OSError):  # no home directory: no cache
            return None
    return Path(base) / "tatakelola" / "scan"


@lru_cache(maxsize=1)
def _machine() -> str:
    """The CPU a database was compiled for (Hyperscan tunes to the host)."""
    found: dict[str, str] = {}
    try:
        for line in Path("/proc/cpuinfo").read_text(errors="replace").splitlines():
            key = line.split(":", 1)[0].strip()
            if key in ("model name", "flags", "Features") and key not in found:
                found[key] = line
    except OSError:
        pass
    return "|".join([platform.machine(), *sorted(found.values())])


def cache_key(payload: Any) -> str:
    version = getattr(hyperscan, "__version__", "?")
    data = json.dumps([version, _machine(), payload], sort_keys=True, default=repr)
    return hashlib.sha256(data.encode()).hexdigest()


def cached(payload: Any, build: Callable[[], Built]) -> Built:
    """``build()`` (a database and JSON-serialisable metadata), or the same
    pair loaded from the cache entry keyed by ``payload``."""
    directory = cache_dir()
    if directory is None:
        return build()
    path = directory / f"{cache_key(payload)}.hsdb"
    got = _load(path) if private(directory) else None
    if got is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept when old entries are pruned
        return got
    db, meta = build()
    if db is not None:
        _store(directory, path, db, meta)
    return db, meta


def private(directory: Path) -> bool:
    """Entries are loaded only from a directory that this user owns and that
    nobody else may write to (a database is native code's input)."""
    try:
        st = directory.stat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return owner_ok and not st.st_mode & 0o022


def _load(path: Path) -> Built | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if not data.startswith(_MAGIC):
            return None
        (size,) = struct.unpack_from(">I", data, len(_MAGIC))
        start = len(_MAGIC) + 4
        header = json.loads(data[start : start + size])
        blob = data[start + size :]
        if hashlib.sha256(blob).hexdigest() != header["sha256"]:
            return None
        db = hyperscan.loadb(blob, mode=hyperscan.HS_MODE_BLOCK)
        db.scratch = hyperscan.Scratch(db)
        db.scan(b"", match_event_handler=lambda *_: None)  # raises on a platform mismatch
        return db, header["meta"]
    except Exception:  # any bad entry means "compile instead"
        return None


def _store(directory: Path, path: Path, db: hyperscan.Database, meta: Any) -> None:
    try:
        blob = hyperscan.dumpb(db)
        header = json.dumps({"sha256": hashlib.sha256(blob).hexdigest(), "meta": meta}).encode()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + struct.pack(">I", len(header)) + header + blob)
            Path(tmp).replace(path)
        finally:
            Path(tmp).unlink(missing_ok=True)
        entries = sorted(directory.glob("*.hsdb"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-MAX_ENTRIES]:
            old.unlink(missing_ok=True)
    except Exception:  # noqa: S110 - a cache that cannot be written is just not used
        pass

"""Signed checkpoints of the audit chain's head, written outside the database.

One JSON line per checkpoint, appended to ``TATAKELOLA_AUDIT_CHECKPOINT_FILE`` (default
``var/audit-checkpoints.jsonl``) and sent to the ``tatakelola.audit.checkpoint`` logger (which
``TATAKELOLA_AUDIT_SYSLOG`` routes to syslog, so a copy leaves the machine)::

    {"at": "2026-12-01T03:00:00.000000Z", "hash": "…", "key": "…", "pub": "…", "seq": 1234,
     "sig": "…", "v": 1}

``sig`` is the Ed25519 signature, with the audit key named by ``key``, over the canonical JSON of
``v``, ``seq``, ``hash``, ``at`` and ``key``; ``pub`` is the public key, for checking a line
elsewhere (the verifier itself trusts only the keys it is configured with). Someone who rewrites
or cuts the chain in the database cannot make it match a checkpoint without the key.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from django.conf import settings
from django.utils import timezone

from tatakelola.audit.chain import canonical_timestamp
from tatakelola.audit.keys import AuditKey, current_key, keys_by_id

log = logging.getLogger("tatakelola.audit.checkpoint")
FORMAT_VERSION = 1
_TAIL_BYTES = 8192


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    key_id: str
    signature: str
    public_key: str = ""

    def signed_payload(self) -> bytes:
        return _payload(self.seq, self.hash, self.at, self.key_id)

    def signature_valid(self) -> bool:
        key = keys_by_id().get(self.key_id)
        if key is None:
            return False
        try:
            key.public_key.verify(bytes.fromhex(self.signature), self.signed_payload())
        except (InvalidSignature, ValueError):
            return False
        return True

    def line(self) -> str:
        record = {
            "v": FORMAT_VERSION,
            "seq": self.seq,
            "hash": self.hash,
            "at": self.at,
            "key": self.key_id,
            "pub": self.public_key,
            "sig": self.signature,
        }
        return json.dumps(record, sort_keys=True, separators=(",", ":"))

    @property
    def taken_at(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.at.replace("Z", "+00:00"))
        except ValueError:
            return None


def _payload(seq: int, hash_: str, at: str, key_id: str) -> bytes:
    body = {"v": FORMAT_VERSION, "seq": seq, "hash": hash_, "at": at, "key": key_id}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def checkpoint_path() -> Path:
    return Path(settings.TATAKELOLA_AUDIT_CHECKPOINT_FILE)


def checkpoint_sign(*, seq: int, hash_: str, key: AuditKey | None = None) -> Checkpoint:
    key = key or current_key()
    at = canonical_timestamp(timezone.now())
    signature = key.signing_key.sign(_payload(seq, hash_, at, key.key_id)).hex()
    return Checkpoint(seq=seq, hash=hash_, at=at, key_id=key.key_id, signature=signature, public_key=key.public_hex)


def checkpoint_append(checkpoint: Checkpoint) -> None:
    """Append one line (a single write to a file opened for appending) and log it."""
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (checkpoint.line() + "\n").encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    _syslog_attach()
    log.info("audit checkpoint %s", checkpoint.line())


def _parse(line: str) -> Checkpoint | None:
    try:
        record: dict[str, Any] = json.loads(line)
        return Checkpoint(
            seq=int(record["seq"]),
            hash=str(record["hash"]),
            at=str(record["at"]),
            key_id=str(record["key"]),
            signature=str(record["sig"]),
            public_key=str(record.get("pub", "")),
        )
    except (ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class LatestLine:
    """The last line of the checkpoint file: a checkpoint, or text that is not one."""

    checkpoint: Checkpoint | None
    raw: str


def checkpoint_latest() -> LatestLine | None:
    """The file's last non-empty line (None when there is no file or it is empty)."""
    path = checkpoint_path()
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - _TAIL_BYTES))
            tail = handle.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None
    lines = [line for line in tail.splitlines() if line.strip()]
    if not lines:
        return None
    return LatestLine(checkpoint=_parse(lines[-1]), raw=lines[-1][:300])


_syslog_attached: set[str] = set()


def _syslog_attach() -> None:
    """Route the checkpoint logger to syslog once, when ``TATAKELOLA_AUDIT_SYSLOG`` names an address."""
    address = str(getattr(settings, "TATAKELOLA_AUDIT_SYSLOG", "") or "")
    if not address or address in _syslog_attached:
        return
    target: str | tuple[str, int]
    if address.startswith("/"):
        target = address
    else:
        host, _, port = address.rpartition(":")
        target = (host or address, int(port) if port.isdigit() else 514)
    try:
        handler = logging.handlers.SysLogHandler(address=target)
    except OSError as exc:
        log.warning("cannot reach syslog at %s: %s", address, exc)
        return
    log.addHandler(handler)
    _syslog_attached.add(address)

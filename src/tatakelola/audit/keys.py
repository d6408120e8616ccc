"""The audit key: kept outside the database, it keys the hash chain and signs its checkpoints.

Where it comes from, first match wins:

1. ``TATAKELOLA_AUDIT_KEY``: one or more secrets, comma-separated; the first keys new entries and
   signs new checkpoints, the others only verify what they keyed before (rotation: put the new
   secret first and keep the old ones after it for as long as entries keyed with them exist).
2. ``TATAKELOLA_AUDIT_KEY_FILE`` (default ``var/audit.key``): the same, one secret per line. In the
   embedded default the file is created with a random secret (mode 0600) the first time it is
   needed. Keep it somewhere the database's writers cannot write, or take it off the machine.

From each secret two keys are derived: an HMAC-SHA-256 key for the chain and an Ed25519 key pair
for the checkpoints (whose public half lets anybody check a checkpoint without being able to forge
one). ``key_id`` names the secret in entries and checkpoints without revealing it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class AuditKey:
    key_id: str
    mac_key: bytes = field(repr=False)
    signing_key: Ed25519PrivateKey = field(repr=False)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.signing_key.public_key()

    @property
    def public_hex(self) -> str:
        return self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def _derive(secret: str) -> AuditKey:
    raw = secret.encode("utf-8")
    key_id = hashlib.sha256(b"tatakelola-audit-key-id\x00" + raw).hexdigest()[:12]
    mac_key = hmac.new(raw, b"tatakelola-audit-chain", hashlib.sha256).digest()
    seed = hmac.new(raw, b"tatakelola-audit-checkpoint", hashlib.sha256).digest()
    return AuditKey(key_id=key_id, mac_key=mac_key, signing_key=Ed25519PrivateKey.from_private_bytes(seed))


def _read_or_create(path: Path) -> list[str]:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: read theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(32) + "\n")
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=4)
def _load(env_value: str, path: str, mtime: float) -> tuple[AuditKey, ...]:
    secrets_ = [s.strip() for s in env_value.split(",") if s.strip()] if env_value else _read_or_create(Path(path))
    if not secrets_:
        raise ImproperlyConfigured(f"The audit key file {path} holds no key.")
    short = [s for s in secrets_ if len(s) < 16]
    if short:
        raise ImproperlyConfigured("TATAKELOLA_AUDIT_KEY: each audit key must be at least 16 characters long.")
    return tuple(_derive(s) for s in secrets_)


def audit_keys() -> tuple[AuditKey, ...]:
    """Every configured key, the current one first."""
    env_value = str(getattr(settings, "TATAKELOLA_AUDIT_KEY", "") or "")
    path = Path(settings.TATAKELOLA_AUDIT_KEY_FILE)
    mtime = 0.0
    if not env_value:
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            mtime = -1.0
    return _load(env_value, str(path), mtime)


def current_key() -> AuditKey:
    return audit_keys()[0]


def keys_by_id() -> dict[str, AuditKey]:
    return {key.key_id: key for key in audit_keys()}

"""Ed25519 signatures for what the platform issues: deletion certificates, evidence packages,
training certificates, checkpoints.

Keys live outside the database, in ``TATAKELOLA_KEY_DIR`` (default ``var/keys``), one PEM file per
scope (``installation``, or ``org-<slug>`` for an organisation's own key), created on first use with
mode 0600 in a 0700 directory. Someone who can write the database cannot forge a signature; keep
the key directory out of database backups and back it up separately. The public key (PEM and a
short fingerprint) is what a verifier needs, and is shown in the UI and exported with signed files.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

SCOPE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


def key_dir() -> Path:
    return Path(getattr(settings, "TATAKELOLA_KEY_DIR", "") or Path(settings.BASE_DIR) / "var" / "keys")


def _key_path(scope: str) -> Path:
    if not SCOPE_PATTERN.match(scope):
        raise ValueError(f"bad key scope {scope!r}")
    return key_dir() / f"{scope}.ed25519.pem"


def signing_key(scope: str = "installation") -> Ed25519PrivateKey:
    """The private key of ``scope``, created (0600) the first time it is needed."""
    path = _key_path(scope)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        # O_EXCL: two processes creating the key at once keep one of them, never a mix.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return loaded


def organisation_scope(slug: str) -> str:
    return f"org-{slug}"


def sign(data: bytes, *, scope: str = "installation") -> str:
    """The base64 Ed25519 signature of ``data``."""
    return base64.b64encode(signing_key(scope).sign(data)).decode()


def public_key_pem(scope: str = "installation") -> str:
    public = signing_key(scope).public_key()
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def fingerprint(public_pem: str) -> str:
    """A short, readable fingerprint of a public key: SHA-256 of its raw bytes, in groups of four."""
    public = serialization.load_pem_public_key(public_pem.encode())
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def verify(data: bytes, signature: str, public_pem: str) -> bool:
    """Whether ``signature`` (base64) is a valid signature of ``data`` by ``public_pem``."""
    try:
        public = serialization.load_pem_public_key(public_pem.encode())
        if not isinstance(public, Ed25519PublicKey):
            return False
        public.verify(base64.b64decode(signature, validate=True), data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True

"""Token format: ``tkl_<prefix>_<secret>``; the prefix finds the row, the digest proves the secret."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_SCHEME = "tkl"


def token_generate() -> tuple[str, str, str]:
    """Return (token, prefix, digest)."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = f"{TOKEN_SCHEME}_{prefix}_{secret}"
    return token, prefix, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_prefix(token: str) -> str | None:
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_SCHEME or not parts[1] or not parts[2]:
        return None
    return parts[1]

"""Secrets at rest (connector credentials, webhook signing secrets): Fernet (AES-128-CBC +
HMAC-SHA256) from ``cryptography``.

The key comes from ``TATAKELOLA_CREDENTIALS_KEY`` (a Fernet key) when set, otherwise it is
derived from ``SECRET_KEY`` with HKDF, so the embedded default needs no extra setting. Several
comma-separated keys may be given: the first encrypts, all decrypt (key rotation).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from tatakelola.utilities.errors import DomainError


def _derived_key(secret: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"tatakelola-credentials", info=b"fernet-v1")
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode()))


def _fernet() -> MultiFernet:
    configured = [
        k.strip() for k in (getattr(settings, "TATAKELOLA_CREDENTIALS_KEY", "") or "").split(",") if k.strip()
    ]
    keys = [Fernet(k.encode()) for k in configured] or [Fernet(_derived_key(settings.SECRET_KEY))]
    return MultiFernet(keys)


def credentials_encrypt(credentials: Mapping[str, str]) -> str:
    if not credentials:
        return ""
    return _fernet().encrypt(json.dumps(dict(credentials), sort_keys=True).encode()).decode()


def credentials_decrypt(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        return dict(json.loads(_fernet().decrypt(token.encode())))
    except InvalidToken as exc:
        # Raised when the key changed; never include the token or its content in the message.
        raise DomainError("The stored credentials cannot be decrypted with the configured key.") from exc

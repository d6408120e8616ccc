"""Passwords written out in text (``password: …``, ``kata sandi …``)."""

from __future__ import annotations

import re

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import ScanContext, redact
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span

#: Values that are instructions or placeholders, not passwords.
PLACEHOLDERS = frozenset(
    {
        "",
        "xxx",
        "xxxx",
        "xxxxxx",
        "****",
        "******",
        "********",
        "<password>",
        "password",
        "yourpassword",
        "your_password",
        "changeme",
        "null",
        "none",
        "n/a",
        "-",
        "...",
        "?",
        "rahasia",
        "secret",
        "redacted",
        "dirahasiakan",
        "required",
        "wajib",
        "diisi",
        "tidak",
        "yang",
        "kamu",
        "anda",
        "lupa",
        "baru",
        "lama",
        "reset",
        "salah",
        "must",
        "should",
        "is",
        "was",
        "will",
        "the",
        "your",
        "baru?",
        "nya",
    }
)
_WHY = template("secret.password.value")


class PasswordDetector(ValidatedRegexDetector):
    name = "secret.password"
    description = "A password/PIN value written after 'password', 'pwd', 'kata sandi', 'sandi', 'PIN'."
    hs_pattern = rb"(?:password|passwd|pwd|pw|pass|kata ?sandi|sandi|pin|passcode)[\w ]{0,24}?(?:is|adalah|:|=|->)"
    hs_flags = 1
    candidate = re.compile(
        r"(?i:(?<![a-z])(?:password|passwd|pwd|pw|pass|kata ?sandi|sandi|pin|passcode)(?:nya)?"
        r"(?:[ \t]+\w+){0,2}?\s*(?:\bis\b|adalah|:|=|->)\s*)"
        r"[\"'`]?([^\s\"'`]{4,64})"
    )

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        v = value.strip(".,;:!?)")
        if v.lower() in PLACEHOLDERS or set(v) <= {"*", "x", "X", "•", "."}:
            return None
        if v.isalpha() and v.islower() and len(v) < 8:
            return None  # an ordinary word ("password is wrong") rather than a secret
        why = _WHY()
        return Hit(Span(span.start, span.start + len(v)), 0.85, why.en, "password", redact(v, 1), why)

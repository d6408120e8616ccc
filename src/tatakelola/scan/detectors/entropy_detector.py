"""High-entropy strings next to secret-ish labels (token, api key, secret)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import CompileEnv, ScanContext, redact
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span
from tatakelola.scan.validators import shannon_entropy

_WHY = template("secret.entropy.value")


class EntropyDetector(ValidatedRegexDetector):
    name = "secret.entropy"
    description = "Random-looking strings (Shannon entropy) assigned to a key/token/secret label."
    hs_pattern = (
        rb"(?:token|secret|api[_\- ]?key|apikey|access[_\- ]?key|auth|client[_\- ]?secret|private[_\- ]?key|credential)"
        rb"[^\n]{0,12}?[:=]"
    )
    hs_flags = 1
    candidate = re.compile(
        r"(?i:(?:token|secret|api[_\- ]?key|apikey|access[_\- ]?key|auth(?:orization)?|client[_\- ]?secret"
        r"|private[_\- ]?key|credentials?)"
        r"[\w\-]{0,20}[\"']?\s*(?:[:=]|=>)\s*(?:bearer\s+)?)[\"'`]?([A-Za-z0-9+/_\-=.]{16,200})"
    )

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        self.min_entropy = float(self.param("min_entropy", (int, float), 3.5))

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        value = value.rstrip(".,;")
        bits = shannon_entropy(value)
        if bits < self.min_entropy or value.isalpha() or value.isdigit():
            return None
        why = _WHY(length=len(value), bits=bits)
        return Hit(Span(span.start, span.start + len(value)), 0.7, why.en, "high_entropy", redact(value, 3), why)

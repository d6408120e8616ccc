"""Home addresses introduced by address context (Indonesian and English)."""

from __future__ import annotations

import re

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import ScanContext
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span

_WHY = template("pii.address.context")


class AddressDetector(ValidatedRegexDetector):
    name = "pii.address"
    description = "Street addresses after 'alamat'/'address'/'tinggal di', or English street formats."
    hs_pattern = (
        rb"(?:alamat|address|tinggal di|rumahnya di|lives at|domisili)[^\n]{0,12}"
        rb"(?:jl|jln|jalan|gg|gang|komplek|perum|blok|\d)"
        rb"|\d{1,5} [A-Za-z]+ (?:[A-Za-z]+ )?(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr)\b"
    )
    hs_flags = 1  # caseless
    candidate = re.compile(
        r"(?i:(?:alamat(?:nya| rumah(?:nya)?)?|address|tinggal di|rumahnya di|lives at|domisili)\s*[:\-]?\s*)"
        r"((?:jl\.?|jln\.?|jalan|gg\.?|gang|komplek|perum(?:ahan)?|blok|\d{1,5})\s*[A-Za-z0-9 .,/\-]{3,80}?"
        r"(?:no\.?\s*\d+[A-Za-z]?|\d+|rt\.?\s*\d+(?:/rw\.?\s*\d+)?)(?:[A-Za-z ,.]{0,40}?(?:\d{5}))?)"
        r"|(?-i:(\d{1,5} [A-Z][a-z]+ (?:[A-Z][a-z]+ )?"
        r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive)\b\.?))",
        re.IGNORECASE,
    )

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        why = _WHY()
        return Hit(span, 0.7, why.en, "ADDRESS", value, why)

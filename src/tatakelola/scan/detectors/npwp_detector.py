"""Indonesian NPWP (tax number) via python-stdnum's check digit."""

from __future__ import annotations

import re

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import ScanContext, digits_only, redact
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span
from tatakelola.scan.validators import npwp_valid

_FORMATTED = re.compile(r"^\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}$")
_WHY = template("pii.npwp.valid")


class NpwpDetector(ValidatedRegexDetector):
    name = "pii.npwp"
    description = "NPWP in its printed 99.999.999.9-999.999 form, or 15/16 digits next to 'NPWP'."
    # The printed form, or digits after an NPWP/tax word (the detector needs one of the two).
    hs_pattern = (
        rb"\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}"
        rb"|(?:npwp|pajak|tax)[^\n]{0,50}\d{2}[.\- ]?\d{3}[.\- ]?\d{3}[.\- ]?\d[.\- ]?\d{3}[.\- ]?\d{3}"
        rb"|\d{2}[.\- ]?\d{3}[.\- ]?\d{3}[.\- ]?\d[.\- ]?\d{3}[.\- ]?\d{3}[^\n]{0,50}(?:npwp|pajak|tax)"
    )
    hs_flags = 1
    candidate = re.compile(r"(?<![\d])(\d{2}[.\- ]?\d{3}[.\- ]?\d{3}[.\- ]?\d[.\- ]?\d{3}[.\- ]?\d{3,4})(?![\d])")
    boost_words = ("npwp", "nomor pokok wajib pajak", "tax id", "tax number")

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        digits = digits_only(value)
        formatted = bool(_FORMATTED.match(value))
        if not formatted and not self.context.boosted(ctx.lower, span):
            return None
        if not npwp_valid(digits):
            return None
        why = _WHY(digits=len(digits))
        return Hit(span, 0.85, why.en, "NPWP", redact(digits, 2), why)

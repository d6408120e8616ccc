"""Indonesian Kartu Keluarga (family card) number, with required context."""

from __future__ import annotations

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import ScanContext, digits_only, redact
from tatakelola.scan.detectors.nik_detector import NIK_CANDIDATE, NIK_HS
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span
from tatakelola.scan.validators import kk_valid

_WHY = template("pii.kk.valid")


class KkDetector(ValidatedRegexDetector):
    name = "pii.kk"
    description = "Kartu Keluarga number: valid region prefix and date, next to KK context words."
    hs_pattern = NIK_HS
    candidate = NIK_CANDIDATE
    boost_words = ("kk", "no. kk", "no kk", "nomor kk", "kartu keluarga", "family card")
    needs_context = True

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        digits = digits_only(value)
        if not kk_valid(digits):
            return None
        why = _WHY()
        return Hit(span, 0.8, why.en, "KK", redact(digits, 2), why)

"""Passport-like numbers, only next to passport context words."""

from __future__ import annotations

import re

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import ScanContext, redact
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span

_WHY = template("pii.passport.context")


class PassportDetector(ValidatedRegexDetector):
    name = "pii.passport"
    description = "1-2 letters + 6-8 digits (Indonesian and most ICAO formats) near 'paspor'/'passport'."
    hs_pattern = rb"\b[A-Za-z]{1,2}\d{6,8}\b"
    candidate = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2}\d{6,8})(?![A-Za-z0-9])")
    boost_words = ("paspor", "passport", "no. paspor", "nomor paspor", "passport no", "passport number")
    needs_context = True

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        why = _WHY()
        return Hit(span, 0.7, why.en, "PASSPORT", redact(value, 1), why)

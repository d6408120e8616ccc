"""IBAN with the ISO 13616 mod-97 check and country length (python-stdnum)."""

from __future__ import annotations

import re

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import ScanContext, redact
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span
from tatakelola.scan.validators import iban_valid

_WHY = template("pii.iban.valid")


class IbanDetector(ValidatedRegexDetector):
    name = "pii.iban"
    description = "International bank account numbers (mod-97 checked)."
    # Country code + check digits + at least 11 more characters (shortest IBAN: 15).
    hs_pattern = rb"[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11}"
    candidate = re.compile(
        r"(?<![A-Za-z0-9])([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?)(?![A-Za-z0-9])"
    )

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        value = value.rstrip()
        if not iban_valid(value):
            return None
        why = _WHY()
        return Hit(
            Span(span.start, span.start + len(value)), 0.95, why.en, "IBAN", redact(value.replace(" ", ""), 4), why
        )

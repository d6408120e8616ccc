"""Dates of birth introduced by birth-date context words."""

from __future__ import annotations

import re

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import ScanContext
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span

_MONTHS = (
    "jan(?:uari|uary)?|feb(?:ruari|ruary)?|mar(?:et|ch)?|apr(?:il)?|mei|may|jun(?:i|e)?|jul(?:i|y)?|"
    "agu(?:stus)?|aug(?:ust)?|sep(?:tember)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|des(?:ember)?|dec(?:ember)?"
)
_WHY = template("pii.dob.context")


class DobDetector(ValidatedRegexDetector):
    name = "pii.dob"
    description = "A date right after 'tanggal lahir', 'TTL', 'lahir', 'date of birth', 'DOB', 'born'."
    hs_pattern = rb"(?:lahir|ttl|dob|birth|born)[^\n]{0,30}\d"
    hs_flags = 1
    candidate = re.compile(
        r"(?i:(?:tanggal lahir|tgl\.? lahir|tempat,? tanggal lahir|ttl|lahir(?: pada| tanggal| tgl)?|"
        r"date of birth|d\.?o\.?b\.?|birth ?date|born(?: on)?)\s*[:\-]?\s*(?:[A-Za-z ]{1,20},\s*)?)"
        r"(\d{1,2}[\-/. ](?:\d{1,2}|(?i:"
        + _MONTHS
        + r"))[\-/. ]\d{2,4}|\d{4}-\d{2}-\d{2}|(?i:"
        + _MONTHS
        + r") \d{1,2},? \d{4})"
    )

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        why = _WHY()
        return Hit(span, 0.75, why.en, "DATE_OF_BIRTH", value, why)

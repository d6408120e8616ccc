"""Personal bank account numbers: account context + 8-16 digits + a bank name."""

from __future__ import annotations

import re

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import ScanContext, digits_only, redact
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span

BANKS = (
    "bca",
    "bri",
    "bni",
    "mandiri",
    "bsi",
    "cimb",
    "cimb niaga",
    "danamon",
    "permata",
    "btn",
    "maybank",
    "ocbc",
    "panin",
    "mega",
    "btpn",
    "jenius",
    "bank jago",
    "jago",
    "seabank",
    "muamalat",
    "bjb",
    "bank dki",
    "uob",
    "hsbc",
    "citibank",
    "chase",
    "wells fargo",
    "bank of america",
)
_BANK = re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(b) for b in BANKS) + r")(?![a-z])")

_WHY = template("pii.bank_account.context")


class BankAccountDetector(ValidatedRegexDetector):
    name = "pii.bank_account"
    description = "8-16 digit account number after 'rek'/'rekening'/'a/n'/'account', with a bank name nearby."
    hs_pattern = rb"(?:rek|rekening|norek|a/n|acc|account|acct|no\.? ?rek)[^\n]{0,40}\d{3}"
    hs_flags = 1
    candidate = re.compile(
        r"(?i:(?:no\.?\s*)?(?:rek(?:ening)?|norek|a/n|acc(?:oun)?t?(?: no\.?| number)?)\b[^\d\n]{0,30}?)"
        r"(\d(?:[ \-.]?\d){7,15})(?!\d)"
    )

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        digits = digits_only(value)
        if not 8 <= len(digits) <= 16:
            return None
        lower = ctx.lower
        window = lower[max(0, span.start - 60) : span.end + 60]
        bank = _BANK.search(window)
        if bank is None:
            return None
        why = _WHY(bank=bank.group())
        return Hit(span, 0.8, why.en, "BANK_ACCOUNT", redact(digits, 2), why)

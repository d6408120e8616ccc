"""Indonesian NIK (Nomor Induk Kependudukan) with structural validation."""

from __future__ import annotations

import re

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import ScanContext, digits_only, redact
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span
from tatakelola.scan.validators import card_valid, nik_parts

# 16 digits, optionally split by spaces, dots or dashes (2-2-2-6-4 or 4-4-4-4).
NIK_CANDIDATE = re.compile(r"(?<![\d+])(\d(?:[ .\-]?\d){15})(?![\d])")
_S = "[ .\\-]?"
# The prefilter already encodes what Hyperscan can check: a province code,
# a day digit 0-7 (women +40) and a month 01-12. Random 16-digit order
# numbers rarely pass, so they do not wake the NIK and KK rules.
_PROVINCE = (
    "(?:1"
    + _S
    + "[1-9]|2"
    + _S
    + "1|3"
    + _S
    + "[1-6]|5"
    + _S
    + "[1-3]|6"
    + _S
    + "[1-5]|7"
    + _S
    + "[1-6]|8"
    + _S
    + "[12]|9"
    + _S
    + "[1-6])"
)
_DIGIT = _S + "\\d"
NIK_HS = (
    _PROVINCE + _DIGIT * 4 + _S + "[0-7]" + _DIGIT + _S + "(?:0" + _S + "[1-9]|1" + _S + "[0-2])" + _DIGIT * 6
).encode()
_WHY = template("pii.nik.valid")
_FEMALE = template("pii.nik.female")()
_MALE = template("pii.nik.male")()


class NikDetector(ValidatedRegexDetector):
    name = "pii.nik"
    languages = frozenset({"*"})
    description = "Indonesian NIK: province, regency, district, birth date (women +40), serial checked."
    hs_pattern = NIK_HS
    candidate = NIK_CANDIDATE
    boost_words = (
        "nik",
        "ktp",
        "e-ktp",
        "ektp",
        "no. identitas",
        "nomor identitas",
        "nomor induk kependudukan",
        "identity number",
        "id number",
        "id card",
        "id card no",
        "identity card",
        "national id",
        "id no",
        "ktp number",
        "ktp no",
        "nik number",
        "resident id",
        "citizen id",
    )
    suppress_words = (
        "resi",
        "pesanan",
        "invoice",
        "order",
        "no. order",
        "tracking",
        "awb",
        "kk",
        "kartu keluarga",
        "npwp",
        "rekening",
        "rek",
        "kartu kredit",
        "credit card",
        "gift card",
        "giftcard",
        "voucher",
        "redeem",
        "promo code",
        "kode promo",
        "coupon",
        "kupon",
        "serial number",
        "serial no",
    )

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        digits = digits_only(value)
        parts = nik_parts(digits)
        if parts is None:
            return None
        if card_valid(digits) and not self.context.boosted(ctx.lower, span):
            return None  # a valid card number without NIK context: the card rule owns it
        why = _WHY(
            province=parts["province"],
            day=parts["day"],
            month=parts["month"],
            year=parts["year"],
            sex=_FEMALE if parts["female"] else _MALE,
        )
        return Hit(span, 0.75, why.en, "NIK", redact(digits, 2), why)

"""Phone numbers validated with libphonenumber (Indonesian and international)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import phonenumbers

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import CompileEnv, ScanContext, digits_only, redact
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span

_WHY = template("pii.phone.valid")
_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


class PhoneDetector(ValidatedRegexDetector):
    name = "pii.phone"
    description = "Phone numbers: +62/62/08… and international formats, valid per libphonenumber."
    # Indonesian mobiles, any +country number, and NANP-style (555) 555-5555.
    hs_pattern = (
        rb"(?:\+|\b62|\b0)[\s.\-(]{0,2}\d{2,4}[\s.\-)]{0,2}\d{2,4}[\s.\-]?\d{2,5}"
        rb"|\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]\d{4}"
    )
    # Not glued to other digit groups or tokens: "xoxb-0374…-1448…" and a
    # 4-4-4-4 ID number are not phone numbers.
    candidate = re.compile(
        r"(?<![\w+\-])(?<!\d[ .])((?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?\d[\d\s.\-]{5,16}\d)(?![\w\-]|[ .]\d)"
    )
    boost_words = (
        "hp",
        "telp",
        "telepon",
        "wa",
        "whatsapp",
        "phone",
        "call",
        "hubungi",
        "kontak",
        "no. hp",
        "nomor",
        "mobile",
        "tel",
    )
    suppress_words = ("nik", "ktp", "npwp", "rekening", "rek", "resi", "invoice", "order", "kk")

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        # National (no "+") numbers are read as Indonesian, then North American;
        # anything else needs its "+country" prefix.
        self.regions = tuple(self.param("regions", list, ["ID", "US"]))
        self.mobile_only = bool(self.param("mobile_only", bool, False))
        allow = self.param("allow", list, None) or env.option("official_numbers", []) or []
        self.allow = {digits_only(str(a))[-9:] for a in allow}

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        value = value.rstrip(" .-")
        digits = digits_only(value)
        if not 7 <= len(digits) <= 15:
            return None
        if digits[-9:] in self.allow:
            return None
        for region in self.regions if not value.startswith("+") else ("ZZ",):
            try:
                num = phonenumbers.parse(value, region)
            except phonenumbers.NumberParseException:
                continue
            if not phonenumbers.is_valid_number(num):
                continue
            if self.mobile_only and phonenumbers.number_type(num) not in _MOBILE:
                continue
            where = phonenumbers.region_code_for_number(num) or region
            why = _WHY(region=where, country_code=num.country_code)
            return Hit(Span(span.start, span.start + len(value)), 0.8, why.en, "PHONE_NUMBER", redact(digits, 3), why)
        return None

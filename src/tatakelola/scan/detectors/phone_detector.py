"""Phone numbers validated with libphonenumber (Indonesian and international)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import phonenumbers

from tatakelola.scan.detectors._regex import MAX_CANDIDATES, ValidatedRegexDetector
from tatakelola.scan.detectors.base import CompileEnv, ScanContext, digits_only, redact
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span

_WHY = template("pii.phone.valid")
_POSSIBLE = template("pii.phone.possible")
_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


class PhoneDetector(ValidatedRegexDetector):
    name = "pii.phone"
    description = "Phone numbers: +62/62/08… and international formats, valid per libphonenumber."
    # Indonesian mobiles, any +country number, and NANP-style (555) 555-5555.
    hs_pattern = (
        rb"(?:\+|\b62|\b0)[\s.\-(]{0,2}\d{2,4}[\s.\-)]{0,2}\d{2,4}[\s.\-]?\d{2,5}"
        rb"|\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]\d{4}"
        # Any "+country" number, in whatever grouping (found by libphonenumber's matcher).
        rb"|\+\d{1,3}[\s.\-]{0,2}(?:\(\d{1,4}\)[\s.\-]?)?\d[\d\s.\-]{5,16}\d"
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
        # National (no "+") numbers are read as Indonesian, then North American,
        # then British (07… mobiles); anything else needs its "+country" prefix.
        self.regions = tuple(self.param("regions", list, ["ID", "US", "GB"]))
        self.mobile_only = bool(self.param("mobile_only", bool, False))
        allow = self.param("allow", list, None) or env.option("official_numbers", []) or []
        self.allow = {digits_only(str(a))[-9:] for a in allow}

    def detect(self, ctx: ScanContext) -> list[Hit]:
        hits = super().detect(ctx)
        if "+" not in ctx.text:
            return hits
        # "+country" numbers in groupings the candidate pattern does not read
        # ("+33 6 12 34 56 78", "+44 (0) 7911 123456"): libphonenumber's own matcher.
        taken = [h.span for h in hits]
        more: list[Hit] = []
        lower = ctx.lower
        for n, match in enumerate(phonenumbers.PhoneNumberMatcher(ctx.text, "ZZ", phonenumbers.Leniency.POSSIBLE)):
            if n >= MAX_CANDIDATES:
                break
            span = Span(match.start, match.end)
            if any(s.start < span.end and span.start < s.end for s in taken):
                continue
            if self.context.suppressed(lower, span):
                continue
            if self.require_context and not self.context.boosted(lower, span):
                continue
            hit = self.validate(match.raw_string, span, ctx)
            if hit is not None:
                more.append(self._boosted(hit) if self.context.boosted(lower, span) else hit)
        if not more:
            return hits
        return sorted([*hits, *more], key=lambda h: (h.span.start, h.span.end))

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        value = value.rstrip(" .-")
        digits = digits_only(value)
        if not 7 <= len(digits) <= 15:
            return None
        if digits[-9:] in self.allow:
            return None
        international = value.startswith("+")
        for region in self.regions if not international else ("ZZ",):
            if region == "GB" and not value.lstrip("(").startswith("0"):
                continue  # a British national number starts with its trunk 0 ("07900 734565")
            try:
                num = phonenumbers.parse(value, region)
            except phonenumbers.NumberParseException:
                continue
            if not phonenumbers.is_valid_number(num):
                # A number written with its "+country" code and the length that
                # country's numbers have is a phone number even when libphonenumber
                # does not know its range as allocated (new UK mobile blocks, …);
                # Indonesian numbers and mobile-only rules stay strict.
                if (
                    international
                    and not self.mobile_only
                    and num.country_code != 62
                    and phonenumbers.is_possible_number(num)
                    and len(digits) >= 10
                ):
                    where = phonenumbers.region_code_for_country_code(num.country_code or 0)
                    why = _POSSIBLE(region=where, country_code=num.country_code)
                    span = Span(span.start, span.start + len(value))
                    return Hit(span, 0.6, why.en, "PHONE_NUMBER", redact(digits, 3), why)
                continue
            if self.mobile_only and phonenumbers.number_type(num) not in _MOBILE:
                continue
            where = phonenumbers.region_code_for_number(num) or region
            why = _WHY(region=where, country_code=num.country_code)
            return Hit(Span(span.start, span.start + len(value)), 0.8, why.en, "PHONE_NUMBER", redact(digits, 3), why)
        return None

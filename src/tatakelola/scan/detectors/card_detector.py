"""Payment-card numbers: Luhn mod-10 and issuer (IIN) ranges."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import CompileEnv, ScanContext, digits_only, redact
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span
from tatakelola.scan.validators import card_brand, luhn_valid

#: Well-known test numbers published by card networks and processors.
TEST_PANS = frozenset(
    {
        "4111111111111111",
        "4242424242424242",
        "4012888888881881",
        "5555555555554444",
        "5105105105105100",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "3530111333300000",
        "4000056655665556",
        "2223003122003222",
    }
)
_WHY = template("pii.card.valid")
#: An identity-card number ("ID card no …", "national ID …"): the NIK rule owns it, even with
#: card words nearby ("card no").
_IDENTITY = re.compile(r"(?<![a-z0-9])(?:id card|identity card|national id|e-?ktp|ktp|nik)(?![a-z0-9])")


class CardDetector(ValidatedRegexDetector):
    name = "pii.card"
    description = "13-19 digit card numbers passing Luhn with a known issuer prefix."
    # Issuer prefixes (first two digits) of the brands card_brand() knows.
    hs_pattern = rb"(?:4[ \-]?\d|5[ \-]?[1-5]|2[ \-]?[2-7]|3[ \-]?[0456789]|6[ \-]?[0245])(?:[ \-]?\d){11,17}"
    candidate = re.compile(r"(?<![\d.,])(\d(?:[ \-]?\d){12,18})(?![\d])")
    boost_words = (
        "card",
        "kartu",
        "kartu kredit",
        "credit card",
        "cc",
        "visa",
        "mastercard",
        "amex",
        "jcb",
        "cvv",
        "exp",
        "debit",
    )
    suppress_words = (
        "nik",
        "ktp",
        "kk",
        "npwp",
        "resi",
        "invoice",
        "order id",
        "order",
        "pesanan",
        "no pesanan",
    )
    # A customer-service reply about an order that asks for the card itself.
    strong_words = (
        "card number",
        "card no",
        "nomor kartu",
        "no kartu",
        "no. kartu",
        "exp",
        "expiry",
        "expires",
        "valid thru",
        "cvv",
        "cvc",
    )

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        self.test_channels = set(self.param("test_pan_channels", list, ["dev", "development", "engineering", "qa"]))

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        digits = digits_only(value)
        brand = card_brand(digits)
        if brand is None or not luhn_valid(digits):
            return None
        if _IDENTITY.search(ctx.lower, max(0, span.start - 30), span.start) is not None:
            return None
        # A separator pattern that is not card-like (e.g. 2-2-2-6-4) is probably a NIK.
        groups = [len(g) for g in re.split(r"[ \-]", value)]
        if (
            len(groups) > 1
            and not (len(set(groups[:-1])) == 1 and groups[0] == 4)
            and groups not in ([4, 6, 5], [4, 6, 4])
        ):
            return None
        if digits in TEST_PANS and (ctx.message.channel or "").lower() in self.test_channels:
            return None
        why = _WHY(digits=len(digits), brand=brand)
        return Hit(
            span,
            0.9,
            why.en,
            "CREDIT_CARD",
            redact(digits, 4) if len(digits) > 12 else redact(digits),
            why,
        )

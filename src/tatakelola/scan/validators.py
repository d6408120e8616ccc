"""Checksums and structure checks used by the PII and secret detectors."""

from __future__ import annotations

import calendar
import math
from collections import Counter
from typing import Final

#: Indonesian province codes (first two NIK digits), per Kemendagri/Dukcapil
#: (including the 2022 Papua provinces 93-96).
NIK_PROVINCES: Final = frozenset(
    {
        11,
        12,
        13,
        14,
        15,
        16,
        17,
        18,
        19,
        21,
        31,
        32,
        33,
        34,
        35,
        36,
        51,
        52,
        53,
        61,
        62,
        63,
        64,
        65,
        71,
        72,
        73,
        74,
        75,
        76,
        81,
        82,
        91,
        92,
        93,
        94,
        95,
        96,
    }
)


def luhn_valid(number: str) -> bool:
    """Luhn mod-10 check over a digit string."""
    if not number.isdigit() or len(number) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_brand(number: str) -> str | None:
    """Issuer by IIN prefix and length (ISO/IEC 7812 ranges in public use)."""
    n = len(number)
    if number.startswith("4") and n in (13, 16, 19):
        return "visa"
    two = int(number[:2]) if n >= 2 else 0
    four = int(number[:4]) if n >= 4 else 0
    if (51 <= two <= 55 or 2221 <= four <= 2720) and n == 16:
        return "mastercard"
    if two in (34, 37) and n == 15:
        return "amex"
    if 3528 <= four <= 3589 and 16 <= n <= 19:
        return "jcb"
    if two == 62 and 16 <= n <= 19:
        return "unionpay"
    if (number.startswith("6011") or two == 65 or 644 <= int(number[:3]) <= 649) and 16 <= n <= 19:
        return "discover"
    if (300 <= int(number[:3]) <= 305 or two in (36, 38)) and n == 14:
        return "diners"
    return None


def card_valid(number: str) -> bool:
    return 13 <= len(number) <= 19 and card_brand(number) is not None and luhn_valid(number)


def _date_ok(day: int, month: int, yy: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    # Two-digit year: accept if the date exists in either century.
    return any(day <= calendar.monthrange(century + yy, month)[1] for century in (1900, 2000))


def nik_parts(nik: str) -> dict[str, int] | None:
    """Decode a 16-digit NIK, or None if its structure is invalid.

    Layout (Dukcapil): PP KK CC DDMMYY SSSS — province, regency/city,
    district, birth date (women: day + 40), serial (never 0000).
    """
    if len(nik) != 16 or not nik.isdigit():
        return None
    prov, reg, dist = int(nik[0:2]), int(nik[2:4]), int(nik[4:6])
    day, month, yy, serial = int(nik[6:8]), int(nik[8:10]), int(nik[10:12]), int(nik[12:16])
    if prov not in NIK_PROVINCES or reg == 0 or dist == 0 or serial == 0:
        return None
    female = day > 40
    if female:
        day -= 40
    if not _date_ok(day, month, yy):
        return None
    return {
        "province": prov,
        "regency": reg,
        "district": dist,
        "day": day,
        "month": month,
        "year": yy,
        "female": int(female),
        "serial": serial,
    }


def nik_valid(nik: str) -> bool:
    return nik_parts(nik) is not None


def kk_valid(number: str) -> bool:
    """Kartu Keluarga number: region prefix like a NIK, issue date DDMMYY."""
    if len(number) != 16 or not number.isdigit():
        return False
    prov, reg, dist = int(number[0:2]), int(number[2:4]), int(number[4:6])
    if prov not in NIK_PROVINCES or reg == 0 or dist == 0 or number[12:] == "0000":
        return False
    return _date_ok(int(number[6:8]), int(number[8:10]), int(number[10:12]))


def npwp_valid(digits: str) -> bool:
    """NPWP: 15 digits (check digit at position 9, Luhn over the first 9) or
    the 16-digit form (a NIK, or ``0`` + the 15-digit NPWP) used since 2024."""
    if len(digits) == 16:
        return nik_valid(digits) or (digits[0] == "0" and npwp_valid(digits[1:]))
    if len(digits) != 15 or not digits.isdigit():
        return False
    try:
        from stdnum.id import npwp

        return bool(npwp.is_valid(digits))
    except ImportError:  # pragma: no cover - python-stdnum is a dependency
        return luhn_valid(digits[:9])


def iban_valid(value: str) -> bool:
    """ISO 13616: the mod-97 check digits and the country's BBAN length and structure (every
    country in python-stdnum's IBAN registry). National check digits inside the BBAN (the Spanish
    CCC, the French RIB key …) are not required: a mistyped or made-up national key still leaves
    an account number that passes the IBAN check, and that is what a post must not show."""
    compact = value.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in rearranged))
    except ValueError:
        return False
    if number % 97 != 1:
        return False
    from stdnum import iban
    from stdnum.exceptions import ValidationError

    try:
        iban.validate(compact, check_country=False)
    except ValidationError:
        return False
    return True


def shannon_entropy(value: str) -> float:
    """Bits per character of ``value``."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())

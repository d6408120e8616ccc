"""Checksums and structure checks: tables with negative cases + properties."""

from __future__ import annotations

import datetime as dt
import random
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn

from tatakelola.scan import Engine, Message
from tatakelola.scan.packs import builtin_packs
from tatakelola.scan.validators import (
    NIK_PROVINCES,
    card_brand,
    card_valid,
    iban_valid,
    kk_valid,
    luhn_valid,
    nik_parts,
    nik_valid,
    npwp_valid,
    shannon_entropy,
)


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("4556737586899855", True),
        ("4556737586899856", False),
        ("79927398713", True),
        ("79927398710", False),
        ("0", False),
        ("", False),
        ("12a4", False),
    ],
)
def test_luhn_table(number: str, valid: bool) -> None:
    assert luhn_valid(number) is valid


@settings(deadline=None)  # a loaded CI machine must not turn into a flaky failure
@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_luhn_check_digit_always_validates(body: str) -> None:
    assert luhn_valid(body + luhn.calc_check_digit(body))


@settings(deadline=None)  # a loaded CI machine must not turn into a flaky failure
@given(st.text(alphabet="0123456789", min_size=2, max_size=30), st.integers(0, 29), st.integers(1, 9))
def test_luhn_detects_every_single_digit_error(body: str, pos: int, delta: int) -> None:
    number = body + luhn.calc_check_digit(body)
    i = pos % len(number)
    changed = number[:i] + str((int(number[i]) + delta) % 10) + number[i + 1 :]
    assert not luhn_valid(changed)


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4556737586899855", "visa"),
        ("5425233430109903", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("374245455400126", "amex"),
        ("3530111333300000", "jcb"),
        ("6011000990139424", "discover"),
        ("6212345678901232", "unionpay"),
        ("9111111111111111", None),
        ("5625233430109903", None),
    ],
)
def test_card_brand(number: str, brand: str | None) -> None:
    assert card_brand(number) == brand


def test_card_valid_needs_luhn_and_brand() -> None:
    assert card_valid("4556737586899855")
    assert not card_valid("4556737586899856")
    assert not card_valid("9111111111111111")


@pytest.mark.parametrize(
    ("nik", "valid"),
    [
        ("3273121708900001", True),  # Bandung, male, 17-08-1990
        ("3273125708900002", True),  # female: day + 40
        ("9471010101000001", True),  # Papua (Jayapura)
        ("3273123208900001", False),  # day 32
        ("3273127208900001", False),  # day 72 (= 32 + 40)
        ("3273121713900001", False),  # month 13
        ("3273123002900001", False),  # 30 February
        ("3273122902010001", False),  # 29 Feb 2001 / 1901: never a leap year
        ("3273122902000001", True),  # 29 Feb 2000
        ("9973121708900001", False),  # province 99 does not exist
        ("3200121708900001", False),  # regency 00
        ("3273001708900001", False),  # district 00
        ("3273121708900000", False),  # serial 0000
        ("327312170890001", False),  # 15 digits
        ("32731217089000011", False),  # 17 digits
        ("32731217O8900001", False),  # letter O
    ],
)
def test_nik_table(nik: str, valid: bool) -> None:
    assert nik_valid(nik) is valid


nik_strategy = st.builds(
    lambda prov, reg, dist, date, female, serial: (
        f"{prov:02d}{reg:02d}{dist:02d}{date.day + (40 if female else 0):02d}{date.month:02d}"
        f"{date.year % 100:02d}{serial:04d}"
    ),
    st.sampled_from(sorted(NIK_PROVINCES)),
    st.integers(1, 99),
    st.integers(1, 99),
    st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2029, 12, 31)),
    st.booleans(),
    st.integers(1, 9999),
)


@settings(deadline=None)  # a loaded CI machine must not turn into a flaky failure
@given(nik_strategy)
def test_generated_niks_validate_and_decode(nik: str) -> None:
    parts = nik_parts(nik)
    assert parts is not None
    assert 1 <= parts["day"] <= 31
    assert parts["female"] == (int(nik[6:8]) > 40)


@settings(deadline=None)  # a loaded CI machine must not turn into a flaky failure
@given(nik_strategy, st.integers(0, 9))
def test_nik_with_impossible_month_is_rejected(nik: str, month_digit: int) -> None:
    bad = nik[:8] + f"{13 + month_digit:02d}" + nik[10:]
    assert not nik_valid(bad)


def test_kk_shares_region_rules_with_nik() -> None:
    assert kk_valid("3273120101150003")
    assert not kk_valid("9973120101150003")
    assert not kk_valid("3273120199150003")


@pytest.mark.parametrize(
    ("npwp", "valid"),
    [
        ("012345674012000", True),
        ("012345675012000", False),
        ("023456783012000", True),
        ("3273121708900001", True),  # the 16-digit NPWP is the NIK
        ("0012345674012000", True),  # 0 + 15-digit NPWP
        ("12345", False),
    ],
)
def test_npwp_table(npwp: str, valid: bool) -> None:
    assert npwp_valid(npwp) is valid


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("GB82 WEST 1234 5698 7654 32", True),
        ("DE89370400440532013000", True),
        ("GB82 WEST 1234 5698 7654 33", False),
        ("XX00", False),
        ("GB82WEST12345698765432EXTRA0000000000", False),
    ],
)
def test_iban_table(iban: str, valid: bool) -> None:
    assert iban_valid(iban) is valid


def test_entropy_orders_random_above_repetitive() -> None:
    assert shannon_entropy("") == 0.0
    assert shannon_entropy("aaaaaaaa") == 0.0
    assert shannon_entropy("9fQ2xL7vR3kP8sN1wE6tY4uI0oZ5aB") > 4.0


#: SEPA members (EU/EEA, the UK, Switzerland, Monaco, San Marino, Andorra, the Vatican and
#: the countries that joined in 2024-2025).
SEPA = (
    "AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI", "GR", "HR",
    "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI",
    "SK", "SM", "VA", "AL", "MD", "ME", "MK", "RS",
)  # fmt: skip


def _random_iban(country: str, rng: random.Random) -> str | None:
    from stdnum import iban

    info = iban._ibandb.info(country)[0][1]
    if not info or "bban" not in info:
        return None
    alphabet = {"n": string.digits, "a": string.ascii_uppercase, "c": string.ascii_uppercase + string.digits}
    bban = "".join(
        rng.choice(alphabet[kind])
        for count, kind in re.findall(r"(\d+)!([nac])", info["bban"])
        for _ in range(int(count))
    )
    return country + iban.calc_check_digits(country + "00" + bban) + bban


@pytest.mark.parametrize("country", SEPA)
def test_every_sepa_country_iban_is_found_plain_and_spaced(country: str) -> None:
    rng = random.Random(country)  # noqa: S311 - reproducible test data
    value = _random_iban(country, rng)
    if value is None:
        pytest.fail(f"python-stdnum has no IBAN structure for {country}")
    assert iban_valid(value)
    spaced = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    assert iban_valid(spaced)
    broken = value[:2] + f"{(int(value[2:4]) + 1) % 100:02d}" + value[4:]
    assert not iban_valid(broken)
    engine = Engine([builtin_packs()["pii-international"]])
    for text in (f"transfer to {value} today", f"IBAN {spaced}"):
        assert "PII-IBAN-101" in {f.rule_id for f in engine.scan(Message(text=text))}, text

"""Deterministic synthetic corpus for the scanning benchmark.

``generate(n, seed)`` returns ``n`` messages (Indonesian and English, about
95 % clean) and, for each, the planted type or ``None``. Clean messages are
deliberately realistic and awkward: prices, order and receipt numbers,
official hotline numbers, dates, versions, ordinary links, compliant
financial promotions and properly disclosed endorsements.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stdnum import luhn

from tatakelola.scan.validators import NIK_PROVINCES


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    language: str
    planted: str | None
    metadata: dict[str, Any] = field(default_factory=dict)


CITIES = ["Jakarta", "Bandung", "Surabaya", "Medan", "Makassar", "Denpasar", "Yogyakarta", "Semarang"]
PRODUCTS = ["sepatu", "tas", "kemeja", "blender", "headset", "kopi", "buku", "jaket"]
PRODUCTS_EN = ["sneakers", "backpack", "blender", "headphones", "coffee", "notebook", "jacket"]
NAMES = ["Budi", "Siti", "Andi", "Rina", "Dewi", "Agus", "Putri", "Joko", "Sari", "Hendra"]
US_AREAS = ["212", "415", "617", "312", "646", "202"]
HANDLES = ["rina_k", "budi88", "tokomaju", "kopikenangan", "dewi.s", "andi_p"]


def _digits(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.digits) for _ in range(n))


def _price(r: random.Random) -> str:
    return f"{r.randint(10, 9999) * 1000:,}".replace(",", ".")


def clean_id(r: random.Random) -> str:
    t = r.randrange(16)
    if t == 0:
        return f"Halo kak, pesanan {r.choice(PRODUCTS)} sudah dikirim ya, estimasi {r.randint(1, 5)} hari"
    if t == 1:
        return "Terima kasih sudah belanja di toko kami, ditunggu orderan berikutnya \U0001f64f"
    if t == 2:
        return f"Jadwal rapat besok jam {r.randint(8, 16)}:{r.choice(['00', '30'])} di ruang {r.randint(1, 9)}"
    if t == 3:
        return f"Harga {r.choice(PRODUCTS)} sekarang Rp {_price(r)}, stok masih ada"
    if t == 4:
        return f"Selamat pagi, cuaca hari ini cerah di {r.choice(CITIES)}"
    if t == 5:
        return f"No pesanan {_digits(r, 16)} sudah kami proses, mohon ditunggu"
    if t == 6:
        return f"Nomor resi JP{_digits(r, 10)} bisa dicek di aplikasi"
    if t == 7:
        return (
            f"Promo KPR bunga {r.randint(2, 6)},{r.randint(0, 9)}% fixed 3 tahun. Syarat dan ketentuan berlaku. "
            "Bank Maju terdaftar dan diawasi oleh OJK."
        )
    if t == 8:
        return f"Baca artikel kami di https://www.kompas.com/tren/read/{r.randint(1000, 9999)}/tips-hemat"
    if t == 9:
        return f"@{r.choice(HANDLES)} makasih reviewnya kak, sehat selalu"
    if t == 10:
        return "Hubungi call center 1500123 atau email cs@bankmaju.co.id untuk bantuan"
    if t == 11:
        return f"Kuota terbatas untuk {r.randint(50, 500)} peserta pertama, daftar sekarang di aplikasi"
    if t == 12:
        return f"#iklan Skincare favoritku dari @glowbeauty, pakai kode {r.choice(NAMES).upper()}10 ya"
    if t == 13:
        return f"Kami buka jam 08.00-17.00 WIB setiap hari kerja, {r.choice(CITIES)} dan sekitarnya"
    if t == 14:
        return f"Invoice INV-2025-{_digits(r, 5)} sebesar Rp {_price(r)} sudah dibayar, terima kasih"
    return f"Kak {r.choice(NAMES)}, anjing peliharaan saya sudah vaksin di dokter hewan kemarin"


def clean_en(r: random.Random) -> str:
    t = r.randrange(12)
    if t == 0:
        return f"Meeting notes: revenue up {r.randint(1, 30)}% QoQ, see the dashboard"
    if t == 1:
        return f"Can you send me the slides before {r.choice(['Monday', 'Friday', 'noon'])}?"
    if t == 2:
        return f"Our office will be closed on {r.randint(1, 28)} {r.choice(['May', 'June', 'July'])} for the holiday"
    if t == 3:
        return "Thanks for reaching out! Our team will reply within 24 hours."
    if t == 4:
        return "New blog post: 5 tips for saving money https://blog.bankmaju.com/tips"
    if t == 5:
        return f"Version {r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)} is out with bug fixes"
    if t == 6:
        return f"Lunch at {r.choice(['Sushi Tei', 'the cafe', 'Warung Padang'])} at 12:30?"
    if t == 7:
        return f"#ad Loving the new {r.choice(PRODUCTS_EN)} from @fastfeet! Use code JOE{r.randint(10, 99)} for 10% off"
    if t == 8:
        return "All investing involves risk, including possible loss of principal."
    if t == 9:
        return f"Order #{_digits(r, 8)} shipped today, tracking in your account"
    if t == 10:
        return "Please place your order through the app so we keep a record"
    return f"Great to see {r.choice(NAMES)} at the town hall, thanks everyone"


def nik(r: random.Random) -> str:
    prov = r.choice(sorted(NIK_PROVINCES))
    day = r.randint(1, 28) + (40 if r.random() < 0.5 else 0)
    region = f"{prov:02d}{r.randint(1, 79):02d}{r.randint(1, 40):02d}"
    return f"{region}{day:02d}{r.randint(1, 12):02d}{r.randint(0, 99):02d}{r.randint(1, 9999):04d}"


def card(r: random.Random) -> str:
    prefix = r.choice(["4", "51", "52", "53", "54", "55", "37"])
    length = 15 if prefix == "37" else 16
    body = prefix + _digits(r, length - len(prefix) - 1)
    return body + luhn.calc_check_digit(body)


def npwp(r: random.Random) -> str:
    base = _digits(r, 8)
    n = base + luhn.calc_check_digit(base) + _digits(r, 3) + "000"
    return f"{n[0:2]}.{n[2:5]}.{n[5:8]}.{n[8]}-{n[9:12]}.{n[12:15]}"


def phone(r: random.Random) -> str:
    return (
        r.choice(["0812", "0813", "0821", "0857", "0878", "+62 812", "+62 813"]) + f"-{_digits(r, 4)}-{_digits(r, 4)}"
    )


def planted(r: random.Random, kind: str) -> Item:
    name = r.choice(NAMES)
    if kind == "nik":
        v = nik(r)
        if r.random() < 0.3:
            v = f"{v[:4]} {v[4:8]} {v[8:12]} {v[12:]}"
        text = r.choice(
            [f"NIK saya {v} mohon dibantu verifikasi", f"ini data KTP {name}: {v}", f"{name} {v} sudah daftar"]
        )
        return Item(text, "id", kind)
    if kind == "phone":
        return Item(
            r.choice(
                [
                    f"WA saya {phone(r)} ya kak",
                    f"nomor hp Pak {name} {phone(r)}",
                    f"call me at ({r.choice(US_AREAS)}) {r.randint(201, 989)}-{_digits(r, 4)}",
                ]
            ),
            "id",
            kind,
        )
    if kind == "email":
        return Item(
            f"kirim CV ke {name.lower()}.{_digits(r, 2)}@{r.choice(['gmail.com', 'yahoo.co.id', 'outlook.com'])}",
            "id",
            kind,
        )
    if kind == "card":
        c = card(r)
        return Item(
            r.choice([f"kartu kredit saya {c} tolong dicek", f"card {c[:4]} {c[4:8]} {c[8:12]} {c[12:]} exp 04/27"]),
            "id",
            kind,
        )
    if kind == "npwp":
        return Item(f"NPWP {npwp(r)} atas nama {name}", "id", kind)
    if kind == "secret":
        alnum = string.ascii_letters + string.digits
        token = r.choice(
            [
                "AKIA" + "".join(r.choice(string.ascii_uppercase + string.digits) for _ in range(16)),
                "ghp_" + "".join(r.choice(alnum) for _ in range(36)),
                "xoxb-" + _digits(r, 12) + "-" + _digits(r, 13) + "-" + "".join(r.choice(alnum) for _ in range(24)),
                "sk_live_" + "".join(r.choice(alnum) for _ in range(24)),
                "AIza" + "".join(r.choice(alnum + "_-") for _ in range(35)),
            ]
        )
        text = r.choice(
            [
                f"deploy pakai key {token} ya",
                f"token: {token}",
                f"password: {''.join(r.choice(alnum) for _ in range(10))}!",
            ]
        )
        return Item(text, "en", kind)
    if kind == "profanity":
        return Item(
            r.choice(
                [
                    "dasar goblok, gitu aja gak bisa",
                    "bangsat lama banget pelayanannya",
                    "this app is shit",
                    "wtf is this fee",
                    "admin tolol",
                ]
            ),
            r.choice(["id", "en"]),
            kind,
        )
    if kind == "evasion":
        return Item(
            r.choice(
                [
                    "dasar g0bl0kkk",
                    "b.a.n.g.s.a.t lo",
                    "anjiiiing lama banget",
                    "sl0t g4c0r maxwin",
                    "s l o t g a c o r cek bio",
                    "f u c k this bank",
                    "bodohhhh adminnya",
                    "t0l0l",
                ]
            ),
            "id",
            kind,
        )
    if kind == "gambling":
        return Item(
            r.choice(
                [
                    "SLOT GACOR hari ini maxwin!",
                    "bonus new member 100% link alternatif",
                    "depo pulsa tanpa potongan, rtp live",
                ]
            ),
            "id",
            kind,
        )
    if kind == "disclosure":
        choice = r.randrange(3)
        if choice == 0:
            return Item(f"Promo KPR bunga {r.randint(2, 6)}% fixed! Ajukan sekarang", "id", kind)
        if choice == 1:
            return Item("Loving my new sneakers from @fastfeet! Use code JOE15", "en", kind)
        return Item("Morning routine with my favourite coffee", "en", kind, {"is_sponsored": True})
    if kind == "offchannel":
        return Item(
            r.choice(
                [
                    "soal harga nego WA aja ya kak",
                    "japri aja untuk transaksi selanjutnya",
                    "text me your order and I'll place the trade",
                ]
            ),
            r.choice(["id", "en"]),
            kind,
        )
    raise ValueError(kind)


PLANTED_TYPES = (
    "nik",
    "phone",
    "email",
    "card",
    "npwp",
    "secret",
    "profanity",
    "evasion",
    "gambling",
    "disclosure",
    "offchannel",
)

#: Which rules count as detecting each planted type.
EXPECTED_RULES: dict[str, frozenset[str]] = {
    "nik": frozenset({"PII-NIK-001"}),
    "phone": frozenset({"PII-PHONE-104", "PII-PHONE-005"}),
    "email": frozenset({"PII-EMAIL-105"}),
    "card": frozenset({"PII-CARD-003"}),
    "npwp": frozenset({"PII-NPWP-101"}),
    "secret": frozenset({"SEC-CRED-012", "SEC-PWD-101", "SEC-ENTROPY-102"}),
    "profanity": frozenset({"BRAND-PROF-ID-101", "BRAND-PROF-EN-102"}),
    "evasion": frozenset({"BRAND-PROF-ID-101", "BRAND-PROF-EN-102", "ITE-GAMBLING-020"}),
    "gambling": frozenset({"ITE-GAMBLING-020"}),
    "disclosure": frozenset({"OJK-TNC-022", "OJK-REG-024", "FTC-AD-040", "FTC-AD-040M", "EPI-ENDORSE-033"}),
    "offchannel": frozenset({"OFFCH-ID-101", "FINRA-OFFCHAN-038"}),
}


def generate(n: int = 100_000, seed: int = 20261128, planted_share: float = 0.05) -> list[Item]:
    r = random.Random(seed)
    items: list[Item] = []
    for _ in range(n):
        if r.random() < planted_share:
            items.append(planted(r, r.choice(PLANTED_TYPES)))
        elif r.random() < 0.6:
            items.append(Item(clean_id(r), "id", None))
        else:
            items.append(Item(clean_en(r), "en", None))
    return items


# -- Realistic posts with metadata, as users feed `tatakelola scan` ----------------------------

PLATFORMS = ("instagram", "x", "facebook", "tiktok", "linkedin", "whatsapp", "slack")
ACCOUNT_KINDS = ("brand", "employee", "customer", "public")
HASHTAGS_ID = ("#promo", "#banknusantara", "#infokan", "#fyp", "#jakarta", "#kuliner", "#diskon", "#umkm")
HASHTAGS_EN = ("#banking", "#fintech", "#tips", "#weekend", "#travel", "#coffee", "#mondaymotivation")
EMOJI = ("\U0001f64f", "\U0001f60a", "\U0001f525", "\U0001f44d", "\u2764\ufe0f", "\U0001f602", "\u2728", "")
CHATTER_ID = (
    "wkwk iya bener banget kak",
    "btw besok jadi ketemuan di kantor cabang?",
    "mantap, makasih infonya min",
    "aku udah coba aplikasinya, lumayan cepet sekarang",
    "kapan ada promo lagi ya",
    "semangat buat tim customer service yang lembur hari ini",
)
CHATTER_EN = (
    "lol same here",
    "just tried the new app update, much faster now",
    "anyone else stuck in traffic on Sudirman?",
    "congrats to the whole team on the launch",
    "what time does the branch open on Saturday?",
)


def post_text(r: random.Random, item: Item) -> str:
    """Make a templated message read like a real post: replies and mentions,
    chatter before or after, hashtags and emoji, code-switching."""
    text = item.text
    indonesian = item.language == "id"
    if r.random() < 0.35:
        text = f"@{r.choice(HANDLES)} {text}"
    if r.random() < 0.3:
        chatter = CHATTER_ID if indonesian else CHATTER_EN
        if r.random() < 0.15:  # code-switching
            chatter = CHATTER_EN if indonesian else CHATTER_ID
        extra = r.choice(chatter)
        text = f"{extra}. {text}" if r.random() < 0.5 else f"{text}. {extra}"
    if r.random() < 0.4:
        tags = HASHTAGS_ID if indonesian else HASHTAGS_EN
        text = f"{text} {' '.join(r.sample(tags, r.randint(1, 3)))}"
    emoji = r.choice(EMOJI)
    if emoji and r.random() < 0.3:
        text = f"{text} {emoji}"
    return text


def post_record(r: random.Random, k: int, item: Item) -> dict[str, Any]:
    """One JSONL record: id, text, language, author, channel and a metadata
    object of several fields no built-in rule reads (plus the item's own)."""
    platform = r.choice(PLATFORMS)
    metadata: dict[str, Any] = {
        "platform": platform,
        "created_at": f"2026-{r.randint(1, 11):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:"
        f"{r.randint(0, 59):02d}:{r.randint(0, 59):02d}Z",
        "account_kind": r.choice(ACCOUNT_KINDS),
        "likes": r.randint(0, 5000),
        "replies": r.randint(0, 200),
        "is_reply": r.random() < 0.4,
        "url": f"https://{platform}.example/p/{k:08d}",
    }
    metadata.update(item.metadata)
    return {
        "id": f"m{k:07d}",
        "text": post_text(r, item),
        "language": item.language,
        "author": f"@{r.choice(HANDLES)}",
        "channel": platform,
        "metadata": metadata,
    }


def posts(n: int = 100_000, seed: int = 20261128) -> list[dict[str, Any]]:
    """``n`` realistic records (the planted/clean mix of :func:`generate`)."""
    items = generate(n, seed)
    r = random.Random(seed + 1)
    return [post_record(r, k, item) for k, item in enumerate(items)]


def write_jsonl(path: str, n: int = 100_000, seed: int = 20261128, *, repeat: int = 1) -> None:
    """Write ``n`` records (``repeat`` times, ids made unique) as JSONL."""
    import json

    records = posts(n, seed)
    with Path(path).open("w", encoding="utf-8") as out:
        for rep in range(repeat):
            for rec in records:
                if rep:
                    rec = {**rec, "id": f"{rec['id']}-{rep}"}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    import sys

    write_jsonl(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)

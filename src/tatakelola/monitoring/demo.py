"""Monitored accounts and a few imported messages for the demo organisation."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tatakelola.connectors import Page, RawItem
from tatakelola.connectors.generic import JsonlConnector
from tatakelola.monitoring import services
from tatakelola.monitoring.choices import AccountStatus, AccountType, Platform, RiskTier
from tatakelola.monitoring.models import MonitoredAccount
from tatakelola.orgs.models import Organisation

# (platform, handle, display name, type, owner username, backup username, department, risk tier, status, connector)
ACCOUNTS = [
    (
        Platform.INSTAGRAM,
        "@banknusantara",
        "Bank Nusantara",
        AccountType.BRAND,
        "komunikasi",
        "reviewer",
        "komunikasi",
        RiskTier.HIGH,
        AccountStatus.ACTIVE,
        "webhook",
    ),
    (
        Platform.X,
        "@banknusantara_id",
        "Bank Nusantara",
        AccountType.BRAND,
        "komunikasi",
        None,
        "komunikasi",
        RiskTier.HIGH,
        AccountStatus.ACTIVE,
        "",
    ),
    (
        Platform.LINKEDIN,
        "bank-nusantara-direktur-utama",
        "Direktur Utama",
        AccountType.EXECUTIVE,
        None,
        None,
        "komunikasi",
        RiskTier.HIGH,
        AccountStatus.ACTIVE,
        "",
    ),
    (
        Platform.SLACK,
        "banknusantara.slack.com",
        "Slack internal",
        AccountType.COMMUNITY,
        "admin",
        "kepatuhan",
        "ti",
        RiskTier.MEDIUM,
        AccountStatus.ACTIVE,
        "",
    ),
    (
        Platform.FACEBOOK,
        "BankNusantaraPromo2019",
        "Promo 2019",
        AccountType.BRAND,
        "komunikasi",
        None,
        "pemasaran",
        RiskTier.LOW,
        AccountStatus.DORMANT,
        "",
    ),
]

MESSAGES = [
    (
        "@banknusantara",
        "ig-1001",
        "Bank Nusantara",
        "Selamat pagi! Nikmati bunga deposito spesial bulan ini, syarat dan ketentuan berlaku.",
        1,
    ),
    (
        "@banknusantara",
        "ig-1002",
        "pelanggan_kecewa",
        "Kartu saya terblokir, tolong hubungi saya di 0812-3456-7890 segera!",
        2,
    ),
    ("@banknusantara", "ig-1003", "Bank Nusantara", "Terima kasih atas kunjungan Anda ke cabang Menteng kemarin.", 3),
    (
        "@banknusantara",
        "ig-1004",
        "rekan_agen",
        "Kirim foto KTP dan NIK 3201010101010001 via DM untuk pembukaan rekening ya",
        4,
    ),
    (
        "banknusantara.slack.com",
        "T01:general:1730419260.000200",
        "Yogi Firmansyah",
        "Draf kampanye influencer siap, belum ada tanda #iklan di caption.",
        5,
    ),
    (
        "banknusantara.slack.com",
        "T01:general:1730419320.000300",
        "Agus Setiawan",
        "Rapat evaluasi layanan nasabah pukul 14.00 di ruang 3.",
        6,
    ),
    (
        "banknusantara.slack.com",
        "T01:it-ops:1730419380.000400",
        "Yogi Firmansyah",
        "Password server staging: hunter2-Prod!2026 jangan disebar ya",
        7,
    ),
    (
        "banknusantara.slack.com",
        "T01:kredit:1730419440.000500",
        "Agus Setiawan",
        "Japri aja ya lewat WA soal pengajuan kredit nasabah ini",
        30,
    ),
    (
        "banknusantara.slack.com",
        "T01:kredit:1730419500.000600",
        "Agus Setiawan",
        "Nasabah a.n. Budi Santoso, NIK 3174054508850003, minta restrukturisasi kredit",
        29,
    ),
    ("@banknusantara", "ig-1005", "netizen_marah", "Dasar bank goblok, pelayanan bodoh banget", 8),
    (
        "@banknusantara",
        "ig-1006",
        "Bank Nusantara",
        "Deposito bunga 9% dijamin pasti untung tanpa risiko, kuota terbatas!",
        9,
    ),
    (
        "bank-nusantara-direktur-utama",
        "li-2001",
        "Direktur Utama",
        "Our new fund offers guaranteed returns with no risk at all.",
        10,
    ),
]


def demo_monitoring_seed(*, organisation: Organisation) -> None:
    """Idempotent: does nothing when the organisation already monitors accounts."""
    if MonitoredAccount.objects.filter(organisation=organisation).exists():
        return
    people = {p.user.username: p for p in organisation.people.select_related("user") if p.user is not None}
    departments = {d.code: d for d in organisation.departments.all()}
    accounts = {}
    for platform, handle, name, kind, owner, backup, dept, tier, status, connector in ACCOUNTS:
        accounts[handle] = services.account_create(
            actor=None,
            organisation=organisation,
            platform=platform,
            handle=handle,
            display_name=name,
            account_type=kind,
            owner=people.get(owner or ""),
            backup_owner=people.get(backup or ""),
            department=departments.get(dept),
            risk_tier=tier,
            status=status,
            connector=connector,
            # A demo secret for the webhook, so its signature check can be tried out; never a real one.
            credentials={"secret": "demo-webhook-secret"} if connector == "webhook" else None,
        )
    now = timezone.now()
    for handle in {m[0] for m in MESSAGES}:
        account = accounts[handle]
        items = [
            RawItem(
                {
                    "id": external_id,
                    "text": text,
                    "author": author,
                    "created_at": (now - timedelta(hours=hours)).isoformat(),
                    "platform": account.platform,
                },
                f"demo #{n}",
            )
            for n, (h, external_id, author, text, hours) in enumerate(MESSAGES, start=1)
            if h == handle
        ]
        reader = JsonlConnector(services.connector_settings(account))
        services.page_ingest(account=account, normalize=reader.normalize, page=Page(items=items), source="demo")

"""The demo organisation: a fictional Indonesian bank with a cross-functional governance team."""

from __future__ import annotations

from tatakelola.orgs.choices import CommitteePosition, Language, Role

ORGANISATION = {
    "name": "Bank Nusantara Sejahtera",
    "slug": "bank-nusantara",
    "legal_name": "PT Bank Nusantara Sejahtera Tbk",
    "sector": "Perbankan (diawasi OJK)",
}
# The demo bank's own domains (fictional): what look-alike links imitate.
DOMAINS = ["banknusantara.co.id", "banknusantara.com"]

# (code, name, description)
DEPARTMENTS = [
    ("kepatuhan", "Kepatuhan", "Kepatuhan: UU PDP, POJK 22/2023, anti-fraud"),
    ("risiko", "Manajemen Risiko", "Risiko operasional dan reputasi"),
    ("hukum", "Hukum", "Penasihat hukum dan litigasi"),
    ("komunikasi", "Komunikasi Korporat", "Akun merek, pers dan media sosial"),
    ("sdm", "Human Capital", "SDM, pelatihan dan perilaku karyawan"),
    ("pemasaran", "Pemasaran Digital", "Kampanye, influencer dan promosi"),
    ("ti", "Teknologi Informasi", "Keamanan TI dan alat kolaborasi"),
    ("audit-internal", "Audit Internal", "Asurans independen"),
    ("layanan", "Layanan Nasabah", "Layanan nasabah dan layanan pelanggan di media sosial"),
]

# (username, full name, department code, job title, roles, language, committee position, responsibility)
PEOPLE = [
    (
        "admin",
        "Rina Wulandari",
        "kepatuhan",
        "Kepala Tata Kelola Digital",
        [Role.GOVERNANCE_ADMIN, Role.EMPLOYEE],
        Language.INDONESIAN,
        CommitteePosition.SECRETARY,
        "Pemilik platform, paket aturan dan sekretariat komite",
    ),
    (
        "kepatuhan",
        "Dimas Pratama",
        "kepatuhan",
        "Compliance Officer",
        [Role.COMPLIANCE_OFFICER, Role.EMPLOYEE],
        Language.INDONESIAN,
        CommitteePosition.CHAIR,
        "Kepatuhan UU PDP dan pemasaran OJK",
    ),
    (
        "risiko",
        "Sari Kusumawati",
        "risiko",
        "Risk Manager",
        [Role.RISK_MANAGER, Role.EMPLOYEE],
        Language.INDONESIAN,
        CommitteePosition.MEMBER,
        "Register risiko dan indikator risiko utama",
    ),
    (
        "hukum",
        "Andreas Siregar",
        "hukum",
        "Legal Counsel",
        [Role.LEGAL_COUNSEL, Role.EMPLOYEE],
        Language.INDONESIAN,
        CommitteePosition.MEMBER,
        "UU ITE, legal hold dan pelaporan ke regulator",
    ),
    (
        "komunikasi",
        "Putri Maharani",
        "komunikasi",
        "Head of Corporate Communications",
        [Role.COMMUNICATIONS_MANAGER, Role.EMPLOYEE],
        Language.INDONESIAN,
        CommitteePosition.MEMBER,
        "Akun merek dan persetujuan pra-publikasi",
    ),
    (
        "sdm",
        "Bambang Hartono",
        "sdm",
        "Learning & Development Lead",
        [Role.HR_TRAINER, Role.EMPLOYEE],
        Language.INDONESIAN,
        CommitteePosition.MEMBER,
        "Pelatihan dan kursus remedial",
    ),
    (
        "reviewer",
        "Nadia Rahmawati",
        "komunikasi",
        "Social Media Reviewer",
        [Role.REVIEWER, Role.EMPLOYEE],
        Language.INDONESIAN,
        None,
        "",
    ),
    ("karyawan", "Agus Setiawan", "layanan", "Customer Care Officer", [Role.EMPLOYEE], Language.INDONESIAN, None, ""),
    ("auditor", "Margaret Tan", "audit-internal", "Internal Auditor", [Role.AUDITOR], Language.ENGLISH, None, ""),
]

# Employees governed by the platform who do not log in.
STAFF_WITHOUT_LOGIN = [
    ("Yogi Firmansyah", "pemasaran", "Digital Campaign Specialist"),
    ("Lestari Anggraini", "pemasaran", "Influencer Partnerships"),
    ("Rizky Maulana", "ti", "Security Engineer"),
    ("Fitri Handayani", "layanan", "Social Customer Care Agent"),
    ("Hendra Gunawan", "layanan", "Branch Service Manager"),
    ("Wahyu Nugroho", "ti", "Collaboration Platform Admin"),
]

COMMITTEE = {
    "name": "Komite Tata Kelola Media Sosial",
    "charter": (
        "Menetapkan kebijakan media sosial, menyetujui paket aturan, meninjau risiko dan insiden, "
        "serta memastikan kepatuhan terhadap UU PDP, UU ITE dan POJK 22/2023."
    ),
}

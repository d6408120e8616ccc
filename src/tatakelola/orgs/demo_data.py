"""The demo organisation: a fictional Indonesian bank with a cross-functional governance team."""

from __future__ import annotations

from tatakelola.orgs.choices import CommitteePosition, Language, Role

ORGANISATION = {
    "name": "Bank Nusantara Sejahtera",
    "slug": "bank-nusantara",
    "legal_name": "PT Bank Nusantara Sejahtera Tbk",
    "sector": "Perbankan (diawasi OJK)",
}

# (code, name, description)
DEPARTMENTS = [
    ("kepatuhan", "Kepatuhan", "Compliance: UU PDP, POJK 22/2023, anti-fraud"),
    ("risiko", "Manajemen Risiko", "Operational and reputational risk"),
    ("hukum", "Hukum", "Legal counsel and litigation"),
    ("komunikasi", "Komunikasi Korporat", "Brand accounts, press and social media"),
    ("sdm", "Human Capital", "HR, training and employee conduct"),
    ("pemasaran", "Pemasaran Digital", "Campaigns, influencers and promotions"),
    ("ti", "Teknologi Informasi", "IT security and collaboration tools"),
    ("audit-internal", "Audit Internal", "Independent assurance"),
    ("layanan", "Layanan Nasabah", "Customer care and social customer service"),
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
        "Platform owner, rule packs and committee secretariat",
    ),
    (
        "kepatuhan",
        "Dimas Pratama",
        "kepatuhan",
        "Compliance Officer",
        [Role.COMPLIANCE_OFFICER, Role.EMPLOYEE],
        Language.INDONESIAN,
        CommitteePosition.CHAIR,
        "UU PDP and OJK marketing compliance",
    ),
    (
        "risiko",
        "Sari Kusumawati",
        "risiko",
        "Risk Manager",
        [Role.RISK_MANAGER, Role.EMPLOYEE],
        Language.INDONESIAN,
        CommitteePosition.MEMBER,
        "Risk register and key risk indicators",
    ),
    (
        "hukum",
        "Andreas Siregar",
        "hukum",
        "Legal Counsel",
        [Role.LEGAL_COUNSEL, Role.EMPLOYEE],
        Language.INDONESIAN,
        CommitteePosition.MEMBER,
        "UU ITE, legal holds and regulator reports",
    ),
    (
        "komunikasi",
        "Putri Maharani",
        "komunikasi",
        "Head of Corporate Communications",
        [Role.COMMUNICATIONS_MANAGER, Role.EMPLOYEE],
        Language.INDONESIAN,
        CommitteePosition.MEMBER,
        "Brand accounts and pre-publication approval",
    ),
    (
        "sdm",
        "Bambang Hartono",
        "sdm",
        "Learning & Development Lead",
        [Role.HR_TRAINER, Role.EMPLOYEE],
        Language.INDONESIAN,
        CommitteePosition.MEMBER,
        "Training and remedial courses",
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

"""Pages render in the person's language, and the language switch changes it (auditors: cookie only)."""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tatakelola.audit.models import AuditEntry
from tatakelola.orgs.models import Person

COOKIE = settings.LANGUAGE_COOKIE_NAME

# Interface text only: demo data (departments, job titles, responsibilities) is partly English on purpose.
MENU_ID = ["Tim tata kelola", "Personel", "Departemen", "Log audit", "Keluar", "Menu utama"]
MENU_EN = ["Governance team", "People", "Departments", "Audit log", "Log out", "Main menu"]

# path: (Indonesian text that must appear, English interface text that must not)
PAGES: dict[str, tuple[list[str], list[str]]] = {
    "/": (
        [
            "Organisasi",
            "Kelola komite",
            "Frekuensi rapat",
            "Rapat berikutnya",
            "Departemen yang terwakili",
            "Peran dan pemegangnya",
            "Admin tata kelola",
            "Membaca log audit",
            "Bulanan",
            "Ketua",
        ],
        [
            "Organisation",
            "Manage committee",
            "Meeting cadence",
            "Next meeting",
            "Departments represented",
            "Roles and who holds them",
            "Governance admin",
            "Read the audit log",
            "Monthly",
        ],
    ),
    "/org/people/": (
        ["Semua departemen", "Semua peran", "Jabatan", "Akun login", "Ubah peran", "Auditor (hanya baca)"],
        ["All departments", "All roles", "Job title", "Edit roles", "Auditor (read-only)", "Governance admin"],
    ),
    "/org/departments/": (
        ["Departemen baru", "Pengenal singkat, mis. hukum", "Deskripsi", "Buat"],
        ["New department", "Short identifier", "Description"],
    ),
    "/org/committee/": (
        ["Komite Tata Kelola Media Sosial", "Tambah anggota", "Tanggung jawab", "Sekretaris", "Hapus"],
        ["Add a member", "Responsibility", "Secretary"],
    ),
    "/org/me/": (
        [
            "Profil saya",
            "Token API",
            "Belum ada token.",
            "Buat token",
            "Nama token, mis. skrip pelaporan",
            "Dokumentasi API",
            "Authorization: Bearer",
        ],
        [
            "My profile",
            "API tokens",
            "No tokens yet.",
            "Create token",
            "reporting script",
            "API documentation",
            "Use it as",
        ],
    ),
    "/audit/": (
        [
            "Setiap perubahan tercatat dalam rantai hash",
            "Verifikasi rantai sekarang",
            "Verifikasi terbaru",
            "Rantai belum pernah diverifikasi.",
            "Tindakan diawali dengan",
            "Pelaku",
            "Terapkan filter",
        ],
        [
            "Every change, hash-chained",
            "Verify the chain now",
            "Recent verifications",
            "has not been verified",
            "Action starts with",
            "Who",
            "Filter",
        ],
    ),
}
LOGIN_ID = ["Masuk ke Tatakelola", "Nama pengguna", "Kata sandi", "Tata kelola media sosial"]
LOGIN_EN = ["Log in to Tatakelola", "Username", "Password", "Social media governance"]


class _ReadableText(HTMLParser):
    """What a person reads: text nodes and the labels screen readers and tooltips show."""

    ATTRIBUTES = frozenset({"aria-label", "placeholder", "title", "alt"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.extend(value for name, value in attrs if name in self.ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def readable(body: bytes) -> str:
    parser = _ReadableText()
    parser.feed(body.decode())
    return " ".join(" ".join(html.unescape(part).split()) for part in parser.parts if part.strip())


def assert_language(client: Client, path: str, present: list[str], absent: list[str], language: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    assert f'<html lang="{language}">' in response.content.decode(), path
    text = readable(response.content)
    missing = [s for s in present if s not in text]
    assert not missing, f"{path}: missing {language} text {missing} in: {text[:1500]}"
    wrong = [s for s in absent if s in text]
    assert not wrong, f"{path}: text in the wrong language {wrong} in: {text[:1500]}"


@pytest.mark.parametrize("path", sorted(PAGES))
def test_an_indonesian_person_reads_every_page_in_indonesian(client_for: Callable[[str], Client], path: str) -> None:
    client = client_for("admin")  # Rina Wulandari, governance admin, language id
    client.cookies[COOKIE] = "en"  # the person's saved preference beats the cookie
    present, absent = PAGES[path]
    assert_language(client, path, MENU_ID + present, MENU_EN + absent, "id")


def test_the_token_hint_shows_the_bearer_placeholder(client_for: Callable[[str], Client]) -> None:
    text = readable(client_for("admin").get("/org/me/").content)
    assert "Authorization: Bearer <token>" in text


@pytest.mark.parametrize(("cookie", "present", "absent"), [("id", LOGIN_ID, LOGIN_EN), ("en", LOGIN_EN, LOGIN_ID)])
def test_the_login_page_follows_the_language_cookie(
    db: None, cookie: str, present: list[str], absent: list[str]
) -> None:
    client = Client()
    client.cookies[COOKIE] = cookie
    assert_language(client, reverse("login"), present, absent, cookie)


def test_the_language_switch_saves_the_persons_preference(client_for: Callable[[str], Client]) -> None:
    client = client_for("admin")
    person = Person.objects.get(user__username="admin")
    assert person.language == "id"
    entries = AuditEntry.objects.count()

    response = client.post(reverse("language_switch"), {"language": "en", "next": "/audit/"})
    assert response.status_code == 302
    assert response["Location"] == "/audit/"
    assert client.cookies[COOKIE].value == "en"
    person.refresh_from_db()
    assert person.language == "en"
    assert AuditEntry.objects.count() == entries + 1  # one state change, one audit entry
    present, absent = PAGES["/audit/"]
    assert_language(client, "/audit/", MENU_EN + absent, MENU_ID + present, "en")

    # The saved preference, not the cookie, decides: it follows the person to a new browser.
    fresh = client_for("admin")
    assert_language(fresh, "/org/me/", ["My profile", "API tokens"], ["Profil saya"], "en")

    client.post(reverse("language_switch"), {"language": "id", "next": "/"})
    person.refresh_from_db()
    assert person.language == "id"
    assert_language(client, "/", MENU_ID, MENU_EN, "id")


def test_the_auditors_language_switch_writes_nothing(client_for: Callable[[str], Client]) -> None:
    client = client_for("auditor")  # Margaret Tan, read-only, language en
    person = Person.objects.get(user__username="auditor")
    assert person.language == "en"
    entries = AuditEntry.objects.count()

    response = client.post(reverse("language_switch"), {"language": "id", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[COOKIE].value == "id"
    person.refresh_from_db()
    assert person.language == "en"
    assert AuditEntry.objects.count() == entries
    # The cookie is the auditor's only preference, so it must take effect.
    page = client.get("/")
    assert page["Content-Language"] == "id"
    assert "Tim tata kelola" in page.content.decode()


def test_an_unknown_language_changes_nothing(client_for: Callable[[str], Client]) -> None:
    client = client_for("kepatuhan")
    entries = AuditEntry.objects.count()
    response = client.post(reverse("language_switch"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert COOKIE not in client.cookies
    assert Person.objects.get(user__username="kepatuhan").language == "id"
    assert AuditEntry.objects.count() == entries

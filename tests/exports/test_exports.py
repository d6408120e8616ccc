"""Cross-cutting documents: CSV/XLSX of lists, PDF from templates, sanitised Markdown, signatures."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tatakelola.exports.pdf import FetchRefused, fetch_resource, render_pdf
from tatakelola.exports.tabular import Column, csv_text, tabular_response, xlsx_bytes
from tatakelola.utilities import signing
from tatakelola.utilities.errors import DomainError
from tatakelola.utilities.markdown import render_markdown
from tatakelola.utilities.texts import deferred

COLUMNS = [Column("name", _("Name")), Column("at", _("Time")), Column("note", _("Note"))]
ROWS = [
    {"name": '=HYPERLINK("http://evil")', "at": datetime(2026, 12, 1, 1, 30, tzinfo=UTC), "note": "+62 812"},
    {"name": "Siti", "at": None, "note": deferred("Case marked as a crisis.")},
]


def test_csv_has_translated_headers_local_times_and_no_formulas() -> None:
    with translation.override("id"):
        text = csv_text(COLUMNS, ROWS)
    assert text.startswith("\ufeffNama,Waktu,Catatan")
    assert "'=HYPERLINK" in text and "'+62 812" in text  # CSV injection neutralised
    assert "2026-12-01 08:30:00" in text  # WIB, not UTC
    assert "Kasus ditandai sebagai krisis." in text  # deferred text rendered in the reader's language


def test_xlsx_holds_the_same_cells() -> None:
    content = xlsx_bytes(COLUMNS, ROWS, sheet="cases")
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        xml = "".join(workbook.read(name).decode() for name in workbook.namelist() if name.endswith(".xml"))
    assert ("Siti" in xml and "&apos;=HYPERLINK" in xml) or "'=HYPERLINK" in xml
    assert "<f>" not in xml  # no cell is a formula


def test_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(DomainError):
        tabular_response("pdf", "x", COLUMNS, ROWS)


def test_pdf_renders_in_the_requested_language(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        reason = "pdftotext is missing: apt-get install poppler-utils (make browser-deps)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"required tool unavailable under CI=true: {reason}")
        pytest.skip(reason)
    context = {"body": "Bank Nusantara", "organisation": {"name": "PT X"}}
    templates = [{**settings.TEMPLATES[0], "DIRS": [Path(__file__).parent / "templates"]}]
    with override_settings(TEMPLATES=templates):
        pdf = render_pdf("exports_test/sample.html", context, language="id")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Notifikasi" in text and "Bank Nusantara" in text and "PT X" in text and "Halaman 1 / 1" in text


def test_pdf_fetches_nothing_from_the_network() -> None:
    for url in ("http://169.254.169.254/latest", "https://example.org/a.png", "file:///etc/passwd"):
        with pytest.raises(FetchRefused):
            fetch_resource(url)
    assert fetch_resource("data:text/plain,hi") == (b"hi", "text/plain")


@pytest.mark.parametrize(
    ("markdown", "absent"),
    [
        ("<script>alert(1)</script>", "alert"),
        ("[x](javascript:alert(1))", "javascript"),
        ("<img src=x onerror=alert(1)>", "onerror"),
        ('<a href="https://e.org" onclick="steal()">e</a>', "onclick"),
        ("![p](https://tracker.example/p.gif)", "tracker.example"),
        ('<iframe src="https://e.org"></iframe>', "iframe"),
        ('<p style="position:fixed">x</p>', "style"),
    ],
)
def test_markdown_renders_inert(markdown: str, absent: str) -> None:
    assert absent not in render_markdown(markdown)


def test_markdown_keeps_structure() -> None:
    html = render_markdown("## Pasal 1\n\n- satu\n- dua\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[OJK](https://ojk.go.id)")
    assert "<h2>Pasal 1</h2>" in html and "<li>satu</li>" in html and "<td>1</td>" in html
    assert 'href="https://ojk.go.id" rel="noopener noreferrer"' in html


def test_signatures_verify_and_keys_stay_private(tmp_path: Path) -> None:
    with override_settings(TATAKELOLA_KEY_DIR=tmp_path / "keys"):
        signature = signing.sign(b"manifest", scope="org-bank")
        public = signing.public_key_pem("org-bank")
        assert signing.verify(b"manifest", signature, public)
        assert not signing.verify(b"manifest!", signature, public)
        assert not signing.verify(b"manifest", signature, signing.public_key_pem("installation"))
        assert not signing.verify(b"manifest", "not base64!", public)
        key_file = tmp_path / "keys" / "org-bank.ed25519.pem"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert len(signing.fingerprint(public).split()) == 8
        with pytest.raises(ValueError):
            signing.sign(b"x", scope="../etc")

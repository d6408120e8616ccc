"""PDF documents from Django templates (WeasyPrint).

    pdf = render_pdf("training/certificate.html", {"person": person, ...}, language="id")

The template extends ``exports/pdf_base.html`` (A4, page numbers, the organisation and the
generation time in the footer) and is rendered in ``language`` and the given time zone. Nothing is
fetched from the network: only ``data:`` URIs and files under the static directories load, so a
document built from user content can neither leak a request nor wait on a remote server.
"""

from __future__ import annotations

import mimetypes
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation


class FetchRefused(ValueError):
    """A document asked for a resource outside the static files."""


def _static_path(url: str) -> Path | None:
    parts = urlsplit(url)
    path = unquote(parts.path)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parts.scheme in ("", "file") and path.startswith(prefix):
        found = finders.find(path[len(prefix) :])
        if isinstance(found, str):
            return Path(found)
    return None


def fetch_resource(url: str) -> tuple[bytes, str]:
    """The bytes and media type of a resource a document may load: a ``data:`` URI or a static file."""
    if url.startswith("data:"):
        with urllib.request.urlopen(url) as response:  # noqa: S310  # data: URIs only, never the network
            return response.read(), response.headers.get_content_type()
    path = _static_path(url)
    if path is None:
        raise FetchRefused(f"refused to fetch {urlsplit(url).scheme or 'relative'} resource in a PDF")
    return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            body, media_type = fetch_resource(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": media_type})

    return StaticOnlyFetcher()


def render_html(template: str, context: dict[str, Any], *, language: str, time_zone: str | None = None) -> str:
    with translation.override(language), timezone.override(time_zone or settings.TIME_ZONE):
        return render_to_string(template, {"generated_at": timezone.now(), "language": language, **context})


def render_pdf(template: str, context: dict[str, Any], *, language: str, time_zone: str | None = None) -> bytes:
    """The template rendered to PDF bytes in ``language`` (``id`` or ``en``)."""
    from weasyprint import HTML  # imported when a document is made: it loads Pango and fonts

    html = render_html(template, context, language=language, time_zone=time_zone)
    document = HTML(string=html, base_url="/", url_fetcher=_fetcher())
    return bytes(document.write_pdf())

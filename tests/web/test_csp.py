"""Content-Security-Policy on every page, and templates that need nothing the policy forbids."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory

import tatakelola

PACKAGE = Path(tatakelola.__file__).parent
# Documents rendered to PDF by WeasyPrint (named pdf_*.html or kept in a pdf/ folder) never reach a
# browser, so the policy does not apply to them.
TEMPLATES = sorted(
    p for p in PACKAGE.rglob("templates/**/*.html") if not p.name.startswith("pdf_") and "pdf" not in p.parent.parts
)

# What the policy (script-src/style-src 'self' + nonce) would block, found in template source.
FORBIDDEN = {
    "inline event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "htmx inline handler": re.compile(r"\shx-on[:-]", re.IGNORECASE),
    "htmx js: value": re.compile(r"\shx-vals\s*=\s*['\"]\s*js:", re.IGNORECASE),
}
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b([^>]*)>", re.IGNORECASE)


def test_templates_were_found() -> None:
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_template_has_no_inline_code(template: Path) -> None:
    source = re.sub(r"{#.*?#}|{% comment %}.*?{% endcomment %}", "", template.read_text(), flags=re.DOTALL)
    problems = [name for name, pattern in FORBIDDEN.items() if pattern.search(source)]
    for attributes in SCRIPT_TAG.findall(source):
        if "src=" not in attributes and "csp_nonce" not in attributes:
            problems.append("inline <script> without a nonce")
    for attributes in STYLE_TAG.findall(source):
        if "csp_nonce" not in attributes:
            problems.append("inline <style> without a nonce")
    assert problems == [], "put behaviour in static JS and styles in static CSS (CONTRIBUTING.md)"


def _directives(header: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/", "/audit/", "/cases/", "/monitoring/accounts/", "/api/docs", "/api/me", "/nope/"]
)
def test_every_response_carries_a_strict_policy(client_for: Callable[[str], Client], path: str) -> None:
    response = client_for("admin").get(path)
    directives = _directives(response["Content-Security-Policy"])
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name] and "'unsafe-eval'" not in directives[name]
        assert "'self'" in directives[name]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["report-uri"] == ["/csp-report/"]


def test_nonce_is_fresh_per_request_and_only_sent_when_used() -> None:
    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">1</script>')
    nonces = []
    for _ in range(2):
        request = RequestFactory().get("/")
        middleware = CSPMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
        middleware.process_request(request)
        html = template.render({"csp_nonce": request.csp_nonce}, request)  # type: ignore[attr-defined]
        response = middleware.process_response(request, HttpResponse(html))
        nonce = re.search(r'nonce="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    unused = RequestFactory().get("/")
    middleware.process_request(unused)
    assert "nonce-" not in middleware.process_response(unused, HttpResponse("x"))["Content-Security-Policy"]


def test_violation_reports_are_logged_without_query_strings(db: None, caplog: pytest.LogCaptureFixture) -> None:
    report = {
        "csp-report": {
            "document-uri": "http://testserver/cases/?token=secret",
            "violated-directive": "script-src-elem",
            "effective-directive": "script-src-elem",
            "blocked-uri": "inline",
        }
    }
    with caplog.at_level(logging.WARNING, logger="tatakelola.csp"):
        response = Client().post("/csp-report/", json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    assert "script-src-elem blocked inline on http://testserver/cases/" in caplog.text
    assert "secret" not in caplog.text
    assert Client().post("/csp-report/", "x" * 20_000, content_type="application/csp-report").status_code == 413
    assert Client().post("/csp-report/", "not json", content_type="application/csp-report").status_code == 400
    assert Client().get("/csp-report/").status_code == 405

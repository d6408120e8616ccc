"""Peer scanners as whole processes, for ``scan_cli_bench.py``: read the same JSONL corpus, scan
each message's text, write one JSON line per message with what was found.

    python benchmarks/peers.py naive corpus.jsonl [--limit N]
    python benchmarks/peers.py detect-secrets corpus.jsonl [--limit N]
    python benchmarks/peers.py presidio corpus.jsonl [--limit N]

``naive`` is what a team writes first: 24 Python regexes (the same kinds of things the built-in
packs look for), each run over every message, reporting every match with its span (as a scanner
must: the findings say where). ``detect-secrets`` runs Yelp's default plugins and
filters over a file with one message per line. ``presidio`` runs Microsoft Presidio's analyzer
restricted to its pattern recognizers (a blank spaCy pipeline: no model download). ``--limit 0``
reads nothing and measures start-up alone.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

NAIVE = {
    "email": r"[\w.+-]+@[\w-]+\.[\w.-]+",
    "phone_id": r"(?:\+62|62|0)8\d{1,3}[\s-]?\d{3,4}[\s-]?\d{3,5}",
    "phone_intl": r"\+\d{1,3}[\s-]?\(?\d{1,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}",
    "card": r"\b(?:\d[ -]?){13,19}\b",
    "nik": r"\b\d{16}\b",
    "npwp": r"\b\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}\b",
    "iban": r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b",
    "ipv4": r"\b(?:\d{1,3}\.){3}\d{1,3}\b",
    "aws_key": r"\bAKIA[0-9A-Z]{16}\b",
    "github_token": r"\bgh[pousr]_[A-Za-z0-9]{36}\b",
    "slack_token": r"\bxox[abposr]-[A-Za-z0-9-]{10,}",
    "google_key": r"\bAIza[0-9A-Za-z_-]{35}\b",
    "stripe_key": r"\b[sr]k_live_[0-9A-Za-z]{16,}\b",
    "jwt": r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+",
    "private_key": r"-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----",
    "password": r"(?i)\b(?:password|passwd|pwd|sandi)\s*[:=]\s*\S+",
    "url": r"https?://[^\s]+",
    "shortener": r"(?i)\b(?:bit\.ly|s\.id|tinyurl\.com|t\.co|cutt\.ly)/\S+",
    "profanity_id": r"(?i)\b(?:anjing|bangsat|goblok|tolol|kontol|memek|bajingan|kampret|brengsek|bego)\b",
    "profanity_en": r"(?i)\b(?:fuck\w*|shit|bullshit|bitch|asshole|bastard|cunt|wtf|stfu)\b",
    "gambling": r"(?i)\b(?:slot gacor|maxwin|judi online|depo pulsa|rtp live)\b",
    "missing_tnc": r"(?i)\b(?:promo|cashback|cicilan|bunga)\b",
    "ad_tag": r"(?i)#(?:ad|iklan|sponsored|endorse)\b",
    "off_channel": r"(?i)\b(?:wa aja|japri|dm me|text me|whatsapp me)\b",
}


def texts(path: str, limit: int | None) -> Iterator[tuple[str, str]]:
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            rec = json.loads(line)
            yield str(rec.get("id", n)), rec["text"]


def naive() -> Callable[[str], list[Any]]:
    compiled = [(name, re.compile(rx)) for name, rx in NAIVE.items()]
    return lambda text: [(name, m.start(), m.end()) for name, rx in compiled for m in rx.finditer(text)]


def presidio() -> Callable[[str], list[Any]]:
    import spacy
    import tldextract

    # Presidio's e-mail/URL recognizers call tldextract, which would fetch the suffix list.
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    nlp_engine.nlp = {"en": spacy.blank("en")}
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=["en"])
    registry.recognizers = [r for r in registry.recognizers if isinstance(r, PatternRecognizer)]
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])
    return lambda text: sorted({r.entity_type for r in analyzer.analyze(text=text, language="en")})


def detect_secrets(items: list[tuple[str, str]], out: object) -> None:
    from detect_secrets import SecretsCollection
    from detect_secrets.settings import default_settings

    found: dict[int, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "messages.txt"
        path.write_text("".join(t.replace("\n", " ") + "\n" for _, t in items), encoding="utf-8")
        with default_settings():
            secrets = SecretsCollection()
            secrets.scan_file(str(path))
        for _filename, secret in secrets:
            found.setdefault(secret.line_number - 1, []).append(secret.type)
    for k, (msg_id, _) in enumerate(items):
        out.write(json.dumps({"id": msg_id, "found": sorted(found.get(k, []))}) + "\n")  # type: ignore[attr-defined]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("peer", choices=("naive", "detect-secrets", "presidio"))
    ap.add_argument("path")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    out = sys.stdout
    if args.peer == "detect-secrets":
        detect_secrets(list(texts(args.path, args.limit)), out)
        return 0
    scan = naive() if args.peer == "naive" else presidio()
    for msg_id, text in texts(args.path, args.limit):
        out.write(json.dumps({"id": msg_id, "found": scan(text)}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

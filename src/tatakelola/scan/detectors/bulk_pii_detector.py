"""Bulk personal-data dumps: many lines each carrying PII (e-mail, phone, NIK)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from tatakelola.scan.detectors.base import CompileEnv, Detector, Prefilter, ScanContext
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span

_PII_LINE = re.compile(
    r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"  # e-mail
    r"|(?<!\d)(?:\+?62|0)8\d{7,11}(?!\d)"  # Indonesian mobile
    r"|(?<!\d)\+?\d[\d\-. ]{8,14}\d(?!\d)"  # other phone-like
    r"|(?<!\d)\d{16}(?!\d)"  # NIK/KK-like
)

_WHY = template("pii.bulk.rows")


class BulkPiiDetector(Detector):
    name = "pii.bulk"
    description = "At least N lines (rows) that each contain a personal identifier."

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        self.min_rows = int(self.param("min_rows", int, 10))

    def prefilters(self) -> Sequence[Prefilter]:
        # Woken by any e-mail-ish or long digit run; the row count is checked in Python.
        return (Prefilter(rb"[A-Za-z0-9]@[A-Za-z0-9\-]+\.[A-Za-z]{2}\S*\s*[\r\n]|\d{9}\S*\s*[\r\n]"),)

    def detect(self, ctx: ScanContext) -> list[Hit]:
        text = ctx.text
        if text.count("\n") + 1 < self.min_rows:
            return []
        rows: list[Span] = []
        pos = 0
        for line in text.split("\n"):
            if _PII_LINE.search(line):
                rows.append(Span(pos, pos + len(line)))
            pos += len(line) + 1
        if len(rows) < self.min_rows:
            return []
        span = Span(rows[0].start, rows[-1].end)
        why = _WHY(rows=len(rows))
        return [Hit(span, 0.9, why.en, "bulk", "", why)]

"""Regular-expression rules, run with RE2 (linear time, no catastrophic
backtracking) after a Hyperscan prefilter selected the message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import re2

from tatakelola.scan.detectors.base import CompileEnv, Detector, DetectorConfigError, Prefilter, ScanContext
from tatakelola.scan.explain import Bilingual, Explanation, template
from tatakelola.scan.model import Hit, Span
from tatakelola.scan.validators import shannon_entropy

_DEFAULT = template("pattern.matched")
_CUSTOM = template("pattern.custom")


class PatternDetector(Detector):
    name = "pattern"
    description = "RE2 regular expression with optional entropy threshold and capture group."

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        pattern = self.param("pattern", str, None)
        if not pattern:
            raise DetectorConfigError("pattern: parameter 'pattern' is required")
        self.ignore_case = bool(self.param("ignore_case", bool, False))
        options = re2.Options()
        options.case_sensitive = not self.ignore_case
        options.max_mem = 8 << 20
        try:
            self.rx = re2.compile(pattern, options)
        except re2.error as exc:
            raise DetectorConfigError(f"pattern: invalid RE2 pattern {pattern!r}: {exc}") from exc
        self.pattern = pattern
        self.group = self.param("group", (int, str), 0)
        self.min_entropy = float(self.param("min_entropy", (int, float), 0.0))
        # A rule may explain itself in both languages ("explanation" and
        # "explanation_id"); without the Indonesian text the English is used.
        en = self.param("explanation", str, None)
        id_ = self.param("explanation_id", str, None)
        self.why: Explanation = _CUSTOM(text=Bilingual(en, id_ or en)) if en else _DEFAULT()
        self.explanation = self.why.en

    def prefilters(self) -> Sequence[Prefilter]:
        return (Prefilter(self.pattern.encode("utf-8"), 1 if self.ignore_case else 0),)

    def detect(self, ctx: ScanContext) -> list[Hit]:
        hits: list[Hit] = []
        for n, m in enumerate(self.rx.finditer(ctx.text)):
            if n >= 500:
                break
            start, end = m.span(self.group)
            if start < 0:
                continue
            value = ctx.text[start:end]
            if self.min_entropy and shannon_entropy(value) < self.min_entropy:
                continue
            hits.append(Hit(Span(start, end), 0.85, self.explanation, "pattern", value, self.why))
        return hits

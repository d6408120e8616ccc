"""Lexicon / keyword rules: boolean and proximity expressions over terms."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tatakelola.scan.detectors.base import CompileEnv, Detector, DetectorConfigError, ScanContext
from tatakelola.scan.explain import template
from tatakelola.scan.expression import all_terms, evaluate
from tatakelola.scan.model import Hit, Span

_WHY = template("lexicon.matched")


class LexiconDetector(Detector):
    name = "lexicon"
    languages = frozenset({"id", "en"})
    description = "Evasion-tolerant keyword expressions (AND, OR, NOT, NEAR/n, @lexicons)."

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        expr = self.param("expr", str, None)
        if not expr:
            raise DetectorConfigError("lexicon: parameter 'expr' is required")
        self.source = expr
        self.node = env.expression(expr)
        self.triggers = env.triggers(self.node)
        if not self.triggers:
            raise DetectorConfigError(f"lexicon: expression {expr!r} has no positive term")
        self.terms = all_terms(self.node)
        pattern = self.param("require_pattern", str, None)
        self.require = re.compile(pattern) if pattern else None
        self.min_hits = int(self.param("min_hits", int, 1))

    def trigger_terms(self) -> set[int]:
        return self.triggers

    def all_terms(self) -> set[int]:
        return self.terms

    def detect(self, ctx: ScanContext) -> list[Hit]:
        if not ctx.may_hold(self.node):
            return []
        spans = evaluate(self.node, ctx.hits_for(self.terms), ctx.words)
        if not spans or len(set(spans)) < self.min_hits:
            return []
        if self.require is not None and self.require.search(ctx.text) is None:
            return []
        uniq = sorted(set(spans))
        why = _WHY(words=", ".join(repr(ctx.text[s.start : s.end]) for s in uniq[:5]), expr=self.source)
        text = why.en
        return [Hit(Span(s.start, s.end), 0.9, text, "lexicon", ctx.text[s.start : s.end], why) for s in uniq]

"""Shared machinery for detectors that find candidates by regex and then
validate each candidate (checksums, structure, context words)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from tatakelola.scan.detectors.base import CompileEnv, ContextWords, Detector, Prefilter, ScanContext
from tatakelola.scan.model import Hit, Span

#: Upper bound of candidates validated per message, so that a 10 MB message
#: full of digits still finishes in bounded time.
MAX_CANDIDATES = 500


class ValidatedRegexDetector(Detector):
    """Candidate regex (Hyperscan prefilter + Python ``re``) + ``validate``."""

    hs_pattern: ClassVar[bytes]
    hs_flags: ClassVar[int] = 0
    candidate: ClassVar[re.Pattern[str]]
    boost_words: ClassVar[Sequence[str]] = ()
    suppress_words: ClassVar[Sequence[str]] = ()
    #: When True a candidate is reported only with a boost word nearby.
    needs_context: ClassVar[bool] = False
    context_window: ClassVar[int] = 40

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        boost = list(self.param("context", list, list(self.boost_words)))
        suppress = list(self.param("suppress", list, list(self.suppress_words)))
        self.require_context = bool(self.param("require_context", bool, self.needs_context))
        self.context = ContextWords.build(boost, suppress, int(self.param("window", int, self.context_window)))

    def prefilters(self) -> Sequence[Prefilter]:
        return (Prefilter(self.hs_pattern, self.hs_flags),)

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        raise NotImplementedError

    def cache_key(self) -> object:
        """Detectors with equal keys share their hits within one message."""
        return (self.name, id(self))

    def detect(self, ctx: ScanContext) -> list[Hit]:
        key = self.cache_key()
        cached = ctx.cache.get(key)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        hits: list[Hit] = []
        lower = ctx.lower
        context = self.context
        for n, m in enumerate(self.candidate.finditer(ctx.text)):
            if n >= MAX_CANDIDATES:
                break
            g = m.lastindex or 0
            span = Span(m.start(g), m.end(g))
            if context.suppressed(lower, span):
                continue
            if self.require_context:
                if not context.boosted(lower, span):
                    continue
                boosted = True
                hit = self.validate(m.group(g), span, ctx)
            else:
                # Validate first: most candidates fail, and then context is moot.
                hit = self.validate(m.group(g), span, ctx)
                boosted = hit is not None and context.boosted(lower, span)
            if hit is not None:
                if boosted and hit.score < 0.99:
                    hit = Hit(
                        hit.span,
                        min(1.0, hit.score + 0.2),
                        hit.explanation + " Context words nearby raise confidence.",
                        hit.kind,
                        hit.value,
                    )
                hits.append(hit)
        ctx.cache[key] = hits
        return hits

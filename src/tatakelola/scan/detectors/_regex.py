"""Shared machinery for detectors that find candidates by regex and then
validate each candidate (checksums, structure, context words)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

from tatakelola.scan.detectors.base import CompileEnv, ContextWords, Detector, Prefilter, ScanContext
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span

#: Upper bound of candidates validated per message, so that a 10 MB message
#: full of digits still finishes in bounded time.
MAX_CANDIDATES = 500

_SPACE = re.compile(r"\s")
_BOOSTED = template("context.boost")


def anchored_finditer(pattern: re.Pattern[str], text: str, anchor: str, before: int) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, found faster for patterns
    whose every match contains ``anchor`` exactly once, no whitespace, and at
    most ``before`` characters before the anchor.

    Only the regions from ``before`` characters ahead of each anchor to the
    next whitespace are searched; look-behinds still see the text before a
    region, and a region ends where no match could continue, so the matches
    are the same (a test checks this on random text)."""
    find = text.find
    space = _SPACE.search
    search = pattern.search
    pos = 0
    n = len(text)
    while True:
        i = find(anchor, pos)
        if i < 0:
            return
        ws = space(text, i)
        end = ws.start() if ws is not None else n
        m = search(text, max(pos, i - before), end)
        if m is None:
            pos = end
            continue
        yield m
        # An empty match cannot happen (the anchor is in every match).
        pos = m.end()


class ValidatedRegexDetector(Detector):
    """Candidate regex (Hyperscan prefilter + Python ``re``) + ``validate``."""

    hs_pattern: ClassVar[bytes]
    hs_flags: ClassVar[int] = 0
    candidate: ClassVar[re.Pattern[str]]
    boost_words: ClassVar[Sequence[str]] = ()
    suppress_words: ClassVar[Sequence[str]] = ()
    #: Context so specific that a suppress word nearby does not cancel the
    #: candidate ("card number … exp 11/26" in a reply about an order).
    strong_words: ClassVar[Sequence[str]] = ()
    #: When True a candidate is reported only with a boost word nearby.
    needs_context: ClassVar[bool] = False
    context_window: ClassVar[int] = 40
    #: When every candidate contains this character once, no whitespace, and
    #: at most ``anchor_before`` characters before it (``@`` of an e-mail
    #: address), candidates are searched only around it.
    anchor: ClassVar[str | None] = None
    anchor_before: ClassVar[int] = 0

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        boost = list(self.param("context", list, list(self.boost_words)))
        suppress = list(self.param("suppress", list, list(self.suppress_words)))
        self.require_context = bool(self.param("require_context", bool, self.needs_context))
        self.context = ContextWords.build(boost, suppress, int(self.param("window", int, self.context_window)))
        self.strong = ContextWords.build(list(self.strong_words), [], self.context.window)

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
        text = ctx.text
        found = (
            self.candidate.finditer(text)
            if self.anchor is None
            else anchored_finditer(self.candidate, text, self.anchor, self.anchor_before)
        )
        suppress = context.suppress.search if context.suppress is not None else None
        before = context.suppress_window
        for n, m in enumerate(found):
            if n >= MAX_CANDIDATES:
                break
            g = m.lastindex or 0
            start, end = m.span(g)
            # ContextWords.suppressed, without building a Span first.
            if (
                suppress is not None
                and suppress(lower, max(0, start - before), start) is not None
                and not self.strong.boosted(lower, Span(start, end))
            ):
                continue
            span = Span(start, end)
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
                    hit = self._boosted(hit)
                hits.append(hit)
        ctx.cache[key] = hits
        return hits

    @staticmethod
    def _boosted(hit: Hit) -> Hit:
        """``hit`` with the confidence that context words nearby add."""
        if hit.score >= 0.99:
            return hit
        why = hit.explained
        return Hit(
            hit.span,
            min(1.0, hit.score + 0.2),
            hit.explanation + " " + _BOOSTED.en,
            hit.kind,
            hit.value,
            why.plus(_BOOSTED) if why is not None else None,
        )

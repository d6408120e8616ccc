"""Required disclosures: when a trigger holds (an expression, or message
metadata such as ``is_sponsored``), a required phrase must be present —
anywhere, within the first N characters, or within N characters of the
trigger (e.g. "kuota terbatas" needs a stated quota nearby)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from tatakelola.scan.conditions import metadata_matches
from tatakelola.scan.detectors.base import (
    VETOES_ABSENT,
    CompileEnv,
    Detector,
    DetectorConfigError,
    Prefilter,
    ScanContext,
    Veto,
)
from tatakelola.scan.explain import Bilingual, Explanation, template
from tatakelola.scan.expression import all_terms, evaluate
from tatakelola.scan.model import Hit, Span

_MISSING = template("disclosure.missing")
_MISSING_FIRST = template("disclosure.missing_first")
_MISSING_WINDOW = template("disclosure.missing_window")
_METADATA = template("disclosure.metadata")()
_LABEL = template("disclosure.label")()


class DisclosureDetector(Detector):
    name = "disclosure"
    languages = frozenset({"id", "en"})
    description = "A trigger without its required disclosure phrase."

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        trigger = self.param("trigger", str, None)
        self.meta = self.param("trigger_metadata", dict, None)
        tp = self.param("trigger_pattern", str, None)
        self.trigger_pattern = re.compile(tp, re.IGNORECASE) if tp else None
        self.tp_source = tp
        if not trigger and not self.meta and not tp:
            raise DetectorConfigError("disclosure: 'trigger', 'trigger_pattern' or 'trigger_metadata' is required")
        self.trigger = env.expression(trigger) if trigger else None
        required = self.param("required", list, None)
        if not required:
            raise DetectorConfigError("disclosure: 'required' (list of regexes) is required")
        # Bounded, linear patterns from pack authors: compiled with re and
        # matched only within a window, so worst cases stay small.
        self.required = re.compile("|".join(f"(?:{r})" for r in required), re.IGNORECASE)
        self.required_sources = [str(r) for r in required]
        self.window = self.param("window", int, None)
        self.within_first = self.param("within_first", int, None)
        # What is missing, in both languages: "missing" and "missing_id" (without
        # the Indonesian text the English is used in both).
        missing = self.param("missing", str, None)
        missing_id = self.param("missing_id", str, None)
        self.label: Explanation | Bilingual = Bilingual(missing, missing_id or missing) if missing else _LABEL
        self.terms = all_terms(self.trigger) if self.trigger else set()
        self.triggers = env.triggers(self.trigger) if self.trigger else set()
        self._vetoes, self._complete = self._veto_list()

    def trigger_terms(self) -> set[int]:
        return self.triggers

    def all_terms(self) -> set[int]:
        return self.terms

    def wants_metadata(self) -> bool:
        return self.meta is not None and self.trigger is None and self.trigger_pattern is None

    def wake_metadata(self) -> Mapping[str, Any] | None:
        return self.meta  # type: ignore[no-any-return]

    def prefilters(self) -> Sequence[Prefilter]:
        if self.tp_source is None:
            return ()
        return (Prefilter(self.tp_source.encode("utf-8"), 1),)

    def vetoes(self) -> Sequence[Veto]:
        # Without a window, a required phrase anywhere (or within the first N
        # characters) settles the message: detect() returns before anything
        # else. Only phrases that read the same in Hyperscan and in re are
        # offered: each compiles on its own, no \S (re's \s also takes
        # U+001C-U+001F), no negated class, no "{,n}" (a literal in Hyperscan).
        if self.window is not None:
            return ()
        return self._vetoes

    def _veto_list(self) -> tuple[tuple[Veto, ...], bool]:
        out: list[Veto] = []
        complete = True
        for r in self.required_sources:
            try:
                re.compile(r)
            except re.error:
                return (), False
            if "\\S" in r or "[^" in r or "{," in r or not r.isascii():
                complete = False
                continue
            # "^" and "$" anchor at the start and end of the whole batch in Hyperscan: offered
            # (a match still settles the message), but no match says nothing.
            if any(a in r for a in ("^", "$", "\\A", "\\Z", "\\z", "\\G")):
                complete = False
            out.append(Veto(r.encode("ascii"), self.within_first))
        return tuple(out), complete

    def vetoes_complete(self) -> bool:
        return self.window is None and self._complete

    def detect(self, ctx: ScanContext) -> list[Hit]:
        if self.trigger is not None and not ctx.may_hold(self.trigger):
            return []
        spans: list[Span] = []
        text = ctx.text
        if self.window is None and id(self) not in ctx.cache.get(VETOES_ABSENT, ()):
            # Cheap check first: most triggered messages carry the disclosure (unless the batch's
            # veto scan already showed that none of the required phrases is there).
            end = min(len(text), self.within_first) if self.within_first is not None else len(text)
            if self.required.search(text, 0, end) is not None:
                return []
        if self.meta is not None and (
            not ctx.message.metadata or not metadata_matches(self.meta, ctx.message.metadata)
        ):
            return []
        if self.trigger is not None:
            got = evaluate(self.trigger, ctx.hits_for(self.terms), ctx.words)
            if got is None:
                return []
            spans = sorted(set(got))[:64]  # bounded work on huge messages
        if self.trigger_pattern is not None:
            found = [
                Span(m.start(), m.end())
                for _, m in zip(range(64), self.trigger_pattern.finditer(ctx.text), strict=False)
            ]
            if not found:
                return []
            spans = sorted(set(spans) | set(found))
        if self.window is not None and spans:
            missing = [
                s
                for s in spans
                if self.required.search(text, max(0, s.start - self.window), min(len(text), s.end + self.window))
                is None
            ]
            if not missing:
                return []
            spans = missing
        # Without a window, the required phrase was looked for (and not found) first thing.
        if not spans:
            spans = [Span(0, min(len(text), 80))]
        trig: str | Explanation = (
            ", ".join(repr(text[s.start : s.end]) for s in spans[:3])
            if (self.trigger or self.trigger_pattern)
            else _METADATA
        )
        if self.within_first:
            why = _MISSING_FIRST(trigger=trig, label=self.label, n=self.within_first)
        elif self.window:
            why = _MISSING_WINDOW(trigger=trig, label=self.label, n=self.window)
        else:
            why = _MISSING(trigger=trig, label=self.label)
        why_en = why.en
        return [Hit(s, 0.8, why_en, "disclosure", text[s.start : s.end], why) for s in spans]

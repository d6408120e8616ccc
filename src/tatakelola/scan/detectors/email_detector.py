"""E-mail addresses, optionally only when several distinct outside addresses appear."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tatakelola.scan.detectors._regex import ValidatedRegexDetector
from tatakelola.scan.detectors.base import CompileEnv, ScanContext
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Span

_TLD = re.compile(r"^[a-z]{2,24}$")
_ADDRESS = template("pii.email.address")
_DISTINCT = template("pii.email.distinct")


class EmailDetector(ValidatedRegexDetector):
    name = "pii.email"
    description = "E-mail addresses (RFC 5321 dot-atom local part, a real-looking domain)."
    hs_pattern = rb"[A-Za-z0-9._%+\-]@[A-Za-z0-9\-]+\.[A-Za-z]{2}"
    # At most 64 characters before the "@", never whitespace: searched only
    # around each "@" (see anchored_finditer).
    anchor = "@"
    anchor_before = 64
    candidate = re.compile(
        r"(?<![A-Za-z0-9._%+\-])([A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![A-Za-z0-9\-])"
    )

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        own = self.param("exclude_domains", list, None) or env.option("own_domains", []) or []
        self.exclude = (
            tuple(d.lower() for d in own)
            if self.params.get("exclude_own", False) or "exclude_domains" in self.params
            else ()
        )
        self.min_distinct = int(self.param("min_distinct", int, 1))

    def cache_key(self) -> object:
        # Rules differing only in min_distinct share the per-address work.
        return (self.name, self.exclude)

    def validate(self, value: str, span: Span, ctx: ScanContext) -> Hit | None:
        local, _, domain = value.rpartition("@")
        domain = domain.lower()
        if ".." in local or local.endswith(".") or not _TLD.match(domain.rsplit(".", 1)[-1]):
            return None
        if any(domain == d or domain.endswith("." + d) for d in self.exclude):
            return None
        why = _ADDRESS()
        return Hit(span, 0.95, why.en, "EMAIL_ADDRESS", value, why)

    def detect(self, ctx: ScanContext) -> list[Hit]:
        hits = super().detect(ctx)
        if self.min_distinct > 1:
            distinct = {h.value.lower() for h in hits}
            if len(distinct) < self.min_distinct:
                return []
            why = _DISTINCT(n=len(distinct))
            text = why.en
            return [Hit(h.span, h.score, text, h.kind, h.value, why) for h in hits]
        return hits

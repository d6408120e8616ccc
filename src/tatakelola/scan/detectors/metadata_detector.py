"""Rules decided by message metadata alone (workflow facts such as an
account's role, a missing approval id, or a platform's paid-partnership flag)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tatakelola.scan.conditions import metadata_matches
from tatakelola.scan.detectors.base import CompileEnv, Detector, DetectorConfigError, ScanContext
from tatakelola.scan.explain import Bilingual, Explanation, template
from tatakelola.scan.model import Hit, Span

_DEFAULT = template("metadata.matched")
_CUSTOM = template("metadata.custom")


class MetadataDetector(Detector):
    name = "metadata"
    description = "Message metadata matches a predicate (e.g. registered rep, static post, no approval id)."

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        spec = self.param("match", dict, None)
        if not spec:
            raise DetectorConfigError("metadata: parameter 'match' is required")
        self.spec = spec
        # A rule may explain itself in both languages ("explanation" and
        # "explanation_id"); without the Indonesian text the English is used.
        self.why: Explanation = _custom(self.param("explanation", str, None), self.param("explanation_id", str, None))
        self.explanation = self.why.en

    def wants_metadata(self) -> bool:
        return True

    def wake_metadata(self) -> Mapping[str, Any] | None:
        return self.spec  # type: ignore[no-any-return]

    def detect(self, ctx: ScanContext) -> list[Hit]:
        if not ctx.message.metadata or not metadata_matches(self.spec, ctx.message.metadata):
            return []
        return [Hit(Span(0, min(len(ctx.text), 80)), 0.9, self.explanation, "metadata", "", self.why)]


def _custom(en: str | None, id_: str | None) -> Explanation:
    if not en:
        return _DEFAULT()
    return _CUSTOM(text=Bilingual(en, id_ or en))

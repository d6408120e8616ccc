"""Rules decided by message metadata alone (workflow facts such as an
account's role, a missing approval id, or a platform's paid-partnership flag)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tatakelola.scan.conditions import metadata_matches
from tatakelola.scan.detectors.base import CompileEnv, Detector, DetectorConfigError, ScanContext
from tatakelola.scan.model import Hit, Span


class MetadataDetector(Detector):
    name = "metadata"
    description = "Message metadata matches a predicate (e.g. registered rep, static post, no approval id)."

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        spec = self.param("match", dict, None)
        if not spec:
            raise DetectorConfigError("metadata: parameter 'match' is required")
        self.spec = spec
        self.explanation = str(self.param("explanation", str, "Message metadata matched the rule."))

    def wants_metadata(self) -> bool:
        return True

    def detect(self, ctx: ScanContext) -> list[Hit]:
        if not ctx.message.metadata or not metadata_matches(self.spec, ctx.message.metadata):
            return []
        return [Hit(Span(0, min(len(ctx.text), 80)), 0.9, self.explanation, "metadata", "")]

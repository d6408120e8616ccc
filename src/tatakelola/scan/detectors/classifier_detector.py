"""Hook for machine-learning classifiers.

The detector reads a score for ``model`` either from ``Message.scores`` (the
ML side scores messages before scanning) or from a scorer registered with
:func:`register_scorer`, and fires when it reaches the rule's ``threshold``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from tatakelola.scan.detectors.base import CompileEnv, Detector, DetectorConfigError, ScanContext
from tatakelola.scan.explain import template
from tatakelola.scan.model import Hit, Message, Span

Scorer = Callable[[Message], float]
_SCORERS: dict[str, Scorer] = {}
_WHY = template("classifier.score")


def register_scorer(model: str, scorer: Scorer) -> None:
    """Register a scorer for ``model`` (call before compiling an engine)."""
    _SCORERS[model] = scorer


def scorers() -> Mapping[str, Scorer]:
    return MappingProxyType(_SCORERS)


class ClassifierDetector(Detector):
    name = "classifier"
    description = "Fires when a model's score for the message reaches the rule's threshold."

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        model = self.param("model", str, None)
        if not model:
            raise DetectorConfigError("classifier: parameter 'model' is required")
        self.model = model
        self.threshold = float(self.param("threshold", (int, float), 0.5))
        if not 0.0 <= self.threshold <= 1.0:
            raise DetectorConfigError("classifier: threshold must be within [0, 1]")
        self.scorer = _SCORERS.get(model)

    def wants_scores(self) -> bool:
        return self.scorer is None

    def wants_metadata(self) -> bool:
        return False

    def always(self) -> bool:
        return self.scorer is not None

    def detect(self, ctx: ScanContext) -> list[Hit]:
        score = ctx.message.scores.get(self.model)
        if score is None and self.scorer is not None:
            score = float(self.scorer(ctx.message))
        if score is None or score < self.threshold:
            return []
        why = _WHY(model=self.model, score=float(score), threshold=self.threshold)
        return [Hit(Span(0, len(ctx.text)), min(1.0, max(0.0, score)), why.en, "classifier", "", why)]

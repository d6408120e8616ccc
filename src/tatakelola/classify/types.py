"""Value objects of the classifiers: what a model is, and what it says about a text."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Language = Literal["id", "en", "other"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class ClassifyError(Exception):
    """Base class of the errors this package raises."""


class UnknownModelError(ClassifyError, KeyError):
    """No shipped or registered model has that name."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown model"


class ModelIntegrityError(ClassifyError):
    """A model file is missing, does not match the manifest, or holds untrusted types."""


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What the manifest says about one model (shipped or registered at run time).

    ``alert_label`` is the label whose probability a rule's threshold is compared
    with (``abusive``, ``hate``, ``offensive``, ``negative``);
    ``commercial_use_allowed`` is ``False`` when the training data's licence is
    non-commercial, and the platform switches such models off for organisations
    that use it commercially.
    """

    name: str
    language: str
    task: str
    labels: tuple[str, ...]
    alert_label: str
    licence: str
    commercial_use_allowed: bool
    dataset: str = ""
    data_source: str = ""
    decision_threshold: float | None = None
    summary_en: str = ""
    summary_id: str = ""
    card: str = ""
    file: str = ""
    sha256: str = ""
    size_bytes: int = 0
    primary_metric: str = "macro_f1"
    metrics: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    backend: str = "sklearn"

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("ModelInfo.name must not be empty")
        if len(self.labels) < 2:
            raise ValueError(f"model {self.name}: needs at least two labels")
        if self.alert_label not in self.labels:
            raise ValueError(f"model {self.name}: alert_label {self.alert_label!r} is not one of its labels")
        if self.decision_threshold is not None and not 0.0 < self.decision_threshold < 1.0:
            raise ValueError(f"model {self.name}: decision_threshold must be within (0, 1)")

    @property
    def licence_note(self) -> str:
        return self.licence if self.commercial_use_allowed else f"{self.licence} (non-commercial use only)"


@dataclass(frozen=True, slots=True)
class Prediction:
    """One text's result: the label, that label's probability, and every label's probability."""

    label: str
    score: float
    scores: Mapping[str, float]

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError("Prediction.score must be within [0, 1]")
        if self.label not in self.scores:
            raise ValueError("Prediction.label must be one of its scores' labels")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """Result of :func:`tatakelola.classify.detect_language`.

    ``language`` is ``"id"``, ``"en"`` or ``"other"`` (anything else, including
    text too short or with too few known words to tell); ``confidence`` is in
    [0, 1]; ``is_code_mixed`` is true when both Indonesian and English words
    carry a real share of the text (Indonesian-English code-mixing is common).
    """

    language: Language
    confidence: float
    is_code_mixed: bool
    shares: Mapping[str, float] = field(default_factory=lambda: _EMPTY)

    def __iter__(self) -> Iterator[str | float | bool]:
        # Unpacks like the documented tuple: language, confidence, is_code_mixed = detect_language(text)
        return iter((self.language, self.confidence, self.is_code_mixed))

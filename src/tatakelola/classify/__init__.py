"""Shipped text classifiers for Indonesian and English, and language identification.

Pure Python on scikit-learn, no Django: usable from the scanning core, the
Django side, the CLI and notebooks alike. Models ship inside the package
(``models/*.npz`` arrays with ``models/manifest.json``); nothing is downloaded.

    >>> from tatakelola.classify import list_models, load, detect_language
    >>> [m.name for m in list_models()]                      # doctest: +SKIP
    ['abusive_id', 'hate_offensive_en', 'hate_speech_en', ...]
    >>> load("abusive_id").predict(["dasar bodoh kau"])[0]   # doctest: +SKIP
    Prediction(label='abusive', score=0.97, scores={...})
    >>> detect_language("meeting nya jam 3 ya, jangan lupa bring your laptop")  # doctest: +SKIP
    LanguageGuess(language='id', confidence=1.0, is_code_mixed=True, ...)

See ``docs/CLASSIFIERS.md`` for the models, their accuracy and their licences.
"""

from __future__ import annotations

from collections.abc import Sequence

from tatakelola.classify.langid import detect_language
from tatakelola.classify.registry import (
    Backend,
    BackendFactory,
    Classifier,
    list_models,
    load,
    model_info,
    register_backend,
    unregister_backend,
)
from tatakelola.classify.types import (
    ClassifyError,
    Language,
    LanguageGuess,
    ModelInfo,
    ModelIntegrityError,
    Prediction,
    UnknownModelError,
)

__all__ = [
    "Backend",
    "BackendFactory",
    "Classifier",
    "ClassifyError",
    "Language",
    "LanguageGuess",
    "ModelInfo",
    "ModelIntegrityError",
    "Prediction",
    "UnknownModelError",
    "detect_language",
    "list_models",
    "load",
    "model_for",
    "model_info",
    "register_backend",
    "unregister_backend",
]


def model_for(task: str, language: str, *, commercial: bool = False) -> ModelInfo | None:
    """The model for ``task`` (``abusive``, ``hate_speech``, ``offensive``, ``sentiment`` …) in
    ``language``, or ``None`` when there is none — callers report that, they do not skip silently.

    With ``commercial=True`` models trained on non-commercial data are never returned.
    """
    for info in list_models():
        if info.task == task and info.language == language and (info.commercial_use_allowed or not commercial):
            return info
    return None


def tasks(models: Sequence[ModelInfo] | None = None) -> list[str]:
    """The distinct tasks of the given (default: all) models."""
    return sorted({m.task for m in (models if models is not None else list_models())})

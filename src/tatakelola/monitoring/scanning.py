"""One compiled scanning engine per process (compiling the packs takes seconds; scanning, not),
and the classifier models its rules need, scored in batches before each scan."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache

from django.conf import settings

from tatakelola.scan import Engine, Message

_lock = threading.Lock()


@cache
def _engine(packs: tuple[str, ...]) -> Engine:
    return Engine.from_specs(list(packs) or None)


def scanning_engine() -> Engine:
    with _lock:
        return _engine(tuple(getattr(settings, "TATAKELOLA_SCAN_PACKS", []) or ()))


@cache
def _models_for(engine: Engine, classifiers: bool, noncommercial: bool) -> tuple[str, ...]:
    if not classifiers:
        return ()
    from tatakelola.classify import model_info

    wanted = sorted({str(cr.rule.params["model"]) for cr in engine.rules if cr.rule.detector == "classifier"})
    # Models trained on non-commercial data (CC BY-NC-SA) are switched off for organisations
    # that use the platform commercially (TATAKELOLA_NONCOMMERCIAL_MODELS=false).
    return tuple(name for name in wanted if noncommercial or model_info(name).commercial_use_allowed)


def classifier_models(engine: Engine) -> tuple[str, ...]:
    """The shipped models the engine's classifier rules read, as allowed by the settings."""
    return _models_for(
        engine,
        bool(getattr(settings, "TATAKELOLA_CLASSIFIERS", True)),
        bool(getattr(settings, "TATAKELOLA_NONCOMMERCIAL_MODELS", True)),
    )


def with_classifier_scores(engine: Engine, messages: Sequence[Message]) -> Sequence[Message]:
    """Messages with the scores the classifier rules read (one batch call per model)."""
    models = classifier_models(engine)
    if not models or not messages:
        return messages
    from tatakelola.classify.scan_bridge import score_messages

    return score_messages(messages, list(models))

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
    # that use the platform commercially.
    return tuple(name for name in wanted if noncommercial or model_info(name).commercial_use_allowed)


def deployment_allows_noncommercial_models() -> bool:
    """False when the deployment switched the non-commercial models off for every organisation."""
    return bool(getattr(settings, "TATAKELOLA_NONCOMMERCIAL_MODELS", True))


def classifier_models(engine: Engine, *, noncommercial: bool = True) -> tuple[str, ...]:
    """The shipped models the engine's classifier rules read, as allowed by the settings.

    ``noncommercial=False`` (an organisation that has not allowed them) leaves out the models
    trained on non-commercial data; ``TATAKELOLA_NONCOMMERCIAL_MODELS=false`` leaves them out always.
    """
    return _models_for(
        engine,
        bool(getattr(settings, "TATAKELOLA_CLASSIFIERS", True)),
        deployment_allows_noncommercial_models() and noncommercial,
    )


def classifier_rules(engine: Engine) -> dict[str, list[str]]:
    """Model name -> ids of the engine's rules that read it."""
    out: dict[str, list[str]] = {}
    for cr in engine.rules:
        if cr.rule.detector == "classifier":
            out.setdefault(str(cr.rule.params["model"]), []).append(cr.rule.id)
    return out


def with_classifier_scores(
    engine: Engine, messages: Sequence[Message], noncommercial_allowed: Sequence[bool] | None = None
) -> Sequence[Message]:
    """Messages with the scores the classifier rules read (one batch call per model and group).

    ``noncommercial_allowed[i]`` says whether message *i*'s organisation allows the models trained
    on non-commercial data; a batch mixing organisations is scored in at most two groups, so each
    message gets only the scores its organisation allows and the rules reading the others stay silent.
    """
    models = classifier_models(engine)
    if not models or not messages:
        return messages
    from tatakelola.classify.scan_bridge import score_messages

    restricted = classifier_models(engine, noncommercial=False)
    if noncommercial_allowed is None or restricted == models or all(noncommercial_allowed):
        return score_messages(messages, list(models))
    out = list(messages)
    for group_models, allowed in ((models, True), (restricted, False)):
        picked = [i for i, flag in enumerate(noncommercial_allowed) if bool(flag) is allowed]
        if not picked or not group_models:
            continue
        scored = score_messages([messages[i] for i in picked], list(group_models))
        for i, message in zip(picked, scored, strict=True):
            out[i] = message
    return out

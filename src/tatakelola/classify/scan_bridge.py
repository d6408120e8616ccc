"""Scoring messages for the scanning core's classifier hook, in batches.

The scanning core's ``classifier`` detector reads ``Message.scores[model]`` and
fires when it reaches the rule's threshold. :func:`score_messages` fills those
scores for a batch before the scan — one ``predict_proba`` call per model,
which is what makes thousands of messages per second possible (a per-message
scorer registered with ``register_scorer`` works, but pays the call overhead on
every message).

Routing: a model only scores messages in its own language (``Message.language``
when set, else :func:`detect_language`). A message that a requested model did not
score because of its language is *reported*, not silently passed: its metadata
gets ``classify_language`` (the language used) and ``classify_skipped`` (the
models that did not run and why), which the platform shows next to the result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from types import MappingProxyType

from tatakelola.classify.langid import detect_language, model_languages
from tatakelola.classify.registry import load, predict_proba_many
from tatakelola.scan.model import Message


def score_messages(messages: Sequence[Message], models: Sequence[str], *, route: bool = True) -> list[Message]:
    """Copies of ``messages`` with ``scores`` (alert-label probabilities) for each model in ``models``.

    With ``route=False`` every model scores every message regardless of language.
    """
    # A message's own language when it says, else the detected one; a detected Indonesian-English
    # code-mixed message is scored by both languages' models.
    languages: list[str] = []
    needs: list[tuple[str, ...]] = []
    for m in messages:
        if m.language:
            languages.append(m.language)
            needs.append((m.language,))
        else:
            guess = detect_language(m.text)
            languages.append(guess.language)
            needs.append(model_languages(guess))
    scores: list[dict[str, float]] = [dict(m.scores) for m in messages]
    skipped: list[dict[str, str]] = [{} for _ in messages]
    # Models of one language score their messages together: the texts are normalised and
    # featurized once for all of them (predict_proba_many), not once per model.
    groups: dict[str | None, list[str]] = {}
    for name in models:
        groups.setdefault(load(name).info.language if route else None, []).append(name)
    for lang, names in groups.items():
        picked = [i for i, wanted in enumerate(needs) if lang is None or lang in wanted]
        for i in set(range(len(messages))) - set(picked):
            for name in names:
                skipped[i][name] = f"message language {languages[i]}, model language {lang}"
        if not picked:
            continue
        probabilities = predict_proba_many(names, [messages[i].text for i in picked])
        for name in names:
            info = load(name).info
            alert = info.labels.index(info.alert_label)
            for i, row in zip(picked, probabilities[name], strict=True):
                scores[i][name] = min(1.0, max(0.0, row[alert]))
    out = []
    for i, message in enumerate(messages):
        metadata = dict(message.metadata)
        metadata["classify_language"] = languages[i]
        if skipped[i]:
            metadata["classify_skipped"] = MappingProxyType(skipped[i])
        out.append(
            dataclasses.replace(message, scores=MappingProxyType(scores[i]), metadata=MappingProxyType(metadata))
        )
    return out

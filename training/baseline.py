"""The plain baseline every shipped model must beat: TF-IDF + linear SVM, trained in the same run.

scikit-learn's ``TfidfVectorizer()`` with its defaults (lower-cased word unigrams, no
normalisation of ours) and ``LinearSVC()`` with its defaults (C = 1), fitted on the same training
split as the shipped model (``sentiment_en``: the TweetEval validation split, as the shipped
model) and scored on the same test split with the model's primary metric. This is the few-lines
model a reviewer would write first; a shipped model that loses to it is a defect, and
``make eval`` fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.svm import LinearSVC

import corpora

DESCRIPTION = "TfidfVectorizer() + LinearSVC(), scikit-learn defaults, same training split"


@dataclass(frozen=True)
class Baseline:
    pipeline: Pipeline
    labels: tuple[str, ...]

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [str(p) for p in self.pipeline.predict(list(texts))]


def fit(dataset: str) -> Baseline:
    """The plain baseline trained on ``dataset``'s training split (as the shipped model is)."""
    data = corpora.load(dataset)
    pipeline = make_pipeline(TfidfVectorizer(), LinearSVC(random_state=0))
    pipeline.fit(list(data.train.texts), list(data.train.labels))
    return Baseline(pipeline, tuple(str(c) for c in pipeline.classes_))


def below(shipped: float | None, baseline: float | None) -> bool:
    """Whether a shipped score loses to its baseline (scores rounded to two decimals, as printed)."""
    return shipped is not None and baseline is not None and round(shipped, 2) < round(baseline, 2)


def describe(result: dict[str, Any]) -> str:
    return f"{result['baseline'][result['primary_metric']]:.2f}"

"""The array backend gives scikit-learn's probabilities, loads fast, and shares featurization."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from tatakelola.classify import list_models, load
from tatakelola.classify.features import FeatureSpec, Featurizer, block_l2
from tatakelola.classify.linear import LinearBackend, arrays_from_pipeline, save_arrays

SPEC = FeatureSpec(char_bits=12, word_bits=11)
TEXTS = [
    "dasar bodoh kau",
    "terima kasih kak",
    "goblok banget adminnya",
    "mantap pelayanannya",
    "you idiot",
    "thanks a lot",
    "stupid app",
    "great job team",
    "biasa saja sih",
    "not bad, not great",
]


def _fit(labels: list[str], solver: str) -> tuple[Pipeline, Featurizer]:
    featurizer = Featurizer(SPEC)
    counts = featurizer.transform(TEXTS)
    tfidf = TfidfTransformer(norm=None, sublinear_tf=True)
    x = block_l2(tfidf.fit_transform(counts), SPEC.split)
    clf = LogisticRegression(C=10.0, solver=solver, max_iter=500).fit(x, labels)
    return Pipeline([("tfidf", tfidf), ("clf", clf)]), featurizer


@pytest.mark.parametrize(
    ("labels", "solver"),
    [
        (["bad", "ok"] * 5, "liblinear"),
        (["bad", "ok", "bad", "ok", "bad", "ok", "bad", "ok", "meh", "meh"], "lbfgs"),
    ],
)
def test_probabilities_match_scikit_learn(labels: list[str], solver: str) -> None:
    pipeline, featurizer = _fit(labels, solver)
    classes = tuple(str(c) for c in pipeline.steps[1][1].classes_)
    probe = [*TEXTS, "kamu bodoh sekali", "", "a great day"]
    want = pipeline.steps[1][1].predict_proba(
        block_l2(pipeline.steps[0][1].transform(featurizer.transform(probe)), SPEC.split)
    )
    backend = LinearBackend(save_arrays(arrays_from_pipeline(pipeline)), featurizer, classes, "toy")
    got = np.asarray(backend.predict_proba(probe))
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def test_models_with_one_feature_spec_share_one_featurizer() -> None:
    featurizers = {id(load(m.name)._backend._featurizer) for m in list_models()}  # type: ignore[attr-defined]
    specs = {m.name for m in list_models()}
    assert len(featurizers) < len(specs)


def test_loading_a_model_imports_no_scikit_learn() -> None:
    code = (
        "import sys; from tatakelola.classify import load, detect_language; "
        "load('abusive_id').predict(['dasar bodoh']); detect_language('halo'); "
        "print(sorted(m for m in ('sklearn', 'skops', 'scipy.stats') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"

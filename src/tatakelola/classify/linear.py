"""The shipped models as plain arrays: IDF weights and a linear model in a ``.npz`` file.

A shipped model is hashed n-gram counts → sublinear TF-IDF (no norm) → L2 per block → logistic
regression. Loading it through skops imports most of scikit-learn and SciPy's statistics (about
1.5 CPU-seconds before the first message); everything prediction needs is four arrays. This module
reads them with ``numpy.load(allow_pickle=False)`` (no code, no object arrays: a safe format) and
computes the same probabilities as scikit-learn's ``LogisticRegression.predict_proba`` with the
same operations on the same dtypes (a test compares both on every shipped model).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
from scipy.sparse import csr_matrix

from tatakelola.classify.features import Featurizer, block_l2
from tatakelola.classify.types import ModelIntegrityError

#: Version of the array layout written by :func:`arrays_from_pipeline`.
FORMAT: Final = 1
_KEYS: Final = ("format", "idf", "coef", "intercept", "classes", "sublinear_tf")


def arrays_from_pipeline(pipeline: Any) -> dict[str, np.ndarray]:
    """The arrays of a fitted TF-IDF + LogisticRegression pipeline (what training writes)."""
    if len(pipeline.steps) != 2:
        raise ValueError("expected TF-IDF, then the classifier")
    tfidf, clf = pipeline.steps[0][1], pipeline.steps[1][1]
    if tfidf.norm is not None or not tfidf.use_idf:
        raise ValueError("expected TF-IDF with IDF weights and without norm")
    return {
        "format": np.array(FORMAT, dtype=np.int64),
        "idf": np.asarray(tfidf.idf_),
        "coef": np.asarray(clf.coef_),
        "intercept": np.asarray(clf.intercept_),
        "classes": np.asarray([str(c) for c in clf.classes_], dtype=np.str_),
        "sublinear_tf": np.array(bool(tfidf.sublinear_tf)),
    }


def save_arrays(arrays: Mapping[str, np.ndarray]) -> bytes:
    """The ``.npz`` bytes of ``arrays`` (deflated: a third of the size, ~20 ms more to load)."""
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)  # type: ignore[arg-type]
    return buf.getvalue()


class LinearBackend:
    """Prediction from the arrays; the featurizer may be shared by models with the same spec."""

    def __init__(self, blob: bytes, featurizer: Featurizer, labels: tuple[str, ...], name: str) -> None:
        try:
            with np.load(io.BytesIO(blob), allow_pickle=False) as data:
                if sorted(data.files) != sorted(_KEYS) or int(data["format"]) != FORMAT:
                    raise ModelIntegrityError(f"model {name}: unexpected arrays {sorted(data.files)}")
                self._idf = data["idf"]
                self._coef = data["coef"]
                self._intercept = data["intercept"]
                classes = [str(c) for c in data["classes"]]
                self._sublinear = bool(data["sublinear_tf"])
        except (ValueError, OSError) as exc:
            raise ModelIntegrityError(f"model {name}: unreadable arrays ({exc})") from exc
        if classes != list(labels):
            raise ModelIntegrityError(f"model {name}: classes {classes} do not match the manifest's {list(labels)}")
        n = featurizer.spec.n_features
        if self._idf.shape != (n,) or self._coef.shape[1] != n:
            raise ModelIntegrityError(f"model {name}: expects {self._coef.shape[1]} features, the manifest gives {n}")
        rows = 1 if len(classes) == 2 else len(classes)
        if self._coef.shape[0] != rows or self._intercept.shape != (rows,):
            raise ModelIntegrityError(f"model {name}: linear model shape {self._coef.shape} for {len(classes)} classes")
        self._featurizer = featurizer

    @property
    def featurizer(self) -> Featurizer:
        return self._featurizer

    def clear_cache(self) -> None:
        self._featurizer.clear_cache()

    def predict_proba(self, texts: Sequence[str]) -> Sequence[Sequence[float]]:
        return self.proba_from_counts(self._featurizer.transform(texts)).tolist()  # type: ignore[no-any-return]

    def proba_from_counts(self, counts: csr_matrix) -> np.ndarray:
        """Probabilities from raw hashed counts (``counts`` is not modified)."""
        data = counts.data.copy()
        # TfidfTransformer.transform, then LogisticRegression.predict_proba, step by step.
        if self._sublinear:
            np.log(data, data)
            data += 1.0
        data *= self._idf[counts.indices]
        weighted = csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape)
        matrix = block_l2(weighted, self._featurizer.spec.split)
        decision: np.ndarray = np.asarray(matrix @ self._coef.T) + self._intercept
        if decision.shape[1] == 1:
            p = 1.0 / (1.0 + np.exp(-decision[:, 0]))
            return np.stack([1 - p, p], axis=1)
        decision -= decision.max(axis=1).reshape(-1, 1)
        np.exp(decision, decision)
        decision /= decision.sum(axis=1).reshape(-1, 1)
        return decision

"""The shipped models: manifest, integrity checks, safe loading, and a per-process cache.

A model file is only deserialised after three checks, in this order:

1. its SHA-256 matches the manifest shipped in the same package (a replaced or
   edited file is refused before any of it is parsed);
2. skops reports no type outside its default trusted set plus :data:`TRUSTED_TYPES`
   (which is empty on purpose: our pipelines use only scikit-learn types that
   skops already trusts), so a file smuggling in ``os.system`` or any other
   callable is refused even if someone also edited the manifest;
3. the loaded object is a pipeline whose steps are all in :data:`ALLOWED_STEPS`
   (TF-IDF weights and a logistic regression; feature hashing is code, in
   :mod:`tatakelola.classify.features`, with its parameters in the manifest).

Nothing is ever unpickled and nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from types import MappingProxyType
from typing import Any, Final, Protocol

from tatakelola.classify.features import FeatureSpec, Featurizer, block_l2
from tatakelola.classify.types import ModelInfo, ModelIntegrityError, Prediction, UnknownModelError

#: Extra types trusted beyond skops' defaults. Empty: every shipped model is plain scikit-learn.
TRUSTED_TYPES: Final[tuple[str, ...]] = ()
#: Estimator classes a shipped pipeline may contain (checked after loading).
ALLOWED_STEPS: Final = frozenset(
    {
        "sklearn.pipeline.Pipeline",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.linear_model._logistic.LogisticRegression",
    }
)
MANIFEST_FORMAT: Final = 1


class Backend(Protocol):
    """What a classifier needs from a model: probabilities per label, in ``labels`` order.

    The shipped scikit-learn pipelines implement it; so can a user-provided
    ONNX or transformer model (see :func:`register_backend`).
    """

    def predict_proba(self, texts: Sequence[str]) -> Sequence[Sequence[float]]: ...


BackendFactory = Callable[[], Backend]


def _models_dir() -> Traversable:
    return resources.files("tatakelola.classify").joinpath("models")


@lru_cache(maxsize=1)
def manifest() -> Mapping[str, Any]:
    """The shipped manifest (``models/manifest.json``), parsed once."""
    raw = _models_dir().joinpath("manifest.json").read_text("utf-8")
    data = json.loads(raw)
    if data.get("format") != MANIFEST_FORMAT:
        raise ModelIntegrityError(f"unsupported model manifest format {data.get('format')!r}")
    return MappingProxyType(data)


def _info_from_manifest(name: str, entry: Mapping[str, Any]) -> ModelInfo:
    threshold = entry.get("decision_threshold")
    summary = entry.get("summary", {})
    return ModelInfo(
        name=name,
        language=str(entry["language"]),
        task=str(entry["task"]),
        labels=tuple(str(x) for x in entry["labels"]),
        alert_label=str(entry["alert_label"]),
        licence=str(entry["licence"]),
        commercial_use_allowed=bool(entry["commercial_use_allowed"]),
        dataset=str(entry.get("dataset", "")),
        data_source=str(entry.get("data_source", "")),
        decision_threshold=None if threshold is None else float(threshold),
        summary_en=str(summary.get("en", "")),
        summary_id=str(summary.get("id", "")),
        card=str(entry.get("card", "")),
        file=str(entry["file"]),
        sha256=str(entry["sha256"]),
        size_bytes=int(entry.get("size_bytes", 0)),
        primary_metric=str(entry.get("primary_metric", "macro_f1")),
        metrics=MappingProxyType(dict(entry.get("metrics", {}))),
    )


_REGISTERED: dict[str, tuple[ModelInfo, BackendFactory]] = {}
_LOCK = threading.Lock()
_LOADED: dict[str, Classifier] = {}


def register_backend(info: ModelInfo, factory: BackendFactory) -> None:
    """Make a user-provided model (ONNX, transformer …) available under ``info.name``.

    ``factory`` is called once, on first :func:`load`, and must return an
    object with ``predict_proba(texts) -> rows of probabilities`` in
    ``info.labels`` order. Heavy imports (``onnxruntime``, ``torch``) belong in
    the factory, so registering costs nothing. Shipped names cannot be shadowed.
    """
    if info.name in manifest()["models"]:
        raise ValueError(f"{info.name!r} is a shipped model; register the backend under another name")
    with _LOCK:
        _REGISTERED[info.name] = (info, factory)
        _LOADED.pop(info.name, None)


def unregister_backend(name: str) -> None:
    """Remove a model added with :func:`register_backend` (tests, reconfiguration)."""
    with _LOCK:
        _REGISTERED.pop(name, None)
        _LOADED.pop(name, None)


def list_models() -> list[ModelInfo]:
    """Every shipped model, then every registered one, by name."""
    shipped = [_info_from_manifest(n, e) for n, e in sorted(manifest()["models"].items())]
    return shipped + [info for _, (info, _) in sorted(_REGISTERED.items())]


def model_info(name: str) -> ModelInfo:
    entry = manifest()["models"].get(name)
    if entry is not None:
        return _info_from_manifest(name, entry)
    if name in _REGISTERED:
        return _REGISTERED[name][0]
    known = ", ".join(m.name for m in list_models())
    raise UnknownModelError(f"unknown model {name!r} (known: {known})")


def verified_bytes(file: Traversable, sha256: str) -> bytes:
    """The file's bytes, after checking them against the manifest's SHA-256."""
    try:
        blob = file.read_bytes()
    except OSError as exc:
        raise ModelIntegrityError(f"model file {file.name} is missing: {exc}") from exc
    digest = hashlib.sha256(blob).hexdigest()
    if digest != sha256:
        raise ModelIntegrityError(
            f"model file {file.name} does not match the manifest (sha256 {digest[:12]}…, expected {sha256[:12]}…); "
            "refusing to load it"
        )
    return blob


def load_skops_bytes(blob: bytes, *, name: str) -> Any:
    """Deserialise a skops blob, refusing any type outside the trusted set and any unexpected step."""
    import skops.io as sio

    untrusted = [t for t in sio.get_untrusted_types(data=blob) if t not in TRUSTED_TYPES]
    if untrusted:
        raise ModelIntegrityError(f"model {name} contains untrusted types {untrusted}; refusing to load it")
    obj = sio.loads(blob, trusted=list(TRUSTED_TYPES))
    _check_steps(obj, name)
    return obj


def _check_steps(obj: Any, name: str) -> None:
    kind = f"{type(obj).__module__}.{type(obj).__qualname__}"
    if kind not in ALLOWED_STEPS:
        raise ModelIntegrityError(f"model {name} contains an unexpected component {kind}; refusing to load it")
    for attr in ("steps", "transformer_list"):
        for _, child in getattr(obj, attr, ()):
            _check_steps(child, name)


class Classifier:
    """A loaded model. Thread-safe for prediction; get one with :func:`load`."""

    def __init__(self, info: ModelInfo, backend: Backend, *, normalize: Callable[[str], str] | None) -> None:
        self.info = info
        self._backend = backend
        self._normalize = normalize

    @property
    def name(self) -> str:
        return self.info.name

    def predict_proba(self, texts: Sequence[str]) -> list[list[float]]:
        """Probability of each label (``info.labels`` order) for each text."""
        if isinstance(texts, str):
            raise TypeError("predict_proba() takes a sequence of texts, not one string")
        if not texts:
            return []
        prepared = [self._normalize(t) for t in texts] if self._normalize else list(texts)
        rows = self._backend.predict_proba(prepared)
        out = [[float(p) for p in row] for row in rows]
        if len(out) != len(texts) or any(len(row) != len(self.info.labels) for row in out):
            raise ValueError(f"model {self.name}: backend returned probabilities of the wrong shape")
        return out

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Label and score per text, batch inference (pass many texts at once: it is much faster)."""
        return [self.prediction(row) for row in self.predict_proba(texts)]

    def prediction(self, row: Sequence[float]) -> Prediction:
        """The label (the alert label at or above the decision threshold, else the most probable)
        and scores, from one row of :meth:`predict_proba`."""
        labels = self.info.labels
        alert = labels.index(self.info.alert_label)
        threshold = self.info.decision_threshold
        if threshold is not None and len(labels) == 2:
            i = alert if row[alert] >= threshold else 1 - alert
        else:
            i = max(range(len(row)), key=row.__getitem__)
        scores = MappingProxyType({lab: min(1.0, max(0.0, p)) for lab, p in zip(labels, row, strict=True)})
        return Prediction(label=labels[i], score=scores[labels[i]], scores=scores)

    def clear_cache(self) -> None:
        """Forget per-token caches, if the backend has any (benchmarks of cold throughput)."""
        clear = getattr(self._backend, "clear_cache", None)
        if callable(clear):
            clear()

    def alert_scores(self, texts: Sequence[str]) -> list[float]:
        """Probability of ``info.alert_label`` per text: what a rule's threshold compares with."""
        alert = self.info.labels.index(self.info.alert_label)
        return [min(1.0, max(0.0, row[alert])) for row in self.predict_proba(texts)]


class _SklearnBackend:
    """Hashed n-gram features (code) → IDF weights (data) → per-block L2 (code) → logistic regression (data)."""

    def __init__(self, pipeline: Any, featurizer: Featurizer, labels: tuple[str, ...], name: str) -> None:
        classes = [str(c) for c in pipeline.classes_]
        if classes != list(labels):
            raise ModelIntegrityError(f"model {name}: classes {classes} do not match the manifest's {list(labels)}")
        n_features = getattr(pipeline.steps[0][1], "n_features_in_", None)
        if n_features != featurizer.spec.n_features:
            raise ModelIntegrityError(
                f"model {name}: expects {n_features} features, the manifest gives {featurizer.spec.n_features}"
            )
        tfidf = pipeline.steps[0][1]
        if tfidf.norm is not None or len(pipeline.steps) != 2:
            raise ModelIntegrityError(f"model {name}: expected TF-IDF without norm, then the classifier")
        self._tfidf = tfidf
        self._clf = pipeline.steps[1][1]
        self._featurizer = featurizer

    def clear_cache(self) -> None:
        self._featurizer.clear_cache()

    def predict_proba(self, texts: Sequence[str]) -> Sequence[Sequence[float]]:
        weighted = self._tfidf.transform(self._featurizer.transform(texts))
        matrix = block_l2(weighted, self._featurizer.spec.split)
        return self._clf.predict_proba(matrix).tolist()  # type: ignore[no-any-return]


def _load_uncached(name: str) -> Classifier:
    from tatakelola.classify import preprocess

    info = model_info(name)
    if name in _REGISTERED:
        return Classifier(info, _REGISTERED[name][1](), normalize=None)
    if manifest().get("preprocess_version") != preprocess.VERSION:
        raise ModelIntegrityError(
            f"model {name} was trained with text normalisation v{manifest().get('preprocess_version')}, "
            f"this code has v{preprocess.VERSION}; retrain (make train)"
        )
    blob = verified_bytes(_models_dir().joinpath(info.file), info.sha256)
    language = info.language

    def normalize(text: str) -> str:
        return preprocess.normalize(text, language)

    featurizer = shared_featurizer(FeatureSpec.from_dict(manifest()["models"][name]["features"]))
    backend: Backend
    if info.file.endswith(".npz"):
        from tatakelola.classify.linear import LinearBackend

        backend = LinearBackend(blob, featurizer, info.labels, name)
    else:  # a model saved with skops (older or third-party files): imports scikit-learn
        backend = _SklearnBackend(load_skops_bytes(blob, name=name), featurizer, info.labels, name)
    return Classifier(info, backend, normalize=normalize)


_FEATURIZERS: dict[FeatureSpec, Featurizer] = {}
_FEATURIZERS_LOCK = threading.Lock()


def shared_featurizer(spec: FeatureSpec) -> Featurizer:
    """One featurizer (and one per-token cache) for every model with the same feature spec."""
    with _FEATURIZERS_LOCK:
        got = _FEATURIZERS.get(spec)
        if got is None:
            got = _FEATURIZERS[spec] = Featurizer(spec)
        return got


def load(name: str) -> Classifier:
    """The classifier called ``name``, loaded and verified once per process."""
    cached = _LOADED.get(name)
    if cached is not None:
        return cached
    with _LOCK:
        cached = _LOADED.get(name)
        if cached is None:
            cached = _load_uncached(name)
            _LOADED[name] = cached
        return cached


def predict_proba_many(names: Sequence[str], texts: Sequence[str]) -> dict[str, list[list[float]]]:
    """Every named model's probabilities for the same texts, at the cost of one model and a few
    matrix products: texts are normalised once per language and featurized once per feature spec,
    and each array-backed model weights the shared counts (others predict on their own)."""
    out: dict[str, list[list[float]]] = {}
    if not texts:
        return {name: [] for name in names}
    shared: dict[tuple[str, int], Any] = {}
    normalized: dict[str, list[str]] = {}
    from tatakelola.classify.linear import LinearBackend

    for name in names:
        classifier = load(name)
        backend = classifier._backend
        if not isinstance(backend, LinearBackend) or classifier._normalize is None:
            out[name] = classifier.predict_proba(texts)
            continue
        language = classifier.info.language
        prepared = normalized.get(language)
        if prepared is None:
            prepared = normalized[language] = [classifier._normalize(t) for t in texts]
        key = (language, id(backend.featurizer))
        counts = shared.get(key)
        if counts is None:
            counts = shared[key] = backend.featurizer.transform(prepared)
        out[name] = backend.proba_from_counts(counts).tolist()
    return out

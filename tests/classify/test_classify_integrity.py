"""Loading refuses anything that is not exactly the shipped, plain scikit-learn model."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from sklearn.preprocessing import FunctionTransformer
from sklearn.tree import DecisionTreeClassifier

from tatakelola.classify import ModelIntegrityError, model_info, registry
from tatakelola.classify.features import FeatureSpec
from tatakelola.classify.linear import LinearBackend, save_arrays


@pytest.fixture()
def shipped_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the models directory that the registry reads instead of the package's."""
    src = Path(str(registry._models_dir()))
    dst = tmp_path / "models"
    shutil.copytree(src, dst)
    monkeypatch.setattr(registry, "_models_dir", lambda: dst)
    monkeypatch.setattr(registry, "_LOADED", {})
    return dst


def test_a_tampered_model_file_is_refused_before_parsing(shipped_copy: Path) -> None:
    path = shipped_copy / model_info("abusive_id").file
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(ModelIntegrityError, match="does not match the manifest"):
        registry.load("abusive_id")


def test_a_missing_model_file_is_refused(shipped_copy: Path) -> None:
    (shipped_copy / model_info("sentiment_id").file).unlink()
    with pytest.raises(ModelIntegrityError, match="missing"):
        registry.load("sentiment_id")


def test_an_untrusted_type_is_refused_even_with_a_matching_hash() -> None:
    # An attacker who can also edit the manifest still cannot smuggle in a callable.
    blob = sio.dumps(FunctionTransformer(func=eval))
    with pytest.raises(ModelIntegrityError, match="untrusted types"):
        registry.load_skops_bytes(blob, name="evil")


def test_an_unexpected_estimator_is_refused() -> None:
    blob = sio.dumps(DecisionTreeClassifier())
    with pytest.raises(ModelIntegrityError, match="unexpected component"):
        registry.load_skops_bytes(blob, name="odd")


def test_the_shipped_file_passes_all_checks() -> None:
    info = model_info("abusive_id")
    blob = registry.verified_bytes(registry._models_dir().joinpath(info.file), info.sha256)
    assert hashlib.sha256(blob).hexdigest() == info.sha256
    assert zipfile.is_zipfile(io.BytesIO(blob))
    assert info.file.endswith(".npz")
    with np.load(io.BytesIO(blob), allow_pickle=False) as data:  # plain arrays: no pickle needed
        assert [str(c) for c in data["classes"]] == list(info.labels)


def test_tampered_arrays_are_refused() -> None:
    info = model_info("abusive_id")
    blob = registry.verified_bytes(registry._models_dir().joinpath(info.file), info.sha256)
    featurizer = registry.shared_featurizer(FeatureSpec())
    with np.load(io.BytesIO(blob), allow_pickle=False) as data:
        arrays = dict(data)
    arrays["classes"] = np.asarray(["abusive", "fine"])
    with pytest.raises(ModelIntegrityError, match="classes"):
        LinearBackend(save_arrays(arrays), featurizer, info.labels, "abusive_id")
    arrays = {**arrays, "classes": np.asarray(list(info.labels)), "payload": np.asarray([1])}
    with pytest.raises(ModelIntegrityError, match="unexpected arrays"):
        LinearBackend(save_arrays(arrays), featurizer, info.labels, "abusive_id")
    objects = io.BytesIO()
    np.savez(objects, **{**arrays, "idf": np.asarray([object()], dtype=object)})
    with pytest.raises(ModelIntegrityError):
        LinearBackend(objects.getvalue(), featurizer, info.labels, "abusive_id")

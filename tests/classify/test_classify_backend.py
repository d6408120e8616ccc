"""A user-provided heavier backend (ONNX, transformer) plugs in through register_backend."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

import pytest

from tatakelola.classify import ModelInfo, list_models, load, register_backend, unregister_backend


class FakeBackend:
    """Stands in for an ONNX session: 'hate' when the text mentions 'benci'."""

    def predict_proba(self, texts: Sequence[str]) -> list[list[float]]:
        return [[0.9, 0.1] if "benci" in t else [0.2, 0.8] for t in texts]


INFO = ModelInfo(
    name="fake_transformer_hs",
    language="id",
    task="hate_speech",
    labels=("hate", "not_hate"),
    alert_label="hate",
    licence="user-provided",
    commercial_use_allowed=True,
    dataset="id-multilabel-hate-abusive/HS",
    backend="onnx",
)


@pytest.fixture()
def registered() -> Iterator[None]:
    calls: list[int] = []

    def factory() -> FakeBackend:
        calls.append(1)
        return FakeBackend()

    register_backend(INFO, factory)
    yield
    unregister_backend(INFO.name)
    assert len(calls) <= 1  # the factory runs once, on first load


def test_registered_backend_is_listed_and_predicts(registered: None) -> None:
    assert INFO.name in {m.name for m in list_models()}
    clf = load(INFO.name)
    assert load(INFO.name) is clf
    first, second = clf.predict(["aku benci kamu", "aku suka kamu"])
    assert (first.label, first.score) == ("hate", 0.9)
    assert second.label == "not_hate"
    assert clf.alert_scores(["benci"]) == [0.9]


def test_shipped_names_cannot_be_shadowed() -> None:
    with pytest.raises(ValueError, match="shipped model"):
        register_backend(dataclasses.replace(INFO, name="abusive_id"), FakeBackend)


def test_backend_with_wrong_shape_is_rejected(registered: None) -> None:
    class Broken:
        def predict_proba(self, texts: Sequence[str]) -> list[list[float]]:
            return [[1.0] for _ in texts]

    unregister_backend(INFO.name)
    register_backend(INFO, Broken)
    with pytest.raises(ValueError, match="wrong shape"):
        load(INFO.name).predict(["x"])

"""The feedback loop: reviewer verdicts as training rows, and per-rule precision."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))

import evaluate
import train


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_per_rule_precision(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "verdicts.jsonl",
        [
            {"rule_id": "ITE-HATE-ML-101", "verdict": "true_positive"},
            {"rule_id": "ITE-HATE-ML-101", "verdict": "false_positive"},
            {"rule_id": "ITE-HATE-ML-101", "verdict": True},
            {"rule_id": "PII-NIK-001", "verdict": "false_positive"},
        ],
    )
    table = evaluate.per_rule_precision(path)
    assert "| ITE-HATE-ML-101 | 2 | 1 | 66.7 % |" in table
    assert "| PII-NIK-001 | 0 | 1 | 0.0 % |" in table


def test_per_rule_precision_rejects_bad_rows(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "bad.jsonl", [{"rule_id": "X", "verdict": "maybe"}])
    with pytest.raises(SystemExit, match="true_positive/false_positive"):
        evaluate.per_rule_precision(path)


def test_feedback_rows_are_grouped_by_model(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "feedback.jsonl",
        [
            {"text": "contoh kalimat", "label": "abusive", "model": "abusive_id"},
            {"text": "another", "label": "not_offensive", "model": "offensive_en"},
        ],
    )
    extra = train.read_feedback(path)
    assert extra == {
        "abusive_id": [train.Feedback("contoh kalimat", label="abusive")],
        "offensive_en": [train.Feedback("another", label="not_offensive")],
    }


def test_feedback_without_a_label_is_refused(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "feedback.jsonl", [{"text": "x", "model": "abusive_id"}])
    with pytest.raises(SystemExit, match="text, label and model"):
        train.read_feedback(path)


def test_exported_verdicts_are_read_per_model(tmp_path: Path) -> None:
    """Rows of `tatakelola feedback export`: a verdict, and the model the rule reads (or null)."""
    path = _jsonl(
        tmp_path / "verdicts.jsonl",
        [
            {"text": "a", "rule_id": "ITE-HATE-ML-101", "model": "hate_speech_id", "verdict": "true_positive"},
            {"text": "b", "rule_id": "ITE-HATE-ML-101", "model": "hate_speech_id", "verdict": "false_positive"},
            {"text": "c", "rule_id": "PII-NIK-001", "model": None, "verdict": "false_positive"},
        ],
    )
    assert train.read_feedback(path) == {
        "hate_speech_id": [train.Feedback("a", verdict=True), train.Feedback("b", verdict=False)]
    }
    bad = _jsonl(tmp_path / "bad.jsonl", [{"text": "a", "model": "hate_speech_id", "verdict": "maybe"}])
    with pytest.raises(SystemExit, match="true_positive or false_positive"):
        train.read_feedback(bad)


def _merge(
    feedback: list[object], held_out: list[str], **kwargs: object
) -> tuple[list[str], list[str], dict[str, int]]:
    options: dict[str, object] = {"classes": ["hate", "not_hate"], "alert_label": "hate", "language": "id"}
    options.update(kwargs)
    return train.merge_feedback(
        ["kalimat latih"],
        ["not_hate"],
        feedback,
        held_out=held_out,
        **options,  # type: ignore[arg-type]
    )


def test_confirmed_is_the_alert_label_and_dismissed_the_other() -> None:
    texts, labels, stats = _merge(
        [train.Feedback("usir mereka semua", verdict=True), train.Feedback("berita tentang demo", verdict=False)], []
    )
    assert texts == ["kalimat latih", "usir mereka semua", "berita tentang demo"]
    assert labels == ["not_hate", "hate", "not_hate"]
    assert (stats["added"], stats["label:hate"], stats["label:not_hate"]) == (2, 1, 1)


def test_feedback_never_adds_a_text_of_the_test_split() -> None:
    """Compared as the model sees it: case, spacing and leetspeak do not sneak a test text in."""
    held_out = ["Semua orang itu PENIPU", "teks validasi"]
    texts, _, stats = _merge(
        [
            train.Feedback("semua   orang itu p3n1pu", verdict=True),
            train.Feedback("teks validasi", verdict=False),
            train.Feedback("kalimat baru dari peninjau", verdict=True),
        ],
        held_out,
    )
    assert texts == ["kalimat latih", "kalimat baru dari peninjau"]
    assert (stats["held_out"], stats["added"]) == (2, 1)


def test_repeated_and_conflicting_feedback() -> None:
    texts, labels, stats = _merge(
        [
            train.Feedback("sama", verdict=True),
            train.Feedback("sama", verdict=True),
            train.Feedback("beda pendapat", verdict=True),
            train.Feedback("beda pendapat", verdict=False),
            train.Feedback("beda pendapat", verdict=True),
        ],
        [],
    )
    assert list(zip(texts, labels, strict=True))[1:] == [("sama", "hate")]
    assert (stats["duplicate"], stats["conflicting"], stats["added"]) == (1, 3, 1)


def test_a_dismissal_teaches_a_three_class_model_nothing() -> None:
    texts, _, stats = _merge(
        [train.Feedback("you people are trash", verdict=False), train.Feedback("kill them all", verdict=True)],
        [],
        classes=["hate", "neither", "offensive"],
        language="en",
    )
    assert texts[1:] == ["kill them all"]
    assert stats["no_label"] == 1


def test_an_explicit_label_must_be_the_models() -> None:
    with pytest.raises(SystemExit, match="unknown label"):
        _merge([train.Feedback("x", label="spam")], [])


def test_evaluate_runs_a_registered_heavier_backend_on_the_same_split() -> None:
    from tatakelola.classify import ModelInfo, register_backend, unregister_backend

    if not (evaluate.corpora.datasets_root() / "id-multilabel-hate-abusive").is_dir():
        # CI has ../shared/datasets beside the clone: missing data there is a failure, not a skip.
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("datasets not found: set TATAKELOLA_DATASETS or place ../shared/datasets")
        pytest.skip("datasets not available (set TATAKELOLA_DATASETS)")

    class Constant:
        def predict_proba(self, texts: list[str]) -> list[list[float]]:
            return [[0.9, 0.1] for _ in texts]

    info = ModelInfo(
        name="fake_onnx_hs",
        language="id",
        task="hate_speech",
        labels=("hate", "not_hate"),
        alert_label="hate",
        licence="test",
        commercial_use_allowed=True,
        dataset="id-multilabel-hate-abusive/HS",
        backend="onnx",
    )
    register_backend(info, Constant)
    try:
        result = evaluate.evaluate_model("fake_onnx_hs")
    finally:
        unregister_backend("fake_onnx_hs")
    assert result["test"]["n"] == 1317
    assert result["test"]["per_class_f1"]["not_hate"] == 0.0  # always "hate"
    assert result["reproduced"] is True  # nothing shipped to compare with

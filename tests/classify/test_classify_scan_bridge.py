"""Scores for the scanning core's classifier hook, routed by language."""

from __future__ import annotations

from tatakelola.classify.scan_bridge import score_messages
from tatakelola.scan.model import Message


def test_scores_are_filled_per_language_and_skips_are_reported() -> None:
    messages = [
        Message(text="dasar bodoh kau, tolol!", id="1"),
        Message(text="terima kasih atas bantuannya", id="2"),
        Message(text="shut up you stupid idiot", id="3"),
    ]
    scored = score_messages(messages, ["abusive_id", "offensive_en"])
    assert scored[0].scores["abusive_id"] > 0.5 > scored[1].scores["abusive_id"]
    assert "offensive_en" not in scored[0].scores
    assert scored[2].scores["offensive_en"] > 0.5
    assert "abusive_id" in scored[2].metadata["classify_skipped"]
    assert scored[0].metadata["classify_language"] == "id"
    assert [m.id for m in scored] == ["1", "2", "3"]

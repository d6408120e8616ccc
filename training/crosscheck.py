"""Cross-collection checks: each model on labelled text from a collection it was never trained on.

A model that only works on the collection it was trained on fails the first real organisation, so
``make eval`` reports, beside each model's own test split, its score on another collection whose
labels map onto its own:

* English: ``offensive_en`` and ``hate_speech_en`` (TweetEval) on the Davidson et al. test split
  (hate + offensive = offensive; hate = hate), and the reverse: ``hate_offensive_en`` (Davidson) on
  TweetEval offensive (its hate + offensive = offensive) and TweetEval hate (its hate = hate);
* Indonesian: ``abusive_id`` and ``hate_speech_id`` (Ibrohim & Budi 2019, Twitter 2018) on
  ``checksets/id_sensi_abuse.jsonl``, 300 Indonesian Instagram comments and tweets from 2017 shipped
  in the ``sensi`` package (MIT), labelled for this project (see ``checksets/README.md``);
  ``sentiment_id`` (IndoNLU SmSA, reviews) on ``checksets/id_sensi_sentiment.jsonl``, the package's
  1,291 distinct positive/negative texts, scored on polarity (positive vs negative probability).

No check set is used for training, model selection or thresholds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import corpora

HERE = Path(__file__).resolve().parent / "checksets"


@dataclass(frozen=True)
class Check:
    name: str
    texts: list[str]
    gold: list[str]
    labels: tuple[str, str]
    #: the model's label -> the check's label; None: polarity (the higher of the two labels' probabilities)
    mapping: Callable[[str], str] | None


def _jsonl(name: str) -> list[dict[str, object]]:
    with (HERE / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _davidson(positive: set[str], yes: str, no: str) -> tuple[list[str], list[str]]:
    test = corpora.load("davidson-hate-offensive").test
    return list(test.texts), [yes if label in positive else no for label in test.labels]


def _tweeteval(task: str) -> tuple[list[str], list[str]]:
    test = corpora.load(f"tweeteval/{task}").test
    return list(test.texts), list(test.labels)


def checks_for(model: str) -> list[Check]:
    """The cross-collection checks of ``model`` (the first is the one the summary shows)."""
    if model == "offensive_en":
        texts, gold = _davidson({"hate", "offensive"}, "offensive", "not_offensive")
        return [Check("Davidson et al. test split", texts, gold, ("offensive", "not_offensive"), lambda p: p)]
    if model == "hate_speech_en":
        texts, gold = _davidson({"hate"}, "hate", "not_hate")
        return [Check("Davidson et al. test split", texts, gold, ("hate", "not_hate"), lambda p: p)]
    if model == "hate_offensive_en":
        off_texts, off_gold = _tweeteval("offensive")
        hate_texts, hate_gold = _tweeteval("hate")
        return [
            Check(
                "TweetEval offensive test",
                off_texts,
                off_gold,
                ("offensive", "not_offensive"),
                lambda p: "not_offensive" if p == "neither" else "offensive",
            ),
            Check(
                "TweetEval hate test",
                hate_texts,
                hate_gold,
                ("hate", "not_hate"),
                lambda p: "hate" if p == "hate" else "not_hate",
            ),
        ]
    if model in ("abusive_id", "hate_speech_id"):
        column, yes, no = ("abusive", "abusive", "not_abusive") if model == "abusive_id" else ("hate", "hate", "not_hate")
        rows = _jsonl("id_sensi_abuse.jsonl")
        return [
            Check(
                "sensi Instagram/Twitter 2017, 300 hand-labelled",
                [str(r["text"]) for r in rows],
                [yes if r[column] else no for r in rows],
                (yes, no),
                lambda p: p,
            )
        ]
    if model == "sentiment_id":
        rows = _jsonl("id_sensi_sentiment.jsonl")
        return [
            Check(
                "sensi Instagram/Twitter 2017, polarity",
                [str(r["text"]) for r in rows],
                [str(r["label"]) for r in rows],
                ("positive", "negative"),
                None,
            )
        ]
    return []


def predict_polarity(labels: Sequence[str], scores: Sequence[Sequence[float]], pair: tuple[str, str]) -> list[str]:
    """The label of ``pair`` with the higher score per row (``scores`` in ``labels`` order)."""
    a, b = labels.index(pair[0]), labels.index(pair[1])
    return [pair[0] if row[a] >= row[b] else pair[1] for row in scores]

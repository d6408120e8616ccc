"""Loaders for the public datasets in ``../shared/datasets`` and their splits.

Every loader returns a :class:`Splits` with train / validation / test texts and
string labels. Where a dataset has no official split, the split is a seeded,
stratified 80/10/10 (:data:`SPLIT_SEED`), so ``make train`` and ``make eval``
always see the same rows.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sklearn.model_selection import train_test_split

SPLIT_SEED = 20190805  # fixed: changing it changes every reported number
REPO_ROOT = Path(__file__).resolve().parent.parent


def say(message: str) -> None:
    """Progress output of the training scripts (stdout, flushed)."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def datasets_root() -> Path:
    """``$TATAKELOLA_DATASETS``, else the nearest ``shared/datasets`` beside the repository or one of
    its parents (``../shared`` for a clone, ``../../shared`` for a worktree under ``wt/``)."""
    env = os.environ.get("TATAKELOLA_DATASETS")
    if env:
        return Path(env)
    for parent in REPO_ROOT.parents:
        candidate = parent / "shared" / "datasets"
        if candidate.is_dir():
            return candidate.resolve()
    return (REPO_ROOT.parent / "shared" / "datasets").resolve()


@dataclass(frozen=True)
class Split:
    texts: list[str]
    labels: list[str]


@dataclass(frozen=True)
class Splits:
    train: Split
    val: Split | None
    test: Split
    split_note: str


def _lines(path: Path) -> list[str]:
    # split("\n"), not splitlines(): tweets contain U+2028 and other characters splitlines() breaks on.
    text = path.read_text(encoding="utf-8")
    return text.removesuffix("\n").split("\n")


def _tweeteval(task: str, names: dict[str, str]) -> Callable[[], Splits]:
    def load() -> Splits:
        base = datasets_root() / "tweeteval" / task

        def split(name: str) -> Split | None:
            text_path = base / f"{name}_text.txt"
            if not text_path.exists():
                return None
            texts = _lines(text_path)
            labels = [names[x.strip()] for x in _lines(base / f"{name}_labels.txt")]
            if len(texts) != len(labels):
                raise ValueError(f"{text_path}: {len(texts)} texts but {len(labels)} labels")
            return Split(texts, labels)

        train, val, test = split("train"), split("val"), split("test")
        if test is None:
            raise FileNotFoundError(f"{base}: no test split")
        if train is None:
            # TweetEval's sentiment train text is not in the snapshot: train on val, test on test.
            if val is None:
                raise FileNotFoundError(f"{base}: neither a train nor a validation split")
            return Splits(
                val,
                None,
                test,
                "official test split; trained on the official validation split "
                "(the 45k-tweet train text is not available), model selection by 5-fold CV",
            )
        return Splits(train, val, test, "official train / validation / test splits")

    return load


def _stratified(texts: list[str], labels: list[str], strata: list[str], note: str) -> Splits:
    idx = list(range(len(texts)))
    train_idx, rest = train_test_split(idx, test_size=0.2, random_state=SPLIT_SEED, stratify=strata)
    val_idx, test_idx = train_test_split(
        rest, test_size=0.5, random_state=SPLIT_SEED, stratify=[strata[i] for i in rest]
    )

    def pick(ids: list[int]) -> Split:
        return Split([texts[i] for i in ids], [labels[i] for i in ids])

    return Splits(pick(train_idx), pick(val_idx), pick(test_idx), note)


def _id_multilabel(column: str, positive: str, negative: str) -> Callable[[], Splits]:
    def load() -> Splits:
        path = datasets_root() / "id-multilabel-hate-abusive" / "re_dataset.csv"
        # Not valid UTF-8 (mixed cp1252 bytes); latin-1 never fails, see SOURCE.md.
        with path.open(encoding="latin-1", newline="") as fh:
            rows = list(csv.DictReader(fh))
        texts = [r["Tweet"] for r in rows]
        labels = [positive if r[column] == "1" else negative for r in rows]
        # Same split for both Indonesian models: stratified on the joint (HS, Abusive) label.
        strata = [r["HS"] + r["Abusive"] for r in rows]
        return _stratified(
            texts, labels, strata, f"no official split: seeded stratified 80/10/10 on (HS, Abusive), seed {SPLIT_SEED}"
        )

    return load


def _davidson() -> Splits:
    path = datasets_root() / "davidson-hate-offensive" / "labeled_data.csv"
    names = {"0": "hate", "1": "offensive", "2": "neither"}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["tweet"] for r in rows]
    labels = [names[r["class"]] for r in rows]
    note = f"no official split: seeded stratified 80/10/10 on class, seed {SPLIT_SEED}"
    return _stratified(texts, labels, labels, note)


def _smsa() -> Splits:
    base = datasets_root() / "indonlu-smsa"

    def split(name: str) -> Split:
        texts, labels = [], []
        for line in (base / f"{name}_preprocess.tsv").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            text, _, label = line.rpartition("\t")
            texts.append(text)
            labels.append(label.strip())
        return Split(texts, labels)

    return Splits(split("train"), split("valid"), split("test"), "official IndoNLU train / valid / test splits")


LOADERS: dict[str, Callable[[], Splits]] = {
    "tweeteval/offensive": _tweeteval("offensive", {"0": "not_offensive", "1": "offensive"}),
    "tweeteval/hate": _tweeteval("hate", {"0": "not_hate", "1": "hate"}),
    "tweeteval/sentiment": _tweeteval("sentiment", {"0": "negative", "1": "neutral", "2": "positive"}),
    "davidson-hate-offensive": _davidson,
    "id-multilabel-hate-abusive/Abusive": _id_multilabel("Abusive", "abusive", "not_abusive"),
    "id-multilabel-hate-abusive/HS": _id_multilabel("HS", "hate", "not_hate"),
    "indonlu-smsa": _smsa,
}


def load(name: str) -> Splits:
    return LOADERS[name]()

"""Train the shipped classifiers: ``uv run python training/train.py`` (``make train``).

For each model in :mod:`specs`: normalise the text with
:func:`tatakelola.classify.preprocess.normalize`, hash character (2-5, within
word boundaries) and word (1-2) n-grams, weight them with TF-IDF, and fit a
logistic regression. ``C`` and class weighting are chosen on the validation
split (5-fold CV where there is none); binary models also get a decision
threshold tuned on it for macro-F1 (the shipped model is the one the
threshold was tuned for: no refit on train + validation). Test-split metrics are computed once and
written to the manifest, which ``evaluate.py`` checks against.

Everything is seeded; re-running gives the same models and metrics (the files differ byte-wise only
because the zip entries carry timestamps, so their SHA-256 changes). Options:

  --only NAME [NAME ...]   train only these models (the manifest keeps the others)
  --feedback FILE.jsonl    add reviewer feedback: the output of `tatakelola feedback export` (a confirmed
                           finding of a rule reading model M is an example of M's alert label, a dismissed
                           one of its other label), or hand-labelled {"text": ..., "label": ..., "model": ...};
                           texts in a test or validation split are never added (see merge_feedback)
  --out DIR                write somewhere other than the package (for experiments)
  --cards-only             regenerate the model cards from the shipped manifest (after editing specs.py)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from scipy.sparse import spmatrix
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cards
import corpora
import langid_train
from corpora import say
from specs import SPECS, ModelSpec

from tatakelola.classify import preprocess
from tatakelola.classify.features import FeatureSpec, Featurizer, block_l2
from tatakelola.classify.linear import arrays_from_pipeline, save_arrays

SEED = 1234
MODELS_DIR = corpora.REPO_ROOT / "src" / "tatakelola" / "classify" / "models"
CARDS_DIR = corpora.REPO_ROOT / "src" / "tatakelola" / "classify" / "cards"
GRID_C = (0.25, 1.0, 4.0, 16.0, 64.0)
GRID_WEIGHT: tuple[str | None, ...] = (None, "balanced")


FEATURES = FeatureSpec(char_min=2, char_max=5, char_bits=18, word_max=2, word_bits=17)


def features() -> Featurizer:
    return Featurizer(FEATURES)


def score(metric: str, gold: list[str], pred: list[str], labels: list[str], alert: str) -> float:
    if metric == "macro_recall":
        return float(recall_score(gold, pred, labels=labels, average="macro", zero_division=0))
    if metric == "weighted_f1":
        return float(f1_score(gold, pred, labels=labels, average="weighted", zero_division=0))
    return float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0))


def metrics(gold: list[str], pred: list[str], labels: list[str]) -> dict[str, Any]:
    per_class = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
    return {
        "macro_f1": round(100 * float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)), 2),
        "weighted_f1": round(100 * float(f1_score(gold, pred, labels=labels, average="weighted", zero_division=0)), 2),
        "macro_recall": round(
            100 * float(recall_score(gold, pred, labels=labels, average="macro", zero_division=0)), 2
        ),
        "per_class_f1": {lab: round(100 * float(v), 2) for lab, v in zip(labels, per_class, strict=True)},
        "n": len(gold),
    }


def decide(proba: np.ndarray, labels: list[str], alert: str, threshold: float | None) -> list[str]:
    if threshold is None or len(labels) != 2:
        return [labels[i] for i in proba.argmax(axis=1)]
    a = labels.index(alert)
    other = labels[1 - a]
    return [alert if p >= threshold else other for p in proba[:, a]]


def best_threshold(proba: np.ndarray, gold: list[str], labels: list[str], alert: str, metric: str) -> float:
    best, best_t = -1.0, 0.5
    for t in np.arange(0.20, 0.801, 0.01):
        s = score(metric, gold, decide(proba, labels, alert, float(t)), labels, alert)
        if s > best + 1e-9:
            best, best_t = s, float(round(t, 2))
    return best_t


@dataclass(frozen=True)
class Feedback:
    """One reviewer-labelled message for a model: an explicit ``label``, or the ``verdict`` a reviewer
    gave a finding of a rule that reads the model (True: confirmed, False: dismissed)."""

    text: str
    label: str | None = None
    verdict: bool | None = None


_VERDICTS = {"true_positive": True, "false_positive": False}


def read_feedback(path: Path | None) -> dict[str, list[Feedback]]:
    """Reviewer feedback as extra training rows, per model. One JSON object per line, either

    * ``{"text", "label", "model"}`` (a hand-labelled row), or
    * a row of ``tatakelola feedback export``: ``{"text", "model", "verdict": "true_positive" |
      "false_positive", "rule_id", ...}``; rows whose rule reads no model (``"model": null``) are skipped.
    """
    extra: dict[str, list[Feedback]] = {}
    if path is None:
        return extra
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise SystemExit(f"{path}:{n}: not valid JSON ({exc})") from exc
        if not isinstance(row, dict):
            raise SystemExit(f"{path}:{n}: expected a JSON object with text, label and model")
        text, model, label, verdict = row.get("text"), row.get("model"), row.get("label"), row.get("verdict")
        if verdict is not None and label is None:
            if verdict not in _VERDICTS:
                raise SystemExit(f"{path}:{n}: verdict must be true_positive or false_positive, not {verdict!r}")
            if model is None:
                continue  # a finding of a rule that reads no classifier: nothing to learn for a model
            label_or_verdict: dict[str, Any] = {"verdict": _VERDICTS[verdict]}
        elif isinstance(label, str):
            label_or_verdict = {"label": label}
        else:
            raise SystemExit(f"{path}:{n}: expected a JSON object with text, label and model (or verdict)")
        if not isinstance(text, str) or not isinstance(model, str):
            raise SystemExit(f"{path}:{n}: text, label and model must be strings")
        extra.setdefault(model, []).append(Feedback(text, **label_or_verdict))
    return extra


def feedback_label(row: Feedback, labels: list[str], alert_label: str) -> str | None:
    """The training label of a feedback row: a confirmed finding is an example of the alert label, a
    dismissed one of the other label (None for a model with several other labels: "not hate" does not
    say whether it was offensive or neither)."""
    if row.label is not None:
        if row.label not in labels:
            raise SystemExit(f"feedback: unknown label {row.label!r} (expected one of {labels})")
        return row.label
    if row.verdict:
        return alert_label
    others = [label for label in labels if label != alert_label]
    return others[0] if len(others) == 1 else None


def merge_feedback(
    texts: list[str],
    labels: list[str],
    feedback: list[Feedback],
    *,
    classes: list[str],
    alert_label: str,
    language: str,
    held_out: Iterable[str],
) -> tuple[list[str], list[str], dict[str, int]]:
    """The training set with reviewer feedback added, and what happened to the feedback.

    Texts are compared as the model sees them (:func:`preprocess.normalize`, whitespace collapsed).
    A feedback text that appears in ``held_out`` (the test and validation splits) is never added,
    so the evaluation stays honest; the same text labelled more than once is added once, or not at
    all when reviewers disagreed.
    """

    def key(text: str) -> str:
        return " ".join(preprocess.normalize(text, language).split())

    held = {key(t) for t in held_out}
    stats = Counter({"added": 0, "held_out": 0, "duplicate": 0, "conflicting": 0, "no_label": 0, "empty": 0})
    chosen: dict[str, tuple[str, str]] = {}
    conflicted: set[str] = set()
    for row in feedback:
        label = feedback_label(row, classes, alert_label)
        k = key(row.text)
        if label is None:
            stats["no_label"] += 1
        elif not k:
            stats["empty"] += 1
        elif k in held:
            stats["held_out"] += 1
        elif k in conflicted:
            stats["conflicting"] += 1
        elif k in chosen and chosen[k][1] != label:
            del chosen[k]
            conflicted.add(k)
            stats["conflicting"] += 2
        elif k in chosen:
            stats["duplicate"] += 1
        else:
            chosen[k] = (row.text, label)
    out_texts, out_labels = list(texts), list(labels)
    for text, label in chosen.values():
        out_texts.append(text)
        out_labels.append(label)
        stats["added"] += 1
        stats[f"label:{label}"] += 1
    return out_texts, out_labels, dict(stats)


def shift_set(spec: ModelSpec) -> tuple[list[str], list[str]] | None:
    """The training split of the spec's second selection collection, labelled in the model's labels."""
    if spec.shift is None:
        return None
    dataset, positives = spec.shift
    data = corpora.load(dataset).train
    other = {"hate": "not_hate", "offensive": "not_offensive", "abusive": "not_abusive"}[spec.alert_label]
    return list(data.texts), [spec.alert_label if label in positives else other for label in data.labels]


def train_one(spec: ModelSpec, out: Path, feedback: list[Feedback]) -> dict[str, Any]:
    t0 = time.perf_counter()
    data = corpora.load(spec.dataset)
    labels = sorted(set(data.train.labels))
    held_out = list(data.test.texts) + (list(data.val.texts) if data.val is not None else [])
    train_texts, train_labels, feedback_stats = merge_feedback(
        list(data.train.texts),
        list(data.train.labels),
        feedback,
        classes=labels,
        alert_label=spec.alert_label,
        language=spec.language,
        held_out=held_out,
    )
    if feedback:
        say(f"  {spec.name}: reviewer feedback {feedback_stats}")
    feats = features()
    tfidf = TfidfTransformer(sublinear_tf=True, norm=None)

    def vectorize(texts: list[str], *, fit: bool = False) -> spmatrix:
        counts = feats.transform(preprocess.normalize_many(texts, spec.language))
        return block_l2(tfidf.fit_transform(counts) if fit else tfidf.transform(counts), FEATURES.split)

    x_train = vectorize(train_texts, fit=True)
    y_train = np.array(train_labels)

    def make(c: float, weight: str | None) -> LogisticRegression:
        # liblinear for binary tasks (fast on sparse text); lbfgs (multinomial) where there are 3+ classes.
        solver = "liblinear" if len(labels) == 2 else "lbfgs"
        return LogisticRegression(C=c, class_weight=weight, solver=solver, max_iter=2000, random_state=SEED)

    def fit(c: float, weight: str | None, x: spmatrix, y: np.ndarray) -> LogisticRegression:
        return make(c, weight).fit(x, y)

    # Model selection: validation split, else stratified 5-fold CV on train.
    if data.val is not None:
        x_val = vectorize(list(data.val.texts))
        sel_gold = list(data.val.labels)
    else:
        x_val = None
        sel_gold = train_labels
    shift = shift_set(spec)
    x_shift = vectorize(shift[0]) if shift else None
    best: tuple[float, float, str | None, float | None] = (-1.0, 1.0, None, None)
    for c in spec.grid_c or GRID_C:
        for weight in GRID_WEIGHT:
            model = None
            if x_val is not None:
                model = fit(c, weight, x_train, y_train)
                proba = model.predict_proba(x_val)
            else:
                cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
                proba = cross_val_predict(make(c, weight), x_train, y_train, cv=cv, method="predict_proba")
            threshold = (
                best_threshold(proba, sel_gold, labels, spec.alert_label, spec.primary_metric)
                if len(labels) == 2 and shift is None
                else None
            )
            s = score(
                spec.primary_metric,
                sel_gold,
                decide(proba, labels, spec.alert_label, threshold),
                labels,
                spec.alert_label,
            )
            note = ""
            if shift is not None and x_shift is not None:
                model = model or fit(c, weight, x_train, y_train)
                pred = decide(model.predict_proba(x_shift), labels, spec.alert_label, None)
                s_shift = score("macro_f1", shift[1], pred, labels, spec.alert_label)
                note = f" shift macro-F1={100 * s_shift:.2f}"
                s = min(s, s_shift)
            say(
                f"  {spec.name}: C={c} weight={weight} threshold={threshold} selection {spec.primary_metric}="
                f"{100 * s:.2f}{note}"
            )
            if s > best[0] + 1e-9:
                best = (s, c, weight, threshold)
    _, c, weight, threshold = best
    clf = fit(c, weight, x_train, y_train)
    # Feature hashing and block normalisation are code (tatakelola.classify.features, parameters in
    # the manifest); the file holds only what was learned: IDF weights and the linear model.
    pipeline = Pipeline([("tfidf", tfidf), ("clf", clf)])
    if list(clf.classes_) != labels:
        raise RuntimeError(f"{spec.name}: classes {list(clf.classes_)} differ from {labels}")

    test_proba = clf.predict_proba(vectorize(list(data.test.texts)))
    test_metrics = metrics(list(data.test.labels), decide(test_proba, labels, spec.alert_label, threshold), labels)

    # Shipped as plain arrays (numpy.load without pickle): loading needs no scikit-learn.
    path = out / f"{spec.name}.npz"
    blob = save_arrays(arrays_from_pipeline(pipeline))
    path.write_bytes(blob)
    say(
        f"  {spec.name}: chose C={c} weight={weight} threshold={threshold}; test {test_metrics['macro_f1']} "
        f"macro-F1; {len(blob) / 1e6:.1f} MB; {time.perf_counter() - t0:.0f} s"
    )
    return {
        "file": path.name,
        "sha256": hashlib.sha256(blob).hexdigest(),
        "size_bytes": len(blob),
        "language": spec.language,
        "task": spec.task,
        "labels": labels,
        "alert_label": spec.alert_label,
        "decision_threshold": threshold,
        "dataset": spec.dataset,
        "data_source": spec.source,
        "licence": spec.licence,
        "commercial_use_allowed": spec.commercial_use_allowed,
        "split": data.split_note,
        "card": f"{spec.name}.md",
        "features": FEATURES.as_dict(),
        "summary": {"en": spec.summary_en, "id": spec.summary_id},
        "primary_metric": spec.primary_metric,
        "metrics": {"test": test_metrics},
        "training": {
            "rows": len(train_texts),
            "feedback_rows": feedback_stats["added"],
            "feedback": feedback_stats,
            "label_counts": dict(sorted(Counter(train_labels).items())),
            "C": c,
            "class_weight": weight,
            "selection": "validation" if spec.shift is None else f"maximin(validation, {spec.shift[0]} train split)",
            "seed": SEED,
            "method": f"hashed character {FEATURES.char_min}-{FEATURES.char_max}-grams within words "
            f"(2^{FEATURES.char_bits}) and word 1-{FEATURES.word_max}-grams (2^{FEATURES.word_bits}), "
            "sublinear TF-IDF, L2 per block, logistic regression",
            "scikit_learn": sklearn.__version__,
            "preprocess_version": preprocess.VERSION,
        },
        "baselines": [asdict(b) for b in spec.baselines],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=[s.name for s in SPECS] + ["langid"])
    parser.add_argument("--feedback", type=Path)
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    parser.add_argument("--cards-only", action="store_true", help="rewrite the model cards from the manifest")
    args = parser.parse_args(argv)
    if args.cards_only:
        cards.write_all(json.loads((MODELS_DIR / "manifest.json").read_text("utf-8")), CARDS_DIR)
        return 0
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    manifest: dict[str, Any] = (
        json.loads(manifest_path.read_text("utf-8")) if manifest_path.exists() else {"format": 1, "models": {}}
    )
    feedback = read_feedback(args.feedback)
    unknown = set(feedback) - {s.name for s in SPECS}
    if unknown:
        raise SystemExit(f"feedback names unknown models: {sorted(unknown)}")
    wanted = set(args.only or [s.name for s in SPECS] + ["langid"])
    manifest["preprocess_version"] = preprocess.VERSION

    def save() -> None:
        # After every model, so an interrupted run keeps what it finished.
        manifest["models"] = dict(sorted(manifest["models"].items()))
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    for spec in SPECS:
        if spec.name in wanted:
            say(f"training {spec.name} on {spec.dataset}")
            manifest["models"][spec.name] = train_one(spec, out, feedback.get(spec.name, []))
            save()
    if "langid" in wanted:
        say("training langid")
        manifest["langid"] = langid_train.train(out)
    save()
    if out == MODELS_DIR:
        cards.write_all(manifest, CARDS_DIR)
    say(f"wrote {manifest_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

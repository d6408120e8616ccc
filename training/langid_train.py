"""Train the Indonesian/English language-identification tables (``models/langid.json.gz``).

Only permissively licensed text is used, so the language model carries no
non-commercial restriction: Indonesian = IndoNLU SmSA train + NERGrit train
(Apache-2.0) + the scanning core's hand-written slang dictionary; English =
TweetEval offensive and hate train (no restrictions stated) + Davidson et al.
(MIT). Per language we keep word log-frequencies (words seen at least
:data:`MIN_COUNT` times, top :data:`MAX_WORDS`) and character-trigram
log-probabilities for unseen words.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import corpora
from corpora import say

from tatakelola.classify.preprocess import normalize
from tatakelola.scan.slang import slang_to_standard

MIN_COUNT = 3
MAX_WORDS = 30_000
MAX_TRIGRAMS = 12_000
_WORD = re.compile(r"(?<![@#\w])[^\W\d_]+")
_SKIP = {"url", "rt", "user", "amp"}


def _indonesian() -> list[str]:
    texts = list(corpora.load("indonlu-smsa").train.texts)
    ner = corpora.datasets_root() / "indonlu-nergrit" / "train_preprocess.txt"
    sentence: list[str] = []
    for line in ner.read_text(encoding="utf-8").splitlines():
        if line.strip():
            sentence.append(line.split("\t")[0])
        elif sentence:
            texts.append(" ".join(sentence))
            sentence = []
    texts.extend(" ".join(pair) for pair in slang_to_standard().items())
    return texts


def _english() -> list[str]:
    texts = list(corpora.load("tweeteval/offensive").train.texts)
    texts += corpora.load("tweeteval/hate").train.texts
    texts += corpora.load("davidson-hate-offensive").train.texts
    return texts


def _tables(texts: list[str]) -> dict[str, Any]:
    words: Counter[str] = Counter()
    for text in texts:
        words.update(w for w in _WORD.findall(normalize(text)) if w not in _SKIP)
    total = sum(words.values())
    kept = [(w, c) for w, c in words.most_common(MAX_WORDS) if c >= MIN_COUNT]
    unk_mass = max(1, total - sum(c for _, c in kept))
    trigrams: Counter[str] = Counter()
    for w, c in words.items():
        padded = f"<{w}>"
        for i in range(len(padded) - 2):
            trigrams[padded[i : i + 3]] += c
    tri_total = sum(trigrams.values())
    tri_kept = sorted(trigrams.most_common(MAX_TRIGRAMS))
    tri_vocab = len(trigrams) + 1
    return {
        "word_logp": {w: round(math.log(c / total), 3) for w, c in sorted(kept)},
        "unk_logp": round(math.log(unk_mass / total), 3),
        "tri_logp": {t: round(math.log((c + 1) / (tri_total + tri_vocab)), 3) for t, c in tri_kept},
        "tri_unk": round(math.log(1 / (tri_total + tri_vocab)), 3),
    }


def train(out: Path) -> dict[str, Any]:
    import json

    tables = {"id": _tables(_indonesian()), "en": _tables(_english())}
    data = {
        "format": 1,
        "languages": ["id", "en"],
        "word_logp": {k: v["word_logp"] for k, v in tables.items()},
        "unk_logp": {k: v["unk_logp"] for k, v in tables.items()},
        "tri_logp": {k: v["tri_logp"] for k, v in tables.items()},
        "tri_unk": {k: v["tri_unk"] for k, v in tables.items()},
    }
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    blob = gzip.compress(raw, compresslevel=9, mtime=0)
    path = out / "langid.json.gz"
    path.write_bytes(blob)
    say(
        f"  langid: {len(data['word_logp']['id'])} id words, {len(data['word_logp']['en'])} en words, "
        f"{len(blob) / 1e6:.2f} MB"
    )
    return {
        "file": path.name,
        "sha256": hashlib.sha256(blob).hexdigest(),
        "size_bytes": len(blob),
        "licence": "derived word/trigram frequencies of IndoNLU SmSA + NERGrit (Apache-2.0), TweetEval "
        "offensive/hate train, Davidson et al. (MIT)",
        "commercial_use_allowed": True,
    }

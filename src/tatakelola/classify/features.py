"""Hashed n-gram counts, fast: the feature extraction of every shipped model.

Equivalent in spirit to scikit-learn's ``HashingVectorizer`` with
``analyzer="char_wb"`` plus a word n-gram vectorizer, but about ten times
faster, which is what makes thousands of messages per second per core
possible:

* character n-grams are taken *within words* (each word padded with spaces,
  like ``char_wb``), so a word's n-gram ids depend only on the word and are
  cached per word — real text repeats words constantly (Zipf), so most words
  cost one dictionary lookup;
* words (``\\w\\w+``) are found inside the cached tokens, and word bigram ids
  are combined arithmetically from the cached word hashes.

Hashes are CRC-32 of the UTF-8 bytes (stable across processes and platforms,
unlike ``hash()``). The output is a CSR matrix of raw counts: character block
first, then word block. IDF weights and the linear model live in the skops file;
:func:`block_l2` normalises each block after IDF weighting.
"""

from __future__ import annotations

import re
import threading
import zlib
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Final

import numpy as np
from scipy.sparse import csr_matrix

_WORD: Final = re.compile(r"(?u)\b\w\w+\b|@user")
_CACHE_LIMIT: Final = 300_000
_MIX: Final = 0x9E3779B1  # golden-ratio multiplier: spreads the first word's hash before xor-ing the second


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """The featurizer's parameters, as recorded in the manifest."""

    char_min: int = 2
    char_max: int = 5
    char_bits: int = 18
    word_max: int = 2
    word_bits: int = 17

    @property
    def split(self) -> int:
        """First column of the word block."""
        return 1 << self.char_bits

    @property
    def n_features(self) -> int:
        return (1 << self.char_bits) + (1 << self.word_bits)

    def as_dict(self) -> dict[str, int]:
        return {
            "char_min": self.char_min,
            "char_max": self.char_max,
            "char_bits": self.char_bits,
            "word_max": self.word_max,
            "word_bits": self.word_bits,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeatureSpec:
        spec = cls(**{k: int(data[k]) for k in ("char_min", "char_max", "char_bits", "word_max", "word_bits")})
        if not (1 <= spec.char_min <= spec.char_max <= 8 and 1 <= spec.word_max <= 3):
            raise ValueError(f"unsupported feature parameters {data}")
        if not (8 <= spec.char_bits <= 24 and 8 <= spec.word_bits <= 24):
            raise ValueError(f"unsupported feature parameters {data}")
        return spec


class Featurizer:
    """Turns normalised texts into hashed n-gram counts (thread-safe; caches per token)."""

    def __init__(self, spec: FeatureSpec) -> None:
        self.spec = spec
        self._char_mask = (1 << spec.char_bits) - 1
        self._word_mask = (1 << spec.word_bits) - 1
        self._word_offset = 1 << spec.char_bits
        # whitespace token -> (its character n-gram ids as int32 bytes, hashes of the words inside it)
        self._tokens: dict[str, tuple[bytes, tuple[int, ...]]] = {}
        self._lock = threading.Lock()

    def _token(self, token: str) -> tuple[bytes, tuple[int, ...]]:
        padded = f" {token} "
        mask = self._char_mask
        ids = array(
            "i",
            [
                zlib.crc32(padded[i : i + n].encode("utf-8")) & mask
                for n in range(self.spec.char_min, self.spec.char_max + 1)
                for i in range(len(padded) - n + 1)
            ],
        )
        words = tuple(zlib.crc32(w.encode("utf-8")) for w in _WORD.findall(token))
        return ids.tobytes(), words

    def clear_cache(self) -> None:
        """Forget the per-token cache (to measure cold throughput)."""
        with self._lock:
            self._tokens.clear()

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        tokens = self._tokens
        if len(tokens) > _CACHE_LIMIT:
            with self._lock:
                tokens.clear()
        chunks: list[bytes] = []
        indptr = array("q", [0])
        total = 0
        wmask, woff, wmax = self._word_mask, self._word_offset, self.spec.word_max
        make = self._token
        for text in texts:
            hashes: list[int] = []
            for token in text.split():
                entry = tokens.get(token)
                if entry is None:
                    entry = tokens[token] = make(token)
                chunks.append(entry[0])
                total += len(entry[0]) >> 2
                hashes.extend(entry[1])
            ids = [woff + (h & wmask) for h in hashes]
            if wmax >= 2:
                ids += [woff + ((a * _MIX ^ b) & wmask) for a, b in pairwise(hashes)]
            if wmax >= 3:
                ids += [
                    woff + (((a * _MIX ^ b) * _MIX ^ c) & wmask)
                    for a, b, c in zip(hashes, hashes[1:], hashes[2:], strict=False)
                ]
            if ids:
                chunks.append(array("i", ids).tobytes())
                total += len(ids)
            indptr.append(total)
        indices = np.frombuffer(b"".join(chunks), dtype=np.int32).copy()  # writable: sorted in place
        data = np.ones(len(indices), dtype=np.float32)
        matrix = csr_matrix((data, indices, np.array(indptr, dtype=np.int64)), shape=(len(texts), self.spec.n_features))
        matrix.sum_duplicates()
        return matrix


def block_l2(matrix: csr_matrix, split: int) -> csr_matrix:
    """Scale each row's character block (columns < ``split``) and word block to unit L2 norm, in place.

    Both blocks then weigh the same whatever their number of n-grams, as with a scikit-learn
    ``FeatureUnion`` of two normalised vectorizers.
    """
    n_rows = matrix.shape[0]
    rows = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(matrix.indptr))
    key = rows * 2 + (matrix.indices >= split)
    norms = np.sqrt(np.bincount(key, weights=np.square(matrix.data, dtype=np.float64), minlength=2 * n_rows))
    norms[norms == 0.0] = 1.0
    matrix.data = (matrix.data / norms[key]).astype(matrix.dtype, copy=False)
    return matrix

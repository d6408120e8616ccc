"""Hashed n-gram features: stable across processes, counts summed, blocks in place."""

from __future__ import annotations

import zlib

from tatakelola.classify.features import FeatureSpec, Featurizer

SPEC = FeatureSpec(char_min=2, char_max=3, char_bits=10, word_max=2, word_bits=8)


def test_counts_and_blocks() -> None:
    matrix = Featurizer(SPEC).transform(["aa aa", ""])
    assert matrix.shape == (2, (1 << 10) + (1 << 8))
    row = matrix.getrow(0)
    # " aa " has char 2-grams " a", "aa", "a " and 3-grams " aa", "aa "; twice each.
    char_ids = [zlib.crc32(g.encode()) & 1023 for g in (" a", "aa", "a ", " aa", "aa ")]
    for i in char_ids:
        assert row[0, i] >= 2
    word_id = (1 << 10) + (zlib.crc32(b"aa") & 255)
    assert row[0, word_id] == 2
    assert matrix.getrow(1).nnz == 0


def test_same_input_same_features_with_a_cold_and_warm_cache() -> None:
    texts = ["dasar bodoh kamu", "terima kasih banyak", "dasar bodoh kamu"]
    cold = Featurizer(SPEC).transform(texts)
    warm_featurizer = Featurizer(SPEC)
    warm_featurizer.transform(texts)
    warm = warm_featurizer.transform(texts)
    assert (cold != warm).nnz == 0
    assert (cold.getrow(0) != cold.getrow(2)).nnz == 0

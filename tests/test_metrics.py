"""retrieval.metrics: exact match and character F1 after NFKC, Recall@k and MRR with misses."""

from __future__ import annotations

import pytest

from retrieval.metrics import char_f1, exact_match, mrr_at, normalize_answer, recall_at


@pytest.mark.parametrize(
    "text, expected",
    [
        ("３億 ドル", "3億ドル"),
        (" パトリック・ペレス 氏\n", "パトリック・ペレス氏"),
        ("ｶﾞ\u3000ｷﾞ", "ガギ"),
        ("1000\t基", "1000基"),
        ("", ""),
    ],
)
def test_normalize_answer(text, expected):
    assert normalize_answer(text) == expected


@pytest.mark.parametrize(
    "prediction, golds, expected",
    [
        ("3億3000万ドル", ["3億3000万ドル"], 1.0),
        ("３億３０００万 ドル", ["3億3000万ドル"], 1.0),
        ("3億3000万ドル", ["1億ユーロ", " 3億3000万ドル "], 1.0),
        ("3億ドル", ["3億3000万ドル"], 0.0),
        ("", ["3億ドル"], 0.0),
        (None, ["3億ドル"], 0.0),
        ("3億ドル", [], 0.0),
    ],
)
def test_exact_match(prediction, golds, expected):
    assert exact_match(prediction, golds) == expected


@pytest.mark.parametrize(
    "prediction, golds, expected",
    [
        ("パリ", ["パリ"], 1.0),
        ("ﾊﾟﾘ", ["パ リ"], 1.0),
        ("パリ市", ["パリ"], 0.8),  # precision 2/3, recall 1
        ("東京", ["パリ"], 0.0),
        (None, ["パリ"], 0.0),
        ("パリ", [], 0.0),
        ("ab", ["abcd", "ab"], 1.0),  # best gold
        ("aab", ["ab"], 0.8),  # characters count with multiplicity
    ],
)
def test_char_f1(prediction, golds, expected):
    assert char_f1(prediction, golds) == pytest.approx(expected)


@pytest.mark.parametrize(
    "ranks, k, expected",
    [
        ([1, 2, None, 4], 1, 0.25),
        ([1, 2, None, 4], 3, 0.5),
        ([1, 2, None, 4], 4, 0.75),
        ([None, None], 10, 0.0),
        ([], 5, 0.0),
    ],
)
def test_recall_at(ranks, k, expected):
    assert recall_at(ranks, k) == pytest.approx(expected)


@pytest.mark.parametrize(
    "ranks, k, expected",
    [
        ([1, 2, None, 4], 10, (1 + 1 / 2 + 1 / 4) / 4),
        ([1, 2, None, 4], 2, (1 + 1 / 2) / 4),
        ([None], 10, 0.0),
        ([3], 10, 1 / 3),
        ([], 10, 0.0),
    ],
)
def test_mrr_at(ranks, k, expected):
    assert mrr_at(ranks, k) == pytest.approx(expected)


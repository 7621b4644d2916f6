"""How the word and character-bigram channels are combined (ranking.fusion)."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.corpus import Passage
from retrieval.engine import Engine, _rank_fusion


def test_rank_fusion_formula():
    word = np.array([3.0, 1.0, 0.0, 1.0])
    bigram = np.array([0.0, 2.0, 1.0, 0.0])
    fused = _rank_fusion(((word, 1.0), (bigram, 0.5)), k=1.0)
    # Word ranks: 1, 2, -, 2 (equal scores share the better rank; a passage the
    # channel does not score gets nothing). Bigram ranks: -, 1, 2, -.
    # Each rank r adds weight * (k + 1) / (k + r): rank 1 → weight, rank 2 → 2/3 weight.
    assert fused.tolist() == pytest.approx([1.0, 2 / 3 + 0.5, 0.5 * 2 / 3, 2 / 3])


def test_rank_fusion_skips_a_channel_weighted_zero():
    scores = np.array([2.0, 1.0])
    assert _rank_fusion(((scores, 1.0), (scores[::-1].copy(), 0.0)), k=60).tolist() == pytest.approx([1.0, 61 / 62])


@pytest.mark.parametrize("fusion", ["score", "rank"])
def test_both_fusions_put_the_passage_best_in_both_channels_first_with_the_weights_sum(config, fusion):
    passages = [
        Passage("d#1", "d", "", "研究所の予算は3億ドルだ。"),
        Passage("d#2", "d", "", "研究所が増えた。"),
        Passage("d#3", "d", "", "猫が庭で寝ている。"),
    ]
    engine = Engine(config.replace(ranking={"fusion": fusion, "proximity_weight": 0.0, "answer_type_boost": 0.0}), passages)
    (best, score), *_ = engine.rank("研究所の予算")
    assert best == 0
    # Top of both channels: word_weight + bigram_weight (plus the tie-breaker, 1e-6 x that).
    assert score == pytest.approx(2.0, abs=1e-5)


def test_unknown_fusion_is_a_config_error():
    from retrieval.config import ConfigError, config_from_mapping

    with pytest.raises(ConfigError, match="ranking.fusion"):
        config_from_mapping({"ranking": {"fusion": "borda"}})

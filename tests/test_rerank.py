"""The re-scoring of the first passages (ranking.proximity_weight, ranking.answer_type_boost)."""

from __future__ import annotations

from retrieval.corpus import Passage
from retrieval.engine import Engine

FILLER = ["明日は雨が降る。", "週末は晴れる。", "猫が庭で寝ている。", "電車が遅れた。"]


def corpus(*texts: str) -> list[Passage]:
    return [Passage(f"d#{i}", "d", "", text) for i, text in enumerate([*texts, *FILLER], 1)]


def engine_with(config, passages: list[Passage], *, proximity_weight: float, answer_type_boost: float) -> Engine:
    """An engine with only the given re-scoring turned on."""
    return Engine(config.replace(ranking={"proximity_weight": proximity_weight, "answer_type_boost": answer_type_boost}), passages)


def gap(engine: Engine, question: str, better: int, worse: int) -> float:
    scores = dict(engine.rank(question, top_k=len(engine.passages)))
    return scores[better] - scores[worse]


def test_proximity_favours_the_passage_that_says_it_in_one_sentence(config):
    passages = corpus("研究所が増えた。予算が減った。", "研究所の予算が減った。数が増えた。")
    on = engine_with(config, passages, proximity_weight=0.5, answer_type_boost=0.0)
    off = engine_with(config, passages, proximity_weight=0.0, answer_type_boost=0.0)
    question = "研究所の予算は減った？"
    assert on.rank(question)[0][0] == 1
    assert gap(on, question, 1, 0) > gap(off, question, 1, 0)


def test_answer_type_boost_favours_the_passage_holding_the_asked_kind(config):
    passages = corpus("研究所の予算は大きい。", "研究所の予算は3億ドルだ。")
    on = engine_with(config, passages, proximity_weight=0.0, answer_type_boost=0.3)
    off = engine_with(config, passages, proximity_weight=0.0, answer_type_boost=0.0)
    question = "研究所の予算はいくら？"
    assert on.rank(question)[0][0] == 1
    assert on.answer(question).answer == "3億ドル"
    assert abs(gap(on, question, 1, 0) - gap(off, question, 1, 0) - 0.3) < 1e-9


def test_ranking_does_not_depend_on_top_k(engine, config):
    """The rerank re-scores the first rerank_depth passages whatever top_k is, so the
    evaluation (top 10) ranks as `ask` (top 3) does."""
    from retrieval.evaluation import load_gold

    for q in load_gold(config.resolve(config.corpus.gold)):
        assert engine.rank(q.question, top_k=10)[:3] == engine.rank(q.question, top_k=3), q.question

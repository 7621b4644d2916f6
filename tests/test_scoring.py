"""BM25Index gives rank_bm25's scores (to 1e-9) and top 10, for every variant."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from retrieval.background import Background
from retrieval.evaluation import load_jsquad
from retrieval.scoring import BM25Index

JSQUAD = Path(__file__).resolve().parents[2] / "shared" / "data" / "jsquad" / "valid-v1.3.json"
REFERENCE = {"okapi": BM25Okapi, "l": BM25L, "plus": BM25Plus}
SETTINGS = [
    ("okapi", {"k1": 1.5, "b": 0.75, "epsilon": 0.25}),
    ("okapi", {"k1": 0.3, "b": 0.75, "epsilon": 0.25}),
    ("okapi", {"k1": 1.2, "b": 0.3, "epsilon": 0.5}),
    ("l", {"k1": 1.5, "b": 0.75, "delta": 0.5}),
    ("plus", {"k1": 1.5, "b": 0.75, "delta": 1.0}),
    ("plus", {"k1": 0.9, "b": 0.4, "delta": 0.5}),
]


def _reference(variant: str, corpus, params):
    return REFERENCE[variant](corpus, **params)


def _ours(variant: str, corpus, params):
    return BM25Index(corpus, variant=variant, **params)


def _assert_same(ours: np.ndarray, theirs: np.ndarray) -> None:
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-9)
    top_ours = np.argsort(-ours, kind="stable")[:10]
    top_theirs = np.argsort(-theirs, kind="stable")[:10]
    # Same passages in the same order, up to ties (equal scores may swap).
    np.testing.assert_allclose(ours[top_ours], theirs[top_theirs], rtol=0, atol=1e-9)
    assert set(top_ours[ours[top_ours] > ours[top_ours][-1] + 1e-9]) <= set(top_theirs)


@pytest.fixture(scope="module")
def jsquad_tokens(tokenizer):
    if not JSQUAD.is_file():
        pytest.skip(f"{JSQUAD} not found")
    passages, questions = load_jsquad(JSQUAD)
    corpus = [tokenizer.terms(p.text) for p in passages]
    step = max(1, len(questions) // 200)
    queries = [tokenizer.query_terms(q.question) for q in questions[::step]][:200]
    return corpus, queries


@pytest.mark.parametrize(("variant", "params"), SETTINGS)
def test_jsquad_scores_equal_rank_bm25(jsquad_tokens, variant, params):
    corpus, queries = jsquad_tokens
    ours, theirs = _ours(variant, corpus, params), _reference(variant, corpus, params)
    assert len(queries) == 200
    for query in queries:
        _assert_same(ours.get_scores(query), theirs.get_scores(query))


@pytest.mark.parametrize(("variant", "params"), SETTINGS)
@pytest.mark.parametrize(
    "query",
    [["a"], ["b", "b"], ["a", "c", "zzz"], ["common"], ["zzz"], []],
    ids=["one", "repeated", "with-unknown", "in-every-passage", "unknown", "empty"],
)
def test_small_corpus_equals_rank_bm25(variant, params, query):
    corpus = [["a", "b", "common"], ["b", "b", "c", "common"], ["c", "common"], ["d", "e", "common", "a", "a"]]
    _assert_same(_ours(variant, corpus, params).get_scores(query), _reference(variant, corpus, params).get_scores(query))


# Hand-made corpora in the style of bm25s's comparison tests: an empty passage, a
# term in more than half the passages (negative Okapi idf, floored by epsilon), one
# passage only, and long repeated terms.
HAND_MADE = {
    "with-empty-passage": ([["a", "b"], [], ["b", "c", "c"], ["a"]], [["a"], ["b", "c"], ["zzz"]]),
    "majority-term": ([["x", "y"], ["x"], ["x", "z"], ["x", "x", "w"], ["v"]], [["x"], ["x", "w"], ["v", "x"]]),
    "single-passage": ([["only", "one", "one"]], [["one"], ["only", "nope"]]),
    "long-repeats": ([["t"] * 50 + ["u"], ["u"] * 3, ["t", "u", "s"]], [["t"], ["u", "u"], ["s", "t", "u"]]),
}
# Corpora where no Okapi idf is above 0 (one or two passages) deliberately differ:
# test_tiny_corpora_still_rank.
NO_POSITIVE_IDF = {"single-passage"}


@pytest.mark.parametrize(
    ("variant", "params", "name"),
    [(v, p, n) for n in HAND_MADE for v, p in SETTINGS if not (v == "okapi" and n in NO_POSITIVE_IDF)],
)
def test_hand_made_corpora_equal_rank_bm25(variant, params, name):
    corpus, queries = HAND_MADE[name]
    ours, theirs = _ours(variant, corpus, params), _reference(variant, corpus, params)
    for query in queries:
        _assert_same(ours.get_scores(query), theirs.get_scores(query))


@pytest.mark.parametrize(
    "corpus",
    [[["only", "one", "one"]], [["title"], ["body", "budget", "five"]], [["a", "b"], ["b", "c"]]],
    ids=["one-passage", "title-and-paragraph", "two-passages"],
)
def test_tiny_corpora_still_rank(corpus):
    """With one or two passages BM25Okapi's idf is never above 0 (rank_bm25 scores
    every passage 0 or less): here every term weighs epsilon, so a passage holding
    the query's words scores above one that does not."""
    reference = BM25Okapi(corpus, epsilon=0.25)
    assert max(reference.get_scores(corpus[-1][:1])) <= 0
    index = BM25Index(corpus, variant="okapi", epsilon=0.25)
    np.testing.assert_allclose(index.idf, 0.25)
    for d, doc in enumerate(corpus):
        scores = index.get_scores([doc[-1]])
        assert scores[d] > 0 and all(scores[o] < scores[d] for o in range(len(corpus)) if doc[-1] not in corpus[o])


@pytest.mark.parametrize("variant", ["okapi", "l", "plus"])
def test_weights_scale_each_term(variant):
    corpus = [["a", "b"], ["b", "c"], ["c", "a", "a"], ["d"]]
    index = BM25Index(corpus, variant=variant)
    a, c = index.get_scores(["a"]), index.get_scores(["c"])
    np.testing.assert_allclose(index.get_scores(["a", "c"], [1.0, 0.5]), a + 0.5 * c, atol=1e-12)
    np.testing.assert_allclose(index.get_scores(["a", "c"], [1.0, 1.0]), index.get_scores(["a", "c"]), atol=1e-12)
    np.testing.assert_allclose(index.get_scores(["a", "zzz", "c"], [2.0, 9.0, 0.0]), 2 * a, atol=1e-12)
    # Weights follow the query's positions, repeated terms included.
    np.testing.assert_allclose(index.get_scores(["a", "a"], [0.25, 0.5]), 0.75 * a, atol=1e-12)


def test_scores_do_not_depend_on_the_summation_path():
    """One query term (a plain copy) and several (one bincount) add like a loop would."""
    corpus = [["a", "b", "c"], ["b", "c"], ["c", "d", "a"], ["e"]]
    index = BM25Index(corpus)
    loop = np.zeros(4)
    for term in ["c", "a", "b"]:
        loop += index.get_scores([term])
    np.testing.assert_array_equal(index.get_scores(["c", "a", "b"]), loop)


@pytest.mark.parametrize("variant", ["okapi", "l", "plus"])
def test_state_round_trip(variant):
    corpus = [["x", "y"], ["y", "z", "z"], ["x"], ["w"], ["x", "y"]]
    index = BM25Index(corpus, variant=variant, k1=0.8, b=0.6, epsilon=0.3, delta=0.7)
    state = index.state()
    assert all(isinstance(v, np.ndarray) and v.dtype != object for v in state.values())  # npz without pickle
    again = BM25Index.from_state(state, index.terms(), variant)
    for name in ("k1", "b", "epsilon", "delta", "avgdl", "corpus_size", "average_idf", "vocab"):
        assert getattr(again, name) == getattr(index, name), name
    for query in (["x"], ["z", "y"], ["w", "nope"], []):
        np.testing.assert_array_equal(again.get_scores(query), index.get_scores(query))
    np.testing.assert_array_equal(again.get_scores(["x", "y"], [0.5, 2.0]), index.get_scores(["x", "y"], [0.5, 2.0]))
    assert again.term_weight("z") == index.term_weight("z")


@pytest.mark.parametrize("variant", ["okapi", "l", "plus"])
def test_background_frequencies_blend_into_idf(variant):
    """The idf is rank_bm25's formula over the corpus plus weight x the background's
    paragraphs; corpus_idf is the corpus's own (the index without a background)."""
    corpus = [["国", "協議"], ["予算"], ["骨抜き"], ["予算", "協議"]]
    background = Background(100, {"国": 90, "予算": 10})
    alone = BM25Index(corpus, variant=variant)
    blended = BM25Index(corpus, variant=variant, background=background, background_weight=0.5)
    np.testing.assert_array_equal(blended.corpus_idf, alone.idf)
    n, df = 4 + 0.5 * 100, {"国": 1 + 45, "協議": 2, "予算": 2 + 5, "骨抜き": 1}
    for term, d in df.items():
        expected = {"okapi": np.log(n - d + 0.5) - np.log(d + 0.5), "l": np.log(n + 1) - np.log(d + 0.5), "plus": np.log((n + 1) / d)}[variant]
        if variant != "okapi" or expected >= 0:
            assert blended.term_weight(term) == pytest.approx(expected), term
    # Once each in the corpus, the two weigh the same alone; blended, the word the
    # background uses everywhere weighs less.
    assert alone.term_weight("国") == alone.term_weight("骨抜き")
    assert blended.term_weight("国") < blended.term_weight("骨抜き")
    np.testing.assert_array_equal(BM25Index(corpus, variant=variant, background=background, background_weight=0).idf, alone.idf)
    again = BM25Index.from_state(blended.state(), blended.terms(), variant)
    np.testing.assert_array_equal(again.corpus_idf, blended.corpus_idf)
    np.testing.assert_array_equal(again.get_scores(["国", "予算"]), blended.get_scores(["国", "予算"]))


def test_state_with_the_wrong_terms_is_refused():
    index = BM25Index([["x", "y"], ["z"]])
    with pytest.raises(ValueError, match="do not match"):
        BM25Index.from_state(index.state(), ["x", "y"], "okapi")


def test_generator_corpus_needs_its_size():
    corpus = [["a"], ["b"]]
    built = BM25Index((doc for doc in corpus), size=2)
    np.testing.assert_array_equal(built.get_scores(["a"]), BM25Index(corpus).get_scores(["a"]))
    with pytest.raises(ValueError, match="not 3"):
        BM25Index((doc for doc in corpus), size=3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"variant": "bm42"}, "unknown BM25 variant"), ({"k1": -1}, "k1"), ({"b": 1.5}, "b=1.5"), ({"background_weight": -1}, "background_weight")],
)
def test_bad_options_raise_value_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        BM25Index([["a"]], **kwargs)


def test_empty_corpus_is_refused():
    with pytest.raises(ValueError, match="no passages"):
        BM25Index([])


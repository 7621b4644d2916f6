"""Property tests: the whole answer path never fails on arbitrary text.

Whatever the question, ``engine.answer`` either raises :class:`QuestionError`
(empty, too long, no letter or digit) or returns top-k passages whose highlight spans lie inside
their text, with a JSON-serializable ``to_dict()``.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from retrieval.engine import Engine, QuestionError

SETTINGS = settings(max_examples=150, deadline=None)

# Pieces the normalizer and tokenizer treat specially, mixed into random text.
TRICKY = [
    "キュタイ", "キュータイ", "KYUTAI", "ｷｭｰﾀｲ", "３億", "1,000", "3.3億", "三億三千万", "・", "ー", "ﾞ", "ﾟ",
    "\u3099", "\u0301", "㍿", "ﬁ", "İ", "\x00", "\n", "\t", "\r", " ", "\u3000", "\u200b", "\ufeff",
    "誰", "いつ", "何基", "いくら", "ニール氏", "2019年", "ハリー・ポッター", "Saadé", "🎉", "👨\u200d👩\u200d👧",
    "「", "」", "。", "？", "[SEP]", "\\", '"', "ｼﾞｬﾝ＝ﾎﾟｰﾙ", "首都キンシャサ", "宮城谷昌光", "4代",
    # identity questions (who a named person is) and ages
    "氏は誰？", "とは何者", "って誰", "大統領", "Who is ", "何歳", "の年齢は", "以上",
]

LATIN = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=300)
MIXED = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=4)), max_size=30).map("".join)
_LONG_ALPHABET = st.sampled_from(list("キュタイの予算は誰がいつ3億1000万ドルGPU基・ー 、。?！abcZ🎉\n"))
# Hypothesis cannot draw a text longer than 8192 characters directly: long questions
# are a random text repeated, or random chunks joined, cut at 10,000 characters.
LONG = st.one_of(
    st.builds(lambda s, n: (s * n)[:10_000], st.text(_LONG_ALPHABET, min_size=1, max_size=200), st.integers(1_000, 10_000)),
    st.lists(st.text(_LONG_ALPHABET, min_size=50, max_size=200), min_size=10, max_size=50).map(lambda parts: "".join(parts)[:10_000]),
)


@pytest.fixture(scope="module")
def roomy_engine(config):
    """Answers questions up to 20,000 characters (the long examples are answered, not refused)."""
    return Engine.from_config(config.replace(answer={"max_question_chars": 20_000}))


def has_word_characters(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit (a question without any is refused)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def check_answer_path(engine, question):
    try:
        result = engine.answer(question)
    except QuestionError as exc:
        assert str(exc)
        assert not question.strip() or len(question) > engine.config.answer.max_question_chars or not has_word_characters(question)
        return
    k = engine.config.ranking.top_k
    assert len(result.passages) == min(k, len(engine.passages))
    for p in result.passages:
        for start, end in p.highlights:
            assert 0 <= start < end <= len(p.text)
        assert p.marked("", "") == p.text
    assert result.abstained == (result.answer is None)
    assert 0.0 <= result.coverage <= 1.0 + 1e-9
    data = result.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


@SETTINGS
@given(st.text())
def test_arbitrary_unicode(roomy_engine, question):
    check_answer_path(roomy_engine, question)


@SETTINGS
@given(MIXED)
def test_tricky_mixed_text(roomy_engine, question):
    check_answer_path(roomy_engine, question)


@SETTINGS
@given(LATIN)
def test_latin_only(roomy_engine, question):
    check_answer_path(roomy_engine, question)


@SETTINGS
@given(LONG)
@example("1" * 400)  # a numeral run too long for a float
@example("キュタイの予算は？" * 1_000)
def test_long_text(roomy_engine, question):
    assert len(question) <= 10_000
    # Whitespace or symbols only are refused (empty, no letters): test_arbitrary_unicode covers them.
    assume(question.strip() and has_word_characters(question))
    result = roomy_engine.answer(question)  # within 20,000 characters: never refused
    assert len(result.passages) == roomy_engine.config.ranking.top_k
    check_answer_path(roomy_engine, question)


@SETTINGS
@given(st.text(), st.integers(min_value=1, max_value=500))
def test_too_long_is_refused(engine, tail, extra):
    limit = engine.config.answer.max_question_chars
    question = "予" * (limit + extra) + tail
    with pytest.raises(QuestionError, match="長すぎ"):
        engine.answer(question)


@SETTINGS
@given(st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\u3000", "\r"]), max_size=50))
def test_blank_is_refused(engine, question):
    with pytest.raises(QuestionError, match="空"):
        engine.answer(question)


@SETTINGS
@given(MIXED)
def test_normalizer_source_map(normalizer, text):
    norm = normalizer(text)
    assert len(norm.source) == len(norm.text)
    assert all(0 <= s < len(text) for s in norm.source)
    assert list(norm.source) == sorted(norm.source)


@SETTINGS
@given(MIXED)
def test_token_spans_inside_text(tokenizer, text):
    for token in tokenizer.tokenize(text):
        assert token.term
        assert 0 <= token.start < token.end <= len(text)
    chunks = tokenizer.noun_chunks(text)
    for start, end in chunks:
        assert 0 <= start < end <= len(text)
    # A name is the end of a noun phrase (首都キンシャサ → キンシャサ), never empty.
    for start, end, _ in tokenizer.named_chunks(text):
        assert any(s <= start < end <= e for s, e in chunks)


@SETTINGS
@given(text=st.one_of(MIXED, st.text(max_size=40), LATIN))
def test_normalizer_fast_path_agrees_with_cluster_path(config, text):
    from retrieval.normalize import Normalizer

    normalizer = Normalizer(config)
    chars, source = normalizer._characters(text)
    assert (list(chars), list(source)) == normalizer._characters_by_cluster(text)


# Corpora of arbitrary passages: the engine indexes them and answers, or refuses the
# file with a CorpusError naming it (half a surrogate pair; nothing left to index).
PASSAGE = st.one_of(MIXED, st.text(max_size=80), st.sampled_from(["\ud800abc", "予算は5円。", "", "   "]))


@settings(max_examples=60, deadline=None)
@given(st.lists(PASSAGE, min_size=1, max_size=6), st.sampled_from([".jsonl", ".txt"]), MIXED)
def test_arbitrary_corpus(config, tmp_path_factory, passages, suffix, question):
    from retrieval.corpus import CorpusError

    path = tmp_path_factory.mktemp("corpus") / f"c{suffix}"
    if suffix == ".jsonl":
        lines = [json.dumps({"_id": f"p{i}", "title": text[:3], "text": text}) for i, text in enumerate(passages)]
        path.write_text("\n".join(lines), encoding="utf-8")
    else:
        path.write_text("\n".join(passages), encoding="utf-8", errors="surrogatepass")
    try:
        engine = Engine.from_config(config.replace(cache={"enabled": False}), path)
    except CorpusError as exc:
        message = str(exc)
        assert str(path) in message or "no passages" in message
        assert "\n" not in message
        return
    assert engine.passages
    check_answer_path(engine, question)

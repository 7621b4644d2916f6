"""Hiragana a question types for a word the corpus writes in kanji (retrieval/readings.py)."""

from __future__ import annotations

import pytest

from retrieval.engine import Engine
from retrieval.readings import Readings

# The corpus's words include some a question's own hiragana could be misread as
# (市内 しない, 以内 いない, 指定 してい, 南東 なんとう, 建設 けんせつ).
TEXTS = [
    "研究室の所長はパトリック・ペレス氏で、予算は3億3000万ドル。燃料を入れる所。",
    "キュタイは民間資金による非営利団体で、研究者と協力する。",
    "市内の建設は1年以内に終わる。指定の場所は南東にある。採用活動を開始した。",
]


@pytest.fixture(scope="module")
def readings(tokenizer):
    return Readings.from_texts(tokenizer, TEXTS)


@pytest.mark.parametrize(
    "question, expected",
    [
        ("しょちょうはだれ", "所長はだれ"),  # fugashi: 小 + 蝶
        ("きゅたいのよさんは？", "きゅたいの予算は？"),  # 良 + さん
        ("Kyutaiってひえいりなの？", "Kyutaiって非営利なの？"),  # two words of the corpus in a row: 非 + 営利
        ("けんきゅうしゃたちと協力する？", "研究者たちと協力する？"),  # before a suffix
    ],
)
def test_hiragana_is_written_as_the_corpus_writes_it(readings, question, expected):
    assert readings.convert(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "研究者がいないのは？",  # い + ない: a verb and an auxiliary, not 以内
        "協力しない団体は？",
        "研究していない人は？",  # し + て + いない: a particle, not 指定
        "梅雨末期の雨をなんとうい？",  # なん is a question word, not 南 of 南東
        "予算はだれが決めた？",  # だれ is a word fugashi knows
        "燃料を入れるところは？",  # so is ところ, though the corpus wrote 所
        "清水建設（しみずけんせつ）の本社は？",  # a reading in parentheses
        "予算はいくら？",  # nothing the corpus reads so
        "なにをかいしたの？",  # 買い + し + た: a verb's stem before its ending, not 開始
    ],
)
def test_words_and_readings_of_the_question_itself_are_left_alone(readings, question):
    assert readings.convert(question) == question


def test_a_reading_two_words_share_is_left_out(tokenizer):
    # こうし is 講師 and 公使 alike: neither is chosen.
    readings = Readings.from_texts(tokenizer, ["講師が来た。", "公使が来た。", "所長が来た。"])
    assert readings.spelling("こうし") is None
    assert readings.spelling("しょちょう") == "所長"
    # Nor a reading shorter than three kana (くに: 国) or of a word alone in katakana's stead.
    assert Readings.from_texts(tokenizer, ["国が来た。"]).spelling("くに") is None


def test_a_question_typed_in_hiragana_gets_the_answer_of_the_one_in_kanji(engine):
    typed, expected = engine.answer("しょちょうはだれ").to_dict(), engine.answer("所長はだれ").to_dict()
    assert typed.pop("question") == "しょちょうはだれ"
    expected.pop("question")
    assert typed == expected and typed["answer"] == "パトリック・ペレス氏"


def test_hiragana_words_can_be_turned_off(config, engine):
    off = Engine(config.replace(tokenizer={"hiragana_words": False}), engine.passages)
    assert off.answer("しょちょうはだれ").answer != "パトリック・ペレス氏"


def test_an_engine_given_its_indexes_reads_hiragana_words_too(config, engine):
    # Indexes from the disk cache skip the indexing pass the readings come from.
    cached = Engine(config, engine.passages, indexes=(engine.word_index, engine.bigram_index))
    assert cached.answer("しょちょうはだれ").answer == "パトリック・ペレス氏"

"""retrieval.synonyms: Sudachi query expansion, and how the engine uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.corpus import CorpusError, Passage
from retrieval.engine import Engine
from retrieval.synonyms import Synonyms

ROOT = Path(__file__).resolve().parent.parent


def test_load_and_expand(tmp_path):
    path = tmp_path / "syn.tsv"
    path.write_text("# comment\n儲け\t利益 収益 利潤\n", encoding="utf-8")
    synonyms = Synonyms.load(path, weight=0.3)
    assert synonyms.of("儲け") == ("利益", "収益", "利潤")
    assert synonyms.of("予算") == ()
    # Only synonyms the index knows are added, once, at the lower weight.
    terms, weights = synonyms.expand(["儲け", "会社"], vocabulary={"利益", "利潤", "会社"})
    assert terms == ["儲け", "会社", "利益", "利潤"]
    assert weights == [1.0, 1.0, 0.3, 0.3]
    # The question's own words keep the weights given (a predicate's, ranking.predicate_weight),
    # and their synonyms weigh that much less again.
    _, weights = synonyms.expand(["儲け", "会社"], vocabulary={"利益", "利潤", "会社"}, weights=[0.5, 1.0])
    assert weights == [0.5, 1.0, 0.15, 0.15]
    with pytest.raises(ValueError, match="1 weights for 2 terms"):
        synonyms.expand(["儲け", "会社"], vocabulary={"利益"}, weights=[0.5])


def test_unreadable_table_names_the_config_key(tmp_path):
    path = tmp_path / "syn.tsv"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CorpusError, match="synonyms.path"):
        Synonyms.load(path, weight=0.3)


def test_shipped_table_comes_with_its_licence():
    data = ROOT / "retrieval" / "data"
    assert "Apache License" in (data / "SUDACHI-LICENSE.txt").read_text(encoding="utf-8")
    assert "Sudachi" in (data / "synonyms.tsv").read_text(encoding="utf-8").splitlines()[0]


PASSAGES = [
    Passage("d#1", "d", "会社", "この会社は大きな利益を上げた。"),
    Passage("d#2", "d", "会社", "この会社は社員を増やした。"),
    Passage("d#3", "d", "天気", "明日は雨が降る。"),
    Passage("d#4", "d", "天気", "週末は晴れる。"),
]


def engines(config):
    on = Engine(config.replace(synonyms={"enabled": True}), PASSAGES)
    off = Engine(config.replace(synonyms={"enabled": False}), PASSAGES)
    return on, off


def test_synonym_ranks_the_passage_that_uses_it(config):
    on, off = engines(config)
    # 儲け is in no passage; Sudachi links it to 利益, which d#1 uses.
    question = "会社の儲けは？"
    assert on.rank(question)[0][0] == 0
    gap_on = on.scores(question)[0][0] - on.scores(question)[0][1]
    gap_off = off.scores(question)[0][0] - off.scores(question)[0][1]
    assert gap_on > gap_off


def test_synonym_alone_does_not_answer(config):
    """A synonym helps rank and mark the answer, but only the question's own words
    count against abstaining: 儲け meeting 利益 says nothing about the question."""
    on, _ = engines(config)
    result = on.answer("儲けは？")
    assert result.abstained and result.answer is None
    assert result.passages[0].id == "d#1"  # still ranked, so the nearest passage is shown


def test_an_english_word_meets_the_article_through_its_sudachi_entry(engine):
    """lab → ラボ is a translation, not a loose synonym: it counts as a found word."""
    result = engine.answer("Where is the lab based?")
    assert not result.abstained
    assert "lab" in result.matched_terms
    assert result.answer == "パリ"


def test_merged_tables_keep_the_first_tables_expansions_first():
    sudachi = Synonyms({"lab": ("ラボ",), "儲け": ("利益",)}, weight=0.3)
    english = Synonyms({"lab": ("研究室", "ラボ"), "budget": ("予算",)}, weight=0.9)
    both = sudachi.merged(english)
    assert both.of("lab") == ("ラボ", "研究室")
    assert both.of("budget") == ("予算",)
    assert both.of("儲け") == ("利益",)
    assert both.weight == 0.3


@pytest.mark.parametrize(
    "term, expected",
    [
        ("advisors", ("顧問",)),  # plural → singular
        ("companies", ("会社",)),  # -ies → -y
        ("boxes", ("箱",)),  # -es after x → box
        ("uses", ("使用",)),  # use, never us
        ("buses", ()),  # bu-s is not folded to bus: uses matters more than buses
        ("classes", ("授業",)),  # -sses → -ss
        ("goes", ()),  # -es after o is not a plural ending: no go
        ("years", ("年輩",)),  # in the table itself: its own entry only, not year's
        ("news", ("ニュース",)),  # in the table: not folded to new
        ("gas", ()),  # too short to fold
        ("儲けs", ()),  # only English words fold
    ],
)
def test_an_english_plural_takes_its_singulars_expansions(term, expected):
    synonyms = Synonyms(
        {"advisor": ("顧問",), "company": ("会社",), "box": ("箱",), "news": ("ニュース",), "ne": ("x",), "ga": ("y",),
         "use": ("使用",), "us": ("米国",), "years": ("年輩",), "year": ("年",), "go": ("碁",),
         "bus": ("バス",), "class": ("授業",), "new": ("新しい",)},
        weight=0.3,
    )
    assert synonyms.of(term) == expected
    terms, _ = synonyms.expand([term], vocabulary=set(expected))
    assert terms == [term, *expected]


def test_more_expansions_of_a_term_follow_its_own():
    synonyms = Synonyms({"アドバイザー": ("相談役",)}, weight=0.3)
    terms, weights = synonyms.expand(["アドバイザー", "陣"], vocabulary={"顧問", "相談役", "陣"}, also=[("顧問",), ()])
    assert terms == ["アドバイザー", "陣", "相談役", "顧問"] and weights == [1.0, 1.0, 0.3, 0.3]
    with pytest.raises(ValueError, match="1 expansion lists for 2 terms"):
        synonyms.expand(["アドバイザー", "陣"], vocabulary={"顧問"}, also=[("顧問",)])


@pytest.mark.parametrize(
    "origin, kept, dropped",
    [
        ("adviser", ["顧問", "補佐"], []),
        ("shoot", ["新芽"], ["射る", "チェ", "ちぇっ", "芽"]),  # verbs, a name, an interjection, one character
        ("freeze", [], ["凍る", "居る"]),
        ("mrs", ["夫人"], ["様", "氏", "さん"]),
        ("laboratory", [], ["lab"]),  # Latin letters: no translation
    ],
)
def test_a_loanwords_translations_are_common_nouns_only(engine, origin, kept, dropped):
    """シュートしたのは誰？ met イェジン・【チェ】氏 through shoot → チェ, and was answered."""
    translations = engine._loanword_translations(origin)
    assert all(t in translations for t in kept)
    assert not any(t in translations for t in dropped)
    assert all(t in engine.synonyms.of(origin) for t in dropped)  # they are JMdict glosses


@pytest.mark.parametrize("question", ["シュートしたのは誰？", "フリーズしたのは何？", "ライブはどこである？", "ミセスは誰？"])
def test_a_loanword_does_not_answer_by_a_chance_translation(engine, question):
    assert engine.answer(question).abstained


def test_a_loanwords_translation_places_a_count_too(config):
    """For a name, an amount, a count or a date the translation is never the answer
    itself, so it places the answer: the count by 顧問, not the one by 職員."""
    passages = [Passage("c#1", "c", "研究所", "職員は十人いる。研究所は顧問を三人迎えた。")]
    engine = Engine(config.replace(background={"enabled": False}), passages)
    assert engine.answer("アドバイザーは何人？").answer == "三人"


ADVISERS = [
    Passage("a#1", "a", "研究所", "研究所は新しい建物に移った。"),
    Passage("a#2", "a", "研究所", "研究所の予算は増えた。"),
    Passage("a#3", "a", "研究所", "研究所は顧問を三人迎えた。顧問は年に一度来る。"),
    Passage("a#4", "a", "音楽", "リズムは拍子の上に作られる。"),
]


def test_a_loanword_meets_the_translation_its_english_origin_has(config):
    """アドバイザー (UniDic: from adviser) meets 顧問 through JMdict's adviser → 顧問; the
    passage then counts as covering it, as an English word's translation does."""
    on = Engine(config.replace(background={"enabled": False}), ADVISERS)
    off = Engine(config.replace(background={"enabled": False}, synonyms={"loanword_origins": False}), ADVISERS)
    assert on.rank("アドバイザーは？")[0] == (2, 1.0)
    assert off.rank("アドバイザーは？")[0][1] == 0.0  # no passage shares a word with it
    assert on.answer("アドバイザーの人数は？").answer == "三人"
    assert off.answer("アドバイザーの人数は？").abstained


def test_a_loanwords_translation_is_shown_but_does_not_place_the_answer(config):
    """The translation is marked where it was found, so the reader sees why the
    passage was cited, but it is no word of the question: リズムは何の上に作られる？
    asks for 拍子 (rhythm → 拍子 in JMdict), which must stay free to be the answer
    (placing the answer with it gave the whole sentence, a JSQuAD question)."""
    engine = Engine(config.replace(background={"enabled": False}), ADVISERS)
    assert "拍子" in engine._loanword_translations("rhythm")
    result = engine.answer("リズムは何の上に作られる？")
    assert result.passages[0].id == "a#4"
    assert "【拍子】" in result.passages[0].marked()
    assert result.answer == "拍子"
    assert "【顧問】" in engine.answer("アドバイザーは？").passages[0].marked()


def test_unreadable_english_table_names_its_config_key(config, tmp_path):
    path = tmp_path / "english.tsv"
    path.write_bytes(b"budget\t\xff\xfe\n")
    with pytest.raises(CorpusError, match="synonyms.english_path"):
        Engine(config.replace(synonyms={"english_path": str(path)}), PASSAGES)


def test_an_english_question_meets_the_article_through_jmdict(config):
    """budget → 予算 comes from JMdict's glosses (Sudachi has no entry for it): with
    them the headline, the only passage giving the budget, answers."""
    question = "What is Kyutai's budget?"
    on = Engine.from_config(config)
    off = Engine.from_config(config.replace(synonyms={"english_path": ""}))
    assert "予算" in on.synonyms.of("budget")
    assert off.synonyms.of("budget") == ()
    result = on.answer(question)
    assert result.passages[0].id == "kyutai#1"
    assert result.answer == "3億3000万ドル"
    # Without them only kyutai is found (in every passage): too little to answer.
    assert off.answer(question).abstained


def test_shipped_english_table_comes_with_its_licence():
    data = ROOT / "retrieval" / "data"
    assert "Creative Commons Attribution-ShareAlike" in (data / "JMDICT-LICENSE.md").read_text(encoding="utf-8")
    lines = (data / "english_glosses.tsv").read_text(encoding="utf-8").splitlines()
    assert "JMdict" in lines[0] and "JMDICT-LICENSE.md" in lines[0]
    table = dict(line.split("\t") for line in lines[1:])
    assert table["budget"] == "予算"


def test_an_english_question_is_not_ranked_by_the_letters_of_words_the_article_lacks(config):
    """where, did, work and before are not in the article: their letter bigrams met
    kyutai#8 (FAIR, DeepMind, Inria …) and ranked it above the passage about Pérez."""
    question = "Where did Patrick Pérez work before?"
    on = Engine.from_config(config)
    off = Engine.from_config(config.replace(ranking={"english_bigrams_known_words_only": False}))
    assert on.rank(question)[0][0] == next(i for i, p in enumerate(on.passages) if p.id == "kyutai#9")
    assert off.passages[off.rank(question)[0][0]].id == "kyutai#8"
    assert on.answer(question).answer == "ヴァレオ"


@pytest.mark.parametrize(
    "word, form",
    [("GPUs", "gpu"), ("AIs", "ai"), ("Pèrez", "perez"), ("Valéo", "valeo"), ("Pérez", "perez"), ("Patrick", None), ("gas", None)],
)
def test_a_latin_word_the_article_lacks_is_read_as_the_form_it_uses(engine, word, form):
    """GPUs is the article's GPU, a mistyped accent the same name (its alias): for the
    word channel and for which letters an English question keeps."""
    (term,) = engine.tokenizer.terms(word)
    assert engine._vocabulary_form(term) == form
    assert engine._is_known_word(word) is (form is not None)


def test_an_english_plural_finds_the_passage_and_counts_as_found(engine):
    result = engine.answer("How many GPUs?")
    assert not result.abstained and result.answer == "1000基" and "gpu" in result.matched_terms


def test_function_words_are_never_expanded(config):
    """the → その / 彼 and is → ある are JMdict glosses, not translations: they would
    rank and mark passages by chance."""
    synonyms = Synonyms({"the": ("その", "彼"), "lab": ("ラボ",)}, weight=0.3, never={"the"})
    assert synonyms.of("the") == () and synonyms.of("lab") == ("ラボ",)
    assert synonyms.expand(["the", "lab"], vocabulary={"その", "彼", "ラボ"})[0] == ["the", "lab", "ラボ"]
    assert synonyms.merged(Synonyms({"the": ("彼ら",)}, weight=0.3)).of("the") == ()
    engine = Engine.from_config(config)
    assert engine.synonyms.of("the") == () and engine.synonyms.of("is") == ()
    passages = engine.answer("What is Kyutai's budget?").passages
    assert "【予算】" in passages[0].marked()
    assert not any("【ある】" in p.marked() for p in passages)  # kyutai#17 says …研究者である…


def test_a_plural_of_a_function_word_is_not_expanded_either():
    synonyms = Synonyms({"her": ("彼女",), "what": ("何",), "year": ("年",)}, weight=0.3, never={"Her", "WHAT"})
    assert synonyms.of("hers") == () and synonyms.of("whats") == () and synonyms.of("her") == ()
    assert synonyms.of("years") == ("年",)


def test_the_function_words_default_to_the_shipped_list(config):
    """A config without the key behaves as the shipped one."""
    from retrieval.config import SynonymsConfig

    assert SynonymsConfig().english_function_words == config.synonyms.english_function_words
    assert {"the", "is", "about", "her"} <= set(config.synonyms.english_function_words)

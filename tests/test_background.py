"""retrieval.background: general-corpus word frequencies blended into the idf."""

from __future__ import annotations

import logging

import pytest

from retrieval.background import Background, tokenizer_fingerprint
from retrieval.corpus import CorpusError, Passage
from retrieval.engine import Engine

PASSAGES = [
    Passage("a#1", "a", "富士山", "富士山は日本一高い山だ。"),
    Passage("a#2", "a", "富士山", "山頂には神社がある。"),
    Passage("b#1", "b", "琵琶湖", "琵琶湖は日本一大きい湖だ。"),
]


def test_count_minus_save_load_round_trip(tokenizer, tmp_path):
    everything = Background.count(PASSAGES, tokenizer, fingerprint="f00")
    # Each paragraph counts a term once, its title's words included (山頂には… has
    # 富士山 from its title; UniDic's lemma of 富士 is フジ).
    assert everything.size == 3
    assert (everything.df["フジ"], everything.df["山"], everything.df["日本"], everything.df["湖"]) == (2, 2, 2, 1)
    rest = everything.minus(Background.count(PASSAGES[:2], tokenizer))
    assert rest.size == 1
    assert "フジ" not in rest.df and (rest.df["ビワ"], rest.df["日本"]) == (1, 1)
    path = tmp_path / "df.tsv"
    everything.save(path, source="test")
    assert Background.load(path) == everything


@pytest.mark.parametrize(
    "content, message",
    [(b"\xff\xfe", "cannot read"), ("# paragraphs\tmany\n", "not a background"), ("国\t3\n", "no '# paragraphs' line")],
)
def test_bad_file_names_the_config_key(tmp_path, content, message):
    path = tmp_path / "df.tsv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(CorpusError, match=message) as err:
        Background.load(path)
    assert "background.path" in str(err.value)
    with pytest.raises(CorpusError, match="cannot read"):
        Background.load(tmp_path / "absent.tsv")


def test_shipped_file_matches_the_shipped_tokenizer(config):
    shipped = Background.load(config.resolve(config.background.path))
    assert shipped.size == 1145 and len(shipped.df) > 5000
    assert shipped.fingerprint == tokenizer_fingerprint(config)
    assert tokenizer_fingerprint(config.replace(tokenizer={"question_words": []})) == shipped.fingerprint
    # Aliases are edited for each corpus: adding one does not call for a rebuild.
    more_aliases = {**config.tokenizer.aliases, "paris": ["パリ"]}
    assert tokenizer_fingerprint(config.replace(tokenizer={"aliases": more_aliases})) == shipped.fingerprint
    assert tokenizer_fingerprint(config.replace(tokenizer={"number_values": False})) != shipped.fingerprint


def test_other_tokenizer_settings_warn_and_still_blend(config, caplog):
    changed = config.replace(tokenizer={"number_values": False})
    with caplog.at_level(logging.WARNING):
        engine = Engine(changed, PASSAGES)
    assert "other tokenizer settings" in caplog.text
    assert (engine.word_index.idf != engine.word_index.corpus_idf).any()


@pytest.mark.parametrize("enabled", [True, False])
def test_background_ranks_the_article(config, enabled):
    """In the article, 国 occurs once (三国間協議) and weighs as much as any rare word;
    Wikipedia's frequencies say it is common, so the title sentence (フランスのAI
    研究機関) wins."""
    engine = Engine.from_config(config.replace(background={"enabled": enabled}))
    top = engine.rank("キュタイってどこの国の研究機関？", top_k=1)[0][0]
    assert (engine.passages[top].id == "kyutai#1") is enabled


def test_abstention_keeps_the_corpus_idf(config):
    """Coverage weighs words by the corpus alone: キュタイ, in most passages, says
    little although Wikipedia never names it."""
    on = Engine.from_config(config)
    off = Engine.from_config(config.replace(background={"enabled": False}))
    question = "キュタイの従業員の国籍は？"
    assert on.answer(question).coverage == pytest.approx(off.answer(question).coverage)
    assert on._weight("kyutai") > on._coverage_weight("kyutai") == off._weight("kyutai")

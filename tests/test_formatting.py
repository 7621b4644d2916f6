"""The plain-text answer (bot/formatting.py): what is shown, and that it is safe to print."""

from __future__ import annotations

import pytest

from bot.formatting import format_answer, printable, sharing, well_formed
from retrieval.corpus import Passage
from retrieval.engine import Answer, Engine, RankedPassage


@pytest.mark.parametrize("control", ["\x1b", "\x07", "\x00", "\r", "\x7f", "\x9b", "\x85", "\udcff"])
def test_printable_shows_control_characters_and_stray_bytes_as_replacements(control):
    assert printable(f"a{control}b") == "a\ufffdb"


def test_printable_keeps_newlines_tabs_and_text():
    text = "答え:\t3億3000万ドル\n  [1] kyutai#1 ÿ€"
    assert printable(text) == text


def test_well_formed_only_replaces_stray_bytes():
    assert well_formed("a\x1b[31m\udcffb") == "a\x1b[31m\ufffdb"


def test_bold_escapes_survive_while_quoted_escapes_do_not():
    text = "予算は\x1b[2J5円。"
    passage = RankedPassage("p\x1b1", "d", "t\x07", text, 2.0, ((0, 2), (7, 9)))
    answer = Answer("予算は？", "5円\x9b", False, [passage], answer_passage="p\x1b1")
    out = format_answer(answer, color=True)
    assert out.count("\x1b[1m") == out.count("\x1b[0m") == 2 and out.count("\x1b") == 4
    assert "\x1b[1m予算\x1b[0mは\ufffd[2J\x1b[1m5円\x1b[0m。" in out  # highlights still on their words
    assert "答え: 5円\ufffd" in out and "p\ufffd1（t\ufffd）" in out


def _ranked(pid: str, score: float, highlights=()) -> RankedPassage:
    return RankedPassage(pid, "d", "", "本文。", score, highlights)


def test_a_passage_is_shown_only_when_it_shares_a_word():
    """Scores do not decide: the bigram channel's best scores 1.00 sharing no word."""
    near, far = _ranked("a", 1.0), _ranked("b", 0.2, ((0, 2),))
    assert sharing(Answer("日本の首相は誰？", None, True, [near, far], answer_passage="a")) == [far]
    out = format_answer(Answer("日本の首相は誰？", None, True, [near], answer_passage="a"))
    assert out == "答え: 記事には書かれていません。"


def test_the_passage_an_answer_comes_from_is_shown_though_matched_only_by_its_title(config):
    """豊岡市 is only in the title of w1: the answer is drawn from w1, which is cited."""
    engine = Engine(config, [Passage("w1", "wiki", "豊岡市", "中央部を円山川が流れる。"), Passage("w2", "wiki", "ラオス", "内陸国である。")])
    answer = engine.answer("豊岡市について教えて")
    assert not answer.abstained and not answer.passages[0].highlights
    assert [p.id for p in sharing(answer)] == ["w1"]
    assert "[1] w1（豊岡市）" in format_answer(answer)

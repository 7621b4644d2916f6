"""Plain-text rendering of an engine :class:`~retrieval.engine.Answer` (command line and REPL)."""

from __future__ import annotations

import dataclasses
import re

from retrieval.engine import NOT_IN_ARTICLE, Answer, RankedPassage
from retrieval.normalize import LONE_SURROGATE

__all__ = ["format_answer", "printable", "sharing", "well_formed"]

# C0 and C1 control characters but newline and tab, and DEL: ESC starts a terminal
# escape sequence (retitle the window, recolour, move the cursor), \x9b is a one-byte
# CSI, BEL rings. Text from a user or a corpus must not drive the terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def well_formed(text: str) -> str:
    """``text`` with bytes that were not UTF-8 (lone surrogates, from surrogateescape)
    shown as U+FFFD, so it can be encoded; for JSON, which escapes everything else."""
    return LONE_SURROGATE.sub("\ufffd", text)


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: lone surrogates and control characters
    (but newline and tab) shown as U+FFFD, one for one, so highlight offsets still hold."""
    return _CONTROL.sub("\ufffd", well_formed(text))


def sharing(answer: Answer) -> list[RankedPassage]:
    """The passages worth showing: those sharing a word with the question (holding
    highlights). A score alone says nothing: the character-bigram channel is
    max-normalized, so the best of passages that share no word (日本の首相は誰？ in an
    article that never names one) still scores 1.00. The passage an answer was drawn
    from stays even when its match is only in its title (豊岡市について教えて in the
    paragraph titled 豊岡市), which the citation shows. JSON and the eval still get
    the whole ranking."""
    drawn_from = None if answer.abstained else answer.answer_passage
    return [p for p in answer.passages if p.highlights or p.id == drawn_from]


def format_answer(answer: Answer, *, color: bool = False) -> str:
    """The answer, then the cited passages best first, matched words marked.

    Matched words are wrapped in 【】, or shown bold when ``color`` (a terminal).
    Everything quoted (answer, ids, titles, texts) goes through :func:`printable`:
    the bold escapes are the only ones printed.
    """
    left, right = ("\x1b[1m", "\x1b[0m") if color else ("【", "】")
    shown = [dataclasses.replace(p, id=printable(p.id), title=printable(p.title), text=printable(p.text)) for p in sharing(answer)]
    lines = []
    if answer.abstained:
        lines.append(f"答え: {NOT_IN_ARTICLE}")
        if shown:
            lines.append("いちばん近い箇所（参考）:")
    else:
        lines.append(f"答え: {printable(answer.answer or '')}")
        lines.append("根拠:")
    for n, p in enumerate(shown, 1):
        lines.append(f"  [{n}] {p.citation}  (スコア {p.score:.2f})")
        lines.append(f"      {p.marked(left, right)}")
    return "\n".join(lines)

"""Plain-text rendering of an engine :class:`~retrieval.engine.Answer` (command line and REPL)."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.engine import NOT_IN_ARTICLE, Answer, RankedPassage
from retrieval.normalize import LONE_SURROGATE

__all__ = ["format_answer", "printable", "sharing"]

def printable(text: str) -> str:
    """``text`` with bytes that were not UTF-8 (lone surrogates, from surrogateescape)
    shown as U+FFFD, so echoing what a user typed cannot fail to print."""
    return LONE_SURROGATE.sub("\ufffd", text)


def sharing(passages: Sequence[RankedPassage]) -> list[RankedPassage]:
    """The passages worth showing: those scoring above 0. One scoring 0 shares nothing
    with the question (zzqx; the tail of --top-k 100) and supports nothing; JSON and
    the eval still get the whole ranking."""
    return [p for p in passages if p.score > 0]


def format_answer(answer: Answer, *, color: bool = False) -> str:
    """The answer, then the cited passages best first, matched words marked.

    Matched words are wrapped in 【】, or shown bold when ``color`` (a terminal).
    """
    left, right = ("\x1b[1m", "\x1b[0m") if color else ("【", "】")
    shown = sharing(answer.passages)
    lines = []
    if answer.abstained:
        lines.append(f"答え: {NOT_IN_ARTICLE}")
        if shown:
            lines.append("いちばん近い箇所（参考）:")
    else:
        lines.append(f"答え: {answer.answer}")
        lines.append("根拠:")
    for n, p in enumerate(shown, 1):
        lines.append(f"  [{n}] {p.citation}  (スコア {p.score:.2f})")
        lines.append(f"      {p.marked(left, right)}")
    return "\n".join(lines)

"""Plain-text rendering of an engine :class:`~retrieval.engine.Answer` (command line and REPL)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

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


def sharing(passages: Sequence[RankedPassage]) -> list[RankedPassage]:
    """The passages worth showing: those scoring above 0. One scoring 0 shares nothing
    with the question (zzqx; the tail of --top-k 100) and supports nothing; JSON and
    the eval still get the whole ranking."""
    return [p for p in passages if p.score > 0]


def format_answer(answer: Answer, *, color: bool = False) -> str:
    """The answer, then the cited passages best first, matched words marked.

    Matched words are wrapped in 【】, or shown bold when ``color`` (a terminal).
    Everything quoted (answer, ids, titles, texts) goes through :func:`printable`:
    the bold escapes are the only ones printed.
    """
    left, right = ("\x1b[1m", "\x1b[0m") if color else ("【", "】")
    shown = [dataclasses.replace(p, id=printable(p.id), title=printable(p.title), text=printable(p.text)) for p in sharing(answer.passages)]
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

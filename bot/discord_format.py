"""Discord rendering of an engine :class:`~retrieval.engine.Answer`: pure functions, no I/O.

Everything returned here fits Discord's limits (content 2,000; embed title 256,
description 4,096, field name 256, field value 1,024, 25 fields, 6,000 in all):
too long a text is cut and ends with "…", so a reply can never be refused with
an HTTP 400. Text quoted back (the question, the article) has its Markdown and
mentions escaped; only the words matched by the question are made bold.

Lengths are counted in UTF-16 code units, never fewer than Python's code
points: counting the stricter way keeps emoji-heavy text inside the limits
whichever way Discord counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

import discord

from retrieval.engine import NOT_IN_ARTICLE, Answer, QuestionError, RankedPassage

from .formatting import sharing

__all__ = [
    "CONTENT_LIMIT",
    "TITLE_LIMIT",
    "DESCRIPTION_LIMIT",
    "FIELD_NAME_LIMIT",
    "FIELD_VALUE_LIMIT",
    "FIELD_COUNT_LIMIT",
    "FOOTER_LIMIT",
    "EMBED_TOTAL_LIMIT",
    "ELLIPSIS",
    "escape",
    "render",
    "highlighted",
    "clip",
    "answer_embed",
    "question_error_message",
    "too_long_message",
    "cooldown_message",
    "apology_message",
    "channel_not_allowed_message",
]

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
ELLIPSIS = "…"
# Hint passage quoted in an abstention (characters of the article, before escaping).
HINT_CHARS = 300

ANSWER_COLOUR = discord.Colour.blurple()
ABSTAIN_COLOUR = discord.Colour.light_grey()

# "@" before everyone/here/a user or role id: a zero-width space after it stops
# the text from reading as a mention even where allowed_mentions does not apply.
_MENTION = re.compile(r"@(?=everyone|here|[!&]?\d)")

# (text, bold) pieces of one line of output.
Segment = tuple[str, bool]


def _len(text: str) -> int:
    """Length as Discord may count it (UTF-16 code units; >= ``len(text)``)."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """``text`` safe to show: Markdown and mentions escaped, line breaks made spaces.

    Line breaks go because a quoted line starting with ``#`` or ``>`` would be
    read as a heading or a quote; a space keeps offsets (highlights) valid.
    """
    flat = text.replace("\r", " ").replace("\n", " ")
    return _MENTION.sub("@\u200b", discord.utils.escape_markdown(flat))


def _piece(text: str, bold: bool) -> str:
    escaped = escape(text)
    return f"**{escaped}**" if bold and escaped else escaped


def render(segments: Sequence[Segment], limit: int) -> str:
    """Escape ``segments``, bold the bold ones, and keep the result within ``limit``.

    When it does not fit, the longest prefix that does is kept and "…" ends it;
    a bold span cut short is still closed, so no stray ``**`` is left open.
    """
    if limit <= 0:
        return ""
    pieces = [_piece(text, bold) for text, bold in segments]
    if sum(_len(p) for p in pieces) <= limit:
        return "".join(pieces)
    budget = limit - _len(ELLIPSIS)
    out: list[str] = []
    used = 0
    for (text, bold), piece in zip(segments, pieces):
        if used + _len(piece) <= budget:
            out.append(piece)
            used += _len(piece)
            continue
        prefix = _longest_prefix(text, bold, budget - used)
        if prefix:
            out.append(prefix)
        break
    return "".join(out) + ELLIPSIS


def _longest_prefix(text: str, bold: bool, room: int) -> str:
    """The rendering of the longest prefix of ``text`` that fits in ``room``."""
    if room <= 0:
        return ""
    # Escaping grows with the prefix almost monotonically (a Markdown link or a URL
    # is escaped only once complete), so a binary search lands next to the answer
    # and the loop below steps back until it really fits.
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if _len(_piece(text[:mid], bold)) <= room:
            low = mid
        else:
            high = mid - 1
    k = low
    while k > 0 and _len(_piece(text[:k], bold)) > room:
        k -= 1
    return _piece(text[:k], bold) if k > 0 else ""


def highlighted(text: str, highlights: Sequence[tuple[int, int]]) -> list[Segment]:
    """``text`` split into plain and bold segments by ``highlights`` ([start, end) spans).

    Spans are clipped to the text, sorted, and touching ones merged: two bold
    runs side by side would print ``****``, which Discord does not read as bold.
    """
    spans: list[list[int]] = []
    for start, end in sorted(highlights):
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    segments: list[Segment] = []
    last = 0
    for start, end in spans:
        if start > last:
            segments.append((text[last:start], False))
        segments.append((text[start:end], True))
        last = end
    if last < len(text):
        segments.append((text[last:], False))
    return segments


def clip(text: str, limit: int) -> str:
    """Plain text (no Markdown rendering, e.g. a footer) cut to ``limit`` with "…"."""
    if _len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    out, used, budget = [], 0, limit - _len(ELLIPSIS)
    for ch in text:
        if used + _len(ch) > budget:
            break
        out.append(ch)
        used += _len(ch)
    return "".join(out) + ELLIPSIS


# -- the answer embed ----------------------------------------------------------

Part = tuple[Callable[[int], str], int]  # render(limit) -> text, and the field's own limit


def _water_level(lengths: Sequence[int], budget: int) -> int:
    """The largest cap c with sum(min(length, c)) <= budget (lengths all > 0)."""
    remaining, ordered = budget, sorted(lengths)
    for i, length in enumerate(ordered):
        share = remaining // (len(ordered) - i)
        if length > share:
            return share
        remaining -= length
    return max(ordered, default=0)


def _fit(parts: Sequence[Part], budget: int) -> list[str]:
    """Render every part at its own limit; if the sum is over ``budget``, cut the
    longest ones down to a common cap (short parts such as ids stay whole)."""
    full = [make(limit) for make, limit in parts]
    lengths = [_len(text) for text in full]
    if sum(lengths) <= budget:
        return full
    cap = max(1, _water_level(lengths, budget))
    return [make(min(limit, cap)) if length > cap else text for (make, limit), text, length in zip(parts, full, lengths)]


def _quote(passage: RankedPassage) -> Callable[[int], str]:
    """Field value: the passage as a block quote, matched words in bold."""
    segments = highlighted(passage.text, passage.highlights) or [("（本文なし）", False)]
    return lambda limit: "> " + render(segments, limit - 2) if limit > 2 else render(segments, limit)


def _nearest(answer: Answer) -> RankedPassage | None:
    shown = sharing(answer)
    for passage in shown:
        if passage.id == answer.answer_passage:
            return passage
    return shown[0] if shown else None


def _hint(passage: RankedPassage) -> list[Segment]:
    """The start of the nearest passage, offered when the article does not say."""
    text = passage.text[:HINT_CHARS]
    segments = highlighted(text, passage.highlights)
    if len(passage.text) > HINT_CHARS:
        segments.append((ELLIPSIS, False))
    return segments


def answer_embed(answer: Answer, *, max_passages: int, article_name: str) -> discord.Embed:
    """The reply to a question: short answer on top, cited passages as fields.

    Abstaining, it says 記事には書かれていません and offers the nearest passage
    as a hint instead of citing passages that do not answer. Passages are shown by
    the rule of the text answer (:func:`~bot.formatting.sharing`: only those sharing
    a word with the question), at most ``max_passages`` of them.
    """
    title_segments: list[Segment] = [("Q. ", False), (answer.question, False)]
    footer = f"出典: {article_name}"
    cited: list[RankedPassage] = []
    # Description lines: (raw prefix, segments to escape). The prefix is Markdown we mean.
    lines: list[tuple[str, list[Segment]]]
    if answer.abstained:
        colour = ABSTAIN_COLOUR
        nearest = _nearest(answer)
        lines = [("", [(NOT_IN_ARTICLE, False)])]
        if nearest is not None:
            lines.append(("", [("近い箇所: ", False), (nearest.id, False)]))
            lines.append(("> ", _hint(nearest)))
    else:
        colour = ANSWER_COLOUR
        cited = sharing(answer)[: max(0, min(max_passages, FIELD_COUNT_LIMIT))]
        short = answer.answer or "短い答えは取り出せませんでした。下の箇所をご覧ください。"
        lines = [("", [("答え: ", False), (short, True)])]
        if answer.answer_passage:
            lines.append(("", [("根拠: ", False), (answer.answer_passage, False)]))

    def description(limit: int) -> str:
        # Later lines (the source id, the hint) are cut first; the answer line last.
        out: list[str] = []
        room = limit
        for i, (prefix, segments) in enumerate(lines):
            lead = ("\n" if i else "") + prefix
            text = render(segments, room - _len(lead))
            if not text:
                break
            out.append(lead + text)
            room -= _len(lead + text)
        return "".join(out)

    parts: list[Part] = [
        (lambda limit: render(title_segments, limit), TITLE_LIMIT),
        (description, DESCRIPTION_LIMIT),
        (lambda limit: clip(footer, limit), FOOTER_LIMIT),
    ]
    for passage in cited:
        name_segments = [(passage.citation or "（無題）", False)]
        parts.append(((lambda s: lambda limit: render(s, limit))(name_segments), FIELD_NAME_LIMIT))
        parts.append((_quote(passage), FIELD_VALUE_LIMIT))
    title, desc, footer_text, *fields = _fit(parts, EMBED_TOTAL_LIMIT)

    embed = discord.Embed(title=title, description=desc, colour=colour)
    for name, value in zip(fields[::2], fields[1::2]):
        embed.add_field(name=name, value=value, inline=False)
    embed.set_footer(text=footer_text)
    return embed


# -- short messages (content) --------------------------------------------------


def question_error_message(error: QuestionError | str) -> str:
    """The engine's hint for a question it cannot take (empty, too long)."""
    return render([(str(error), False)], CONTENT_LIMIT)


def too_long_message(length: int, limit: int) -> str:
    return clip(f"質問が長すぎます（{length}文字）。{limit}文字以内でお願いします。", CONTENT_LIMIT)


def cooldown_message(retry_after: float) -> str:
    """Asked too often: how long to wait, in whole seconds (never "0 秒")."""
    seconds = max(1, math.ceil(retry_after))
    return f"申し訳ありません、質問の間隔が短すぎます。あと{seconds}秒ほどお待ちいただいてから、もう一度お試しください。"


def apology_message() -> str:
    return "申し訳ありません、回答中にエラーが発生しました。しばらくしてからもう一度お試しください。"


def channel_not_allowed_message() -> str:
    return "申し訳ありません、このチャンネルでは質問を受け付けていません。"

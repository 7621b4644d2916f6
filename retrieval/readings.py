"""Words a question types in hiragana, read as the corpus writes them.

A question typed without converting (しょちょうはだれ, きゅたいのよさんは？) splits into
kana fragments that meet nothing: fugashi reads しょちょう as 小 + 蝶 and よさん as
良 + さん. :class:`Readings` knows the corpus's own words by their reading (所長 is
ショチョウ) and writes such a fragment run the way the corpus does, before anything
else reads the question:

>>> readings = Readings.from_texts(tokenizer, ["所長はペレス氏。"])   # doctest: +SKIP
>>> readings.convert("しょちょうはだれ")                             # doctest: +SKIP
'所長はだれ'

Only where fugashi itself split the hiragana into two pieces or more (a word it
knows, like だれ or ところ, is left alone: it is the question's own), and the pieces
are content words (nouns, prefixes, suffixes, adjectives, verbs: never a particle,
an auxiliary or a question word, so していない is never 指定ない, nor なんとう 南東).
Hiragana inside parentheses, a reading (清水建設（しみずけんせつ）), is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .normalize import KANJI, to_hiragana

if TYPE_CHECKING:
    from .tokenization import Reading, Tokenizer

__all__ = ["Readings"]

# The corpus words kept: one to three adjacent words of kanji (所長, 非 + 営利, 研究 +
# 機関), or a katakana word, read in three kana or more (two-kana readings such as
# くに, まえ are too often a piece of another word).
_MAX_PARTS = 3
_MIN_READING = 3
_KATAKANA_WORD = re.compile(r"[ァ-ヺー]{3,}")
_KANJI_WORD = re.compile(r"[" + KANJI + r"]+")
_PIECE_POS = frozenset({"名詞", "接頭辞", "接尾辞", "形容詞", "形状詞", "動詞"})
_HIRAGANA = re.compile(r"[ぁ-ゖー]+")
# Endings of a conjugated verb (UniDic lemmas): た, て, ない, ます, れる … (not だ: ひえいりなの).
_VERB_ENDINGS = frozenset({"た", "て", "ない", "ます", "れる", "られる", "せる", "させる", "たい", "ず", "ぬ", "う", "よう"})


class Readings:
    """The corpus's words by their reading in hiragana (しょちょう → 所長)."""

    def __init__(self, tokenizer: Tokenizer, words: dict[str, str]) -> None:
        self._tokenizer = tokenizer
        self._words = words
        self._longest = max(map(len, words), default=0)

    @classmethod
    def from_texts(cls, tokenizer: Tokenizer, texts: Iterable[str]) -> "Readings":
        """The words of ``texts`` read in at least three kana; a reading two different
        words share (こうし: 講師, 公使) is left out."""
        return cls.from_words(tokenizer, (tokenizer.readings(text) for text in texts))

    @classmethod
    def from_words(cls, tokenizer: Tokenizer, texts: Iterable[list[Reading]]) -> "Readings":
        """As :meth:`from_texts`, from each text's words as :meth:`Tokenizer.readings`
        gives them (indexing collects them from its own fugashi pass)."""
        words: dict[str, str | None] = {}

        def add(surface: str, reading: str) -> None:
            if len(reading) >= _MIN_READING:
                key = to_hiragana(reading)
                words[key] = surface if words.get(key, surface) == surface else None

        for text in texts:
            run: list[tuple[str, str]] = []  # the words of kanji in a row: (surface, reading)
            for surface, pos1, _, reading, _, _ in text:
                if reading and pos1 in _PIECE_POS and _KANJI_WORD.fullmatch(surface):
                    run = [*run[-(_MAX_PARTS - 1) :], (surface, reading)]
                    for first in range(len(run)):
                        add("".join(s for s, _ in run[first:]), "".join(r for _, r in run[first:]))
                    continue
                run = []
                if _KATAKANA_WORD.fullmatch(surface):
                    add(surface, surface)
        return cls(tokenizer, {key: word for key, word in words.items() if word is not None})

    def __len__(self) -> int:
        return len(self._words)

    def spelling(self, reading: str) -> str | None:
        """The corpus's word read ``reading`` (in hiragana), if exactly one is."""
        return self._words.get(reading)

    def convert(self, question: str) -> str:
        """``question`` with the hiragana the corpus writes otherwise written as it does."""
        if not self._mentions(question):
            return question  # (most questions: no second fugashi pass)
        words = self._tokenizer.readings(question)
        out: list[str] = []
        done = 0  # the end of the question copied or converted so far
        i = 0
        while i < len(words):
            found = self._longest_at(question, words, i)
            if found is None:
                i += 1
                continue
            j, word = found
            out.append(question[done : words[i][4]])
            out.append(word)
            done = words[j][5]
            i = j + 1
        out.append(question[done:])
        return "".join(out)

    def _mentions(self, question: str) -> bool:
        """Whether some hiragana of ``question`` spells a reading of the corpus's."""
        words, longest = self._words, self._longest
        for run in _HIRAGANA.findall(question):
            for a in range(len(run) - _MIN_READING + 1):
                if any(run[a:b] in words for b in range(a + _MIN_READING, min(len(run), a + longest) + 1)):
                    return True
        return False

    def _longest_at(self, question: str, words: list[Reading], i: int) -> tuple[int, str] | None:
        """The last word index and corpus word of the longest convertible run of two
        or more of ``words`` from ``i``, if any."""
        start = words[i][4]
        if max(question.rfind("（", 0, start), question.rfind("(", 0, start)) > max(question.rfind("）", 0, start), question.rfind(")", 0, start)):
            return None  # 清水建設（しみずけんせつ）: a reading in parentheses, not a question's word
        found = None
        for j in range(i, len(words)):
            surface, pos1, lemma, _, _, end = words[j]
            if pos1 not in _PIECE_POS or lemma in self._tokenizer.question_words or not _HIRAGANA.fullmatch(surface):
                break
            text = question[start:end]
            if len(text) > self._longest:
                break
            following = words[j + 1][2] if j + 1 < len(words) else None
            # Two pieces or more: a word fugashi reads whole (だれ, ところ) is the question's
            # own; nor a verb's stem its ending follows (かいしたの: 買い + し + た, not 開始).
            if j > i and text in self._words and not (pos1 == "動詞" and following in _VERB_ENDINGS):
                found = (j, self._words[text])
        return found

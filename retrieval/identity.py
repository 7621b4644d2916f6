"""Who a named person is (ニール氏は誰？, Who is Xavier Niel?): the identity answers.

The question's name is looked for where the corpus writes it, by the word a person
is named by alone (a Western name's last, a Japanese one's first), through the
word index's postings; the answer is what the corpus says of them where it first
names them (:func:`retrieval.extract.describe`). :class:`IdentityAnswers` is mixed
into :class:`retrieval.engine.Engine`, whose index, passages and analyses it reads.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .answer_types import POSTS, AnswerType, identity_subject, identity_title
from .extract import describe
from .normalize import is_kanji
from .tokenization import PLURAL_SUFFIXES

if TYPE_CHECKING:
    from .corpus import Passage
    from .scoring import BM25Index
    from .tokenization import Token, Tokenizer

__all__ = ["IdentityAnswers", "Name"]

# 誰, not 何者 or とは: アドバイザーとは？ asks what one is, not who.
_ASKS_WHO = re.compile(r"誰|だれ|どなた")

# Passages an identity question reads, at most, to tell whether its name is a person's.
_IDENTITY_SCAN = 50


@dataclass(frozen=True, slots=True)
class Name:
    """A name an identity question asks about: its words the corpus knows, the one a
    person is named by alone, and whether it is written Western style (given name first)."""

    words: frozenset[str]
    family: str
    western: bool
    person: bool = True  # found as a person's name in the corpus (else a company's, a place's)
    given: frozenset[str] = frozenset()  # a Western name's given names as asked (ザビエル of ザビエル・ニール)


def _name_parts(name: str) -> list[str]:
    """The parts of a (normalized) Western name, as written: ザビエル・ニール → ザビエル, ニール."""
    return [part for part in re.split(r"[\s・=＝]+", name) if part and not _is_kanji_run(part)]


def _is_kanji_run(term: str) -> bool:
    return all(is_kanji(ch) or ch == "々" for ch in term)


class IdentityAnswers:
    """The identity answers of :class:`retrieval.engine.Engine` (its attributes below)."""

    passages: list[Passage]
    tokenizer: Tokenizer
    word_index: BM25Index
    _titles: frozenset[str]
    _HONORIFICS: frozenset[str]
    _sentences: Callable[[int], list[tuple[tuple[int, int], frozenset[str]]]]

    if TYPE_CHECKING:  # the engine's, not defined here

        def _tokens(self, index: int) -> list[Token]: ...
        def _chunks(self, index: int) -> list[tuple[int, int]]: ...
        def _named(self, index: int) -> list[tuple[int, int, str]]: ...

    def _identity(self, question: str) -> tuple[AnswerType, Name | None, list[tuple[int, tuple[int, int]]], bool]:
        """What an identity question (ニール氏は誰？) asks, by where the corpus names it:
        the kind to answer it as; the name and the phrases naming it (passage, span), in
        corpus order, a person's if any; and whether the corpus never writes the name
        (it does not say who that is: abstain). A post or a common noun (CEOって誰) is
        no name, and a titled one no person of the corpus (研究者さんは誰) asks for a
        person; a name that is no person's (Scalewayとは何者) is described all the same."""
        subject = identity_subject(question) or ""
        tokens = [t for t in self.tokenizer.tokenize(subject) if t.term not in self._titles]
        # No name, or one loanword asked 誰 (アドバイザーは誰？: UniDic gives adviser, a
        # common noun's origin): a question for a person, as 所長は誰？ is. Not a titled
        # one (トランプ氏), nor a name of several (マイクロソフトとは何者: マイクロ + ソフト).
        if not tokens or (len(tokens) == 1 and tokens[0].origin and identity_title(question) is None and _ASKS_WHO.search(question)):
            return AnswerType("person"), None, [], False
        words = [t.term for t in tokens]
        # A word the corpus never writes says nothing (Patrick of Patrick Pérez: the
        # article writes パトリック); only when it knows none is the name absent.
        known = [w for w in words if w in self.word_index.vocab]
        if not known:
            return AnswerType("identity"), None, [], True
        # The word a person is named by alone: a Western name's last (Niel), a Japanese
        # one's first (志位: its term is the reading, シイ, so the name as asked decides).
        western = not _is_kanji_run(subject)
        family = known[-1] if western else known[0]
        name = Name(frozenset(known), family, western=western, given=frozenset(_name_parts(subject)[:-1]) if western else frozenset())
        persons: list[tuple[int, tuple[int, int]]] = []
        others: list[tuple[int, tuple[int, int]]] = []
        # A bounded look, in corpus order: a name is first written where it is introduced.
        holding = self._passages_with(name.family)[:_IDENTITY_SCAN].tolist()
        for i in holding:
            found = self._naming_chunk(i, name)
            if found is not None:
                (persons if found[1] else others).append((i, found[0]))
        titled = identity_title(question) is not None
        if not persons and titled and name.western:  # part of a person's name (パトリック氏は誰？): that person
            persons = [(i, found[0]) for i in holding if (found := self._naming_chunk(i, name, whole=False)) is not None]
        if persons:
            return AnswerType("identity"), name, persons, False
        if name.given and any(self._naming_chunk(i, dataclasses.replace(name, given=frozenset()), whole=False) for i in holding):
            return AnswerType("identity"), None, [], True  # only another of that name (ダグマル for ハンス・リヒター)
        if titled:
            return AnswerType("person"), None, [], False
        if others:
            return AnswerType("identity"), dataclasses.replace(name, person=False), others, False
        return AnswerType("other"), None, [], False

    def _passages_with(self, term: str) -> np.ndarray:
        """The passages (ascending) whose indexed words include ``term``: its postings."""
        index = self.word_index
        tid = index.vocab.get(term)
        return np.empty(0, dtype=np.int32) if tid is None else index.indices[index.indptr[tid] : index.indptr[tid + 1]]

    def _naming_chunk(self, index: int, name: Name, *, whole: bool = True) -> tuple[tuple[int, int], bool] | None:
        """The first noun phrase of the passage that names ``name``, and whether it is a
        person's name (it ends on a title or a post, or UniDic tags a person's name in
        it); a person's name first. After the name only a title, a post or a plural
        suffix may follow (シェルコップ氏ら), or for a Japanese name its given name
        (志位和夫 for 志位; for 志位和夫, 和夫); not ニール of ニール・ゼギドゥール, nor 日本 of
        日本大使館…書記官. A Western name's word is as written, katakana or Latin (セン is
        not 片山潜's 潜), and a given name asked must not be another (ハンス・リヒター is not
        ダグマル・リヒター); one not asked may be there (Xavier Niel 氏 for ニール). Not
        ``whole``: the name may be part of a person's (パトリック of パトリック・ペレス氏)."""
        text = self.passages[index].text
        tokens = self._tokens(index)
        persons = [(s, e) for s, e, kind in self._named(index) if kind == "person"]
        first: tuple[tuple[int, int], bool] | None = None
        for start, end in self._chunks(index):
            inside = [t for t in tokens if start <= t.start < end]
            at = [i for i, t in enumerate(inside) if t.term == name.family]
            if not at:
                continue
            p = at[-1] if name.western else at[0]
            family = text[inside[p].start : inside[p].end]
            after = [t.term for t in inside[p + 1 :] if t.term not in self._titles and t.term not in PLURAL_SUFFIXES]
            if name.western:
                if _is_kanji_run(family) or (after and whole):
                    continue
                # Another given name, written in the script the one asked is (ハンス, not
                # ダグマル; Patrick and パトリック cannot be compared, and pass).
                given = set(_name_parts(self.tokenizer.normalizer.text(text[start : inside[p].start])))
                if any(g.isascii() == a.isascii() for g in given for a in name.given) and not given & name.given:
                    continue
            elif whole and (len(after) > 2 or (len(name.words) > 1 and not set(after) <= name.words)):
                # The whole name asked, then more (小池晃参院議員): still that person.
                if not (len(name.words) > 1 and name.words <= {name.family, *(t.term for t in inside[p + 1 : p + len(name.words)])}):
                    continue
            phrase = text[start:end].rstrip()
            person = phrase.endswith(tuple(self._HONORIFICS)) or phrase.lower().endswith(POSTS) or any(
                s < end and start < e for s, e in persons
            )
            if person:
                return (start, end), True
            if whole:
                first = first or ((start, end), False)
        return first

    def _description(self, naming: list[tuple[int, tuple[int, int]]], *, person: bool) -> tuple[int, str] | None:
        """What the corpus says the one named is, and where: from the first of the
        ``naming`` phrases (corpus order) that a description goes with (a news article
        describes a person where it first names them: フランスの億万長者で Iliad の CEO で
        ある Xavier Niel 氏); else the first sentence naming them. Of what is no
        ``person``, only a phrase saying so with である describes (Iliadのクラウド部門である
        Scaleway), not one the name merely follows (…億万長者で Iliad の CEO)."""
        for i, chunk in naming:
            noun_ends = {e for _, e in self._chunks(i)}
            description = describe(self.passages[i].text, *chunk, posts=POSTS, noun_ends=noun_ends, person=person)
            if description is not None:
                return i, description
        for i, (start, _) in naming[:1]:
            sentence = next(span for span, _ in self._sentences(i) if span[0] <= start < span[1])
            return i, self.passages[i].text[sentence[0] : sentence[1]].strip()
        return None

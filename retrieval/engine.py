"""The answer path: question → ranked passages → short answer or abstention.

Front ends (command line, REPL, Discord) call :meth:`Engine.answer` and only
format the :class:`Answer` it returns, so all of them give the same answer to
the same question.

>>> engine = Engine.from_config(load_config())               # doctest: +SKIP
>>> result = engine.answer("キュタイの予算は？")                  # doctest: +SKIP
>>> result.answer, result.passages[0].id                     # doctest: +SKIP
('3億3000万ドル', 'kyutai#1')
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .answer_types import (
    POSTS, AnswerType, amount_nouns, asked_nouns, asked_post, asked_who, candidates, detect_answer_type, has_candidate, is_person,
    list_mates, model_codes, only_listed, people_named, post_holders, without_post_which,
)
from .background import Background, tokenizer_fingerprint
from .config import AnswerConfig, Config
from .corpus import CorpusError, Passage, clean_passages, load_corpus
from .extract import extract_answer, split_sentences
from .identity import IdentityAnswers, Name
from .normalize import LONE_SURROGATE, is_kanji, is_katakana_word, without_accents
from .readings import Readings
from .scoring import BM25Index
from .synonyms import Synonyms, english_singulars
from .tokenization import JAPANESE_LETTER, LATIN_WORD, Reading, Token, Tokenizer

__all__ = ["Engine", "Answer", "RankedPassage", "QuestionError", "NOT_IN_ARTICLE"]

# The answer types a loanword's translation also places (see Engine.answer): a name,
# an amount, a count or a date is never the translation itself.
_NAMES_AND_NUMBERS = frozenset({"person", "place", "money", "count", "date"})

# The answer types whose best passage abstains when it holds no phrase of the type
# (Engine._typed_answer_missing): the article names the subject, not the asked fact.
_TYPED_KINDS = frozenset({"money", "count", "date", "post", "nationality"})

NOT_IN_ARTICLE = "記事には書かれていません。"

# A passage's word tokens, noun-phrase spans and named ones (Tokenizer.analyze).
Analysis = tuple[list[Token], list[tuple[int, int]], list[tuple[int, int, str]]]


def load_background(config: Config) -> Background:
    """The configured background frequencies (warns when counted with other tokenizer settings)."""
    background = Background.load(config.resolve_data(config.background.path))
    if background.fingerprint and background.fingerprint != tokenizer_fingerprint(config):
        import logging

        logging.getLogger(__name__).warning(
            "%s was counted with other tokenizer settings; rebuild it: python scripts/build_background.py",
            config.background.path,
        )
    return background


def _rank_fusion(channels: Sequence[tuple[np.ndarray, float]], k: float) -> np.ndarray:
    """Reciprocal-rank fusion: each channel adds ``weight x (k + 1) / (k + rank)`` to
    the passages it scores above 0 (rank 1 the best; equal scores share the better
    rank), so the best passage of every channel gets the same total as in score
    fusion and the rerank's bonuses keep their scale."""
    fused = np.zeros(len(channels[0][0]))
    for scores, weight in channels:
        if weight <= 0:
            continue
        scored = np.flatnonzero(scores > 0)
        # Rank = 1 + the number of passages scoring strictly higher.
        ordered = np.sort(scores[scored])[::-1]
        ranks = 1 + np.searchsorted(-ordered, -scores[scored], side="left")
        fused[scored] += weight * (k + 1) / (k + ranks)
    return fused


def _margin(top: list[tuple[int, float]]) -> float:
    """How far the best score leads the second, as a share of the best, 0 to 1 (1.0
    when there is no second passage, the best scores nothing, or the second scores
    below 0: BM25Okapi's idf floor can be negative in a tiny corpus)."""
    if len(top) < 2 or top[0][1] <= 0:
        return 1.0
    return min(1.0, max(0.0, (top[0][1] - top[1][1]) / top[0][1]))


def _is_foreign(term: str, surface: str) -> bool:
    """A word written in katakana (ﾏｰﾗｰ too) or Latin letters (Pérez too: its term is
    perez). Not a kanji name: its term is its reading, but the question may name the
    answer's relative by it (徳田要請問題 … 誰 → 徳田球一)."""
    return (term.isascii() and term.isalpha()) or is_katakana_word(unicodedata.normalize("NFKC", surface))


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long); ``str()`` is a hint for the user."""


@dataclass(frozen=True, slots=True)
class RankedPassage:
    id: str
    doc: str
    title: str
    text: str
    score: float
    # Spans [start, end) of ``text`` holding the question's words, for marking them.
    highlights: tuple[tuple[int, int], ...] = ()
    title_is_headline: bool = False  # see Passage

    @property
    def citation(self) -> str:
        """How front ends cite the passage: its id, with its document's title when that
        names what the document is about (a BEIR / JSQuAD title may be the answer)."""
        return f"{self.id}（{self.title}）" if self.title and not self.title_is_headline else self.id

    def marked(self, left: str = "【", right: str = "】") -> str:
        """``text`` with the matched words wrapped in ``left``/``right``."""
        out, last = [], 0
        for start, end in self.highlights:
            out.append(self.text[last:start])
            out.append(f"{left}{self.text[start:end]}{right}")
            last = end
        out.append(self.text[last:])
        return "".join(out)


def abstains(
    *, matched: bool, word_score: float, coverage: float, fact_missing: bool, margin: float, config: AnswerConfig,
) -> bool:
    """The abstention rule (config.yaml, ``answer:``): no question word in the best
    passage, too low a score or coverage, the asked fact missing (:attr:`Answer.fact_missing`),
    or the best passage too little ahead of the next."""
    return (
        not matched
        or word_score < config.abstain_min_score
        or coverage < config.abstain_min_coverage
        or (fact_missing and coverage <= config.abstain_typed_min_coverage)
        or margin < config.abstain_min_margin
    )


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    answer: str | None
    abstained: bool
    passages: list[RankedPassage]
    answer_type: str = "other"
    # The passage the short answer was taken from (from its text, or from its title for
    # a question the title answers: Engine._title_answer; the nearest one when abstaining).
    answer_passage: str | None = None
    # Share of the question's weight found in the best passage (0..1), used to abstain.
    coverage: float = 0.0
    # The best passage's word-channel BM25 score, the other abstention signal.
    word_score: float = 0.0
    # A money/count/date/post/nationality question whose best-matching sentence (and
    # the one after) holds no such phrase.
    typed_answer_missing: bool = False
    # Such a question whose Latin-letter names the best passage never writes
    # (answer.typed_answer_needs_names: Mistral AIの資金調達額は…).
    subject_missing: bool = False
    # A question asking who holds a post the best passage gives nowhere, or not as the
    # one asked (answer.asked_post_needed: キュタイのCEOは誰？).
    post_missing: bool = False
    # A 〜は誰 question whose best passage writes the person asked about only as one item
    # of a list beside others (answer.asked_person_named: 匿名の寄付者って誰？).
    person_unnamed: bool = False
    # A money question naming a kind of amount (売上, 給料) its best passage never writes
    # (answer.asked_amount_named: CMA CGMの年間売上は？ answered Saadé's 1億ユーロ).
    amount_unnamed: bool = False
    # How far the best passage leads the second: (best - second) / best of the final
    # scores (1.0 with a single passage).
    margin: float = 1.0
    matched_terms: list[str] = field(default_factory=list)

    @property
    def fact_missing(self) -> bool:
        """Whether the best passage lacks the asked fact, for any of the five reasons."""
        return any((self.typed_answer_missing, self.subject_missing, self.post_missing, self.person_unnamed, self.amount_unnamed))

    def would_abstain(self, config: AnswerConfig) -> bool:
        """Whether thresholds ``config`` would abstain on this answer (eval: JSQuAD
        is answered with abstention off, and scored against the shipped thresholds)."""
        return abstains(
            matched=bool(self.matched_terms), word_score=self.word_score, coverage=self.coverage,
            fact_missing=self.fact_missing, margin=self.margin, config=config,
        )

    def to_dict(self) -> dict:
        """The JSON contract of ``kyutai-qa ask --json`` (see README)."""
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "passages": [
                {"id": p.id, "doc": p.doc, "title": p.title, "text": p.text, "score": round(p.score, 6), "highlights": [list(h) for h in p.highlights]}
                for p in self.passages
            ],
            "answer_type": self.answer_type,
            "answer_passage": self.answer_passage,
            "coverage": round(self.coverage, 4),
            "margin": round(self.margin, 4),
            "word_score": round(self.word_score, 6),
            "typed_answer_missing": self.typed_answer_missing,
            "subject_missing": self.subject_missing,
            "post_missing": self.post_missing,
            "person_unnamed": self.person_unnamed,
            "amount_unnamed": self.amount_unnamed,
            "matched_terms": self.matched_terms,
        }


def _title_indexed(config: Config, passages: Sequence[Passage]) -> Callable[[Passage], bool]:
    """Whether a passage's title is indexed with it: a title that is not itself a
    passage (JSQuAD, BEIR; not a .txt headline, its document's first passage)."""
    docs_with_title_line = {(p.doc, p.text) for p in passages}
    on = config.ranking.title_in_passage
    return lambda p: bool(on and p.title and (p.doc, p.title) not in docs_with_title_line)


class Engine(IdentityAnswers):
    """An index over cleaned passages and the settings to answer from it."""

    def __init__(
        self,
        config: Config,
        passages: list[Passage],
        *,
        indexes: tuple[BM25Index, BM25Index | None] | None = None,
        background: Background | None = None,
    ) -> None:
        """Index ``passages``; ``indexes`` (word, bigram) skips that (the disk cache).
        ``background`` replaces the configured background frequencies (evaluation
        counts them leaving the corpus out)."""
        if not passages:
            raise CorpusError("the corpus has no passages (after cleaning)")
        self.config = config
        self.passages = passages
        self.tokenizer = Tokenizer(config)
        self._titles = self._HONORIFICS.union(*(self.tokenizer.terms(post) for post in POSTS))
        # Passage analyses (tokens, noun phrases) kept from indexing (small corpora),
        # or made on demand and cached.
        self._kept: list[Analysis] | None = None
        # The corpus's words by their reading, for questions typed in hiragana (しょちょう
        # → 所長); read from every passage, so only for corpora whose tokens are kept,
        # from the indexing pass when there is one.
        small = len(passages) <= config.answer.keep_tokens_up_to
        words: list[list[Reading]] | None = [] if config.tokenizer.hiragana_words and small else None
        if indexes is None:
            if background is None and config.background.enabled:
                background = load_background(config)
            keep: list[Analysis] | None = [] if small else None
            indexes = self.build_indexes(config, passages, self.tokenizer, keep, background, words)
            self._kept = keep
        elif words is not None:
            words.extend(self.tokenizer.readings(p.text) for p in passages)
        self.word_index, self.bigram_index = indexes
        self.synonyms = None
        if config.synonyms.enabled:
            sc = config.synonyms
            synonyms = Synonyms.load(config.resolve_data(sc.path), sc.weight)
            if sc.english_path:
                synonyms = synonyms.merged(Synonyms.load(config.resolve_data(sc.english_path), sc.weight, key="synonyms.english_path"))
            self.synonyms = Synonyms(synonyms.table, sc.weight, never=sc.english_function_words)
        # Abstention weighs the question's words by the corpus's own idf (see
        # background: in config.yaml); ranking and answers by the blended one.
        self._corpus_idf = self.word_index.corpus_idf
        self._max_idf = float(self.word_index.idf.max()) if len(self.word_index.idf) else 1.0
        self._max_corpus_idf = float(self._corpus_idf.max()) if len(self._corpus_idf) else 1.0
        self._analyze_cached = functools.lru_cache(maxsize=4096)(lambda i: self.tokenizer.analyze(self.passages[i].text))
        self._sentences = functools.lru_cache(maxsize=4096)(self._passage_sentences)
        self._title_kinds = functools.lru_cache(maxsize=4096)(self.tokenizer.kinds_named)
        self._loanword_translations = functools.lru_cache(maxsize=4096)(self._noun_translations)
        self._title_indexed = _title_indexed(config, passages)
        self._title_terms = functools.lru_cache(maxsize=4096)(lambda title: frozenset(self.tokenizer.terms(title)))
        self._readings: Readings | None = None
        if words is not None:
            titles = [self.tokenizer.readings(title) for title in {p.title: None for p in passages}]
            self._readings = Readings.from_words(self.tokenizer, [*titles, *words])

    @staticmethod
    def build_indexes(
        config: Config, passages: list[Passage], tokenizer: Tokenizer, keep: list[Analysis] | None = None,
        background: Background | None = None, words: list[list[Reading]] | None = None,
    ) -> tuple[BM25Index, BM25Index | None]:
        """The word index and (when its weight is above 0) the character-bigram index.

        ``keep``, a list, receives each passage's tokens and noun phrases from the same
        tokenizing pass, so small corpora answer without tokenizing again.
        ``background`` frequencies are blended into the word index's idf.
        ``words``, a list, receives each passage's words with their readings
        (:meth:`Tokenizer.readings`), from the same pass.
        """
        rc = config.ranking
        with_title = _title_indexed(config, passages)
        title_terms: dict[str, list[str]] = {}

        def passage_terms(p: Passage) -> list[str]:
            read: list[Reading] | None = None
            if words is not None:
                read = []
                words.append(read)
            analysis = tokenizer.analyze(p.text, read)
            if keep is not None:
                keep.append(analysis)
            tokens = analysis[0]
            terms = [t.term for t in tokens]
            if with_title(p):
                if p.title not in title_terms:
                    title_terms[p.title] = tokenizer.terms(p.title)
                terms = title_terms[p.title] + terms
            return terms

        word = BM25Index(
            (passage_terms(p) for p in passages), size=len(passages),
            variant=rc.variant, k1=rc.k1, b=rc.b, epsilon=rc.epsilon, delta=rc.delta,
            background=background, background_weight=config.background.weight,
        )
        bigram = None
        if rc.bigram_weight > 0:
            bigram = BM25Index(
                (tokenizer.bigrams(f"{p.title}\n{p.text}" if with_title(p) else p.text) for p in passages), size=len(passages),
                variant=rc.variant, k1=rc.bigram_k1, b=rc.bigram_b, epsilon=rc.epsilon, delta=rc.delta,
            )
        return word, bigram

    @classmethod
    def from_config(cls, config: Config, corpus_path: str | Path | None = None) -> "Engine":
        """The engine for the configured corpus (or ``corpus_path``); a large corpus's
        indexes come from, or go to, the disk cache (``cache:`` in config.yaml)."""
        path = Path(corpus_path) if corpus_path is not None else config.resolve(config.corpus.path)
        if config.cache.enabled:
            from .cache import cached_engine

            engine = cached_engine(cls, config, path)
            if engine is not None:
                return engine
        return cls(config, clean_passages(load_corpus(path), config.cleaning))

    # -- ranking -------------------------------------------------------------

    def check_question(self, question: str) -> str:
        """The question stripped, or :class:`QuestionError` with a hint."""
        if not isinstance(question, str) or not question.strip():
            raise QuestionError("質問が空です。記事について日本語で質問してください（例: キュタイの予算は？）。")
        limit = self.config.answer.max_question_chars
        if len(question) > limit:
            raise QuestionError(f"質問が長すぎます（{len(question)}文字）。{limit}文字以内でお願いします。")
        if LONE_SURROGATE.search(question):
            # Bytes that are not UTF-8 reach Python as lone surrogates (surrogateescape).
            raise QuestionError("質問に UTF-8 として読めない文字が含まれています。UTF-8 で入力してください。")
        if not any(unicodedata.category(ch)[0] in "LN" for ch in question):
            # 🎉🎉🎉 or ？？？ asks nothing: "the article does not say" would answer a question.
            raise QuestionError("質問に文字がありません。記事について日本語で質問してください（例: キュタイの予算は？）。")
        return question.strip()

    def _read(self, question: str) -> str:
        """The question as the engine reads it: without laughter, hiragana names in
        katakana (Normalizer.read_question), hiragana words as the corpus writes them."""
        question = self.tokenizer.normalizer.read_question(question)
        return self._readings.convert(question) if self._readings is not None else question

    def scores(self, question: str) -> tuple[np.ndarray, list[str]]:
        """Fused score of every passage, and the question's word terms."""
        fused, _, tokens, _ = self._channel_scores(self._read(question))
        return fused, [t.term for t in tokens]

    def _channel_scores(self, question: str) -> tuple[np.ndarray, np.ndarray, list[Token], dict[str, tuple[str, ...]]]:
        """Fused scores, word-channel scores, the question's word tokens, and the
        translations of its loanwords (:meth:`_translations`)."""
        rc = self.config.ranking
        vocab = self.word_index.vocab
        question = without_post_which(question)
        tokens = [t if t.term in vocab else self._known_form(t) for t in self.tokenizer.query_tokens(question)]
        terms = [t.term for t in tokens]
        translated = self._translations(tokens)
        # A question's verbs and adjectives are the words it most often says otherwise
        # than its passage (亡くなった / 死去した): its nouns carry more of the topic.
        own = [rc.predicate_weight if t.predicate else 1.0 for t in tokens]
        if self.synonyms is not None:
            expanded, weights = self.synonyms.expand(terms, self.word_index.vocab, weights=own, also=[translated.get(t, ()) for t in terms])
            word = self.word_index.get_scores(expanded, weights)
        else:
            word = self.word_index.get_scores(terms, own)
        if self.bigram_index is None:
            return word, word, tokens, translated
        known = self._is_known_word if rc.english_bigrams_known_words_only else None
        bigram = self.bigram_index.get_scores(self.tokenizer.query_bigrams(question, known, english=self._is_english_word))
        fused = np.zeros_like(word)
        for channel, weight in ((word, rc.word_weight), (bigram, rc.bigram_weight)):
            top = channel.max()
            if top > 0 and weight > 0:
                fused += weight * channel / top
        if rc.fusion == "rank":
            # Equal sums of ranks are broken by the score fusion (not by passage order).
            fused = _rank_fusion(((word, rc.word_weight), (bigram, rc.bigram_weight)), rc.rank_fusion_k) + 1e-6 * fused
        return fused, word, tokens, translated

    def rank(self, question: str, top_k: int | None = None) -> list[tuple[int, float]]:
        """``(passage index, score)`` of the best passages, best first."""
        question = self._read(question)
        scores, _, tokens, _ = self._channel_scores(question)
        return self._rerank(scores, [t.term for t in tokens], detect_answer_type(question), top_k or self.config.ranking.top_k)

    def _rerank(self, scores: np.ndarray, terms: list[str], kind: AnswerType, k: int) -> list[tuple[int, float]]:
        """Top ``k`` after re-scoring the first ``rerank_depth`` passages by proximity
        (the share of the question's weight found in one sentence) and by whether
        that sentence holds an answer of the asked type; the passages after them
        keep their order. The depth does not depend on ``k``, so the evaluation
        (k = 10) ranks as ``ask`` (k = 3) does."""
        rc = self.config.ranking
        # A parenthesis in a sentence says little about it answering 〜の略称は (JSQuAD
        # MRR@10 0.9515 → 0.9514 with abbreviations boosted): they only pick the answer.
        typed = rc.answer_type_boost > 0 and kind.kind not in ("other", "reason", "abbreviation", "identity")
        if rc.proximity_weight <= 0 and not typed:
            return self._top(scores, k)
        ranked = self._top(scores, max(k, rc.rerank_depth))
        head, tail = ranked[: rc.rerank_depth], ranked[rc.rerank_depth : k]
        weights = self._weights(terms)
        total = sum(weights.values())
        if total <= 0:
            return ranked[:k]
        rescored = []
        for index, score in head:
            best, weight = self._best_sentence(index, weights)
            bonus = rc.proximity_weight * weight / total
            if typed and weight > 0:
                start, end = self._sentences(index)[best][0]
                if has_candidate(kind, self.passages[index].text[start:end]):
                    bonus += rc.answer_type_boost
            rescored.append((index, score + bonus))
        rescored.sort(key=lambda item: (-item[1], item[0]))
        return (rescored + tail)[:k]

    def _best_sentence(self, index: int, weights: dict[str, float]) -> tuple[int, float]:
        """The passage's sentence holding most of ``weights`` (the first of equals; 0
        when none holds any), and the weight it holds. ``weights`` is built from sorted
        terms, so the float sums, and so the ties, are the same in every run."""
        best, best_weight = 0, 0.0
        for i, (_, sentence_terms) in enumerate(self._sentences(index)):
            weight = sum(w for t, w in weights.items() if t in sentence_terms)
            if weight > best_weight:
                best, best_weight = i, weight
        return best, best_weight

    def _passage_sentences(self, index: int) -> list[tuple[tuple[int, int], frozenset[str]]]:
        """Each sentence's span and the terms of the tokens wholly inside it (one pass:
        a token goes to the last sentence starting at or before it)."""
        spans = split_sentences(self.passages[index].text)
        starts = [start for start, _ in spans]
        terms: list[set[str]] = [set() for _ in spans]
        for t in self._tokens(index):
            i = bisect.bisect_right(starts, t.start) - 1
            if i >= 0 and t.end <= spans[i][1]:
                terms[i].add(t.term)
        return [(span, frozenset(found)) for span, found in zip(spans, terms)]

    @staticmethod
    def _top(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
        k = min(k, len(scores))
        if k < len(scores):
            part = np.argpartition(-scores, k - 1)[:k]
            # argpartition picks any of the passages tied at the k-th score; take the
            # earliest, so the top k is a prefix of the top k + 1.
            kth = scores[part].min()
            above = np.flatnonzero(scores > kth)
            part = np.concatenate([above, np.flatnonzero(scores == kth)[: k - len(above)]])
        else:
            part = np.arange(len(scores))
        # Stable order for equal scores: the earlier passage first.
        order = sorted(part.tolist(), key=lambda i: (-scores[i], i))
        return [(i, float(scores[i])) for i in order]

    # -- answering -----------------------------------------------------------

    def _analysis(self, index: int) -> Analysis:
        return self._kept[index] if self._kept is not None else self._analyze_cached(index)

    def _tokens(self, index: int) -> list[Token]:
        return self._analysis(index)[0]

    def _chunks(self, index: int) -> list[tuple[int, int]]:
        return self._analysis(index)[1]

    def _named(self, index: int) -> list[tuple[int, int, str]]:
        return self._analysis(index)[2]

    def _answer_names(self, index: int, kind: AnswerType) -> list[tuple[int, int, str]]:
        """The passage's names (Tokenizer.named_chunks) that may answer ``kind``. A
        nationality takes of the places only the countries (フランス: パリ is no one's
        nationality); so does a question asking for a country (どこの国), when the
        passage names one."""
        named = self._named(index)
        if kind.kind != "nationality" and kind.counter != "国":
            return named
        text = self.passages[index].text
        countries = [(s, e, name) for s, e, name in named if name != "place" or "国" in self._title_kinds(text[s:e])]
        if kind.kind == "nationality" or any(name == "place" for _, _, name in countries):
            return countries
        return named

    def _ranked(self, index: int, score: float, terms: set[str]) -> RankedPassage:
        p = self.passages[index]
        spans = sorted({(t.start, t.end) for t in self._tokens(index) if t.term in terms})
        merged: list[tuple[int, int]] = []
        for start, end in spans:  # overlapping spans (a number and its digits) become one
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return RankedPassage(p.id, p.doc, p.title, p.text, score, tuple(merged), p.title_is_headline)

    # Honorifics and posts (as word terms: 委員長 → 委員, 長) do not make a name: asked
    # about 日本共産党の委員長, 志位委員長 answers; asked about ヤン・ルカン氏, ルカン氏 does not.
    _HONORIFICS = frozenset({"氏", "さん", "教授", "博士"})

    def _in_question(self, candidate: str, kind: AnswerType, question_norm: str, terms: set[str]) -> bool:
        """Whether the question already names ``candidate`` (asking 誰 about サアデ氏
        should not answer ロドルフ・サアデ氏); amounts must match whole, since
        1億ユーロ in the question must not rule out 1億900万ドル. Spaces do not count
        (Xavier Niel 氏 is named by Xavier Niel氏)."""
        if "".join(self.tokenizer.normalizer.text(candidate).split()) in question_norm:
            return True
        return kind.kind == "person" and (
            self._shares_name(candidate, terms) if is_person(candidate) else self._shares_foreign_name(candidate, terms)
        )

    def _amount_unnamed(self, question: str, passage: Passage) -> bool:
        """Whether ``question`` names a kind of amount (:func:`amount_nouns`) that
        ``passage`` (with its title) writes nowhere, nor any Sudachi synonym of it."""
        nouns = amount_nouns(question)
        if not nouns:
            return False
        written = unicodedata.normalize("NFKC", f"{passage.title}\n{passage.text}")
        forms = {form for noun in nouns for form in (noun, *(self.synonyms.of(noun) if self.synonyms else ()))}
        # A synonym naming no kind (価格 → 額, found in 少額) vouches for nothing.
        forms -= {"額", "金額", "金"}
        return not any(form in written for form in forms)

    @staticmethod
    def _answers_list_mate(question: str, short: str | None, text: str) -> bool:
        """Whether ``short`` names another person of a list ``text`` gives a person the
        question names only in (:func:`list_mates`). Not a person the question joins
        to others by と or や (ジェグー氏と一緒に登壇したのは？ asks for the others)."""
        if not short:
            return False
        short = re.sub(r"(?:ら|など|等)$", "", unicodedata.normalize("NFKC", short).strip())  # シェルコップ氏ら
        asked = unicodedata.normalize("NFKC", question)
        alone = [p for p in people_named(question) if not asked.startswith(("と", "や"), asked.find(p) + len(p))]
        # The answer is the other person, not a clause naming the list (ゼギドゥール氏って
        # 登壇した？ → …デフォッセ氏の6名が登壇し answers him).
        return any(short == mate for person in alone for mate in list_mates(person, text))

    def _shares_foreign_name(self, phrase: str, terms: set[str]) -> bool:
        """Whether ``phrase`` holds a question word written in katakana or Latin letters
        (マーラー自身 asked about マーラー); a kanji word it shares (国連 of 国連事務総長,
        修道 of 修道士) is the answer's own."""
        return any(t.term in terms and _is_foreign(t.term, phrase[t.start : t.end]) for t in self.tokenizer.tokenize(phrase))

    def _repeats_question(self, phrase: str, terms: set[str]) -> bool:
        """Whether a noun phrase names a person the question names (asked about Yann
        LeCun, ヤン・ルカン氏 is no answer). Other phrases may share words with the
        question and still answer it (何気団 → シベリア気団)."""
        return is_person(phrase) and self._shares_name(phrase, terms)

    def _shares_name(self, phrase: str, terms: set[str]) -> bool:
        """Whether ``phrase`` holds one of the question's words, titles (氏, 大統領) aside."""
        return bool((set(self.tokenizer.terms(phrase)) - self._titles) & terms)

    def _typed_answer_missing(self, kind: AnswerType, index: int, terms: set[str]) -> bool:
        """Whether a money, count, date, post or nationality question finds no phrase of
        that type in the sentence of the passage that holds most of its weight, or the
        one after it: the article talks about the subject but does not give the asked
        amount, date, post or nationality (ニール氏の役職は？ ranking the passage naming
        ニール・ゼギドゥール氏; ヤン・ルカン氏の国籍は？)."""
        if kind.kind not in _TYPED_KINDS:
            return False
        sentences = self._sentences(index)
        if not sentences:
            return True
        best, _ = self._best_sentence(index, self._weights(terms))
        # The asked phrase may sit in the sentence right after (「…と述べた。しかし、1年以内に…」).
        start = sentences[best][0][0]
        end = sentences[min(best + 1, len(sentences) - 1)][0][1]
        # A country UniDic names answers a nationality (イングランドのジョン・ニーダム).
        named = [(s - start, e - start, name) for s, e, name in self._answer_names(index, kind) if start <= s and e <= end]
        return not candidates(kind, self.passages[index].text[start:end], named=named)

    @staticmethod
    def _typed_subject_missing(
        question: str, kind: AnswerType, terms: set[str], found: set[str], *, about: Set[str] = frozenset(),
        written: str = "",
    ) -> bool:
        """Whether a typed question names things in Latin letters (an alias folds
        ミストラル to mistral) and the best passage names none of them: its amount or
        date is another's (Mistral AIの資金調達額はいくら？ ranking キュタイ's 3億ユーロ).

        Names in ``about``, the title of the passage's document, are left out: a
        passage is about what its document's title names without naming it again
        (キュータイの資金調達額は？: the funding passage never writes キュータイ; the
        headline writes キュタイ and AI). Numbers and single letters (the h of H200) are
        no names. One name found is enough: a name is often written in part
        (グザヴィエ・ニール as ニール氏), so requiring each, or the rarest, would lose
        answerable questions. An English question is not checked: every word of it is
        Latin, a name or not (How much money does Kyutai have?).

        A model number (H200, B-29; :func:`answer_types.model_codes`) is checked on
        its own, in either language: one missing from ``written`` (the passage and its
        title) names another thing than the passage counts (H200は何基？ ranking the
        1000 H100s)."""
        if kind.kind not in _TYPED_KINDS:
            return False
        codes = model_codes(question)
        if codes and codes - model_codes(written):  # the passage is read only for a model number asked
            return True
        if not JAPANESE_LETTER.search(question):
            return False
        names = {t for t in terms - about if len(t) > 1 and LATIN_WORD.fullmatch(t) and not t.isdigit()}
        return bool(names) and not names & found

    def _post_not_given(self, question: str, kind: AnswerType, index: int) -> bool:
        """Whether a question asking who holds a post (キュタイのCEOは誰？; the forms
        ``answer_types.asked_post`` reads; in English through the post's
        translation: Who is the mayor of Paris? asks 市長) finds the post nowhere in
        the passage, or not as the one asked: the passage names the CEO of CMA CGM,
        or none (OpenAIのCEOは誰？ ranking the passage naming Sam Altman without one).

        A post the passage writes without a name before の (この研究室の所長, マクロン
        大統領) is the one asked when the passage (or its document's title) names
        whose the question says it is: キュータイの所長は, フランスの大統領は, not
        アメリカの大統領は. Whose it is said by a description in kanji (フランスの海運会社
        のCEO) is not compared, nor, in an English question, against a post written
        without a name: its words meet the article only through glosses, which miss
        too often (the French Republic: french is glossed 仏語, not フランス)."""
        asked = asked_post(question) if kind.kind == "person" else None
        if asked is None:
            return False
        whose, post = asked
        posts = [post] if post in POSTS or not post.isascii() else self._posts_translating(post)  # 副所長 as written
        if not posts:  # an English word naming no post (director: JMdict glosses none)
            return False
        if whose is not None:
            if all(map(is_kanji, whose)):
                if not self._title_kinds(whose):  # a description (海運会社), not a name (米国)
                    whose = None
            else:
                while is_kanji(whose[-1]):  # the name, not its suffix (キュタイ社)
                    whose = whose[:-1]
        wanted = set(self.tokenizer.terms(whose)) if whose is not None else set()
        english = not JAPANESE_LETTER.search(question)
        if english:  # Who is the CEO of Iliad? meets Iliad の CEO; of Paris, パリ
            wanted = self._with_synonyms(wanted)
        return all(self._post_not_given_as(p, wanted, index, compare_unnamed=not english) for p in posts)

    def _posts_translating(self, word: str) -> list[str]:
        """The posts an English word asked (Who is the mayor …?) translates to (市長;
        president → 会長, 大統領, …), through its Sudachi entry or JMdict gloss."""
        if self.synonyms is None:
            return []
        return sorted(p for p in self.synonyms.of(word) if p in POSTS)

    def _post_not_given_as(self, post: str, wanted: set[str], index: int, *, compare_unnamed: bool = True) -> bool:
        """:meth:`_post_not_given` for one post; ``wanted`` holds the terms of whose
        post the question asks (empty: it does not say, or says it by a description)."""
        passage = self.passages[index]
        holders, unnamed = post_holders(post, passage.text)
        if not holders and not unnamed:
            return True
        if not wanted:
            return False
        if any(wanted & set(self.tokenizer.terms(holder)) for holder in holders):
            return False
        if unnamed:
            if not compare_unnamed:
                return False
            written = {t.term for t in self._tokens(index)} | self._title_terms(passage.title)
            return not wanted & written
        return True

    def _with_synonyms(self, terms: set[str]) -> set[str]:
        """The terms and their synonyms, marked in passages and placing the short answer."""
        if self.synonyms is None:
            return terms
        return terms.union(*(self.synonyms.of(t) for t in terms))

    def _known_form(self, token: Token) -> Token:
        """The token with the form of its word that the corpus uses (:meth:`_vocabulary_form`)."""
        form = self._vocabulary_form(token.term)
        return token if form is None or form == token.term else dataclasses.replace(token, term=form)

    def _vocabulary_form(self, term: str) -> str | None:
        """The term if the corpus uses it; for a Latin word it does not, the word it
        does use when that is the same without accents (Pèrez → perez) or its singular
        (GPUs → gpu, AIs → ai: shorter than Synonyms.of allows, since the singular must
        be a word of the corpus here), with ``ranking.latin_word_variants``; else None.
        Only the question's word is folded: a corpus word with an accent and no alias
        (Mazaré before its alias) is met by its own spelling only."""
        vocab = self.word_index.vocab
        if term in vocab:
            return term
        if not self.config.ranking.latin_word_variants or not LATIN_WORD.fullmatch(term):
            return None
        bare = without_accents(term)
        forms = (bare, *english_singulars(bare)) if len(bare) > 2 and bare.endswith("s") else (bare,)
        return next((form for form in forms if form in vocab), None)

    def _is_english_word(self, word: str) -> bool:
        """Whether a Latin word is English: a function word, or one with a Japanese
        translation (advisor → 顧問); not a name, nor a misspelt one (Mistal)."""
        if self.synonyms is None:
            return False
        word = word.lower()
        return word in self.synonyms.never or bool(self.synonyms.of(word))

    def _is_known_word(self, word: str) -> bool:
        """Whether the corpus uses the word, by its terms (Pérez by its alias perez) in
        any of their :meth:`_vocabulary_form`."""
        return any(self._vocabulary_form(t) is not None for t in self.tokenizer.terms(word))

    def _translations(self, tokens: list[Token]) -> dict[str, tuple[str, ...]]:
        """Each loanword of the question and the translations of the English word it
        comes from (synonyms.loanword_origins; see :meth:`_noun_translations`)."""
        if self.synonyms is None or not self.config.synonyms.loanword_origins:
            return {}
        found = {t.term: self._loanword_translations(t.origin) for t in tokens if t.origin}
        return {term: translations for term, translations in found.items() if translations}

    def _noun_translations(self, origin: str) -> tuple[str, ...]:
        """The glosses of ``origin`` that are a Japanese common noun of two characters
        or more (adviser → 顧問, 補佐): a loanword is a noun, and UniDic gives one origin
        whatever the sense (シュート, from shoot → 射る, チェ, 芽), so a verb, an
        interjection, a name or a lone character would match by chance. Not one in
        Latin letters (laboratory → lab, エネルギー → energie): that is no translation."""
        assert self.synonyms is not None
        return tuple(
            t for t in self.synonyms.of(origin) if len(t) >= 2 and not LATIN_WORD.search(t) and self.tokenizer.is_common_noun(t)
        )

    def _weights(self, terms: Iterable[str]) -> dict[str, float]:
        """Each distinct term's :meth:`_weight`, sorted: float sums in a fixed order, so
        equal shares tie the same way in every run."""
        return {t: self._weight(t) for t in sorted(set(terms))}

    def _weight(self, term: str) -> float:
        """A question word's weight for ranking and answers (the blended idf)."""
        return self._idf_weight(term, self.word_index.idf, self._max_idf)

    def _coverage_weight(self, term: str) -> float:
        """A question word's weight for abstaining (the corpus's own idf)."""
        return self._idf_weight(term, self._corpus_idf, self._max_corpus_idf)

    def _idf_weight(self, term: str, idf: np.ndarray, rarest: float) -> float:
        # A word the corpus never uses weighs as much as the rarest word it does:
        # a question about something absent should not look covered.
        tid = self.word_index.vocab.get(term)
        return rarest if tid is None else max(float(idf[tid]), 0.0)

    def answer(self, question: str, *, top_k: int | None = None) -> Answer:
        """Answer one question (raises :class:`QuestionError` for an empty or huge one)."""
        as_typed = self.check_question(question)
        # Read as if typed in katakana (るかんさん → ルカンさん) and without laughter (ww);
        # the answer shows it as typed.
        question = self._read(as_typed)
        k = top_k or self.config.ranking.top_k
        scores, word_scores, tokens, translated = self._channel_scores(question)
        terms = [t.term for t in tokens]
        kind = detect_answer_type(question)
        named: Name | None = None
        naming: list[tuple[int, tuple[int, int]]] = []
        unnamed = False
        if kind.kind == "identity":
            kind, named, naming, unnamed = self._identity(question)
        top = self._rerank(scores, terms, kind, max(k, 2))  # the second passage sets the margin
        margin = _margin(top)
        top = top[:k]
        distinct = set(terms)
        best_index, best_score = top[0]
        best_tokens = self._tokens(best_index)
        best_terms = {t.term for t in best_tokens}
        best = self.passages[best_index]
        if self._title_indexed(best):  # ranked with its title: a word found there is found
            best_terms |= self._title_terms(best.title)
        # Only the question's own words count towards answering rather than abstaining:
        # a synonym may help rank and mark the answer, but 進化 meeting 前進 does not make
        # the article say anything about ポケモンの進化. An English word is the exception:
        # its Sudachi entry or JMdict gloss (lab → ラボ, budget → 予算) is a translation,
        # the only way it meets the article; so is a loanword's English origin's
        # (アドバイザー, adviser → 顧問).
        # Each question word as the article may write it: itself, and for an English word
        # or a loanword its translations.
        written = {t: {t} for t in distinct}
        if self.synonyms is not None:
            for t, forms in written.items():
                if t.isascii() and t.isalpha():
                    forms.update(self.synonyms.of(t))
                forms.update(translated.get(t, ()))
        in_best = {t for t, forms in written.items() if best_terms & forms}
        # The counter of 何年 / 何人 / 何基 says what kind of answer is wanted, as the
        # question word does: it ranks (1000基), but a passage holding only it
        # (…1年以内… for グーテンベルクが亡くなったのは何年？) covers nothing asked.
        counted = distinct - {kind.counter} if kind.counter else distinct
        total = sum(self._coverage_weight(t) for t in sorted(counted))
        coverage = sum(self._coverage_weight(t) for t in sorted(in_best & counted)) / total if total > 0 else 0.0
        marked = self._with_synonyms(distinct)
        # A loanword's translation is shown where it was found (【顧問】 for アドバイザー),
        # but places only a typed answer (below): リズムは何の上に作られる？ asks for
        # 拍子, rhythm's translation itself.
        shown = marked.union(*translated.values())

        def cited(index: int, score: float) -> RankedPassage:
            return self._ranked(index, score, shown)

        ranked = [cited(i, s) for i, s in top]

        ac = self.config.answer
        word_top = float(word_scores[best_index])
        asked = asked_who(question) if kind.kind == "person" else None
        # Why the best passage lacks the asked fact, each reported in ask --json
        # (Answer.fact_missing ORs them). The sentence to hold the asked phrase is found
        # by the words as written (What is Eric Schmidt's nationality? meets the article
        # only through シュミット).
        missing = {
            "typed_answer_missing": self._typed_answer_missing(kind, best_index, set().union(*written.values())),
            "subject_missing": ac.typed_answer_needs_names and self._typed_subject_missing(
                question, kind, distinct, in_best, about=self._title_terms(best.title), written=f"{best.title}\n{best.text}",
            ),
            "post_missing": ac.asked_post_needed and self._post_not_given(question, kind, best_index),
            "person_unnamed": ac.asked_person_named and asked is not None and only_listed(asked, best.text),
            "amount_unnamed": ac.asked_amount_named and kind.kind == "money" and self._amount_unnamed(question, best),
        }
        # A name the corpus writes is described whatever the rest of the question weighs
        # (What is Kyutai?: kyutai, in every passage, is a small share of what, is).
        # The thresholds on this answer's signals, for a fact missing or not.
        abstains_if = functools.partial(
            abstains, matched=bool(in_best & counted), word_score=word_top, coverage=coverage, margin=margin, config=ac,
        )
        abstain = unnamed or (named is None and abstains_if(fact_missing=any(missing.values())))
        short = None
        answer_index = best_index
        if not abstain and named is not None:
            # The passages of a document titled by the name first (JSQuAD's ハノーファー), then corpus order.
            naming.sort(key=lambda found: not named.words <= self._title_terms(self.passages[found[0]].title))
            described = self._description(naming, person=named.person)
            if described is not None:
                answer_index, short = described
                if answer_index != best_index:  # the passage saying who it is comes first
                    moved = next((r for r in ranked if r.id == self.passages[answer_index].id), None)
                    moved = moved or cited(answer_index, float(scores[answer_index]))
                    ranked = [moved] + [r for r in ranked if r is not moved][: k - 1]
        if not abstain and short is None and ac.title_answers:
            short = self._title_answer(question, best_index, distinct)
        if not abstain and short is None:
            # A name, an amount, a count or a date is never the translation itself:
            # there it places the answer too (アドバイザーは誰？ → the names by 顧問).
            placing = shown if kind.kind in _NAMES_AND_NUMBERS else marked
            spans = [(t.start, t.end, self._weight(t.term)) for t in best_tokens if t.term in placing]
            question_norm = "".join(self.tokenizer.normalizer.text(question).split())
            short, _ = extract_answer(
                question, kind, self.passages[best_index].text, spans,
                in_question=lambda s: self._in_question(s, kind, question_norm, distinct),
                repeats_question=lambda s: (
                    self._in_question(s, kind, question_norm, distinct) or self._repeats_question(s, distinct)
                ),
                chunks=self._chunks(best_index) if ac.phrase_answers else (),
                named=self._answer_names(best_index, kind) if ac.name_answers else (),
                set_off_factor=ac.set_off_phrase_factor,
                katakana_latin_factor=ac.katakana_latin_factor,
                skip_readings=ac.skip_readings,
                skip_restatements=ac.skip_restatements,
                sentence_bigram_weight=ac.sentence_bigram_weight,
                typed_sentence_factor=ac.typed_sentence_factor,
                choice_answers=ac.choice_answers,
                possessor_answers=ac.possessor_answers,
                described_topics=ac.described_topics,
                yes_no_clauses=ac.yes_no_clauses,
                how_predicates=ac.how_predicates,
                relation_answers=ac.relation_answers,
                person_lists=ac.person_lists,
            )
            if ac.asked_person_named and kind.kind not in ("person", "post") and self._answers_list_mate(question, short, best.text):
                # ジェグー氏の専門分野は？ answered グラーヴ氏, who spoke beside him: the
                # passage lists the person among others and says nothing of them alone.
                # (Through the thresholds, as the other missing facts: the eval answers
                # with abstention off.)
                missing["person_unnamed"] = True
                if abstains_if(fact_missing=True):
                    abstain, short = True, None
        return Answer(
            question=as_typed,
            answer=short,
            abstained=abstain,
            passages=ranked,
            answer_type=kind.kind,
            answer_passage=self.passages[answer_index].id,
            coverage=coverage,
            word_score=word_top,
            **missing,
            margin=margin,
            matched_terms=sorted(in_best),
        )

    def _title_answer(self, question: str, index: int, terms: set[str]) -> str | None:
        """The passage's document title, when the question asks for a thing of the kind
        the title names (…最も多かった国は？ in the paragraph of ポルトガル, 何党 in that of
        日本共産党) without naming the title: a paragraph is about its title, and often
        never writes it. Not for a .txt / .md document's title, its first line (a headline)."""
        p = self.passages[index]
        if not p.title or p.title_is_headline:
            return None
        kinds = self._title_kinds(p.title)
        if not kinds:
            return None
        ends_on, asked_with = asked_nouns(question)
        # …輸出国は asks for a 国; 何共和国 asks for a 共和国, which ポルトガル is not.
        if not (
            (ends_on and any(ends_on.endswith(kind) for kind in kinds))
            or (asked_with and (asked_with in kinds or p.title.endswith(asked_with)))
        ):
            return None
        # 共産党は何党と… names the title by part of it: the answer is another party.
        named = set(self.tokenizer.terms(p.title)) - set(self.tokenizer.terms("".join(kinds)))
        return None if named & terms else p.title

    def passage(self, passage_id: str) -> Passage | None:
        """A passage by its id (for ``:source ID`` in the REPL)."""
        for p in self.passages:
            if p.id == passage_id:
                return p
        return None

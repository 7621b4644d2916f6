"""Turn text into index terms: fugashi + unidic-lite words, and character bigrams.

Word terms are UniDic lemmas (述べた → 述べる) of normalized text, with
particles, auxiliaries, symbols and whitespace dropped by UniDic part of speech.
A run of numeral tokens (3 億 3000 万) also yields its value as one term
(``330000000``), so ``3億3000万``, ``三億三千万`` and ``330,000,000`` meet; the
single numerals stay too, so ``３億`` still matches ``3億3000万`` on 3 and 億.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import fugashi

from .config import Config
from .normalize import KANJI, NAME_JOINERS, Normalizer, continues_cluster, is_hiragana_word, is_kanji, is_katakana_word

__all__ = ["TERMS_REVISION", "Reading", "Token", "Tokenizer", "parse_number", "tagger_info"]

# One MeCab tagger for the process, shared by every Tokenizer (all load unidic-lite):
# fugashi never unmaps a tagger's dictionary, so each tagger that has parsed text kept
# about 50 MB resident for good (an evaluation per article made 60). Its nodes point
# into the tagger's last parse, so a parse and the reading of its nodes happen under
# one lock, which also makes the tokenizer safe to call from several threads.
_TAGGER: fugashi.Tagger | None = None
_TAGGER_LOCK = threading.Lock()


def _tagger() -> fugashi.Tagger:
    """The shared tagger; call with ``_TAGGER_LOCK`` held."""
    global _TAGGER
    if _TAGGER is None:
        _TAGGER = fugashi.Tagger()
    return _TAGGER


def tagger_info() -> list[dict]:
    """fugashi's ``dictionary_info`` of the shared tagger (the dictionary's path, size, version)."""
    with _TAGGER_LOCK:
        return _tagger().dictionary_info

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}


def parse_number(text: str) -> float | None:
    """The value of a Japanese number such as ``3億3000万``, ``三千``, ``3.3億``; None if not one."""
    total = 0.0
    section = 0.0
    num: float | None = None
    i, n = 0, len(text)
    if not text:
        return None
    while i < n:
        ch = text[i]
        if ch.isascii() and (ch.isdigit() or ch == "."):
            j = i
            while j < n and text[j].isascii() and (text[j].isdigit() or text[j] == "."):
                j += 1
            try:
                num = float(text[i:j])
            except ValueError:
                return None
            i = j
            continue
        if ch in _KANJI_DIGITS:
            j = i
            digits = ""
            while j < n and text[j] in _KANJI_DIGITS:
                digits += str(_KANJI_DIGITS[text[j]])
                j += 1
            num = float(digits)
            i = j
            continue
        if ch in _SMALL_UNITS:
            section += (1 if num is None else num) * _SMALL_UNITS[ch]
        elif ch in _BIG_UNITS:
            section += 0 if num is None else num
            total += (section or 1) * _BIG_UNITS[ch]
            section = 0.0
        else:
            return None
        num = None
        i += 1
    return total + section + (num or 0.0)


_NUMERAL_CHARS = frozenset("0123456789.") | frozenset(_KANJI_DIGITS) | frozenset(_SMALL_UNITS) | frozenset(_BIG_UNITS)


def _is_numeral(surface: str) -> bool:
    """千万 is tagged 普通名詞, yet it is part of 3億3千万."""
    return all(ch in _NUMERAL_CHARS for ch in surface)


_CHUNK_POS = frozenset({"名詞", "接頭辞", "接尾辞", "代名詞"})
# UniDic's proper-noun classes (名詞-固有名詞-人名 / -地名) that make a noun phrase a name.
_NAME_KINDS = {"人名": "person", "地名": "place"}
# Nouns that mostly stand for a clause (the lemmas of こと, もの, ところ, わけ, はず,
# ほう): UniDic tags them as ordinary nouns.
_FORMAL_NOUNS = frozenset({"事", "物", "所", "訳", "筈", "方"})
# Ends of a noun phrase that are not part of the name in it (シェルコップ氏ら → シェルコップ氏),
# as written and as word terms (identity.py reads them so).
PLURAL_SUFFIXES = frozenset({"ら", "等", "たち", "達", "など"})
# UniDic pos1 of the words Token.predicate marks: verbs, adjectives, adverbs, adjectival nouns.
_PREDICATE_POS = frozenset({"動詞", "形容詞", "副詞", "形状詞"})


class _Word(NamedTuple):
    """A word of the noun phrase being read (``surface`` normalized, ``start`` in the text as written)."""

    start: int
    surface: str
    feature: "_Feature"


# One-character nouns that do not belong to the name they precede: counters and
# adverbial nouns (1940年5月ドイツ, 4代桂小文枝, この際クロード・ドビュッシー).
_NOT_NAME_POS3 = frozenset({"助数詞可能", "副詞可能"})


# Raised when a change of the code changes the word terms of a passage, so that the
# background frequencies counted before (retrieval/data/background_df.tsv) are refused
# rather than read with the new terms. 2: katakana aliases fold only as words of their
# own (バルカン is no longer lecun).
TERMS_REVISION = 2

# Kana or kanji: a question without any is written in English (query_bigrams).
JAPANESE_LETTER = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u3005\u3400-\u4dbf" + KANJI + r"\uf900-\ufaff\uff66-\uff9d]")
# Digits and Latin letters, accented ones included (not × and ÷).
LATIN_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")

# A loanword's origin as UniDic writes it after its lemma (アドバイザー-adviser). Most
# are English; some are not (ガーゼ-gaze is German, so it meets 凝視 by the English
# gaze): UniDic does not say which language, and the glosses are English only.
_LATIN_ORIGIN = re.compile(r"[A-Za-z]+")


def _name_start(words: list[_Word], first: int) -> int:
    """The index in ``words`` (a noun phrase) where the name whose first tagged word is
    ``words[first]`` begins. The words before it describe it and are no part of the
    answer to 誰 or どこ (首都キンシャサ → キンシャサ, 元総評議長太田薫 → 太田薫), except
    katakana words joined to it by a dot (ブレイン・フーバー: UniDic knows only フーバー as
    a name) or touching it and no common noun (マノエル・デ・オリヴェイラ, but not the
    job of ピアニスト辻井伸行), and a prefix or a one-character noun (反カスティーリャ,
    北ドイツ: UniDic tags 北 a common noun)."""
    i = first
    while i > 0:
        if words[i - 1].surface in NAME_JOINERS and i > 1 and is_katakana_word(words[i - 2].surface):
            i -= 2
        elif is_katakana_word(words[i - 1].surface) and words[i - 1].feature.pos2 != "普通名詞":
            i -= 1
        else:
            break
    if i == first and i > 0:
        before, pos = words[i - 1], words[i - 1].feature
        if pos.pos1 == "接頭辞" or (pos.pos1 == "名詞" and len(before.surface) == 1 and pos.pos3 not in _NOT_NAME_POS3):
            i -= 1
    return i


def _ends_katakana_word(words: list[_Word]) -> bool:
    """Whether the last of ``words`` (a noun phrase's) is katakana touching a short
    katakana common noun before it: UniDic split one word (トリ + ローグ of トリローグ,
    アブラ + ヤシ of アブラヤシ, whose ends it tags names), which names no one. A
    longer noun is a job before a name (ピアニストショパン); the caller also keeps a
    name a dot goes on from (モデルナタリー・ポートマン)."""
    return (
        len(words) > 1 and is_katakana_word(words[-1].surface) and is_katakana_word(words[-2].surface)
        and words[-2].feature.pos2 == "普通名詞" and len(words[-2].surface) <= 3
    )


def _describes(word: _Word) -> bool:
    """A suffix or a common noun of two characters or more between a place and a
    person's name (パリ市長アンヌ・イダルゴ, 狛江市長矢野裕): the place is no part of the
    person's name, unlike 宮城 of 宮城谷昌光 or 宇佐 of 宇佐元恭一, which UniDic tags places."""
    return word.feature.pos1 == "接尾辞" or (word.feature.pos2 == "普通名詞" and len(word.surface) > 1)


def _is_kanji(ch: str) -> bool:
    return "一" <= ch <= "龥"


def _before_an_amount(words: list[_Word], i: int) -> bool:
    """Whether ``words[i:]`` starts an amount (約220万トン, 4億回) rather than a date
    or a time (4月4日, 5時前: 同年, 翌年, 午前 belong to those)."""
    if words[i].feature.pos1 == "接頭辞":
        i += 1
    if i >= len(words) or not _is_numeral(words[i].surface):
        return False
    while i < len(words) and _is_numeral(words[i].surface):
        i += 1
    return i == len(words) or not words[i].surface.startswith(("年", "月", "日", "時", "世紀"))


def _after_leading_adverbial_nouns(words: list[_Word]) -> int:
    """The index in ``words`` (a noun phrase) after the adverbial nouns (UniDic
    普通名詞-副詞可能) it starts with that are no part of the answer: one written in
    hiragana before a word that is not (ため豪雨 → 豪雨, うち軽油引取税 → 軽油引取税,
    あと数百年分 → 数百年分), and one of two or more kanji before an amount (毎年約220万トン
    → 約220万トン, 毎日4億回 → 4億回). Before a noun a kanji one often makes a word with
    it (毎日新聞, 現代音楽, 古代ギリシア, 前犬山市長), and before a date or a time it is
    part of it (同年4月, 午前5時), so it stays."""
    first = 0
    while first < len(words) - 1:
        word, following = words[first], words[first + 1]
        if not (word.feature.pos1 == "名詞" and word.feature.pos3 == "副詞可能"):
            break
        surface = word.surface
        if is_hiragana_word(surface):
            if is_hiragana_word(following.surface):
                break
        elif not (
            len(surface) > 1 and all(_is_kanji(ch) or ch == "々" for ch in surface)
            and _before_an_amount(words, first + 1)
        ):
            break
        first += 1
    return first


# A word as Tokenizer.readings gives it: surface, pos1, lemma, reading, start, end.
Reading = tuple[str, str, str | None, str | None, int, int]


class _Feature(NamedTuple):
    """The UniDic fields the tokenizer reads (fugashi's feature has 26)."""

    pos1: str
    pos2: str
    pos3: str
    lemma: str
    kana: str | None  # the reading in katakana (None for a word UniDic does not know)


# Distinct UniDic feature strings kept (a word's reading and lemma make it distinct);
# past this the cache starts over, so a huge corpus cannot grow it without bound.
_FEATURE_CACHE_SIZE = 50_000


def _number_term(value: float) -> str:
    # 1.1億 is 110000000.00000001 in floating point: it must meet 1億1000万.
    value = round(value, 6)
    return str(int(value)) if value.is_integer() else repr(value)


# What a generic noun after it only qualifies (どんな人, どのような人物, どの様); not
# など の or ほど の (研究者などの人).
_WHICH_KIND = re.compile(r"(?:どんな|どのような|どういう|どういった|(?<![なほ])どの|いかなる|何の)\s?$")


@dataclass(frozen=True, slots=True)
class Token:
    """An index term and the span ``[start, end)`` of the original text it stands for;
    ``predicate``: a verb, adjective, adverb or adjectival noun (亡くなる, 静か), the words
    a question most often says otherwise than its passage (ranking.predicate_weight)."""

    term: str
    start: int
    end: int
    predicate: bool = False
    # The English word a loanword comes from, as UniDic gives it (アドバイザー → adviser);
    # "" for any other word. Query expansion looks it up in the English glosses.
    origin: str = ""


class Tokenizer:
    """Words (fugashi) and character bigrams of normalized text.

    >>> tok = Tokenizer(load_config())                      # doctest: +SKIP
    >>> [t.term for t in tok.tokenize("ニール氏は述べた")]    # doctest: +SKIP
    ['niel', '氏', '述べる']
    """

    def __init__(self, config: Config) -> None:
        self.normalizer = Normalizer(config)
        self._features: dict[str, _Feature] = {}  # UniDic feature string → the fields read here
        self._drop_pos = frozenset(config.tokenizer.drop_pos)
        self._number_values = config.tokenizer.number_values
        self._noun_bigrams = config.tokenizer.noun_bigrams
        self._kanji_unigrams = config.tokenizer.kanji_unigrams
        self._skip_function_nouns = config.answer.skip_lone_function_nouns
        self._trim_adverbial_nouns = config.answer.trim_leading_adverbial_nouns
        # A question word is dropped as written (何人) and as its lemma when it is one
        # term on its own (いつ → 何時); どうして → どう + する must not drop する.
        words = config.tokenizer.question_words
        self._question_words = frozenset(self.normalizer.text(w) for w in words) | frozenset(
            terms[0] for terms in (self.terms(w) for w in words) if len(terms) == 1
        )
        # Light verbs (する, なる …) say nothing of what is asked (導入したのは: 導入 does);
        # by their lemma (した, された → 為る), left out of the query only.
        self._not_asked = self._question_words | frozenset(
            terms[0] for terms in (self.terms(w) for w in config.tokenizer.light_verbs) if len(terms) == 1
        )
        # Generic nouns (人, もの) after どんな / どの: the kind of answer asked, by lemma.
        self._generic_nouns = frozenset(
            term for w in config.tokenizer.generic_nouns for term in (self.normalizer.text(w), *self.terms(w)[:1])
        )

    def _nodes(self, text: str):
        """``(surface, UniDic feature, start, end)`` of each word, spans in the original ``text``."""
        norm = self.normalizer(text)
        source = norm.source
        features = self._features
        words = []
        with _TAGGER_LOCK:
            for node in _tagger()(norm.text):
                # fugashi parses the feature string into a named tuple on each access
                # (about as long as tagging the word); the same strings come back all the time.
                raw = node.feature_raw
                feature = features.get(raw)
                if feature is None:
                    if len(features) >= _FEATURE_CACHE_SIZE:
                        features.clear()
                    full = node.feature
                    feature = features[raw] = _Feature(sys.intern(full.pos1), sys.intern(full.pos2), sys.intern(full.pos3), full.lemma, full.kana)
                words.append((node.surface, len(node.white_space), feature))
        offset = 0
        for surface, space, feature in words:
            offset += space
            start_n, end_n = offset, offset + len(surface)
            offset = end_n
            if not surface:
                continue
            # One past the original character the last normalized one came from.
            end = source[end_n - 1] + 1
            while end < len(text) and continues_cluster(text[end]):
                end += 1
            yield surface, feature, source[start_n], end

    @property
    def question_words(self) -> frozenset[str]:
        """The question words as written and as lemmas (何, 誰, 何処 …)."""
        return self._question_words

    def readings(self, text: str) -> list[Reading]:
        """``(surface, pos1, lemma, reading in katakana, start, end)`` of each word of
        ``text`` (spans in ``text``); lemma and reading None for an unknown word."""
        return [(surface, f.pos1, f.lemma, f.kana, start, end) for surface, f, start, end in self._nodes(text)]

    def tokenize(self, text: str) -> list[Token]:
        """Word terms of ``text`` with their spans in ``text``."""
        return self.analyze(text)[0]

    def noun_chunks(self, text: str) -> list[tuple[int, int]]:
        """Spans of noun phrases: runs of nouns, prefixes, suffixes and the middle dot
        (パトリック・ペレス氏, 国際連合ナミビア独立支援グループ), the units short answers are made of.
        With ``answer.skip_lone_function_nouns``, not a lone pronoun, adverbial noun or
        formal noun (これら, 場合, とき, 現在, こと, もの: UniDic 代名詞, 普通名詞-副詞可能,
        or the lemmas in ``_FORMAL_NOUNS``). With ``answer.trim_leading_adverbial_nouns``,
        a phrase starts after the adverbial nouns leading it (毎年約220万トン → 約220万トン)."""
        return self.analyze(text)[1]

    def named_chunks(self, text: str) -> list[tuple[int, int, str]]:
        """The names in noun phrases: from a proper noun UniDic tags as a person's or a
        place's name to the end of its phrase, ``(start, end, "person" | "place")``:
        ルイ・パスツール, 安倍首相, アラスカ湾; 首都キンシャサ gives キンシャサ (see
        ``_name_start``)."""
        return self.analyze(text)[2]

    def analyze(
        self, text: str, readings: list[Reading] | None = None,
    ) -> tuple[list[Token], list[tuple[int, int]], list[tuple[int, int, str]]]:
        """Word terms with spans, noun-phrase spans, and the named ones (see
        :meth:`named_chunks`), from one fugashi pass; ``readings``, a list, receives
        each word as :meth:`readings` gives it, from the same pass."""
        tokens: list[Token] = []
        chunks: list[tuple[int, int]] = []
        named: list[tuple[int, int, str]] = []
        chunk: list[int] | None = None  # the noun phrase being read: [start, end, end of the name]
        # The name class of the phrase being read: a person's name wins over a place
        # (ヤン・ルカン: UniDic tags ルカン a place).
        name_kind: str | None = None
        run: list[tuple[str, int, int]] = []  # the numeral tokens in a row: (surface, start, end)
        prev_noun: Token | None = None

        # Words in the phrase being read (a plural suffix aside), and whether the last
        # is a pronoun, an adverbial noun or a formal noun (これら, 場合, こと): alone,
        # such a phrase answers nothing.
        chunk_words = 0
        function_noun = False
        words: list[_Word] = []  # the words of the phrase being read
        name_from = 0  # the index in words where its name begins

        def end_chunk() -> None:
            nonlocal chunk, name_kind
            assert chunk is not None
            if not (self._skip_function_nouns and chunk_words == 1 and function_noun):
                first = _after_leading_adverbial_nouns(words) if self._trim_adverbial_nouns else 0
                chunks.append((words[first].start if first else chunk[0], chunk[1]))
            if name_kind is not None:
                named.append((words[name_from].start, chunk[2], name_kind))
            chunk, name_kind = None, None

        def flush_run() -> None:
            if self._number_values and (len(run) > 1 or (run and not run[0][0].isascii())):
                value = parse_number("".join(s for s, _, _ in run))
                # A run of hundreds of digits overflows: such a value is no use as a term.
                if value is not None and value < 1e30:
                    tokens.append(Token(_number_term(value), run[0][1], run[-1][2]))
            run.clear()

        adjectival: tuple[_Word, int] | None = None  # the word before, if an adjectival noun (and its end)
        for surface, feature, start, end in self._nodes(text):
            if readings is not None:
                readings.append((surface, feature.pos1, feature.lemma, feature.kana, start, end))
            pos1 = feature.pos1
            before, adjectival = adjectival, ((_Word(start, surface, feature), end) if pos1 == "形状詞" else None)
            if pos1 in _CHUNK_POS or (surface in NAME_JOINERS and chunk is not None):
                if chunk is None:
                    chunk = [start, end, end]
                    chunk_words = 0
                    words = []
                    if before is not None and before[1] == start and (
                        (pos1 == "接尾辞" and feature.pos2 == "名詞的")
                        or (is_katakana_word(surface) and is_katakana_word(before[0].surface))
                    ):
                        # 可能 + 性: an adjectival noun before a nominal suffix heads the phrase
                        # (可能性, not 性); one in katakana is the start of a katakana word
                        # UniDic split (シャイ + ユ of シャイユ山地, not ユ山地).
                        chunk[0] = before[0].start
                        words = [before[0]]
                        chunk_words = 1
                else:
                    chunk[1] = end
                words.append(_Word(start, surface, feature))
                if surface not in PLURAL_SUFFIXES:  # シェルコップ氏ら is a name; これ + ら one pronoun
                    chunk[2] = end
                    chunk_words += 1
                    function_noun = (
                        pos1 == "代名詞"
                        or (pos1 == "名詞" and feature.pos3 == "副詞可能")
                        or feature.lemma in _FORMAL_NOUNS
                    )
                if feature.pos2 == "固有名詞" and feature.pos3 in _NAME_KINDS and name_kind != "person" and not (
                    _ends_katakana_word(words) and unicodedata.normalize("NFKC", text[end : end + 1]) not in NAME_JOINERS
                ):
                    kind = _NAME_KINDS[feature.pos3]
                    if name_kind is None or (kind != name_kind and any(map(_describes, words[name_from:-1]))):
                        name_from = _name_start(words, len(words) - 1)
                    name_kind = kind
            elif chunk is not None and not (surface == "." and words[-1].surface[-1:].isdigit() and text[end : end + 1].isdigit()):
                end_chunk()  # (a decimal point goes on: 1.1億ドル is one phrase)
            if pos1 == "名詞" and (feature.pos2 == "数詞" or _is_numeral(surface)):
                run.append((surface, start, end))
            elif surface == "." and run and run[-1][0][-1:].isdigit():
                run.append((surface, start, end))  # 3.3億: the point joins the numeral run
                continue
            else:
                flush_run()
            if pos1 in self._drop_pos:
                prev_noun = None
                continue
            # The lemma unifies inflection and spelling (投じた, 投じる → 投ずる; いくら → 幾ら);
            # UniDic appends an English gloss to some (ドル-dollar), which is cut off.
            lemma = feature.lemma
            term, _, origin = lemma.partition("-") if lemma and lemma != "*" and not lemma.startswith("-") else (surface, "", "")
            if origin and (feature.pos2 == "固有名詞" or not _LATIN_ORIGIN.fullmatch(origin) or not is_katakana_word(surface)):
                origin = ""  # タイ-Thailand names a country; a loanword is written in katakana
            token = Token(term, start, end, pos1 in _PREDICATE_POS, origin.lower())
            tokens.append(token)
            if self._noun_bigrams:
                if pos1 == "名詞":
                    if prev_noun is not None:
                        tokens.append(Token(prev_noun.term + "+" + term, prev_noun.start, end))
                    prev_noun = token
                else:
                    prev_noun = None
        flush_run()
        if chunk is not None:
            end_chunk()
        return tokens, chunks, named

    def kinds_named(self, name: str) -> frozenset[str]:
        """What kind of thing ``name`` says it is, as the nouns a question would ask it
        by: 国 for a country UniDic knows (ラオス), and the last character of a suffix
        or a one-character word ending it when that is a kanji (日本共産党 → 党, 豊岡市 →
        市, ドミニカ国 → 国). None for a name of a class of things rather than of one
        thing (建築家, 伝染病, 光: no proper noun or katakana word in it): a question
        asking for a 家 or a 病 in such a paragraph wants an instance, not the class."""
        words = self._words(name)
        if not words or not any(f.pos2 == "固有名詞" or is_katakana_word(surface) for surface, f in words):
            return frozenset()
        surface, feature = words[-1]
        kinds = set()
        if feature.pos2 == "固有名詞" and feature.pos3 == "地名" and feature.pos4 == "国":
            kinds.add("国")
        if (feature.pos1 == "接尾辞" or len(surface) == 1) and _is_kanji(surface[-1]):
            kinds.add(surface[-1])
        return frozenset(kinds)

    def is_common_noun(self, word: str) -> bool:
        """Whether ``word`` is one UniDic word, a common noun (顧問; not 居る, チェ)."""
        words = self._words(word)
        return len(words) == 1 and words[0][1].pos1 == "名詞" and words[0][1].pos2 == "普通名詞"

    def _words(self, text: str) -> list[tuple[str, Any]]:
        """``(surface, full UniDic feature)`` of each word of the normalized text."""
        with _TAGGER_LOCK:
            return [(node.surface, node.feature) for node in _tagger()(self.normalizer.text(text))]

    def terms(self, text: str) -> list[str]:
        """Word terms of a passage."""
        return [t.term for t in self.tokenize(text)]

    def query_terms(self, text: str) -> list[str]:
        """Word terms of a question, without question words (誰, いつ, ...): they say
        what kind of answer is wanted, not what the passage is about; nor light verbs
        (tokenizer.light_verbs), nor a generic noun right after どんな / どの
        (tokenizer.generic_nouns: どんな人)."""
        return [t.term for t in self.query_tokens(text)]

    def query_tokens(self, text: str) -> list[Token]:
        """The tokens of :meth:`query_terms`."""
        tokens = self.tokenize(text)
        generic: set[int] = set()  # the generic nouns' indexes, and their plural suffixes'
        for i, t in enumerate(tokens):
            if t.term in self._generic_nouns and _WHICH_KIND.search(text, 0, t.start):
                after = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1].start == t.end else None
                # どんな人たち: 人 and たち; not どんな人物像 (人物 begins a compound).
                if after is None:
                    generic.add(i)
                elif text[after.start : after.end] in PLURAL_SUFFIXES:
                    generic.update((i, i + 1))
        return [t for i, t in enumerate(tokens) if t.term not in self._not_asked and i not in generic]

    def bigrams(self, text: str) -> list[str]:
        """Character bigrams of the normalized text, within runs of letters and digits,
        and (with ``kanji_unigrams``) each kanji alone, marked ``k:`` (登壇 meets 壇上)."""
        return self._bigrams_of_normalized(self.normalizer.text(text))

    def _bigrams_of_normalized(self, norm: str) -> list[str]:
        grams: list[str] = [f"k:{ch}" for ch in norm if is_kanji(ch)] if self._kanji_unigrams else []
        prev = ""
        for ch in norm:
            if ch.isalnum():
                if prev:
                    grams.append(prev + ch)
                prev = ch
            else:
                prev = ""
        return grams

    def query_bigrams(
        self, text: str, known: Callable[[str], bool] | None = None, *, english: Callable[[str], bool] | None = None,
    ) -> list[str]:
        """:meth:`bigrams` of a question. With ``known`` (whether the corpus uses a
        word), a question written without kana or kanji (in English) loses the letters
        of its Latin words the corpus never uses: "Where did Patrick Pérez work
        before?" met a passage through the wh, he, or of FAIR and Inria, not the one
        about him. An English word meets a Japanese article through its translation
        (synonyms:), a name through its own word. A Japanese question loses only those
        of them ``english`` says are English words (Kyutaiのadvisorって誰？ met the passage
        on Mistral AI by ad, is, or): a misspelt Mistal still meets Mistral."""
        if known is None:
            return self.bigrams(text)
        japanese = JAPANESE_LETTER.search(text)  # as written: NFKC makes no kana of Latin
        if japanese and english is None:
            return self.bigrams(text)

        def kept(word: str) -> bool:
            return word[0].isdigit() or known(word) or bool(japanese and english is not None and not english(word))

        norm = self.normalizer.text(text)
        return self._bigrams_of_normalized(LATIN_WORD.sub(lambda word: word[0] if kept(word[0]) else " ", norm))

    def surface_tokens(self, text: str) -> list[str]:
        """Plain fugashi surface forms, nothing else: the naive baseline's tokens."""
        with _TAGGER_LOCK:
            return [node.surface for node in _tagger()(text)]

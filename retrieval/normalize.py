"""Text normalization that remembers where every character came from.

Questions and passages go through the same :class:`Normalizer`, so a question
written ``３億``, ``KYUTAI`` or ``キュータイ`` meets a passage that says ``3億``,
``Kyutai`` or ``キュタイ``. Each output character keeps the index of the input
character it came from, so tokens found in normalized text can be marked in the
original passage (citations quote the article as written, not as normalized).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .config import Config

__all__ = ["KANJI", "NAME_JOINERS", "Normalizer", "Normalized", "is_ascii_alnum", "is_hiragana_word", "is_kanji", "to_hiragana", "is_katakana", "is_katakana_word", "continues_cluster", "LONE_SURROGATE"]

# Kanji (CJK Unified Ideographs) as a range for a regex character class: every pattern
# writes them so ([一-龥] stopped at U+9FA5 and missed later additions).
_FIRST_KANJI, _LAST_KANJI = "\u4e00", "\u9fff"
KANJI = f"{_FIRST_KANJI}-{_LAST_KANJI}"

_PROLONGED = "ー"
_MIDDLE_DOTS = "・·"
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")
# Bytes that are not UTF-8 (argv, stdin, file names) reach Python as lone surrogates
# (surrogateescape): the engine refuses them, the front ends print them as U+FFFD.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def continues_cluster(ch: str) -> bool:
    """Whether ``ch`` belongs to the character before it: a combining mark, or a
    (half-width) voiced sound mark, which NFKC composes with it (ｶﾞ → ガ)."""
    return bool(unicodedata.combining(ch)) or ch in "\uff9e\uff9f\u3099\u309a"


def without_accents(text: str) -> str:
    """``text`` with the accents of its Latin letters dropped (Pèrez → Perez)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def is_kanji(ch: str) -> bool:
    """Whether ``ch`` is a kanji of :data:`KANJI`'s range."""
    return _FIRST_KANJI <= ch <= _LAST_KANJI


def is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch == "ー"


def is_hiragana_word(text: str) -> bool:
    """Whether ``text`` is one or more hiragana and nothing else."""
    return bool(text) and all("ぁ" <= ch <= "ゖ" for ch in text)


def is_katakana_word(text: str) -> bool:
    """Whether ``text`` is one or more katakana and nothing else."""
    return bool(text) and all(is_katakana(ch) for ch in text)


# What joins the parts of a katakana name (ブレイン・フーバー, ジャン＝ポール; ＝ is = after
# NFKC, which leaves the hyphen ‐ and the katakana double hyphen ゠ as they are).
NAME_JOINERS = frozenset("・=·-‐゠")


def _next_index(text: str, i: int) -> int:
    """The index of the character cluster after the one at ``i`` (ｶﾞ is one)."""
    i += 1
    while i < len(text) and continues_cluster(text[i]):
        i += 1
    return i


def _dropped_joiner(text: str, base: Normalized, k: int) -> str:
    """A name joiner of ``text`` that the folds dropped between ``base``'s characters
    ``k - 1`` and ``k`` (a folded middle dot: ザビエル・ニール → ザビエルニール), else ""."""
    start = _next_index(text, base.source[k - 1]) if k > 0 else 0
    stop = base.source[k] if k < len(base.text) else len(text)
    return next((ch for ch in text[start:stop] if ch in NAME_JOINERS), "")


def _before(text: str, base: Normalized, k: int) -> str:
    """What stands before ``base``'s character ``k``, as normalized, a dropped joiner
    included (``_dropped_joiner``); "" at the start."""
    return _dropped_joiner(text, base, k) or base.text[k - 1 : k]


def _after(text: str, base: Normalized, k: int) -> str:
    """The two characters from ``base``'s ``k`` on, a dropped joiner first."""
    return (_dropped_joiner(text, base, k) + base.text[k : k + 2])[:2]


_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}  # ァ..ヶ → ぁ..ゖ


def to_hiragana(text: str) -> str:
    """``text`` with its katakana written in hiragana (ルカン → るかん; ー stays)."""
    return text.translate(_TO_HIRAGANA)


# A name written in hiragana is a word of its own. Before a title (るかんさん, ぺれす氏), after
# no hiragana or after a particle (ニール氏とさーでさん). A name no plain word looks like
# (four kana or more, or with ー or a small kana: にーる, きゅたい) also before a particle
# or no hiragana, after no hiragana (にーるは, きゅーたいの), not inside a word (the るかん
# of するかんじ); a plain three-kana one is too like words there (さあでは: さあ、では).
# Once in katakana, the aliases decide (にーる・ぜぎどぅーる is not Niel).
_TITLES_AFTER = r"(?=さん|さま|様|氏|くん|君|ちゃん|先生|教授|博士)"
# A particle a word typed in hiragana may follow (ニール氏とさーでさん, 研究者はなんにん).
_PARTICLE_BEFORE = r"(?<=[はがをにでともへのや])"
_HIRAGANA_NAME_AFTER = r"(?=って|[はがのをにともでへや]|[^ぁ-ゖー]|$)"
_HIRAGANA_MARKED = re.compile(r"[ーぁぃぅぇぉっゃゅょゎ]")
# Shorter ones are words (めた, ためた): only names of three characters or more.
_HIRAGANA_NAME_MIN = 3


def is_ascii_alnum(ch: str) -> bool:
    """Whether ``ch`` is a Latin letter or an ASCII digit ("" is not)."""
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text and, for each of its characters, the index in the original."""

    text: str
    source: tuple[int, ...]


# Laughter typed after a question (？ww, なん笑, (笑), ！草): no word of it. w and 笑 only
# after kana or punctuation (not BMW, 微笑), 草 only after punctuation (not 何の草).
_LAUGHTER = re.compile(
    r"(?:(?<=[ぁ-ゖァ-ヺー?？!！。、…])\s*(?:[wWｗＷ]+|笑+)|\s*[(（]笑[)）]|(?<=[?？!！])\s*草+)[\s!！。]*$"
)
_LAUGHTER_TAIL = 40  # characters at the end of a question laughter is looked for in


def without_laughter(text: str) -> str:
    """``text`` without the laughter typed after it (キュタイの予算っていくらなん？ww)."""
    text = text.rstrip()
    # Laughter is short: looked for in the tail only (tried from every position of a
    # long question, the optional spaces made it quadratic).
    found = _LAUGHTER.search(text, max(0, len(text) - _LAUGHTER_TAIL))
    return text[: found.start()] if found and found.start() else text


# A question word with its counter typed in hiragana (なんにん, なんこ, なんねん): read as
# written in kanji (何人, 何個, 何年), so that the question asks a count or a date. Only
# after a particle or no kana, and before what may follow such a word (a particle,
# ある / いる, punctuation, the end): not なんこつ (軟骨), なんこう (難航), なんきょく
# (南極); not だい (なんだい？ asks what).
_COUNTERS_IN_KANA = {
    "にん": "人", "めい": "名", "こ": "個", "き": "基", "かい": "回", "ねん": "年", "がつ": "月",
    "にち": "日", "じ": "時", "ばい": "倍", "さい": "歳", "ど": "度", "ぷん": "分", "ふん": "分",
    "じかん": "時間", "しゅうかん": "週間", "かげつ": "か月", "けん": "件", "まい": "枚",
    "ほん": "本", "ぼん": "本", "ぽん": "本", "ひき": "匹", "びき": "匹", "ぴき": "匹",
}
_COUNTER_IN_KANA = re.compile(
    r"(?:(?<![ぁ-ゖ])|" + _PARTICLE_BEFORE + r")なん(" + "|".join(sorted(_COUNTERS_IN_KANA, key=len, reverse=True)) + r")"
    r"(?=[かのでにがをはもとへくぐ]|あ[るっりん]|い[るたまん]|[^ぁ-ゖ]|$)"
)


def counters_in_kanji(text: str) -> str:
    """``text`` with a question word and counter typed in hiragana in kanji (GPUなんこある？
    → GPU何個ある？)."""
    return _COUNTER_IN_KANA.sub(lambda m: "何" + _COUNTERS_IN_KANA[m.group(1)], text)


class Normalizer:
    """NFKC, lower-cased Latin, folded katakana variants and name aliases.

    Aliases come from ``tokenizer.aliases``: ``{canonical: [variant, ...]}``. Each
    variant, normalized like any text, is replaced by the canonical name, so that
    キュタイ (which the tokenizer would split into キュ + タイ "Thailand"),
    キュータイ and Kyutai all become the one token ``kyutai``.
    """

    def __init__(self, config: Config) -> None:
        # Short strings (question words, the answer candidates checked against the
        # question) come back again and again; passages are not kept (each is
        # normalized about once, and thousands of long entries slow the GC down).
        self._cached = functools.lru_cache(maxsize=2048)(self._normalize)
        self._lower = config.normalization.lowercase_latin
        self._fold_prolonged = config.normalization.fold_prolonged_sound_mark
        self._fold_dots = config.normalization.fold_middle_dot
        replacements: dict[str, str] = {}
        # Katakana variants of these are also given names: ニール氏 and ザビエル・ニール are
        # Niel, the ニール of ニール・ゼギドゥール is not.
        self._given_name_keys: set[str] = set()
        for canonical, variants in config.tokenizer.aliases.items():
            target = self._base(canonical).text
            for variant in [canonical, *variants]:
                key = self._base(variant).text
                if key and key != target:
                    replacements[key] = target
                    if canonical in config.tokenizer.aliases_also_given_names and is_katakana(key[0]):
                        self._given_name_keys.add(key)
        self._aliases = replacements
        # With tokenizer.hiragana_aliases, the katakana variants as a question may type
        # them, unconverted (るかん, きゅーたい): see names_in_katakana.
        self._katakana_of = {
            to_hiragana(key): key for key in replacements
            if config.tokenizer.hiragana_aliases and is_katakana(key[0]) and len(key) >= _HIRAGANA_NAME_MIN
        }
        def alternation(keys: Iterable[str]) -> str:
            return "(?:" + "|".join(map(re.escape, sorted(keys, key=len, reverse=True))) + ")"

        distinct = [k for k in self._katakana_of if len(k) >= 4 or _HIRAGANA_MARKED.search(k)]
        titled = r"(?:(?<![ぁ-ゖー])|" + _PARTICLE_BEFORE + ")" + alternation(self._katakana_of) + _TITLES_AFTER
        self._hiragana_re = re.compile(
            titled + (r"|(?<![ぁ-ゖー])" + alternation(distinct) + _HIRAGANA_NAME_AFTER if distinct else "")
        ) if self._katakana_of else None
        self._alias_re = None
        if replacements:
            parts = []
            for key in sorted(replacements, key=len, reverse=True):
                pattern = re.escape(key)
                # A Latin alias must not match inside a longer Latin word ("ai" in "said").
                if is_ascii_alnum(key[0]):
                    pattern = r"(?<![a-z0-9])" + pattern
                if is_ascii_alnum(key[-1]):
                    pattern += r"(?![a-z0-9])"
                parts.append(pattern)
            self._alias_re = re.compile("|".join(parts))

    def _base(self, text: str) -> Normalized:
        """NFKC and lower case with each output character's source, then the folds
        and digit commas (everything but the aliases)."""
        chars, source = self._characters(text)
        joined = "".join(chars)
        # The folds read each character; most text has nothing to fold.
        if (self._fold_prolonged and _PROLONGED in joined) or (self._fold_dots and any(d in joined for d in _MIDDLE_DOTS)):
            kept_chars, kept_source = [], []
            for k, ch in enumerate(chars):
                prev = chars[k - 1] if k else ""
                nxt = chars[k + 1] if k + 1 < len(chars) else ""
                if self._fold_prolonged and ch == _PROLONGED and is_katakana(prev) and prev != _PROLONGED:
                    continue
                if self._fold_dots and ch in _MIDDLE_DOTS and is_katakana(prev) and is_katakana(nxt):
                    continue
                kept_chars.append(ch)
                kept_source.append(source[k])
            chars, source = kept_chars, kept_source
            joined = "".join(chars)
        if "," in joined:
            drop = {m.start() for m in _DIGIT_COMMA.finditer(joined)}
            if drop:
                chars = [c for k, c in enumerate(chars) if k not in drop]
                source = [s for k, s in enumerate(source) if k not in drop]
                joined = "".join(chars)
        if "\x00" in joined:  # MeCab reads a NUL as the end of the text: the words after it were lost
            joined = joined.replace("\x00", " ")
        return Normalized(joined, tuple(source))

    def _characters(self, text: str) -> tuple[Sequence[str], Sequence[int]]:
        """The NFKC, lower-cased characters of ``text`` and the index each came from.

        The usual text is already in NFKC, has no combining marks, and lower-cases
        one character to one (no İ, which lower-cases to two; no Σ, whose lower case
        depends on its neighbours): each character maps to itself, and the whole
        string is lower-cased at once. Other text goes one character cluster at a
        time (tests/test_normalize.py checks that the two ways agree)."""
        if unicodedata.is_normalized("NFKC", text) and not any(map(unicodedata.combining, text)):
            if not self._lower:
                return text, range(len(text))
            lowered = text.lower()
            if len(lowered) == len(text) and "Σ" not in text:
                return lowered, range(len(text))
        return self._characters_by_cluster(text)

    def _characters_by_cluster(self, text: str) -> tuple[list[str], list[int]]:
        chars: list[str] = []
        source: list[int] = []
        i, n = 0, len(text)
        while i < n:
            # A cluster: one character and the combining marks after it, so that
            # half-width ｶﾞ still composes to ガ under NFKC.
            j = i + 1
            while j < n and continues_cluster(text[j]):
                j += 1
            piece = unicodedata.normalize("NFKC", text[i:j])
            if self._lower:
                piece = piece.lower()
            for ch in piece:
                chars.append(ch)
                source.append(i)
            i = j
        return chars, source

    def __call__(self, text: str) -> Normalized:
        return self._cached(text) if len(text) <= 64 else self._normalize(text)

    def _normalize(self, text: str) -> Normalized:
        base = self._base(text)
        if self._alias_re is None:
            return base
        out: list[str] = []
        source: list[int] = []
        last = 0
        matches = list(self._alias_re.finditer(base.text))
        if any(is_katakana(m.group()[0]) for m in matches):
            matches = self._katakana_aliases_as_words(text, base, matches)
        for m in matches:
            out.append(base.text[last : m.start()])
            source.extend(base.source[last : m.start()])
            # Spaces around the canonical name keep it one token next to Latin text.
            replacement = f" {self._aliases[m.group()]} "
            out.append(replacement)
            origin = base.source[m.start()]
            end_origin = base.source[m.end() - 1]
            # The canonical name's last character maps to the alias's last one, so a
            # token's span (first source, last source + 1) covers the whole alias.
            source.extend([origin] * (len(replacement) - 2) + [end_origin, end_origin])
            last = m.end()
        out.append(base.text[last:])
        source.extend(base.source[last:])
        return Normalized("".join(out), tuple(source))

    def _katakana_aliases_as_words(self, text: str, base: Normalized, matches: list[re.Match[str]]) -> list[re.Match[str]]:
        """The alias ``matches`` (in ``base``, normalized from ``text``) to fold. A
        katakana one must be a word: no katakana touches it but another such alias
        (ペレス is not in ペレストロイカ, ルカン not in バルカン; ザビエルニール is two
        names). One that is also a given name (``tokenizer.aliases_also_given_names``)
        is left as written where it is one: before a dot or another alias and a name
        (ニール・ゼギドゥール, ニールゼギドゥール).
        A middle dot the folds dropped still parts two names (``_dropped_joiner``)."""
        # Touching katakana aliases make a chain, kept whole or not at all: ザビエルニール
        # is two names, ザビエルニールス none (one pass, so a long chain costs no more).
        words: set[int] = set()  # the starts of the katakana matches kept
        chain: list[re.Match[str]] = []
        katakana = [m for m in matches if is_katakana(m.group()[0])]
        for i, m in enumerate(katakana):
            before = _before(text, base, m.start())
            if not (chain and chain[-1].end() == m.start() and is_katakana(before)):
                chain = []
                if is_katakana(before):
                    continue  # its chain (if any) was cut: it ends inside a longer word
            chain.append(m)
            following = katakana[i + 1] if i + 1 < len(katakana) else None
            after = _after(text, base, m.end())[:1]
            if is_katakana(after) and following is not None and following.start() == m.end():
                continue  # the chain goes on
            if not is_katakana(after):
                words.update(c.start() for c in chain)
            chain = []
        kept = []
        for m in matches:
            if is_katakana(m.group()[0]):
                if m.start() not in words:
                    continue
                if m.group() in self._given_name_keys:
                    after = _after(text, base, m.end())
                    if m.end() in words or (after[:1] in NAME_JOINERS and is_katakana(after[1:])):
                        continue
            kept.append(m)
        return kept

    def read_question(self, text: str) -> str:
        """The question as the engine reads it: without trailing laughter (いくらなん？ww),
        a question word and its counter in kanji (なんにん → 何人) and hiragana names in
        katakana (:meth:`names_in_katakana`)."""
        return self.names_in_katakana(counters_in_kanji(without_laughter(text)))

    def names_in_katakana(self, text: str) -> str:
        """``text`` with the alias variants it writes in hiragana, as words of their own,
        written in katakana (るかんさんの役割は → ルカンさんの役割は), so that a question
        typed without converting is read as the one typed in katakana: by the aliases,
        and by the patterns that know a name by its katakana (ペレス氏)."""
        if self._hiragana_re is None:
            return text
        return self._hiragana_re.sub(lambda m: self._katakana_of[m.group()], text)

    def text(self, text: str) -> str:
        """Just the normalized string."""
        return self(text).text

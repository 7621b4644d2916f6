"""retrieval.normalize: NFKC, Latin case, digit commas, middle dots, aliases, source offsets."""

from __future__ import annotations

import re

import pytest

from retrieval.normalize import KANJI, Normalizer, counters_in_kanji, is_kanji, without_laughter


def _plain(config, **normalization):
    """A normalizer without aliases (so only the character rules are seen)."""
    return Normalizer(config.replace(tokenizer={"aliases": {}}, normalization=normalization))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("３億", "3億"),
        ("１，０００", "1000"),
        ("ｶﾞ", "ガ"),
        ("ﾊﾟﾘ", "パリ"),
        ("ｷｬﾉﾝ", "キャノン"),
        ("ＧＰＵ", "gpu"),
        ("（AGI）", "(agi)"),
        ("㍿", "株式会社"),
        ("\u3000", " "),
        ("が", "が"),  # が already composed
        ("か\u3099", "が"),  # か + combining dakuten composes
    ],
)
def test_nfkc(config, text, expected):
    assert _plain(config).text(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NVIDIA H100 GPU", "nvidia h100 gpu"),
        ("OpenAI", "openai"),
        ("Mazaré", "mazaré"),
        ("ＡＩ研究", "ai研究"),
        ("研究", "研究"),
    ],
)
def test_latin_lower_casing(config, text, expected):
    assert _plain(config).text(text) == expected


def test_lower_casing_can_be_turned_off(config):
    assert _plain(config, lowercase_latin=False).text("ＮＶＩＤＩＡ GPU") == "NVIDIA GPU"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1,000", "1000"),
        ("1,000,000", "1000000"),
        ("330,000,000ドル", "330000000ドル"),
        ("１，０００基", "1000基"),
        ("12,34", "12,34"),  # not a thousands separator
        ("a,b", "a,b"),
        ("1, 000", "1, 000"),
        ("A,000", "a,000"),
    ],
)
def test_digit_comma_removal(config, text, expected):
    assert _plain(config).text(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("パトリック・ペレス", "パトリックペレス"),
        ("ザビエル・ニール", "ザビエルニール"),
        ("ｴﾏﾆｭｴﾙ･ﾏｸﾛﾝ", "エマニュエルマクロン"),  # half-width dot
        ("ロドルフ·サアデ", "ロドルフサアデ"),  # U+00B7
        ("ハリー・ポッター", "ハリーポッター"),  # katakana word ending in ー
        ("メアリー・スー", "メアリースー"),
        ("海運・物流", "海運・物流"),  # kanji: kept
        ("AI・ML", "ai・ml"),
        ("・パリ", "・パリ"),
        ("パリ・", "パリ・"),
    ],
)
def test_middle_dot_folded_only_between_katakana(config, text, expected):
    assert _plain(config, fold_middle_dot=True).text(text) == expected


def test_middle_dot_folding_can_be_turned_off(config):
    assert _plain(config, fold_middle_dot=False).text("パトリック・ペレス") == "パトリック・ペレス"


@pytest.mark.parametrize(
    "fold, expected",
    [(True, "キュタイ"), (False, "キュータイ")],
)
def test_prolonged_sound_mark_folding(config, fold, expected):
    assert _plain(config, fold_prolonged_sound_mark=fold).text("キュータイ") == expected


def test_prolonged_sound_mark_after_hiragana_is_kept(config):
    assert _plain(config, fold_prolonged_sound_mark=True).text("すごーい") == "すごーい"


@pytest.mark.parametrize(
    "text",
    ["キュタイ", "キュータイ", "Kyutai", "KYUTAI", "ＫＹＵＴＡＩ", "ｷｭｰﾀｲ", "久泰"],
)
def test_aliases_fold_to_canonical_name(normalizer, text):
    assert normalizer.text(text).split() == ["kyutai"]


def test_latin_alias_does_not_match_inside_a_word(config):
    normalizer = Normalizer(config.replace(tokenizer={"aliases": {"grave": ["Grave"], "openai": ["ai"]}}))
    # "ai" is an alias of openai, but not inside "said".
    assert normalizer.text("he said") == "he said"
    assert normalizer.text("ai lab").split() == ["openai", "lab"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ペレス氏", "perez 氏"),
        ("ペレストロイカ", "ペレストロイカ"),  # a katakana alias folds only as a word of its own
        ("バルカン半島", "バルカン半島"),
        ("メタンガス", "メタンガス"),
        ("ﾊﾞﾙｶﾝ", "バルカン"),  # the half-width バ still touches ルカン
        ("ヤン・ルカン", "ヤン・ lecun"),
        ("ザビエル・ニール", "xavier ・ niel"),
        ("ザビエルニール", "xavier niel"),  # two aliases touching are two names
        ("ザビエルニールス", "ザビエルニールス"),  # ...but not inside a longer word
        ("ザビエルニールザビエルス", "ザビエルニールザビエルス"),  # the whole chain goes
        ("スザビエル・ニール", "スザビエル・ niel"),  # a dot parts two chains
        ("ニール・ゼギドゥール", "ニール・ zeghidour"),  # a family name as a given name is left
        ("ニールゼギドゥール", "ニール zeghidour"),
        ("ニール＝ゼギドゥール", "ニール= zeghidour"),
        ("ニール・", "niel ・"),  # a dot with no name after it
        ("ニール氏とキュタイ", "niel 氏と kyutai"),
    ],
)
def test_katakana_aliases_fold_as_words(normalizer, text, expected):
    assert " ".join(normalizer.text(text).split()) == expected


@pytest.mark.parametrize(
    "text, normalization, expected",
    [
        # A folded dot still parts two names, and a given name from a family name.
        ("ザビエル・ニール", {"fold_middle_dot": True}, ["xavier", "niel"]),
        ("ニール・ゼギドゥール", {"fold_middle_dot": True}, ["ニール", "zeghidour"]),
        ("ニール・ショルツ", {"fold_middle_dot": True}, ["ニールショルツ"]),
        # A folded ー is no katakana after the alias: ジェグー is ジェグ, then 氏.
        ("ジェグー氏", {"fold_prolonged_sound_mark": True}, ["jegou", "氏"]),
        ("ジェグーラ", {"fold_prolonged_sound_mark": True}, ["ジェグラ"]),
        ("ザビエルー・ニール", {"fold_prolonged_sound_mark": True, "fold_middle_dot": True}, ["xavier", "niel"]),
        # Every joiner parts a given name, half-width ones and those NFKC leaves too.
        ("ﾆｰﾙ･ｼﾞｮｰﾝｽﾞ", {}, ["ニール・ジョーンズ"]),
        ("ニール·ショルツ", {}, ["ニール·ショルツ"]),
        ("ニール-ショルツ", {}, ["ニール-ショルツ"]),
        ("ニール‐ショルツ", {}, ["ニール‐ショルツ"]),
        ("ニール゠ショルツ", {}, ["ニール゠ショルツ"]),
        # Only an alias that is also a given name: a family name before a dot is one
        # of a list (マクロン・ショルツ両首脳).
        ("マクロン・ショルツ両首脳", {}, ["macron", "・ショルツ両首脳"]),
        # An alias starting inside an NFKC expansion reads its neighbour there: ㌑ is ギニー.
        ("㌑ル", {}, ["ギニール"]),
    ],
)
def test_katakana_alias_neighbours(config, text, normalization, expected):
    aliases = {"xavier": ["ザビエル"], "niel": ["ニール"], "zeghidour": ["ゼギドゥール"], "jegou": ["ジェグー"], "macron": ["マクロン"]}
    normalizer = Normalizer(config.replace(tokenizer={"aliases": aliases, "aliases_also_given_names": ["niel"]}, normalization=normalization))
    assert normalizer.text(text).split() == expected


def test_only_aliases_declared_given_names_are_left_as_given_names(config):
    aliases = {"niel": ["ニール"], "zeghidour": ["ゼギドゥール"]}
    plain = Normalizer(config.replace(tokenizer={"aliases": aliases, "aliases_also_given_names": []}))
    assert plain.text("ニール・ゼギドゥール").split() == ["niel", "・", "zeghidour"]
    # A name that is no alias does nothing (the aliases may be replaced alone).
    other = Normalizer(config.replace(tokenizer={"aliases": aliases, "aliases_also_given_names": ["nile"]}))
    assert other.text("ニール・ゼギドゥール").split() == ["niel", "・", "zeghidour"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("るかんさんの役割は？", "ルカンさんの役割は？"),
        ("ぺれす氏の前の勤め先は", "ペレス氏の前の勤め先は"),
        ("にーるは最初いくら出すって言ってた？", "ニールは最初いくら出すって言ってた？"),
        ("きゅーたいの予算", "キュータイの予算"),
        ("Kyutai、きゅたい", "Kyutai、キュタイ"),
        ("にーる・ぜぎどぅーる", "ニール・ゼギドゥール"),  # then the aliases read it: not Niel
        ("ニール氏とさーでさん", "ニール氏とサーデさん"),  # a particle before, a title after
        # Only as a word of its own: no hiragana before it but a particle with a title
        # after (するかんじ, とにーるは), none but a particle or a title after it (るかんじょう).
        ("ニール氏とさーでは", "ニール氏とさーでは"),
        # A plain three-kana name only before a title: さあでは is さあ、では.
        ("さあでは、キュタイの予算は？", "さあでは、キュタイの予算は？"),
        ("るかんの役割は？", "るかんの役割は？"),
        ("するかんじ", "するかんじ"),
        ("るかんじょう", "るかんじょう"),
        # Only variants of three characters or more (めた is a word: ためた, めたる).
        ("めたの研究所", "めたの研究所"),
        # Katakana is left as it is.
        ("ルカン氏", "ルカン氏"),
    ],
)
def test_names_in_katakana(normalizer, text, expected):
    assert normalizer.names_in_katakana(text) == expected


def test_names_in_katakana_can_be_turned_off(config):
    normalizer = Normalizer(config.replace(tokenizer={"hiragana_aliases": False}))
    assert normalizer.names_in_katakana("るかんさんの役割は？") == "るかんさんの役割は？"


SOURCE_TEXTS = [
    "ニール・ゼギドゥール氏とペレストロイカ",
    "",
    "３億３０００万ドル",
    "ｶﾞｷﾞｸﾞ",
    "1,000基のGPU",
    "パトリック・ペレス氏",
    "キュータイはKYUTAIでキュタイ",
    "ザビエル・ニール氏と Iliad の CEO",
    "か\u3099と e\u0301",
    "㍿と①とﬁ",
    "İstanbul",
    "🎉 emoji 👨‍👩‍👧 and \x00 control",
]


@pytest.mark.parametrize("text", SOURCE_TEXTS)
def test_every_output_char_maps_to_a_valid_input_index(normalizer, text):
    norm = normalizer(text)
    assert len(norm.source) == len(norm.text)
    assert all(0 <= s < len(text) for s in norm.source)
    assert list(norm.source) == sorted(norm.source), "source offsets must not go backwards"


@pytest.mark.parametrize(
    "text, index, expected",
    [
        ("ａ３億", 1, "３"),  # full-width digit maps to itself
        ("1,000", 1, "0"),  # the comma is gone: output 1 is the first 0 (input 2)
        ("ｶﾞ", 0, "ｶ"),  # the composed character maps to the start of its cluster
    ],
)
def test_source_offset_points_at_origin(normalizer, text, index, expected):
    norm = normalizer(text)
    assert text[norm.source[index]] == expected


@pytest.mark.parametrize(
    "text, alias",
    [
        ("新しいキュータイの研究室", "キュータイ"),
        ("これはKYUTAIです", "KYUTAI"),
        ("ｷｭｰﾀｲ!", "ｷｭｰﾀｲ"),
        ("ザビエル・ニール氏", "ザビエル"),
        ("ロドルフ・サアデ氏", "サアデ"),
    ],
)
def test_alias_replacement_maps_back_to_whole_alias(normalizer, text, alias):
    norm = normalizer(text)
    canonical = normalizer.text(alias).strip()
    pos = norm.text.index(canonical)
    start = norm.source[pos]
    end = norm.source[pos + len(canonical) - 1] + 1
    assert text[start:end] == alias


# The fast path (text already NFKC, lower-cased whole) must give what the
# cluster-by-cluster path gives, characters and sources alike.
AGREEMENT_TEXTS = [
    *SOURCE_TEXTS,
    "キュタイは3億3000万ドルの予算を持つ",
    "ΟΔΟΣ ΣΟΦΙΑΣ",  # final sigma: lower-casing depends on the neighbours
    "İİ and ẞ",  # İ lower-cases to two characters
    "Ǆemal ǅ ǆ",
]


@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("text", AGREEMENT_TEXTS)
def test_fast_and_cluster_paths_agree(config, text, lower):
    normalizer = _plain(config, lowercase_latin=lower)
    chars, source = normalizer._characters(text)
    assert (list(chars), list(source)) == normalizer._characters_by_cluster(text)


def test_fast_path_is_taken_for_plain_text(config):
    # A plain Japanese sentence maps each character to itself (no per-character loop).
    chars, source = _plain(config)._characters("キュタイはAIの研究機関")
    assert isinstance(source, range)
    assert chars == "キュタイはaiの研究機関"


def test_a_nul_becomes_a_space(config, tokenizer):
    """MeCab reads a NUL as the end of its text: the words after it would be lost."""
    assert Normalizer(config).text("予算\x00は5円") == "予算 は5円"
    assert tokenizer.terms("予算\x00は5円の予算") == tokenizer.terms("予算 は5円の予算") == ["予算", "5", "円", "予算"]


@pytest.mark.parametrize(
    "ch, expected",
    [("一", True), ("龥", True), ("\u9fa6", True), ("\u9fff", True), ("々", False), ("ア", False), ("a", False), ("\u3400", False)],
)
def test_is_kanji_covers_the_whole_unified_block(ch, expected):
    # Past 龥 (U+9FA5) too: the range every pattern now writes kanji with.
    assert is_kanji(ch) is expected
    assert bool(re.fullmatch(f"[{KANJI}]", ch)) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("予算はいくらなん？ww", "予算はいくらなん？"),
        ("予算はｗｗｗ", "予算は"),
        ("予算は？ www ", "予算は？"),
        ("いくらなん笑", "いくらなん"),
        ("予算は(笑)", "予算は"),
        ("予算は？草", "予算は？"),
        # Not a word's own letters: BMW, 微笑, 何の草; nor laughter alone.
        ("BMW", "BMW"),
        ("彼女の微笑", "彼女の微笑"),
        ("これは何の草", "これは何の草"),
        ("ww", "ww"),
    ],
)
def test_without_laughter(text, expected):
    assert without_laughter(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("GPUなんこあんの？", "GPU何個あんの？"),
        ("研究者はなんにんいる？", "研究者は何人いる？"),
        ("GPUはなんき？", "GPUは何基？"),
        ("武装闘争路線を放棄したのはなんねん？", "武装闘争路線を放棄したのは何年？"),
        ("なんかいも来た", "何回も来た"),
        # Words of their own: 軟骨, 難航, 南極; なんだい asks what; inside a kana word.
        ("なんこつは", "なんこつは"),
        ("なんこうした", "なんこうした"),
        ("なんきょくの氷", "なんきょくの氷"),
        ("これはなんだい？", "これはなんだい？"),
        ("たいへんなんにん", "たいへんなんにん"),
    ],
)
def test_counters_in_kanji(text, expected):
    assert counters_in_kanji(text) == expected

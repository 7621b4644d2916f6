"""retrieval.tokenization: lemmas, dropped parts of speech, numbers, aliases, spans, bigrams."""

from __future__ import annotations

import pytest

from retrieval.tokenization import Tokenizer, parse_number


@pytest.mark.parametrize(
    "text, lemma",
    [
        ("述べた", "述べる"),
        ("述べています", "述べる"),
        ("呼ばれる", "呼ぶ"),
        ("取り組んできた", "取り組む"),
        ("発表しました", "発表"),
    ],
)
def test_lemma_forms(tokenizer, text, lemma):
    assert lemma in tokenizer.terms(text)


@pytest.mark.parametrize(
    "text, origin",
    [
        ("アドバイザー", "adviser"),  # UniDic's lemma アドバイザー-adviser
        ("ラボ", "laboratory"),
        ("スタッフたち", "staff"),
        ("顧問", ""),  # not a loanword
        ("タイ", ""),  # タイ-Thailand is a country's name
        ("スタートアップ", ""),  # start-up is not one English word
        ("頁", ""),  # ページ-page, but written in kanji: only katakana is read as a loanword
    ],
)
def test_a_loanword_keeps_the_english_word_it_comes_from(tokenizer, text, origin):
    first = tokenizer.tokenize(text)[0]
    assert first.origin == origin
    assert "-" not in first.term  # the term is the lemma without it


@pytest.mark.parametrize("a, b", [("投じた", "投じる"), ("述べた", "述べる"), ("いくら", "幾ら"), ("導入した", "導入する")])
def test_inflections_share_the_same_term(tokenizer, a, b):
    assert tokenizer.terms(a) == tokenizer.terms(b)


@pytest.mark.parametrize(
    "text, dropped",
    [
        ("キュタイは研究機関です", {"は", "です"}),  # particle, auxiliary
        ("ニール氏が述べた。", {"が", "た", "。"}),  # particle, auxiliary, symbol
        ("「本日」、(AGI)", {"「", "」", "、", "(", ")"}),  # brackets and commas
        ("パリ に 拠点", {" ", "に"}),  # whitespace
    ],
)
def test_particles_auxiliaries_symbols_dropped(tokenizer, text, dropped):
    terms = tokenizer.terms(text)
    assert terms, text
    assert not dropped & set(terms)


def test_drop_pos_comes_from_config(config):
    keep_particles = Tokenizer(config.replace(tokenizer={"drop_pos": ["補助記号"]}))
    assert "は" in keep_particles.terms("キュタイは研究機関です")


VALUE = "330000000"


@pytest.mark.parametrize("text", ["3億3000万", "三億三千万", "330,000,000", "３億３０００万", "3億3千万", "3.3億"])
def test_number_spellings_share_the_value_term(tokenizer, text):
    assert VALUE in tokenizer.terms(text)


@pytest.mark.parametrize("decimal, whole", [("1.1億", "1億1000万"), ("1.15億", "1億1500万"), ("0.3万", "3000")])
def test_a_decimal_amount_meets_its_whole_spelling(tokenizer, decimal, whole):
    """1.1億 is 110000000.00000001 in floating point; its term must be 110000000."""
    (value,) = set(tokenizer.terms(decimal)) & set(tokenizer.terms(whole)) - {"1", "億", "万"} or {None}
    assert value is not None and "." not in value


def test_number_values_can_be_turned_off(config):
    tok = Tokenizer(config.replace(tokenizer={"number_values": False}))
    assert VALUE not in tok.terms("3億3000万")


def test_full_width_partial_number_matches_on_digit_and_unit(tokenizer):
    partial = set(tokenizer.terms("３億"))
    full = set(tokenizer.terms("3億3000万"))
    assert {"3", "億"} <= partial & full


def test_number_value_token_spans_the_whole_run(tokenizer):
    text = "予算は3億3000万ドルだ"
    (token,) = [t for t in tokenizer.tokenize(text) if t.term == VALUE]
    assert text[token.start : token.end] == "3億3000万"


@pytest.mark.parametrize(
    "text, value",
    [
        ("3億3000万", 330_000_000),
        ("3.3億", 330_000_000),
        ("三億三千万", 330_000_000),
        ("3億3千万", 330_000_000),
        ("1億900万", 109_000_000),
        ("千", 1000),
        ("1000", 1000),
        ("三千三百万", 33_000_000),
        ("二十", 20),
        ("十五", 15),
        ("一〇〇", 100),
        ("2019", 2019),
        ("0.5万", 5000),
        ("万", 10_000),
        ("", None),
        ("abc", None),
        ("1.2.3", None),
        ("3億ドル", None),
        (".", None),
    ],
)
def test_parse_number(text, value):
    result = parse_number(text)
    if value is None:
        assert result is None
    else:
        assert result == pytest.approx(value)


@pytest.mark.parametrize("text", ["1" * 400, "9" * 310 + "億", "予算は" + "3" * 500 + "ドル"])
def test_huge_numeral_run_does_not_crash(tokenizer, text):
    """fugashi splits a long digit string into single digits; their value overflows a float."""
    terms = tokenizer.terms(text)
    assert terms
    assert "inf" not in terms


@pytest.mark.parametrize("text", ["キュタイ", "キュータイ", "Kyutai", "KYUTAI", "ＫＹＵＴＡＩ", "ｷｭｰﾀｲ"])
def test_alias_spellings_give_one_term(tokenizer, text):
    assert tokenizer.terms(text) == tokenizer.terms("キュタイ")
    assert len(tokenizer.terms(text)) == 1


@pytest.mark.parametrize("text", ["キュタイの予算", "キュータイはすでに", "この取り組みでキュタイが"])
def test_alias_in_context_has_no_thailand_term(tokenizer, text):
    terms = tokenizer.terms(text)
    assert "kyutai" in terms
    assert "タイ" not in terms and "キュ" not in terms


@pytest.mark.parametrize(
    "text, original",
    [
        ("新しいキュータイの研究室", "キュータイ"),
        ("Kyutaiと呼ばれる", "Kyutai"),
        ("今日KYUTAIは", "KYUTAI"),
        ("ｷｭｰﾀｲの予算", "ｷｭｰﾀｲ"),
        ("ロドルフ・サアデ氏", "サアデ"),
    ],
)
def test_alias_token_span_points_at_original_spelling(tokenizer, text, original):
    canonical = tokenizer.terms(original)
    assert len(canonical) == 1
    (token,) = [t for t in tokenizer.tokenize(text) if t.term == canonical[0]]
    assert text[token.start : token.end] == original


@pytest.mark.parametrize(
    "text",
    [
        "３億３０００万ドルの予算を持つ",
        "ｶﾞｿﾘﾝ 1,000基",
        "パトリック・ペレス氏が所長に就任します。",
        "NVIDIA H100 GPUを1000基導入しました",
        "e\u0301tude か\u3099",
    ],
)
def test_token_spans_are_inside_the_original_text(tokenizer, text):
    tokens = tokenizer.tokenize(text)
    assert tokens
    for t in tokens:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end].strip() == text[t.start : t.end]


@pytest.mark.parametrize("text", ["観光ｶﾞｲﾄﾞとして働いた", "ﾌﾞﾚｲﾝ･ﾌｰﾊﾞｰが来日", "か\u3099いと\u3099", "ｶﾞｿﾘﾝ 1,000基"])
def test_token_spans_keep_voiced_sound_marks(tokenizer, text):
    """A span never ends between a character and its (half-width) voiced sound mark,
    which NFKC composes with it: ｶﾞｲﾄﾞ is one word, and an answer ends on its ﾞ."""
    from retrieval.normalize import continues_cluster

    for t in tokenizer.tokenize(text):
        assert not continues_cluster(text[t.start]) and (t.end == len(text) or not continues_cluster(text[t.end]))
    assert any(text[t.start : t.end] in ("ｶﾞｲﾄﾞ", "観光ｶﾞｲﾄﾞ") for t in tokenizer.tokenize(text)) or "ｶﾞｲﾄﾞ" not in text


@pytest.mark.parametrize("question, word, term", [("誰が所長？", "誰", "誰"), ("いつ発表した？", "いつ", "何時"), ("どこに置く？", "どこ", "何処"), ("いくら投じた？", "いくら", "幾ら"), ("何基導入？", "何", "何")])
def test_question_words_dropped_from_query_terms_only(tokenizer, question, word, term):
    assert term in tokenizer.terms(question)
    assert term not in tokenizer.query_terms(question)
    # The rest of the question stays (light verbs aside: test_light_verbs_are_left_out_of_the_query).
    rest = [t for t in tokenizer.terms(question) if t not in (term, "為る", "有る", "居る")]
    assert rest and tokenizer.query_terms(question) == rest


@pytest.mark.parametrize(
    "question, predicates",
    [
        ("ニール氏はいくら投じると述べた？", {"投ずる", "述べる"}),
        ("グーテンベルクが亡くなったのは何年？", {"亡くなる"}),
        ("速く進める必要はない？", {"早い", "進める", "無い"}),  # UniDic: 速く → 早い
        ("静かな研究室の所長は誰？", {"静か"}),  # an adjectival noun
        ("キュタイの予算は？", set()),
    ],
)
def test_query_tokens_mark_predicates(tokenizer, question, predicates):
    """Verbs, adjectives, adverbs and adjectival nouns are marked (ranking.predicate_weight)."""
    tokens = tokenizer.query_tokens(question)
    assert [t.term for t in tokens] == tokenizer.query_terms(question)
    assert {t.term for t in tokens if t.predicate} == predicates


def test_question_words_come_from_config(config):
    tok = Tokenizer(config.replace(tokenizer={"question_words": []}))
    assert "誰" in tok.query_terms("誰が所長？")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("AI研究", ["ai", "i研", "研究"]),
        ("研究、機関", ["研究", "機関"]),
        ("誰", []),
        ("GPU 1000", ["gp", "pu", "10", "00", "00"]),
        ("キュタイ", ["ky", "yu", "ut", "ta", "ai"]),
        ("ＡＩ", ["ai"]),
    ],
)
def test_bigrams(tokenizer, text, expected):
    # Two-character grams only: other index grams (e.g. single kanji) are not bigrams.
    assert [g for g in tokenizer.bigrams(text) if len(g) == 2] == expected


@pytest.mark.parametrize(
    "question, expected",
    [
        # English: only the words known to the corpus (Pérez is its alias perez), and numbers.
        ("Where did Pérez work before?", ["pe", "er", "re", "ez"]),
        ("How many GPUs in 2023?", ["gp", "pu", "us", "20", "02", "23"]),
        ("Where is it?", []),
        # Any kana or kanji: every bigram, so a misspelt name still meets its word.
        ("Mistalの予算", ["mi", "is", "st", "ta", "al", "lの", "の予", "予算"]),
        ("ｶﾞｲﾄﾞ what", ["ガイ", "イド", "wh", "ha", "at"]),  # half-width katakana is Japanese too
    ],
)
def test_query_bigrams_of_an_english_question_keep_known_words_only(tokenizer, question, expected):
    known = {"perez", "gpus", "予算"}.__contains__
    assert [g for g in tokenizer.query_bigrams(question, known) if len(g) == 2] == expected


@pytest.mark.parametrize(
    "question, expected",
    [
        # Japanese with an English word the corpus never uses: its letters go (it meets
        # the article through its translation)...
        ("Kyutaiのadvisor", ["ky", "yu", "ut", "ta", "ai", "iの"]),
        # ...a misspelt name's stay.
        ("Mistalの予算", ["mi", "is", "st", "ta", "al", "lの", "の予", "予算"]),
    ],
)
def test_query_bigrams_of_a_japanese_question_lose_unknown_english_words(tokenizer, question, expected):
    known = {"kyutai", "予算"}.__contains__
    english = {"advisor"}.__contains__
    assert [g for g in tokenizer.query_bigrams(question, known, english=english) if len(g) == 2] == expected


@pytest.mark.parametrize("enabled", [True, False])
def test_kanji_unigrams_option(config, enabled):
    tok = Tokenizer(config.replace(tokenizer={"kanji_unigrams": enabled}))
    grams = tok.bigrams("登壇した6名")
    singles = [g for g in grams if len(g) != 2]
    assert bool(singles) is enabled
    assert all(g[-1] in "登壇名" for g in singles)
    assert "登壇" in grams


def test_noun_bigrams_option(config):
    tok = Tokenizer(config.replace(tokenizer={"noun_bigrams": True}))
    assert "研究+機関" in tok.terms("研究機関")
    assert not any("+" in t for t in Tokenizer(config.replace(tokenizer={"noun_bigrams": False})).terms("研究機関"))


@pytest.mark.parametrize(
    "text, phrase",
    [("予算規模は1.1億ドルに達した。", "1.1億ドル"), ("約３．５メートル", "約３．５メートル"), ("in 2019. The lab", "in 2019")],
)
def test_noun_chunks_go_on_over_a_decimal_point(tokenizer, text, phrase):
    """A point between digits is inside the phrase (1.1億ドル, not 1億ドル); a full stop is not."""
    assert phrase in [text[s:e] for s, e in tokenizer.noun_chunks(text)]


@pytest.mark.parametrize(
    "text, phrases",
    [
        ("関心を引く可能性を秘めている", ["関心", "可能性"]),  # not 性 alone
        ("透明性の確保", ["透明性", "確保"]),
        ("静かな部屋", ["部屋"]),  # an adjectival noun before no suffix is no phrase
    ],
)
def test_an_adjectival_noun_heads_the_nominal_suffix_after_it(tokenizer, text, phrases):
    """サアデ氏の会社は何をしている？ answered 性, of 可能性 (可能 + 性 to UniDic)."""
    assert [text[s:e] for s, e in tokenizer.noun_chunks(text)] == phrases


def test_noun_chunks_start_with_a_split_katakana_word(tokenizer):
    # UniDic splits シャイユ into the adjectival シャイ and the noun ユ: the phrase is the whole.
    text = "主な産地はコミログ支線沿いのシャイユ山地である。"
    assert "シャイユ山地" in [text[s:e] for s, e in tokenizer.noun_chunks(text)]


def test_noun_chunks_keep_names_with_middle_dot(tokenizer):
    text = "ヴァレオで以前勤務していたパトリック・ペレス氏が、この研究室の所長に就任します。"
    chunks = [text[s:e] for s, e in tokenizer.noun_chunks(text)]
    assert "パトリック・ペレス氏" in chunks
    assert all(0 <= s < e <= len(text) for s, e in tokenizer.noun_chunks(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        # Wikipedia writes names without 氏: UniDic's 人名 tag finds them.
        ("ルイ・パスツールが実験した。", [("ルイ・パスツール", "person")]),
        ("安倍首相は述べた。", [("安倍首相", "person")]),
        # A plural suffix is no part of the name.
        ("ベルンハルト・シェルコップ氏らによる科学顧問チーム", [("ベルンハルト・シェルコップ氏", "person")]),
        # UniDic tags ルカン a place: a person's given name makes the phrase a person.
        ("ヤン・ルカン氏は顧問だ。", [("ヤン・ルカン氏", "person")]),
        ("オランダとベルギーの国境", [("オランダ", "place"), ("ベルギー", "place")]),
        ("北海道の南のアラスカ湾", [("北海道", "place"), ("アラスカ湾", "place")]),
        # Common nouns and unknown katakana make no name.
        ("研究室の所長に就任します。", []),
        # The words describing a name are no part of it ...
        ("首都キンシャサに戻った。", [("キンシャサ", "place")]),
        ("元総評議長太田薫が敗れた。", [("太田薫", "person")]),
        ("パリ市長アンヌ・イダルゴ氏", [("アンヌ・イダルゴ氏", "person")]),
        # ... but a prefix, a one-character noun and katakana joined by a dot are.
        ("反カスティーリャ派が対立した。", [("反カスティーリャ派", "place")]),
        ("北ドイツの都市", [("北ドイツ", "place")]),
        ("顧問団長ブレイン・フーバーが来日した。", [("ブレイン・フーバー", "person")]),
        # A katakana job before a name is no part of it.
        ("ピアニスト辻井伸行が弾いた。", [("辻井伸行", "person")]),
        ("ﾌﾞﾚｲﾝ･ﾌｰﾊﾞｰが来日した。", [("ﾌﾞﾚｲﾝ･ﾌｰﾊﾞｰ", "person")]),  # half-width, as written
        ("ジャン＝ポール・サルトルは書いた。", [("ジャン＝ポール・サルトル", "person")]),
        ("マノエル・デ・オリヴェイラ監督の映画", [("マノエル・デ・オリヴェイラ監督", "person")]),
        # Counters and adverbial nouns are no part of a name, nor is a place before a post.
        ("1940年5月ドイツが侵攻した。", [("ドイツ", "place")]),
        ("4代桂小文枝が継いだ。", [("桂小文枝", "person")]),
        ("狛江市長矢野裕が述べた。", [("矢野裕", "person")]),
        # A place UniDic finds in a surname stays in it.
        ("宮城谷昌光の小説", [("宮城谷昌光", "person")]),
        # The end of a katakana word UniDic split names no one (トリ + ローグ, アブラ + ヤシ) ...
        ("三部作（トリローグ）での交渉", []),
        ("アブラヤシ、コーヒー", []),
        # ... but a name after a longer katakana job, or one a dot goes on from, does.
        ("ピアニストショパンが作曲した。", [("ショパン", "person")]),
        ("モデルナタリー・ポートマンが出演した。", [("ナタリー・ポートマン", "person")]),
    ],
)
def test_named_chunks(tokenizer, text, expected):
    assert [(text[s:e], kind) for s, e, kind in tokenizer.named_chunks(text)] == expected


@pytest.mark.parametrize("text", ["ジョン・ニーダムが実験した。", "アマルティア・センが受賞した。"])
def test_middle_dot_folding_hides_names(config, text):
    # Why normalization.fold_middle_dot is off: UniDic tags ジョン a given name, but
    # the folded ジョンニーダム is one unknown word, no name for 誰 to find.
    named = Tokenizer(config.replace(normalization={"fold_middle_dot": False})).named_chunks(text)
    assert [kind for _, _, kind in named] == ["person"]
    assert Tokenizer(config.replace(normalization={"fold_middle_dot": True})).named_chunks(text) == []


ARTICLE_SAMPLE = "ヴァレオで以前勤務していたパトリック・ペレス氏が、この研究室の所長に就任します。3億3000万ドルの予算。"


def test_cached_features_are_fugashis_own_fields(config):
    import fugashi

    tokenizer = Tokenizer(config)
    first = tokenizer.analyze(ARTICLE_SAMPLE)
    nodes = list(fugashi.Tagger()(tokenizer.normalizer.text(ARTICLE_SAMPLE)))
    assert nodes
    for node in nodes:
        full = node.feature  # parsed by fugashi, not through the cache
        assert tokenizer._features[node.feature_raw] == (full.pos1, full.pos2, full.pos3, full.lemma, full.kana)
    # A second reading finds every feature string parsed already, and agrees.
    kept = len(tokenizer._features)
    assert tokenizer.analyze(ARTICLE_SAMPLE) == first
    assert len(tokenizer._features) == kept


def test_feature_cache_is_bounded(config, monkeypatch):
    import retrieval.tokenization as tokenization

    fresh = Tokenizer(config).analyze(ARTICLE_SAMPLE)
    monkeypatch.setattr(tokenization, "_FEATURE_CACHE_SIZE", 3)
    small = Tokenizer(config)
    assert small.analyze(ARTICLE_SAMPLE) == fresh  # starting over loses nothing
    assert len(small._features) <= 3


FUNCTION_NOUN_TEXT = "これらの場合、研究所の一部地域では現在も調査を続けることにした。"


@pytest.mark.parametrize(
    "skip, expected",
    [
        # A lone pronoun (これら = これ + plural ら), adverbial noun (場合, 現在) or formal
        # noun (こと) is no answer; inside a longer phrase (一部地域) the adverbial noun stays.
        (True, ["研究所", "一部地域", "調査"]),
        (False, ["これら", "場合", "研究所", "一部地域", "現在", "調査", "こと"]),
    ],
)
def test_lone_function_nouns_are_no_noun_phrase(config, skip, expected):
    tokenizer = Tokenizer(config.replace(answer={"skip_lone_function_nouns": skip, "trim_leading_adverbial_nouns": False}))
    assert [FUNCTION_NOUN_TEXT[s:e] for s, e in tokenizer.noun_chunks(FUNCTION_NOUN_TEXT)] == expected


def _phrases(tokenizer: Tokenizer, text: str) -> list[str]:
    return [text[s:e] for s, e in tokenizer.noun_chunks(text)]


@pytest.mark.parametrize(
    "text, whole, trimmed",
    [
        ("毎年約220万トンのコメが生産される。", "毎年約220万トン", "約220万トン"),  # kanji, before an amount
        ("2006年には毎日4億回の検索があった。", "毎日4億回", "4億回"),
        ("暖湿流が入りやすくなるため豪雨が起きやすい。", "ため豪雨", "豪雨"),  # hiragana, before any word
        ("石油の税金のうち軽油引取税は地方税である。", "うち軽油引取税", "軽油引取税"),
    ],
)
def test_leading_adverbial_nouns_are_trimmed(config, text, whole, trimmed):
    """answer.trim_leading_adverbial_nouns: ため, うち, 毎年 say why, which or how often,
    and are no part of the answer."""
    assert trimmed in _phrases(Tokenizer(config), text) and whole not in _phrases(Tokenizer(config), text)
    assert whole in _phrases(Tokenizer(config.replace(answer={"trim_leading_adverbial_nouns": False})), text)


@pytest.mark.parametrize(
    "text, phrase",
    [
        # Before a noun a kanji adverbial noun often makes one word with it.
        ("疑惑は毎日新聞が報じた。", "毎日新聞"),
        ("リズムは本来音楽用語である。", "本来音楽用語"),
        ("それは事実上消滅した。", "事実上消滅"),
        ("コロンブスは日曜日に来島した。", "日曜日"),
        ("人口は今日現在で集計される。", "今日現在"),
        ("古代ギリシアでは知られていた。", "古代ギリシア"),
        ("前犬山市長が出馬した。", "前犬山市長"),
        ("現代アートの展示。", "現代アート"),
        ("同年4月4日に公布された。", "同年4月4日"),  # before a date it is part of it
        ("試合は午前5時に始まった。", "午前5時"),
        ("子供はなかやすみに遊ぶ。", "なかやすみ"),  # a hiragana one before hiragana: one word
    ],
)
def test_adverbial_noun_before_a_common_noun_stays(config, text, phrase):
    assert phrase in _phrases(Tokenizer(config), text)


@pytest.mark.parametrize(
    "name, kinds",
    [
        ("ラオス", {"国"}),  # UniDic: 固有名詞-地名-国
        ("ドミニカ国", {"国"}),
        ("日本共産党", {"党"}),
        ("豊岡市", {"市"}),
        ("ハノーファー", set()),  # a city, but UniDic does not say which kind
        ("石油", set()),
        ("キュタイは3億3000万ドルの予算を持つフランスのAI研究機関で、すべてをオープンソース化する。", set()),
    ],
)
def test_kinds_named(tokenizer, name, kinds):
    assert tokenizer.kinds_named(name) == kinds


def test_tokenizers_share_one_tagger(config, monkeypatch):
    """fugashi never unmaps a tagger's dictionary: a tokenizer (an engine, an
    evaluation per article) must not open a tagger of its own."""
    import fugashi

    Tokenizer(config).terms("予算")  # the process's tagger exists from here on
    opened = []
    monkeypatch.setattr(fugashi, "Tagger", lambda *a, **k: opened.append(a) or pytest.fail("a second tagger"))
    assert Tokenizer(config).terms("ニール氏は述べた") == Tokenizer(config).terms("ニール氏は述べた")
    assert opened == []


def test_a_parse_is_read_whole_before_another_starts(config):
    """Nodes point into the tagger's last parse: words still to come from one text
    must not change when another tokenizer parses in between."""
    first, second = Tokenizer(config), Tokenizer(config)
    expected = list(first._nodes(ARTICLE_SAMPLE))
    words = first._nodes(ARTICLE_SAMPLE)
    head = next(words)
    second.analyze("全く別の文です。長さも品詞も違う言葉を並べて、タガーの前回の結果を上書きする。" * 5)
    assert [head, *words] == expected


@pytest.mark.parametrize("question", ["GPUを導入したのは？", "GPUは導入された？", "GPUを導入しますか"])
def test_light_verbs_are_left_out_of_the_query(config, question):
    """する in any form says nothing of what is asked; the index keeps it."""
    with_them = Tokenizer(config.replace(tokenizer={"light_verbs": []}))
    without = Tokenizer(config.replace(tokenizer={"light_verbs": ["する"]}))
    assert "為る" in with_them.query_terms(question)
    assert without.query_terms(question) == ["gpu", "導入"]
    assert "為る" in without.terms(question)  # passages are indexed with it


@pytest.mark.parametrize("question, verb", [("キュタイはどこにある？", "有る"), ("研究者は何人いる？", "居る"), ("働いていた？", "居る")])
def test_the_shipped_light_verbs_include_aru_and_iru(tokenizer, question, verb):
    """ある and いる say nothing asked either: ある matched ある程度 by chance."""
    assert verb in tokenizer.terms(question)
    assert verb not in tokenizer.query_terms(question)


def test_a_question_of_light_verbs_and_the_name_alone_is_answered_from_the_headline(engine):
    """キュタイはどこにある？ ranked kyutai#7 first through ある (…ある程度…) and answered
    モデル学習; with only kyutai left, the headline comes first and says フランス."""
    result = engine.answer("キュタイはどこにある？")
    assert result.passages[0].id == "kyutai#1" and result.answer == "フランス"


@pytest.mark.parametrize(
    "question, left_out",
    [
        ("アドバイザー陣にはどんな人がいる？", "人"),
        ("どのような人物か", "人物"),
        ("どういうことをした？", "事"),
        ("どのように変化した？", "様"),  # どのような / どのように leave よう (様)
        ("どんな人々が集まった？", "人々"),
        ("どんな人たちが集まった？", "人"),
    ],
)
def test_a_generic_noun_after_donna_is_left_out_of_the_query(config, tokenizer, question, left_out):
    """After どんな / どの the noun only says what kind of answer is wanted."""
    assert left_out in tokenizer.terms(question)
    assert left_out not in tokenizer.query_terms(question)
    kept = Tokenizer(config.replace(tokenizer={"generic_nouns": []}))
    assert left_out in kept.query_terms(question)


@pytest.mark.parametrize(
    "question, terms",
    [
        ("人が集まった理由は？", ["人", "集まる", "理由"]),
        ("研究者の人物像は？", ["研究", "者", "人物", "像"]),
        ("その方が良い？", ["其の", "方", "良い"]),
        ("どの国の人か", ["国", "人"]),  # after どの国 (not どの) 人 is asked about
        ("研究者などの人が集まった？", ["研究", "者", "人", "集まる"]),  # など の is no どの
        ("どんな人物像か", ["人物", "像"]),  # 人物 begins a compound
        ("どんな人たちが集まった？", ["集まる"]),  # the plural suffix goes with the noun
    ],
)
def test_a_generic_noun_elsewhere_stays_in_the_query(tokenizer, question, terms):
    assert tokenizer.query_terms(question) == terms


def test_asking_what_kind_of_people_ranks_the_passage_on_them(engine):
    """アドバイザー陣にはどんな人がいる？ ranked the donors' passage first by 人 alone
    (フランス人億万長者); asked who, it names an adviser."""
    result = engine.answer("アドバイザー陣にはどんな人がいる？")
    assert result.passages[0].id == "kyutai#9"
    assert result.answer_type == "person" and result.answer == "イェジン・チェ氏、ヤン・ルカン氏、ベルンハルト・シェルコップ氏"

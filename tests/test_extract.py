"""retrieval.extract: the short answer in a passage."""

from __future__ import annotations

import pytest

from retrieval.answer_types import AnswerType, detect_answer_type
from retrieval.extract import _alternatives, extract_answer, split_sentences


def _span(text, word, weight=1.0):
    start = text.index(word)
    return (start, start + len(word), weight)


def _phrase_answer(tokenizer, question, text, words, **options):
    """The short answer to ``question`` in ``text``, its ``words`` matched, with noun
    phrases; ``options`` go to extract_answer (choice_answers=False)."""
    spans = [_span(text, w) for w in words]
    return extract_answer(question, detect_answer_type(question), text, spans, chunks=tokenizer.noun_chunks(text), **options)[0]


@pytest.mark.parametrize(
    "question, text, near, expected",
    [
        (
            "キュタイの予算はいくら？",
            "キュタイは3億3000万ドルの予算を持つフランスのAI研究機関で、すべてをオープンソース化する。",
            "予算",
            "3億3000万ドル",
        ),
        (
            "サアデ氏はいくら拠出した？",
            "ニール氏は5000万ユーロを投じた。サアデ氏も1億ユーロを拠出している。",
            "拠出",
            "1億ユーロ",
        ),
        (
            "GPUを何基導入した？",
            "Scalewayが最近、NVIDIA H100 GPUを1000基導入しました。6名が登壇した。",
            "導入",
            "1000基",
        ),
        (
            "何名が登壇した？",
            "Scalewayが最近、GPUを1000基導入しました。今朝は研究者の6名が登壇し、展望を語った。",
            "登壇",
            "6名",
        ),
        (
            "研究者は何人いる？",
            "GPUは1000基。研究者は12名いる。",
            "研究者",
            "12名",
        ),
        (
            "所長は誰？",
            "ヴァレオで以前勤務していたパトリック・ペレス氏が、この研究室の所長に就任します。",
            "所長",
            "パトリック・ペレス氏",
        ),
        (
            "研究ラボはどこに拠点を置く？",
            "今朝、Iliad の CEO である Xavier Niel 氏が、パリに拠点を置く AI 研究ラボの計画を発表しました。",
            "拠点",
            "パリ",
        ),
        (
            "状況が変わったのはいつ？",
            "OpenAIは非営利団体としてスタートしました。しかし、2019年にサム・アルトマン氏が働きを始めてから、状況は劇的に変化しました。",
            "状況",
            "2019年",
        ),
    ],
)
def test_typed_answer_is_the_candidate_near_the_question_words(question, text, near, expected):
    kind = detect_answer_type(question)
    answer, how = extract_answer(question, kind, text, [_span(text, near)])
    assert answer == expected
    assert how == kind.kind


def test_count_answer_needs_the_asked_counter():
    text = "GPUは1000基、研究者は6名。"
    kind = detect_answer_type("何基？")
    assert extract_answer("何基？", kind, text, [])[0] == "1000基"
    kind = detect_answer_type("何名？")
    assert extract_answer("何名？", kind, text, [])[0] == "6名"


def test_person_named_in_the_question_is_rejected():
    question = "ニール氏と一緒に寄付したのは誰？"
    text = "ニール氏とロドルフ・サアデ氏が寄付した。"
    kind = detect_answer_type(question)
    spans = [_span(text, "ニール氏"), _span(text, "寄付")]
    # Without the check the name next to the matched words wins (with the list it is in)...
    assert extract_answer(question, kind, text, spans, person_lists=False)[0] == "ニール氏"
    assert extract_answer(question, kind, text, spans)[0] == "ニール氏とロドルフ・サアデ氏"
    # ...with it the other person is the answer.
    answer, how = extract_answer(question, kind, text, spans, in_question=lambda s: s in question)
    assert (answer, how) == ("ロドルフ・サアデ氏", "person")


def test_the_nearest_candidate_wins_by_weight():
    text = "ニール氏は1億ユーロを投じた。サアデ氏は2億ユーロを拠出した。"
    kind = AnswerType("money")
    heavy_first = [_span(text, "投じ", 5.0), _span(text, "拠出", 0.1)]
    heavy_second = [_span(text, "投じ", 0.1), _span(text, "拠出", 5.0)]
    assert extract_answer("いくら？", kind, text, heavy_first)[0] == "1億ユーロ"
    assert extract_answer("いくら？", kind, text, heavy_second)[0] == "2億ユーロ"


TEXT = "Kyutaiは非営利団体だ。研究者が論文を発表できるようになることが理由の一つだ。GPUは原価で提供される。"


@pytest.mark.parametrize(
    "question, words, expected",
    [
        ("なぜ研究者は来る？", ["研究者", "論文"], "研究者が論文を発表できるようになることが理由の一つだ。"),
        ("GPUは？", ["GPU", "原価"], "GPUは原価で提供される。"),
        ("Kyutaiとは？", ["Kyutai"], "Kyutaiは非営利団体だ。"),
    ],
)
def test_untyped_answer_is_the_sentence_with_most_matched_weight(question, words, expected):
    kind = detect_answer_type(question)
    answer, how = extract_answer(question, kind, TEXT, [_span(TEXT, w) for w in words])
    assert (answer, how) == (expected, "sentence")


def test_sentence_weight_beats_sentence_order():
    spans = [_span(TEXT, "Kyutai", 1.0), _span(TEXT, "原価", 3.0)]
    assert extract_answer("何？", AnswerType("other"), TEXT, spans)[0] == "GPUは原価で提供される。"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("GPUを1000基導入した。", "1000基"),  # not 1000基導
        ("議席は39議席だった。", "39議席"),
        ("通貨は3つの種類がある。", "3つ"),  # not 3つの
        ("識字率は83.8%（推計）。", "83.8%"),
        ("全国は441の基礎自治体に分かれる。", "441"),
    ],
)
def test_count_without_counter_takes_the_unit_only(text, expected):
    assert extract_answer("いくつ？", detect_answer_type("いくつ？"), text, []) == (expected, "count")


@pytest.mark.parametrize(
    "text, words, expected",
    [
        ("Kyutaiは基礎モデルの開発に取り組むため、ある程度の計算能力も必要になります。", ["計算"],
         "Kyutaiは基礎モデルの開発に取り組むため"),
        # The reason after the topic のは、 inside a quote.
        ("「記者が集まっているのは、このプロジェクトが関心を引く可能性を秘めているからです」と氏は述べた。", ["記者"],
         "このプロジェクトが関心を引く可能性を秘めているから"),
        # The best sentence states the claim, the next one gives the reason (なぜなら).
        ("速く進めることではないと思います。なぜなら、目標はコードを提供することだからです。", ["速く"],
         "目標はコードを提供することだから"),
        # What 理由は names, without から: 理由の 1 つは、Xことだ.
        ("研究者を招き入れられると考える理由の 1 つは、研究者が論文を発表できるようになることだ。", ["研究者"],
         "研究者が論文を発表できるようになること"),
        ("値上げの理由は原料費の高騰である。", ["値上げ"], "原料費の高騰"),
        # 理由は分かっていない names no reason: the clause ending in ため, a sentence later, does.
        ("値上げの理由は今も分かっていないのだ。輸入が止まったため、とも言われる。", ["値上げ"], "輸入が止まったため"),
    ],
)
def test_reason_answer_is_the_clause_ending_in_kara_or_tame(text, words, expected):
    spans = [_span(text, w) for w in words]
    assert extract_answer("なぜ？", detect_answer_type("なぜ？"), text, spans) == (expected, "reason")


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("規制を設けることは何を意味する？", "規制を設けるということは、競合他社への障壁を作ることを意味します。", "競合他社への障壁を作ること"),
        ("論文の発表は何につながる？", "自尊心を高めるだけでなく、公共の利益に貢献することにもつながります。", "公共の利益に貢献すること"),
        # The verb by its kanji stem (示す, 示した); the clause after the topic は, brackets whole.
        ("規制は何を示す？", "規制は「障壁」を作ることを示した。", "「障壁」を作ること"),
    ],
)
def test_asked_verb_answered_by_the_nominalized_clause(question, text, expected):
    """何を意味する / 何につながる: the こと clause before that verb, not a noun inside it."""
    spans = [_span(text, w) for w in ("規制", "設ける", "意味", "つながり") if w in text]
    assert extract_answer(question, detect_answer_type(question), text, spans) == (expected, "phrase")


def test_nominalized_clause_needs_the_asked_verb():
    # ことを述べた is not ことを意味する: the ordinary phrase answer stays.
    text = "規制を設けることは障壁を作ることを述べた。"
    answer, _ = extract_answer("規制は何を意味する？", detect_answer_type("規制は何を意味する？"), text, [_span(text, "規制")])
    assert answer != "障壁を作ること"


def test_tame_no_is_not_a_reason():
    """説明するための (for the purpose of, before a noun) gives no reason."""
    text = "結果を説明するためのコードベースを提供する。"
    _, how = extract_answer("なぜ？", detect_answer_type("なぜ？"), text, [_span(text, "結果")])
    assert how != "reason"


@pytest.mark.parametrize(
    "question, text, expected",
    [
        # The phrase runs on through its parenthesis.
        ("研究室は何の研究をする？", "この研究室は、汎用人工知能(AGI)の研究に取り組む。", "汎用人工知能(AGI)"),
        # 採用 asked, 採用活動 written.
        ("何の採用を始めた？", "すでに中核となる科学チームの採用活動を開始した。", "科学チーム"),
        # Found in another sentence than the one holding most of the question's words.
        ("研究室は何の研究をする？", "研究室の研究者が来た。研究室は汎用人工知能の研究に取り組む。", "汎用人工知能"),
        # どこの<noun>の<noun>: whose, the phrase before the second noun.
        ("どこの会社のAI研究チームが発表した？", "昨日、MetaのAI研究チームが論文を発表した。", "Meta"),
        # 何の<noun>の<noun> asks the kind of the first.
        ("何の綱領の記載？", "民主主義革命の綱領の記載がある。", "民主主義革命"),
    ],
)
def test_what_kind_of_noun_is_answered_by_its_modifier(tokenizer, question, text, expected):
    spans = [_span(text, "研究室")] if "研究室" in text else []
    answer = extract_answer(question, detect_answer_type(question), text, spans, chunks=tokenizer.noun_chunks(text))
    assert answer == (expected, "phrase")


def test_nan_no_mo_is_not_a_what_kind_of_question(tokenizer):
    """何の利益も与えず means "no profit at all": nothing is asked about 利益."""
    text = "民主党は共産党の利益を無視した。"
    question = "共産党に何の利益も与えなかった政党は？"
    answer, _ = extract_answer(question, detect_answer_type(question), text, [_span(text, "共産党")], chunks=tokenizer.noun_chunks(text))
    assert answer != "共産党"


def test_a_date_with_its_year_beats_a_bare_month_nearby():
    text = "1993年6月に首相に任命し、9月に辞任した。"
    spans = [_span(text, "首相"), _span(text, "任命")]
    assert extract_answer("首相に任命したのはいつ？", detect_answer_type("いつ？"), text, spans) == ("1993年6月", "date")
    # Equally near, and without the year's pull the bare month would win.
    text = "9月に辞任し、首相に任命したのは1993年6月。"
    answer = extract_answer("首相に任命したのはいつ？", detect_answer_type("いつ？"), text, [_span(text, "首相"), _span(text, "任命")])
    assert answer == ("1993年6月", "date")


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        ("GPUを導入したのはどこ？", "朗報として、Scalewayが最近、NVIDIA H100 GPUを1000基導入しました。", ["GPU", "導入"], "Scaleway"),
        ("学説を初めて唱えたのは誰？", "紀元前4世紀頃、アリストテレスが最初に学説を唱えた。", ["学説", "唱え"], "アリストテレス"),
    ],
)
def test_who_did_it_is_answered_by_the_ga_marked_subject(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words) == expected


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        ("研究室は誰と協力する？", "研究室は大学と、パリの施設で協力する。", ["協力"], "大学"),
        # どういう人たちと asks as 誰と does.
        ("研究室はどういう人たちと協力する？", "ニール氏が出資した。研究室は学生と協力する。", ["研究室", "協力"], "学生"),
        # Past a closing bracket: 「リラ冷え」と呼ぶ.
        ("北海道ではこの低温を何と呼ぶ？", "北海道ではこの低温を俗に「リラ冷え」と呼ぶ。", ["北海道", "低温", "呼ぶ"], "リラ冷え"),
        # The phrases joined to it by と / や share the particle: all of them answer...
        ("このGPUは何に欠かせない？", "これらのGPUは推論とモデル学習に不可欠だ。", ["GPU"], "推論とモデル学習"),
        ("豪雨は何が原因？", "台風や熱帯低気圧が原因で豪雨になる。", ["原因", "豪雨"], "台風や熱帯低気圧"),
        # どんな + the kind of thing asked, and its particle: asks as 何で does.
        ("GPUはKyutaiにどんな条件で提供される？", "これらの最上位GPUは推論に不可欠であり、Kyutaiでは原価で提供されます。", ["GPU", "提供"], "原価"),
    ],
)
def test_phrase_marked_by_the_asked_particle_goes_first(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words) == expected


@pytest.mark.parametrize(
    "question, particle",
    [
        ("GPUはどんな条件で提供される？", "で"),
        ("どういう人たちと協力する？", "と"),
        ("何に欠かせない？", "に"),
        # Not the copula (であった), nor what a thing became (になった).
        ("自衛隊に対し、どういう姿勢であったか。", None),
        ("加盟した際、どのような名称になったか。", None),
    ],
)
def test_the_asked_particle(question, particle):
    from retrieval.extract import _asked_case, _case_particle

    assert _case_particle(_asked_case(question)) == particle


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # ...but not one the question names, nor the same word again.
        ("刑事免責と何を含む？", "第28条は刑事免責と民事免責を含む。", ["含む"], "民事免責"),
        ("音楽は何を起源とする？", "ジャズやジャズを起源とする音楽がある。", ["起源", "音楽"], "ジャズ"),
        # Nor a person (と says with whom), nor before a particle making it describe a noun.
        ("ニール氏は何に出席した？", "ニール氏はマクロン大統領と会議に出席した。", ["ニール氏", "出席"], "会議"),
        ("彼らはどこで語った？", "彼らはこれまでの仕事と研究室での展望を語った。", ["語っ"], "研究室"),
    ],
)
def test_a_phrase_the_question_names_is_no_item_joined_to_the_answer(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words, in_question=lambda phrase: phrase in question) == expected


def test_where_ni_is_also_answered_by_a_phrase_marked_de(tokenizer):
    # どこに: a phrase marked で answers too (not only 所長に).
    text = "その後、所長に就任します。ヴァレオで以前勤務していたペレス氏が、研究室の所長に就任します。"
    assert _phrase_answer(tokenizer, "ペレス氏は以前どこに勤めていた？", text, ["以前", "ペレス", "氏"]) == "ヴァレオ"
    # Only after どこ: 何に is answered by a phrase marked に, not the nearer one marked で.
    text = "所長に推されたペレス氏は、ヴァレオで就任した。"
    assert _phrase_answer(tokenizer, "ペレス氏は何に就任した？", text, ["ペレス", "氏", "就任"]) == "所長"


def test_where_de_is_not_answered_by_a_phrase_marked_ni(tokenizer):
    # (JSQuAD: アイルランドではRIAIの会員制度は建築教育をどこで受けたものに入会資格が与えられるか。)
    text = "つまり大学で建築教育を受けた者に入会資格が与えられ,倫理規定が課せられる。"
    question = "RIAIの会員制度は建築教育をどこで受けたものに入会資格が与えられるか。"
    assert _phrase_answer(tokenizer, question, text, ["受け", "入会", "資格", "与え"]) == "大学"


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # 誰と / 誰に: the phrase the answer sentence marks so, not a person named a sentence before.
        ("研究室は誰と協力する？", "ニール氏が発表した。研究室は博士課程の学生と協力する。", ["研究", "協力"], "学生"),
        ("研究室は誰に協力する？", "ニール氏が発表した。研究室は学生に協力する。", ["研究", "協力"], "学生"),
        # With the items listed before it by 、 (one of phrases joined by の), from the
        # list's start: not past a clause's comma (非営利団体で、).
        ("研究室は誰と協力する？", "ニール氏が発表した。研究室は非営利団体で、博士課程の学生、ポスドク、研究者と協力する。", ["研究", "協力"],
         "博士課程の学生、ポスドク、研究者"),
        # Only right before a word of the question: not past a quotation's closing bracket,
        # nor before another verb.
        ("マクロン氏は誰と述べた？", "ニール氏が発表した。彼は「規制」と述べた。", ["述べ"], "ニール氏"),
        ("研究室は誰と協力する？", "ニール氏が発表した。研究室は学生と会った。", ["研究"], "ニール氏"),
        # Not an amount or a date (研究室は2019年と協力する).
        ("研究室は誰と協力する？", "ニール氏が発表した。研究室は2019年と協力する。", ["研究", "協力"], "ニール氏"),
        # Not for 誰が or 〜したのは誰: the name from the sentence before (JSQuAD:
        # 百万塔陀羅尼を発願したのは誰か。 answered 年代 when が counted here).
        ("誰が陀羅尼を発願した？", "ヨンビ氏が願を立てた。これは陀羅尼で、寺が発願を記した。", ["陀羅尼", "発願"], "ヨンビ氏"),
        # Not when the answer sentence names a person itself (JSQuAD: ロマン主義は誰によって
        # 導入された？ answered ポルトガル when this counted there too).
        ("研究室は誰と協力する？", "研究室はペレス氏が率い、学生と協力する。", ["研究", "協力"], "ペレス氏"),
    ],
)
def test_who_with_is_answered_in_the_answer_sentence_before_a_name_elsewhere(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words) == expected


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        ("ミラーはその時どの大学にいましたか？", "1953年、ミラーは実験を行い、当時はシカゴ大学にいた。", ["ミラー", "実験"], "シカゴ大学"),
        ("指揮者になったのは何歳？", "マーラーは49歳でニューヨーク・フィルの指揮者になった。", ["指揮者"], "49歳"),
        # Not in the sentence holding the question's words: the next heaviest one.
        ("胚種が生命を形作る説を何説という？", "胚種が物質を組織して生命を形作る。これを胚種説と呼ぶ。", ["胚種", "生命", "形作る"], "胚種説"),
    ],
)
def test_phrase_ending_in_the_asked_noun_goes_first(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words) == expected


def test_typed_question_without_candidate_falls_back_to_sentence():
    answer, how = extract_answer("いつ？", AnswerType("date"), TEXT, [_span(TEXT, "原価")])
    assert (answer, how) == ("GPUは原価で提供される。", "sentence")


def test_an_amount_or_a_date_never_answers_who(tokenizer):
    # No name in the passage: a common noun may answer 誰, an amount never does.
    text = "キュタイは3億3000万ドルの予算を持つフランスのAI研究機関だ。"
    answer = _phrase_answer(tokenizer, "キュタイのCTOは誰？", text, ["キュタイ"])
    assert answer and not any(ch.isdigit() for ch in answer)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("「目標は速さではないと思います。理解です」と彼は述べた。", "目標は速さではないと思います。"),
        ("彼は述べた。目標は理解です」", "目標は理解です"),
        ("「目標は理解です」と述べた。", "「目標は理解です」と述べた。"),  # a whole quote stays
        ("『目標は速さではない。理解です』と彼は述べた。", "目標は速さではない。"),
    ],
)
def test_a_sentence_answer_drops_a_bracket_left_alone(text, expected):
    answer, how = extract_answer("いつ？", AnswerType("date"), text, [_span(text, "目標")])
    assert (answer, how) == (expected, "sentence")
    # A bracket alone is kept rather than nothing.
    assert extract_answer("いつ？", AnswerType("date"), "「", []) == ("「", "sentence")


def test_phrase_answer_uses_chunks_outside_the_question(tokenizer):
    text = "ヴァレオで以前勤務していたパトリック・ペレス氏が、この研究室の所長に就任します。"
    question = "研究室の所長に就任するのは？"
    spans = [_span(text, "研究"), _span(text, "所長"), _span(text, "就任")]
    answer, how = extract_answer(
        question, AnswerType("other"), text, spans,
        in_question=lambda s: s in question, chunks=tokenizer.noun_chunks(text),
    )
    assert how == "phrase"
    assert answer in text and answer not in question
    assert answer != text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("一文目。二文目！三文目", ["一文目。", "二文目！", "三文目"]),
        ("「本当？」と聞いた。", ["「本当？」", "と聞いた。"]),  # closing brackets stay with their sentence
        ("彼は言った。「目標は理解です。」", ["彼は言った。", "「目標は理解です。」"]),
        ("終わり。", ["終わり。"]),
        ("", []),
        ("。。", ["。", "。"]),
    ],
)
def test_split_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def _named_answer(tokenizer, question, text, words):
    """The short answer with the passage's named phrases given (answer.name_answers)."""
    spans = [_span(text, w) for w in words]
    return extract_answer(
        question, detect_answer_type(question), text, spans,
        in_question=lambda s: s in question, chunks=tokenizer.noun_chunks(text), named=tokenizer.named_chunks(text),
    )


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # A name without a title, which the person pattern (…氏) misses.
        ("白鳥の首フラスコの実験をしたのは誰？", "1861年、ルイ・パスツールは白鳥の首フラスコを用いた実験を行った。", ["白鳥", "首", "フラスコ", "実験"], "ルイ・パスツール"),
        ("ヨーロッパの印刷の中心はどこになった？", "その後、ヨーロッパの印刷の中心はヴェネツィアに移った。", ["ヨーロッパ", "印刷", "中心"], "ヴェネツィア"),
        # The place the question names is not its answer.
        ("オランダの南で接している国はどこ？", "オランダは南でベルギーと、東でドイツと接している。", ["オランダ", "南", "接し"], "ベルギー"),
        # The name without the words describing it (後年, 首都).
        ("故郷がない人間だと語ったのは誰？", "後年マーラーは、自分は故郷がない人間だと語った。", ["故郷", "人間", "語っ"], "マーラー"),
        ("コンゴ民主共和国の首都はどこ？", "コンゴ民主共和国の首都キンシャサは大河に面する。", ["コンゴ", "民主", "共和国", "首都"], "キンシャサ"),
    ],
)
def test_name_answers_person_and_place(tokenizer, question, text, words, expected):
    assert _named_answer(tokenizer, question, text, words) == (expected, detect_answer_type(question).kind)


def test_a_person_never_answers_where(tokenizer):
    """No place in the passage: the nearest phrase that is not a person answers
    (Where does Yann LeCun live? answered イェジン・チェ氏, the nearest phrase)."""
    text = "キュータイは著名なAI研究者であるイェジン・チェ氏、ヤン・ルカン氏、ベルンハルト・シェルコップ氏らによる科学顧問チームを編成しました。"
    # (The article does not say where he lives: what is pinned here is only that the
    # fallback is no person; abstaining needs a signal nobody has measured yet.)
    answer, how = _named_answer(tokenizer, "ルカン氏はどこに住んでいる？", text, ["ルカン", "氏"])
    assert how == "phrase" and answer in text
    assert not any(name in answer for name in ("チェ", "ルカン", "シェルコップ"))
    # Without UniDic's names (answer.name_answers: false), a titled name is still a person.
    text = "研究者であるイェジン・チェ氏、ヤン・ルカン氏が顧問を務める。"
    answer = _phrase_answer(tokenizer, "ルカン氏はどこに住んでいる？", text, ["ルカン", "氏"])
    assert answer in text and "氏" not in answer


def test_name_answers_from_the_sentence_before(tokenizer):
    # The answer sentence says 彼は; the name is in the sentence before.
    text = "ルイ・パスツールは化学者だった。彼は白鳥の首フラスコの実験を行った。"
    question = "白鳥の首フラスコの実験をしたのは誰？"
    assert _named_answer(tokenizer, question, text, ["白鳥", "首", "フラスコ", "実験"]) == ("ルイ・パスツール", "person")
    # Without named phrases the person question has no candidate of its type.
    assert extract_answer(question, AnswerType("person"), text, [_span(text, "実験")])[1] != "person"


def test_name_in_the_answer_sentence_comes_first(tokenizer):
    text = "ルイ・パスツールは化学者だった。白鳥の首フラスコの実験はロベルト・コッホが行った。"
    question = "白鳥の首フラスコの実験をしたのは誰？"
    assert _named_answer(tokenizer, question, text, ["白鳥", "首", "フラスコ", "実験"]) == ("ロベルト・コッホ", "person")


@pytest.mark.parametrize(
    "text, factor, expected",
    [
        # A term the passage quotes, or glosses in parentheses, beats a nearer phrase.
        ("北海道では初夏の低温を俗に「リラ冷え」と呼び、農家は警戒する。", 0.1, "リラ冷え"),
        ("北海道では初夏の低温を炭化水素（たんかすいそ）と呼び、農家は警戒する。", 0.1, "炭化水素"),
        # Factor 1: distance alone decides.
        ("北海道では初夏の低温を俗に「リラ冷え」と呼び、農家は警戒する。", 1.0, "俗"),
    ],
)
def test_set_off_phrase_factor(tokenizer, text, factor, expected):
    spans = [_span(text, "北海道"), _span(text, "初夏"), _span(text, "低温")]
    answer, how = extract_answer(
        "初夏の低温をどう言う？", AnswerType("other"), text, spans, chunks=tokenizer.noun_chunks(text), set_off_factor=factor,
    )
    assert (answer, how) == (expected, "phrase")


@pytest.mark.parametrize("factor, expected", [(0.3, "ビエンチャン"), (1.0, "中部")])
def test_katakana_latin_factor(tokenizer, factor, expected):
    # Below 1, a name in katakana beats a kanji noun a little nearer the question's words.
    text = "ラオスの首都は中部のビエンチャンだ。"
    question = "ラオスの首都は？"
    answer, _ = extract_answer(
        question, AnswerType("other"), text, [_span(text, "ラオス"), _span(text, "首都")],
        in_question=lambda s: s in question, chunks=tokenizer.noun_chunks(text), katakana_latin_factor=factor,
    )
    assert answer == expected


@pytest.mark.parametrize("bigram_weight, expected", [(1.0, "モジュール"), (0.0, "1998年")])
def test_sentence_bigram_weight_chooses_the_sentence(tokenizer, bigram_weight, expected):
    # 建設 weighs a little more than 使われ as a word, but the second sentence holds
    # most of the question's characters (国際宇宙ステーション).
    text = "建設は1998年に始まった。国際宇宙ステーションにはロシアのモジュールが使われた。"
    question = "国際宇宙ステーションの建設に使われたのは何？"
    spans = [_span(text, "建設", 1.0), _span(text, "使われ", 0.9)]
    answer, _ = extract_answer(
        question, AnswerType("other"), text, spans,
        in_question=lambda s: s in question, chunks=tokenizer.noun_chunks(text), sentence_bigram_weight=bigram_weight,
    )
    assert answer == expected


@pytest.mark.parametrize("factor, expected", [(0.1, "1億ユーロ"), (1.0, "3億ユーロ")])
def test_typed_sentence_factor(factor, expected):
    # 3億ユーロ is nearer the heavy word 資金, but the sentence holding most of the
    # question (サアデ氏, 投じ) gives 1億ユーロ.
    text = "資金は3億ユーロに達した。サアデ氏もこの計画に1億ユーロを投じた。"
    spans = [_span(text, "資金", 3.0), _span(text, "サアデ", 1.0), _span(text, "投じ", 1.0)]
    answer, how = extract_answer("サアデ氏はいくら資金を投じた？", AnswerType("money"), text, spans, typed_sentence_factor=factor)
    assert (answer, how) == (expected, "money")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ＡＢ１", {"ab", "b1"}),  # NFKC and lower case first
        ("a_b c", set()),  # the underscore and the space are not letters
        ("予算、3億", {"予算", "3億"}),  # no pair across punctuation
        ("x", set()),
    ],
)
def test_char_bigrams(text, expected):
    from retrieval.extract import _char_bigrams

    assert _char_bigrams(text) == expected


@pytest.mark.parametrize("skip, expected", [(True, "疫病"), (False, "えきびょう")])
def test_skip_readings(tokenizer, skip, expected):
    # The reading in parentheses sits right before 呼ぶ; the phrase it reads is the answer.
    text = "社会に大きな被害を及ぼす伝染病を疫病（えきびょう）と呼ぶ。"
    spans = [_span(text, w) for w in ("被害", "及ぼす", "伝染病", "呼ぶ")]
    answer, _ = extract_answer(
        "被害を及ぼす伝染病を何と呼ぶ？", AnswerType("other"), text, spans, chunks=tokenizer.noun_chunks(text), skip_readings=skip,
    )
    assert answer == expected


@pytest.mark.parametrize(
    "text, phrase, expected",
    [
        ("梅雨（つゆ、ばいう）は", "ばいう", True),  # several readings
        ("疫病（えきびょう）", "えきびょう", True),
        ("疫病 （えきびょう）", "えきびょう", False),  # not right after a phrase
        ("国連（こくれん）の本部（ニューヨーク）", "ニューヨーク", False),  # katakana: a gloss, not a reading
        ("疫病（えきびょう）は伝染病", "伝染病", False),  # after the parenthesis
        ("。（えきびょう）", "えきびょう", False),  # after punctuation, not a word
        ("疫病（えきびょう)", "えきびょう", False),  # brackets that do not pair
    ],
)
def test_is_reading(text, phrase, expected):
    from retrieval.extract import _is_reading

    start = text.index(phrase)
    assert _is_reading(text, start, start + len(phrase)) is expected


@pytest.mark.parametrize(
    "question, kind, text, words, skip, expected",
    [
        # A conversion in parentheses sits nearer the verb; the amount before it is the answer.
        ("ニール氏はいくら投じた？", AnswerType("money"), "ニール氏は1億ユーロ(現在の為替レートで1億900万ドル)を投じた。", ("投じ",), True, "1億ユーロ"),
        ("ニール氏はいくら投じた？", AnswerType("money"), "ニール氏は1億ユーロ(現在の為替レートで1億900万ドル)を投じた。", ("投じ",), False, "1億900万ドル"),
        # Of two years, the Western calendar's, inside or outside the parenthesis.
        ("選挙はいつ行われた？", AnswerType("date"), "選挙は1993年（平成5年）に行われた。", ("行われ",), True, "1993年"),
        ("選挙はいつ行われた？", AnswerType("date"), "選挙は1993年（平成5年）に行われた。", ("行われ",), False, "平成5年"),
        ("制度が敷かれたのは西暦何年？", AnswerType("date", "年"), "宝暦13年（1763年）に制度が敷かれた。", ("宝暦",), True, "1763年"),
        ("制度が敷かれたのは西暦何年？", AnswerType("date", "年"), "宝暦13年（1763年）に制度が敷かれた。", ("宝暦",), False, "13年"),
        # A parenthesis not right after a candidate restates nothing.
        ("いくら集めた？", AnswerType("money"), "5万ドルを集めた（目標は10万ドル）。", ("集め",), True, "5万ドル"),
        # A parenthesis holding the question's word is what is asked, not a restatement.
        ("海外売上高はいくら？", AnswerType("money"), "売上高は100億円（うち海外売上高40億円）だった。", ("海外売上高",), True, "40億円"),
        ("外国人は何人？", AnswerType("count", "人"), "人口は約120万人（うち外国人は3万人）である。", ("外国人",), True, "3万人"),
        # An era's year when the question asks one; a Western year in kanji numerals is one.
        ("平成何年に改正された？", AnswerType("date", "年"), "2009年（平成21年）に改正された。", ("改正",), True, "平成21年"),
        ("西暦何年に改正された？", AnswerType("date", "年"), "平成二十一年（二〇〇九年）に改正された。", ("改正",), True, "二〇〇九年"),
    ],
)
def test_skip_restatements(question, kind, text, words, skip, expected):
    spans = [_span(text, w) for w in words]
    answer, _ = extract_answer(question, kind, text, spans, skip_restatements=skip)
    assert answer == expected


def test_a_question_word_inside_a_candidate_does_not_make_the_parenthesis_asked():
    """〜した年は matches the 年 of 1977年 inside 昭和52年（1977年）: that word belongs to
    the candidate, so the parenthesis is still a restatement (and the Western year wins)."""
    text = "制度が復活したのは昭和52年（1977年）である。"
    inner_year = text.index("年）")
    # 年 weighs little (a common word): without the rule, 52年 next to 復活 would win.
    spans = [(inner_year, inner_year + 1, 0.01), _span(text, "制度"), _span(text, "復活")]
    answer, _ = extract_answer("制度が復活した年は？", AnswerType("date", "年"), text, spans)
    assert answer == "1977年"


def _all_spans(text, words):
    """Every occurrence of each word, as the engine marks the question's words."""
    out = []
    for word in words:
        start = text.find(word)
        while start >= 0:
            out.append((start, start + len(word), 1.0))
            start = text.find(word, start + 1)
    return sorted(out)


@pytest.mark.parametrize(
    "question, kind, text, words, expected",
    [
        # The total's own noun repeated inside a breakdown does not make it asked.
        ("売上高はいくら？", AnswerType("money"), "売上高は100億円（うち海外売上高40億円）だった。", ("売上高",), "100億円"),
        ("人口は何人？", AnswerType("count", "人"), "人口は約120万人（うち外国人は3万人）である。", ("人口", "人"), "約120万人"),
        # Of a Western and an era year the question decides, whatever words it shares.
        ("平成の大合併が始まったのは何年？", AnswerType("date", "年"), "平成の大合併は1999年（平成11年）に始まった。", ("平成", "合併", "始まっ"), "1999年"),
        ("平成の大合併が始まったのは平成何年？", AnswerType("date", "年"), "平成の大合併は1999年（平成11年）に始まった。", ("平成", "合併", "始まっ"), "平成11年"),
        ("開業したのは戦後何年？", AnswerType("date", "年"), "駅は1953年（昭和28年）に開業した。", ("開業",), "1953年"),  # 戦後 is no era
        # Asked in the inner amount's unit, the inner amount.
        ("予算はドルでいくら？", AnswerType("money"), "予算は1億ユーロ（現在の為替レートで1億900万ドル）である。", ("予算", "ドル"), "1億900万ドル"),
        # Nested brackets close where they close; a space may come before the bracket.
        ("寄付はいくら？", AnswerType("money"), "総額は10億円（うち5億円（約450万ドル）は寄付）であった。", ("寄付",), "5億円"),
        ("いくら投じた？", AnswerType("money"), "ニール氏は1億ユーロ (約1億900万ドル) を投じた。", ("投じ",), "1億ユーロ"),
        # The asked word named again in another sentence still leaves the breakdown asked.
        ("国費はいくら？", AnswerType("money"), "工事費は50億円（うち国費30億円）であった。国費の支出は議論を呼んだ。", ("国費",), "30億円"),
        # A sentence ends at ！ or ？ too (as split_sentences cuts), not only at 。.
        ("国費はいくら？", AnswerType("money"), "国費の支出は議論を呼んだ！工事費は50億円（うち国費30億円）であった。", ("国費",), "30億円"),
        # An era asked by name: the text's era year of that name (宝暦, not only 明治…令和).
        ("この寺は宝暦何年に再建された？", AnswerType("date", "年"), "この寺は1763年（宝暦13年）に再建された。", ("寺", "再建"), "13年"),
        ("和暦で何年に再建された？", AnswerType("date", "年"), "この寺は1763年（宝暦13年）に再建された。", ("再建",), "13年"),
    ],
)
def test_restatements_with_every_occurrence_of_the_question_words(question, kind, text, words, expected):
    answer, _ = extract_answer(question, kind, text, _all_spans(text, words))
    assert answer == expected



@pytest.mark.parametrize(
    "question, kind, text, names, skip, expected",
    [
        # A place restated in parentheses (the old name) is no answer; without the rule it is the nearest.
        ("工場はどこにある？", AnswerType("place"), "工場は大阪市（旧堺市）にある。", ("大阪市", "堺市"), True, "大阪市"),
        ("工場はどこにある？", AnswerType("place"), "工場は大阪市（旧堺市）にある。", ("大阪市", "堺市"), False, "堺市"),
    ],
)
def test_restatements_cover_places(question, kind, text, names, skip, expected):
    named = [(text.index(n), text.index(n) + len(n), kind.kind) for n in names]
    answer, _ = extract_answer(question, kind, text, [_span(text, "ある")], named=named, skip_restatements=skip)
    assert answer == expected


def test_restatements_leave_persons_alone():
    """A person in parentheses is another person (前会長は…), not a restatement: 誰 is
    answered the same with the rule on or off."""
    text = "会長は山田太郎氏（前会長は鈴木一郎氏）である。"
    named = [(text.index(n), text.index(n) + len(n), "person") for n in ("山田太郎", "鈴木一郎")]
    on, off = (
        extract_answer("会長は誰？", AnswerType("person"), text, [_span(text, "である")], named=named, skip_restatements=skip)[0]
        for skip in (True, False)
    )
    assert on == off


@pytest.mark.parametrize(
    "text, name, expected",
    [
        # The phrase before the name; である and the particle go.
        ("今朝、フランスの億万長者で Iliad の CEO である Xavier Niel 氏が発表した。", "Xavier Niel 氏", "フランスの億万長者で Iliad の CEO"),
        # Set off by a comma before the name.
        ("中には、CMA CGMのCEOであるもう一人の億万長者、ロドルフ・サアデ氏も含まれる。", "ロドルフ・サアデ氏", "CMA CGMのCEOであるもう一人の億万長者"),
        # In a list of names: the phrase before the first, after the clause's topic.
        ("また、キュータイは著名なAI研究者であるイェジン・チェ氏、ヤン・ルカン氏らを迎えた。", "ヤン・ルカン氏", "著名なAI研究者"),
        # A phrase ending in の takes the name's post; a quotation's と is the quotation's.
        ("「必要がある」とフランスのエマニュエル・マクロン大統領は述べた。", "エマニュエル・マクロン大統領", "フランスの大統領"),
        ("ヴァレオで以前勤務していたパトリック・ペレス氏が所長に就任します。", "パトリック・ペレス氏", "ヴァレオで以前勤務していた"),
        # Nothing describes: an adverb, a time, a quotation, a list with nothing before it.
        ("しかし、2019年にサム・アルトマン氏が働き始めた。", "サム・アルトマン氏", None),
        ("しかし、ニール氏は述べた。", "ニール氏", None),
        ("「本日ここに」とニール氏は会議で述べた。", "ニール氏", None),
        ("今朝は、パトリック・ペレス氏、エドゥアール・グラーヴ氏の2名が登壇した。", "エドゥアール・グラーヴ氏", None),
        # A sentence opening with the name defines it (Wikipedia's first sentence).
        ("グスタフ・マーラー（1860年 - 1911年）は、主にウィーンで活躍した作曲家、指揮者。", "グスタフ・マーラー", "主にウィーンで活躍した作曲家、指揮者"),
        ("ニール氏は記者会見で、フランスの立場を支持した。", "ニール氏", None),  # what he did, no definition
    ],
)
def test_describe_a_named_person(text, name, expected):
    from retrieval.answer_types import POSTS
    from retrieval.extract import describe

    start = text.index(name)
    assert describe(text, start, start + len(name), posts=POSTS) == expected


def test_a_phrase_set_off_by_a_comma_describes_only_if_it_is_a_noun_phrase():
    """一方、 ends on a kanji but is an adverbial noun, no noun phrase of the text; a
    time (今朝、, 9月25日、) is never a description."""
    from retrieval.extract import describe

    text = "一方、ニール氏は述べた。"
    start = text.index("ニール氏")
    assert describe(text, start, start + 4, noun_ends=set()) is None
    assert describe(text, start, start + 4, noun_ends={2}) == "一方"  # were it one
    for when in ("今朝", "解散直前の9月25日"):
        text = f"{when}、ニール氏は述べた。"
        start = text.index("ニール氏")
        assert describe(text, start, start + 4, noun_ends={len(when)}) is None


def test_the_phrase_right_before_the_name_must_end_a_noun_phrase():
    """一方で ヨハネス・グーテンベルクは…: 一方 (an adverbial noun, no phrase of its own) is no description."""
    from retrieval.extract import describe

    text = "一方でヨハネス・グーテンベルクは印刷を始めた。"
    start = text.index("ヨハネス")
    assert describe(text, start, start + 11, noun_ends=set()) is None
    assert describe(text, start, start + 11, noun_ends={2}) == "一方"


@pytest.mark.parametrize(
    "text, name, expected",
    [
        # A name glossing a term in parentheses: the term.
        ("フランスは、三国間協議(トリローグ)を通じてAI法の骨抜きに取り組んできた。", "トリローグ", "三国間協議"),
        # A name spelt out in a parenthesis after it: the parenthesis.
        ("2002年に開催されたFIFA（国際サッカー連盟）主催の大会。", "FIFA", "国際サッカー連盟"),
        # Not years, nor a reading in hiragana.
        ("グスタフ・マーラー（1860年 - 1911年）は、主にウィーンで活躍した作曲家。", "グスタフ・マーラー", "主にウィーンで活躍した作曲家"),
        ("疫病（えきびょう）は広がった。", "疫病", None),
    ],
)
def test_a_parenthesis_glossing_the_name_describes_it(text, name, expected):
    from retrieval.extract import describe

    start = text.index(name)
    assert describe(text, start, start + len(name), person=False) == expected


def test_a_parenthesis_after_a_persons_name_does_not_describe_them():
    from retrieval.extract import describe

    text = "しかし、マクロン大統領（当時）は述べた。"
    start = text.index("マクロン大統領")
    assert describe(text, start, start + 7, person=False) == "当時"  # were it no person's
    assert describe(text, start, start + 7) is None


def test_what_is_no_person_is_described_only_by_a_copula():
    """Of a company, only …である names what it is; 億万長者で Iliad の CEO says nothing of Iliad."""
    from retrieval.extract import describe

    text = "Iliadのクラウド部門であるScalewayが、フランスの億万長者で Iliad の CEO である人と組んだ。"
    scaleway, iliad = text.index("Scaleway"), text.index("Iliad の")
    assert describe(text, scaleway, scaleway + 8, person=False) == "Iliadのクラウド部門"
    assert describe(text, iliad, iliad + 5, person=False) is None
    assert describe(text, iliad, iliad + 5) == "フランスの億万長者"  # were it a person


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # The passage says one of the two answers offered.
        ("オランダは対日貿易では赤字か黒字か？", "オランダの対日貿易は赤字である。輸出額は増えた。", ["対日貿易"], "赤字"),
        ("夏は北陸よりも長い？短い？", "近畿の夏は北陸よりも長い。", ["北陸"], "長い"),
        ("補欠選挙で共産党は落選したか、当選したか", "補欠選挙では共産党は落選した。", ["補欠選挙"], "落選した"),
        ("キュタイは営利団体ですか、それとも非営利団体ですか？", "キュタイは民間資金による非営利団体で、AGIを研究する。", ["キュタイ"], "非営利団体"),
        ("上級と下級、どっちが強い？", "上級の方が下位より強い。", ["強い"], "上級"),
        ("ペレス氏とルカン氏、所長になるのはどっち？", "ルカン氏らが顧問になる。所長にはペレス氏が就任する。", ["所長"], "ペレス氏"),
        # The sentence must hold what one of them is asked to be (所長), not only a word
        # of the question: the one on CMA CGM's CEO does not say who is Iliad's.
        ("サアデ氏とニール氏のうち、IliadのCEOはどっち？", "サアデ氏はCMA CGMのCEOだ。ニール氏は億万長者だ。", ["CEO"], "CMA CGM"),
        # A shared start (見られ) is not enough: the one said in full answers.
        ("復党の動きは見られるか、見られないか。", "集団的な復党の動きは見られない。", ["復党"], "見られない"),
        # The answer sentence first; else another sentence holding a word of the question.
        ("ウィキデータの利用料金は無料か有料か", "ウィキデータの利用は誰でもできる。料金は無料である。", ["ウィキデータ", "利用", "料金"], "無料"),
        ("ウィキデータは無料か有料か", "ウィキデータは無料である。別の辞書は有料である。", ["ウィキデータ"], "無料"),
        # The answers end and start at particles, the topic before them is none of them.
        ("ニール氏は1億ユーロか、それとも2億ユーロを出資したか？", "ニール氏は1億ユーロを出資した。", ["ニール"], "1億ユーロ"),
        ("ペレス氏はヴァレオか、それともグーグルで勤務していたか？", "ペレス氏は以前ヴァレオで勤務していた。", ["ペレス"], "ヴァレオ"),
        # A shared ending from の on is left out; AかBですか.
        ("キュタイはフランスの研究機関か、アメリカの研究機関か？", "キュタイはフランスのAI研究機関だ。", ["キュタイ"], "フランス"),
        ("キュタイはパリかロンドンですか", "キュタイはパリに拠点を置く。", ["キュタイ"], "パリ"),
        # Only an ending in kana may be left unsaid.
        ("政府の主張は正当なものだとしている？不当なものだとしている？", "党は政府の主張は正当なものと認めた。", ["政府"], "正当なもの"),
    ],
)
def test_a_question_offering_two_answers_is_answered_with_the_one_said(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words) == expected


@pytest.mark.parametrize(
    "question, text, words",
    [
        # Both said in the answer sentence: no choice is made (the nearest phrase
        # answers instead), not even from a later sentence saying one.
        ("指数は高いか低いか。", "指数は高い年も低い年もある。平均は低い。", ["指数"]),
        # 〜か否か and a question word offer no two answers.
        ("否定できるか否か。", "否定できない。", ["否定"]),
        ("何の貿易が赤字か黒字か", "対日貿易は赤字である。", ["貿易"]),
        # Said only in a sentence holding no word of the question, or as part of a word.
        ("ニール氏とサアデ氏、どっちが先に発表した？", "発表は今朝だった。会見でサアデ氏は述べた。", ["発表"]),
        ("キュタイはまさか、営利団体ですか？", "キュタイは非営利団体だ。", ["キュタイ"]),
        ("ニール氏はCEOですか？キュタイの所長ですか？", "キュタイは新しい。", ["キュタイ"]),
        # An instruction after the question offers nothing; nor does どっちにも.
        ("ペレス氏の前職は？会社名で答えよ", "ペレス氏の前職はヴァレオ。会社名は長い。", ["ペレス"]),
        ("フランスとアメリカ、どっちにも拠点がある？", "フランスに拠点がある。", ["拠点"]),
        ("何章から何章に描かれていますか？", "6章から9章に描かれている。", ["描か"]),
    ],
)
def test_no_choice_is_made_when_the_question_offers_none_or_the_passage_says_both(tokenizer, question, text, words):
    assert _phrase_answer(tokenizer, question, text, words) == _phrase_answer(tokenizer, question, text, words, choice_answers=False)


def test_choice_answers_off_answers_as_any_other_question(tokenizer):
    question, text, words = "オランダは対日貿易では赤字か黒字か？", "オランダの対日貿易は赤字である。", ["対日貿易"]
    assert _phrase_answer(tokenizer, question, text, words) == "赤字"
    assert _phrase_answer(tokenizer, question, text, words, choice_answers=False) != "赤字"


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # The last clause holding a word of the question says the yes or no, even when
        # an earlier clause holds more of them.
        ("梅雨前線が停滞したまま立秋を過ぎると、梅雨明けの発表はされるか",
         "ただし、梅雨前線が停滞したまま立秋を過ぎると、梅雨明けの発表はされない。", ["梅雨前線", "立秋", "梅雨明け"], "梅雨明けの発表はされない"),
        ("キュタイは非営利団体ですか？", "Kyutaiと呼ばれる研究室は、民間資金による非営利団体で、AGIの研究に取り組む。", ["非営利団体"], "民間資金による非営利団体で"),
        # A quote's commas and a digit comma cut no clause.
        ("ニール氏はオープンソースを信じている？", "「私は、オープンソースを信じている」とニール氏は述べた。", ["オープンソース"], "「私は、オープンソースを信じている」とニール氏は述べた"),
        ("GPUを1,000基買った？", "同社は、GPUを1,000基導入した。", ["GPU"], "GPUを1,000基導入した"),
        # A list item cut at its 、 drops the や; a quote cut at its 。, its bracket.
        ("シュミット氏の財団って関わってる？", "他にも、シュミット氏の財団や、匿名の寄付者もいる。", ["財団"], "シュミット氏の財団"),
        ("規制はイノベーションの敵ですか？", "「規制はイノベーションの敵ではありません。技術は別だ」と彼は述べた。", ["規制", "敵"],
         "規制はイノベーションの敵ではありません"),
    ],
)
def test_a_yes_or_no_question_is_answered_with_the_clause_saying_it(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words) == expected


@pytest.mark.parametrize(
    "question",
    [
        "キュタイの予算は？",  # ends on a topic
        "誰が寄付した？",  # a question word
        "政党の名称を答えなさい。",  # an imperative asks for something
        "ヒット作の1つ",  # no predicate
        "プログラムも出すの？",  # の often asks what (gold: トレーニングソースコード)
    ],
)
def test_questions_not_asking_yes_or_no_get_no_clause(tokenizer, question):
    text = "キュタイの予算は3億ドルで、寄付したのはニール氏、政党の名称はない。プログラムも出す。ヒット作の1つ。"
    words = [w for w in ("予算", "寄付", "名称", "プログラム", "ヒット作") if w in question]
    spans = [_span(text, w) for w in words]
    kind = detect_answer_type(question)
    on = extract_answer(question, kind, text, spans, chunks=tokenizer.noun_chunks(text))
    off = extract_answer(question, kind, text, spans, chunks=tokenizer.noun_chunks(text), yes_no_clauses=False)
    assert on == off


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # The words joining the two names, with the rest of a word (部門) or a title.
        ("FAIRとMetaの関係は？", "彼らはMetaのAI研究チームFAIR、GoogleのDeepMind部門で働いていた。", ["FAIR", "Meta"], "MetaのAI研究チームFAIR"),
        ("DeepMindとGoogleの関係は？", "彼らはMetaのAI研究チームFAIR、GoogleのDeepMind部門で働いていた。", ["DeepMind", "Google"],
         "GoogleのDeepMind部門"),
        ("Mazaré氏とKyutaiの関係は？", "Kyutai チームの研究者である Mazaré 氏は述べた。", ["Kyutai", "Mazaré"], "Kyutai チームの研究者である Mazaré 氏"),
        # Across a clause when the first name is its topic, with a short predicate after.
        ("OpenAIとMicrosoftの関係は？", "OpenAIは企業組織へと移行し、Microsoftから資金を調達しました。", ["OpenAI", "Microsoft"],
         "OpenAIは企業組織へと移行し、Microsoftから資金を調達しました"),
        # A comma of apposition joins them too.
        ("サアデ氏とCMA CGMの関係は？", "CMA CGMのCEOである億万長者、サアデ氏も含まれる。", ["CMA", "サアデ"], "CMA CGMのCEOである億万長者、サアデ氏"),
    ],
)
def test_a_relation_question_is_answered_with_the_words_joining_the_two(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words) == expected
    assert _phrase_answer(tokenizer, question, text, words, relation_answers=False) != expected


@pytest.mark.parametrize(
    "question, text, words",
    [
        # The names in two clauses (a comma after kana), the first no topic: no relation said.
        ("IliadとScalewayの関係は？", "Scaleway の会議で、億万長者で Iliad の CEO が発表した。", ["Iliad", "Scaleway"]),
        # Too far apart; one name missing.
        ("IliadとScalewayの関係は？", "Iliad" + "の研究" * 30 + "Scalewayが発表した。", ["Iliad", "Scaleway"]),
        ("IliadとGoogleの関係は？", "Iliadのクラウド部門であるScalewayが発表した。", ["Iliad"]),
    ],
)
def test_no_relation_answer_without_both_names_in_one_clause(tokenizer, question, text, words):
    assert _phrase_answer(tokenizer, question, text, words) == _phrase_answer(tokenizer, question, text, words, relation_answers=False)


def test_who_with_no_name_is_answered_by_a_noun_for_people(tokenizer):
    # No name in the passage: a noun for people answers 誰 before a nearer noun.
    text = "Kyutaiのモデルもオープンソース化されますが、研究者たちは自らの研究をオープンサイエンスと位置付けています。"
    question = "「オープンサイエンス」と位置付けているのは誰？"
    assert _phrase_answer(tokenizer, question, text, ["オープンサイエンス", "位置付け"]) == "研究者たち"
    # Another question keeps the nearest phrase.
    assert _phrase_answer(tokenizer, "「オープンサイエンス」と位置付けているのは何？", text, ["オープンサイエンス", "位置付け"]) != "研究者たち"


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # What the sentence predicates of the question's word before どう, up to the comma.
        ("規制は欧州の新規参入者にどう影響する？", "彼によると、規制はヨーロッパの新規参入者の足かせとなり、追いつく可能性を低下させる。",
         ["規制", "新規参入者"], "足かせとなり"),
        ("台風は地上付近では周囲から空気をどうするか", "台風は地上付近では周囲から空気を吸い上げる。", ["台風", "空気"], "吸い上げる"),
        ("シベリア気団はどのように変化するか？", "春が近づくにつれ、シベリア気団は勢力が弱くなり、次第に北上していく。", ["シベリア気団"], "勢力が弱くなり"),
        # A compound particle; a connective ending (し, ため, であり, が) is left off.
        ("ヨーロッパはAIイノベーションでどうなっている？", "ヨーロッパはAIイノベーションにおいて遅れをとっており、規制は足かせとなる。",
         ["ヨーロッパ", "AIイノベーション"], "遅れをとっており"),
        ("7月に入ると東北地方はどうなる", "7月に入ると東北地方は本格的に梅雨入りし、雨が続く。", ["東北地方"], "本格的に梅雨入り"),
        ("契約アナウンサーはどうなったか", "2017年3月までに契約アナウンサーはすべて退社したため、4月から社員が担当した。", ["契約アナウンサー"], "すべて退社した"),
        ("埋蔵量はどう報告されている？", "埋蔵量は各国の自己申告であり、信頼性は低い。", ["埋蔵量"], "各国の自己申告"),
        # A subordinate clause is no predicate: on to the next comma.
        ("OpenAIは2019年にどうなった？", "しかし、2019年にアルトマン氏が働きを始めてから、状況は劇的に変化しました。", ["2019年"],
         "アルトマン氏が働きを始めてから、状況は劇的に変化しました"),
        ("OpenAIはどのように始まった？", "OpenAIは、その名前が示すように、非営利団体としてスタートしました。", ["OpenAI"],
         "その名前が示すように、非営利団体としてスタートしました"),
        # The word marked by a particle before the word modifying a noun, though earlier.
        ("モデルはどう公開される？", "Kyutaiのモデルもオープンソース化されますが、これらのモデルの説明も出る。", ["モデル"], "オープンソース化されます"),
    ],
)
def test_a_how_question_is_answered_with_the_predicate_of_its_word(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words) == expected
    assert _phrase_answer(tokenizer, question, text, words, how_predicates=False) != expected


@pytest.mark.parametrize(
    "question, text, words",
    [
        # どう of naming asks for a word; どうして, どういう, どうやって, かどうか ask no how.
        ("その建築家はどのように呼ばれているか？", "その建築家はアンビルト・アーキテクトと呼ばれている。", ["建築家"]),
        ("初夏の低温はどう言う？", "北海道では初夏の低温は俗にリラ冷えと言う。", ["初夏", "低温"]),
        ("この組織はどういう団体？", "この組織は非営利団体で、研究を行う。", ["組織"]),
        ("研究所はどうやって資金を集めた？", "研究所は寄付で資金を集めた。", ["研究所", "資金"]),
        ("論文は公開されるかどうか", "論文は公開される予定だ。", ["論文"]),
        # Another question word after it asks the question (何と呼ぶ).
        ("どの項目を、どのように確認する表を何と呼ぶ？", "項目を確認する表はコントロールプランと呼ぶ。", ["項目", "確認"]),
        # どう starting a word (導入, 道具) asks no how.
        ("ScalewayはGPUをどうにゅうした？", "ScalewayはGPUを1000基導入しました。", ["Scaleway", "GPU"]),
        # The word describing a noun (での, に関する), inside a longer word or a parenthesis;
        # what follows ending on a particle is no predicate.
        ("ペレス氏は研究室でどうなる？", "ペレス氏は研究室での展望について語りました。", ["ペレス", "研究室"]),
        ("AI法はどうなった？", "大統領は欧州AI法に関するフランスの立場を明確にした。", ["AI", "法"]),
        ("為替レートでどうする？", "ニール氏は1億ユーロ(現在の為替レートで1億900万ドル)を投じると発表した。", ["為替", "レート"]),
        ("研究室はどうなる？", "研究者を研究室に招き入れることができると考える理由の 1 つは、論文だ。", ["研究室"]),
        # The word is in the sentence with no particle after it; the passage asks a how itself.
        ("研究成果はどう扱われる？", "研究成果を商業用途にどのように活用していくのかも興味深い。", ["研究成果"]),
        ("規制はどうあるべき？", "規制されるべきはユースケースである。", ["規制"]),
    ],
)
def test_no_predicate_answer_without_a_how_of_a_word_the_sentence_marks(tokenizer, question, text, words):
    assert _phrase_answer(tokenizer, question, text, words) == _phrase_answer(tokenizer, question, text, words, how_predicates=False)


@pytest.mark.parametrize(
    "question, expected",
    [
        ("オランダは対日貿易では赤字か黒字か？", ("赤字", "黒字")),
        # A shared ending from a particle or の on is no part of either answer.
        ("フランスはイノベーションに注力しているか、規制に注力しているか", ("イノベーション", "規制")),
        ("キュタイはパリにありますか、ロンドンにありますか？", ("パリ", "ロンドン")),
        ("赤字が多いか、黒字が多いか", ("赤字", "黒字")),
        ("キュタイはフランスの研究機関か、アメリカの研究機関か？", ("フランス", "アメリカ")),
        ("政府の主張は正当なものだとしている？不当なものだとしている？", ("正当なものだとしている", "不当なものだとしている")),
        # Particles (って, として, において) start the first; no word is cut in half.
        ("予算は3億3000万ドルか、それとも1億ドルか？", ("3億3000万ドル", "1億ドル")),
        ("キュタイってオープンソース？それともクローズド？", ("オープンソース", "クローズド")),
        ("高速道路網は原則として有料か無料か。", ("有料", "無料")),
        ("管理売春はオランダにおいて合法ですか？違法ですか？", ("合法", "違法")),
        # なの / です end an answer without being part of it; それとも with no comma; のどちら.
        ("キュタイはオープンソースなのか、クローズドなのか", ("オープンソース", "クローズド")),
        ("パリですかロンドンですか", ("パリ", "ロンドン")),
        ("キュタイは1億ユーロかそれとも2億ユーロか", ("1億ユーロ", "2億ユーロ")),
        ("ニール氏とサアデ氏のどちらが先に発表した？", ("ニール氏", "サアデ氏")),
        # The two first, then what one of them is: AとB(のうち)、…はどっち.
        ("ペレス氏とルカン氏、所長になるのはどっち？", ("ペレス氏", "ルカン氏")),
        ("サアデ氏とニール氏のうち、CMA CGMのCEOはどっち？", ("サアデ氏", "ニール氏")),
        ("東京と大阪では、人口が多いのはどちらですか", ("東京", "大阪")),
        ("東京と大阪、どちらにも支社がある？", None),  # どちらにも: both, no choice
        # A second question with its own subject offers no second answer.
        ("キュタイは非営利団体ですか？ニール氏は出資した？", None),
        ("ペレス氏の前職は？会社名で答えよ", None),
        ("何か、あるか？", None),
    ],
)
def test_alternatives_offered(question, expected):
    assert _alternatives(question) == expected


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # A word saying the number is approximate is part of the answer...
        ("党員数は何人か。", "党員は約28万人いる。", ["党員"], "約28万人"),
        ("税収額はいくら？", "税収はおよそ4兆円だった。", ["税収"], "およそ4兆円"),
        ("税収額はいくら？", "税収はおおよそ4兆円だった。", ["税収"], "おおよそ4兆円"),
        # ...also when the question says it; not the end of a word (予約, 契約).
        ("従来の約何倍か。", "議席は従来の約9倍になった。", ["従来"], "約9倍"),
        ("何件受け付けた？", "キュタイは予約300件を受け付けた。", ["受け付け"], "300件"),
        ("契約金はいくら？", "契約金は約5億円だった。", ["契約"], "約5億円"),
        ("党員数は何人か。", "党員は現在約28万人いる。", ["党員"], "約28万人"),
        ("党員数は何人か。", "28万人の党員がいる。", ["党員"], "28万人"),
    ],
)
def test_an_approximate_amount_or_count_keeps_its_approximation(question, text, words, expected):
    spans = [_span(text, w) for w in words]
    assert extract_answer(question, detect_answer_type(question), text, spans)[0] == expected


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # One of a list of people answers 誰 with the whole list...
        ("科学顧問には誰がいる？", "イェジン・チェ氏、ヤン・ルカン氏、ベルンハルト・シェルコップ氏らによる科学顧問チームを編成した。",
         ["科学顧問"], "イェジン・チェ氏、ヤン・ルカン氏、ベルンハルト・シェルコップ氏"),
        ("登壇したのは誰？", "ペレス氏、グラーヴ氏、そしてデフォッセ氏が登壇した。", ["登壇"], "ペレス氏、グラーヴ氏、そしてデフォッセ氏"),
        ("口論になったのは誰と誰？", "マーラーはシェーンベルク氏とツェムリンスキー氏と口論になった。", ["口論"], "シェーンベルク氏とツェムリンスキー氏"),
        # ...less a person the question names.
        ("ルカン氏と一緒に顧問になったのは誰？", "チェ氏、ルカン氏、シェルコップ氏が顧問になった。", ["顧問"], "チェ氏、シェルコップ氏"),
        # A person alone answers alone.
        ("所長は誰？", "ペレス氏が所長に就任する。ルカン氏は顧問だ。", ["所長"], "ペレス氏"),
    ],
)
def test_a_person_of_a_list_answers_with_the_list(question, text, words, expected):
    spans = [_span(text, w) for w in words]
    in_question = lambda phrase: phrase in question  # noqa: E731
    kind = detect_answer_type(question)
    assert extract_answer(question, kind, text, spans, in_question=in_question)[0] == expected
    off = extract_answer(question, kind, text, spans, in_question=in_question, person_lists=False)[0]
    assert off in expected and ("、" not in off and "と" not in off)



@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # No words quoted in 「」: what the sentence reports as said, after the speaker,
        # whole (cut at its 、 it would say the opposite).
        ("マザレ氏はどう評価した？", "マザレ氏は、多くの人が使っているため、そのモデルは成功であると述べています。", ["マザレ"],
         "多くの人が使っているため、そのモデルは成功である"),
        ("大統領は法をどう見ている？", "大統領は法について、規制されるべきは用途であり、開発者ではないと主張した。", ["大統領", "法"],
         "法について、規制されるべきは用途であり、開発者ではない"),
        # Quoted words come first.
        ("ニール氏は何と述べた？", "「規制は障壁だ」とニール氏は述べ、投資は重要だと語った。", ["ニール"], "規制は障壁だ"),
        # With no verb of saying: what follows によると, less its hearsay ending.
        ("ニール氏は欧州のAIをどう考えている？", "ニール氏は会見に出た。彼によると、欧州はAIで遅れをとっており、規制は足かせとなるだろうという。",
         ["ニール", "欧州", "AI"], "欧州はAIで遅れをとっており、規制は足かせとなる"),
        ("彼はどう見ている？", "同氏によれば、市場は伸びるとのことだ。", ["同氏"], "市場は伸びる"),
    ],
)
def test_a_quote_question_without_quotes_is_answered_by_the_reported_clause(question, text, words, expected):
    spans = [_span(text, w) for w in words]
    assert extract_answer(question, detect_answer_type(question), text, spans)[0] == expected


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("FAIRはどこのチーム？", "彼らはMetaのAI研究チームFAIR、GoogleのDeepMind部門などで勤務していた。", "Meta"),
        ("DeepMindってどこの会社の部門？", "彼らはMetaのAI研究チームFAIR、GoogleのDeepMind部門などで勤務していた。", "Google"),
    ],
)
def test_whose_a_thing_is_answered_with_its_owner(tokenizer, question, text, expected):
    words = [w for w in ("FAIR", "DeepMind", "部門", "チーム") if w in question and w in text]
    assert _phrase_answer(tokenizer, question, text, words) == expected
    assert _phrase_answer(tokenizer, question, text, words, possessor_answers=False) != expected


def test_the_owner_is_the_nearest_and_nothing_parts_them(tokenizer):
    from retrieval.extract import _possessor

    text = "他にもMetaのLlamaモデルやMistral AIなどがある。研究所の所長はGoogleのFAIRチームにいた。"
    chunks = tokenizer.noun_chunks(text)
    assert _possessor("Mistral AIはどこの企業？", text, chunks, lambda s: False) is None  # や parts them
    assert _possessor("FAIRはどこのチーム？", text, chunks, lambda s: False) == "Google"  # the nearest の
    assert _possessor("AIRはどこのチーム？", text, chunks, lambda s: False) is None  # inside FAIR


@pytest.mark.parametrize(
    "question, answers",
    [
        ("FAIRはどこのチーム？", True),
        ("DeepMindはどこの会社の部門ですか", True),
        ("FAIRはどこのチームと協力する？", False),  # asks where it works with, not whose it is
    ],
)
def test_whose_only_when_the_question_ends_there(tokenizer, question, answers):
    from retrieval.extract import _possessor

    text = "彼らはMetaのAI研究チームFAIR、GoogleのDeepMind部門で勤務していた。"
    assert (_possessor(question, text, tokenizer.noun_chunks(text), lambda s: False) is not None) == answers


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # どんな + a noun + a particle: not a copula (団体で、) nor による marks it.
        ("研究室はどんな資金で運営される？", "研究室は民間資金による非営利団体で、AGIに取り組む。", ["研究室"], "民間資金"),
        ("研究室はどのような方法で公開する？", "研究室は成果をオープンソース化で公開する予定です。", ["研究室", "公開"], "オープンソース化"),
    ],
)
def test_kind_particle_is_a_case_particle(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words) == expected


def test_the_owner_is_read_past_a_few_words():
    from retrieval.extract import _possessor

    text = "朗報として、Iliadのクラウド部門であるScalewayがGPUを導入した。"
    chunks = [(text.find("Iliad"), text.find("Iliad") + 5)]
    assert _possessor("Scalewayはどこのクラウド部門？", text, chunks, lambda s: False) == "Iliad"
    assert _possessor("Scalewayはどこのクラウド部門？", text, chunks, lambda s: s == "Iliad") is None


@pytest.mark.parametrize(
    "question, text",
    [
        # Too far from it, or past a clause break: no owner read.
        ("FAIRはどこのチーム？", "Metaの研究者は多くの論文を書き世界中で知られているFAIRチームにいた。"),
        ("FAIRはどこのチーム？", "Metaの研究所、FAIRチーム。"),
    ],
)
def test_no_owner_past_a_clause_break_or_far_away(tokenizer, question, text):
    from retrieval.extract import _possessor

    assert _possessor(question, text, tokenizer.noun_chunks(text), lambda s: False) is None


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # The topic of the sentence whose predicate is the asked noun.
        ("3億3000万ドルの予算を持つ研究機関の名前は？", "キュタイは3億3000万ドルの予算を持つフランスのAI研究機関で、すべてを公開する。",
         ["予算", "研究機関"], "キュタイ"),
        # The last topic before it, with the phrases joined to it by の.
        ("法律に対応して設立された自主建築家のグループは何か？", "アイルランドの建築家協会は、法律に対応して設立された自主建築家のグループである。",
         ["法律", "設立", "グループ"], "アイルランドの建築家協会"),
    ],
)
def test_a_described_thing_is_answered_by_what_the_sentence_says_it_is(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words) == expected
    assert _phrase_answer(tokenizer, question, text, words, described_topics=False) != expected


def test_a_described_noun_in_apposition_is_answered_by_the_name_after_it(tokenizer):
    from retrieval.extract import _described_topic

    text = "サケの赤色は、甲殻類の外殻に含まれる色素であるアスタキサンチンによる。"
    found = _described_topic("甲殻類の外殻に含まれる色素は何", text, (0, len(text)), tokenizer.noun_chunks(text), lambda s: False)
    assert found == "アスタキサンチン"  # not サケの赤色, the topic


@pytest.mark.parametrize(
    "question",
    [
        "どんな予算を持つ研究機関？",  # a question word in the description
        "この研究機関は？",  # too short a description
        "ドルの予算を持つ研究所の名前は？",  # the sentence says nothing is one
        "予算を持つ研究は？",  # 研究 ends no phrase there (研究機関)
        "パリの会場は？",  # 会場で marks a place, no predicate
    ],
)
def test_no_topic_answer_without_a_description_or_a_topic(tokenizer, question):
    from retrieval.extract import _described_topic

    text = "キュタイは、3億ドルの予算を持つ研究機関で、パリの会場で発表した。"
    assert _described_topic("予算を持つ研究機関は？", text, (0, len(text)), tokenizer.noun_chunks(text), lambda s: False) == "キュタイ"
    assert _described_topic(question, text, (0, len(text)), tokenizer.noun_chunks(text), lambda s: False) is None


@pytest.mark.parametrize(
    "question, text, words, expected",
    [
        # どんな / どのような <noun>: the phrase ending in the noun, as for どの <noun>.
        ("春日はどのような処分を受けた？", "春日は党を批判し、一時離党を経て除名処分を受けた。", ["春日", "処分", "受け"], "除名処分"),
        ("研究室はどのような人工知能に取り組む？", "この研究室は民間資金による団体で、汎用人工知能に取り組む。", ["研究室", "人工知能", "取り組む"], "汎用人工知能"),
        # With a particle after the noun, the phrase is marked by it too.
        ("OpenAIはどんな組織として始まった？", "OpenAIは非営利団体として始まり、のちに企業組織へと移行した。", ["OpenAI", "組織", "始ま"], "非営利団体"),
    ],
)
def test_which_kind_of_noun_is_answered_by_a_phrase_ending_in_it(tokenizer, question, text, words, expected):
    assert _phrase_answer(tokenizer, question, text, words) == expected

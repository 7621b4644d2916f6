"""retrieval.answer_types: the expected answer type, and the phrases of a type in a text."""

from __future__ import annotations

import pytest

from retrieval.answer_types import (
    AnswerType, amount_nouns, asked_nouns, asked_post, asked_who, candidates, detect_answer_type, has_candidate, list_mates, model_codes,
    only_listed, people_named, post_holders, without_post_which,
)


@pytest.mark.parametrize(
    "question, kind, counter",
    [
        ("ニール氏はいくら投じた？", "money", None),
        ("キュタイの予算は？", "money", None),
        ("資金はどれくらい？", "money", None),
        ("How much is the budget?", "money", None),
        # English question words are whole words: not who in whole, where in nowhere.
        ("Who is the CEO of Iliad?", "person", None),
        ("Whose lab is it?", "person", None),
        ("Is the whole lab open source?", "other", None),
        ("What is the whole budget?", "money", None),
        ("What did somewhere say?", "quote", None),
        ("Is nowhere safe?", "other", None),
        ("GPUを何基導入した？", "count", "基"),
        # More counters: a video's length, papers, how many times larger.
        ("ビデオメッセージは何分くらいだった？", "count", "分"),
        ("論文を何本出した？", "count", "本"),
        ("売上は何倍になった？", "count", "倍"),
        ("完成まで何週間かかる？", "count", "週間"),
        ("何種類のモデルがある？", "count", "種類"),
        ("専門は何分野？", "other", None),  # 分野, not minutes
        ("全体の何分の一？", "other", None),  # a fraction
        # Pay, sales and fees are amounts of money.
        ("研究者の給料ってどれくらい？", "money", None),
        ("CMA CGMの年間売上は？", "money", None),
        ("通行料金は？", "money", None),
        ("公共の利益って何？", "other", None),  # 利益 is as often a benefit as a profit
        ("ビデオは何分間？", "count", "分"),
        ("ＧＰＵは何基？", "count", "基"),
        ("何名が登壇した？", "count", "名"),
        ("研究者は何人いる？", "count", "人"),
        ("何カ国が協議した？", "count", "カ国"),
        ("過去最高気温は何度か。", "count", "度"),
        ("マーラーが結婚したのは何歳の時？", "count", "歳"),
        ("ニール氏の年齢は？", "count", "歳"),  # an age, in 歳
        ("年齢層は？", "other", None),
        ("How old is Xavier Niel?", "count", "歳"),
        # A head count asked by its noun is of people (人 or 名), not of anything counted.
        ("Scalewayの従業員数は？", "count", "人"),
        ("社員の数は？", "count", "人"),
        ("参加人数は？", "count", "人"),
        ("研究者の数は？", "count", None),  # 〜者数 counts companies and copies too (事業者数, 購読者数)
        ("会員の数値目標はいくつ？", "count", None),  # 数値 is no number of members
        ("How many people work at Scaleway?", "count", "人"),
        ("GPUの数は？", "count", None),
        ("人口は？", "count", None),
        ("登録事業者数は？", "count", None),
        # An amount asked by 額, but not a frame (額縁) or 高額.
        ("絵が収められた額縁は何色？", "other", None),
        ("同社の製品で最も高額なのは？", "other", None),
        # Posts asked, a Latin one as a whole word (not the cto of de facto).
        ("Is Kyutai open source de facto?", "other", None),
        ("キュタイの創設者は？", "person", None),
        ("新聞社の編集長は？", "person", None),
        # AとB、どちら asks one of two, not where.
        ("ニール氏とサアデ氏、どちらが多く出資した？", "other", None),
        ("何度も再利用したのは何年？", "date", "年"),  # 何度も is "many times"
        ("顧問はいくつのチーム？", "count", None),
        ("2007年度末の石油の可採年数は？", "count", "年"),  # a count of years
        ("第五回党大会での党員数は？", "count", "人"),
        ("マーラーがドビュッシーと会った年は？", "date", "年"),  # asks a year, as 何年 does
        ("ポツダム命令の公布年は？", "date", "年"),
        # A past event asks a point in time; a present one may be asked how often.
        ("ヤン・ルカン氏がチューリング賞を受賞したのはいつ？", "date", "時点"),
        ("いつ発表された？", "date", "時点"),
        ("アドバイザーはいつ研究成果をチェックする？", "date", None),
        ("研究室の所長は誰？", "person", None),
        ("だれが述べた？", "person", None),
        ("研究ラボはどこにある？", "place", None),
        # An organisation is asked for: a noun phrase answers, not a place name.
        ("ザビエル・ニール氏ってどこのCEO？", "other", None),
        ("ペレス氏は以前どこに勤めていた？", "other", None),
        ("ルカン氏はどこの研究者？", "other", None),  # where he works, not who he is
        ("OpenAIが変わったのはいつ？", "date", "時点"),
        ("何年に変わった？", "date", "年"),
        ("カンファレンスは何月何日に開かれた？", "date", "日"),
        ("なぜ論文を発表できる？", "reason", None),
        ("なんで計算能力が必要なの？", "reason", None),  # casual why
        # An opinion asked: what the person said of it.
        ("ニール氏は規制についてどう考えてるの？", "quote", None),
        ("ルカン氏はキュタイをどう思ってる？", "quote", None),
        ("大統領は何とおっしゃいましたか？", "quote", None),  # keigo
        ("デフォッセ氏はどんなことを言っていましたか", "quote", None),
        ("ニール氏はなんて言ってた？", "quote", None),
        ("それは何と言いますか", "other", None),  # what it is called: no quote
        # Everyone of a group asked: people.
        ("登壇した研究者を全員教えて", "person", None),
        # A founding or a birth is given with its year, never as 今朝.
        ("Scalewayはいつ設立された？", "date", "年"),
        ("When was Iliad founded?", "date", "年"),
        ("設立は何月何日？", "date", "日"),
        ("キュタイはいつ発表された？", "date", "時点"),
        ("ニール氏はいつキュタイの設立を発表した？", "date", "時点"),  # when it was announced
        ("生まれ変わったのはいつ？", "date", "時点"),
        ("なんでもできる？", "other", None),  # なんでも: anything
        ("規制する理由は？", "reason", None),
        ("マクロン大統領は何を述べた？", "other", None),
        ("マクロン大統領は何と言った？", "quote", None),
        ("労働時間は何時間としていたか。", "count", "時間"),  # a duration, not a time of day
        ("支部はいくつか？", "count", None),
        ("What did Macron say about open source?", "quote", None),
        ("長さをいくつか並べたものを何という？", "other", None),  # いくつか: "several"
        ("このラボの資金規模ってどれくらい", "money", None),
        # A currency asked: an amount in another one does not answer.
        ("キュタイの予算は日本円でいくら？", "money", "円"),
        ("キュタイの予算は何円？", "money", "円"),
        ("How much is the budget in euros?", "money", "ユーロ"),
        ("予算は何ドル？", "money", "ドル"),
        # An amount asked by 〜額 or by 教えて after a money noun.
        ("グザヴィエ・ニールが出すとされた額は", "money", None),
        ("石油諸税の年間税収額は？", "money", None),
        ("キュタイが持ってる予算の額を教えて", "money", None),
        ("キュタイの予算を教えてください", "money", None),
        # A money noun that is not what is asked about.
        ("2016年の衆議院予算委員会で値上げをしようとした総理大臣は？", "other", None),
        # A question word inside quotes is not asked.
        ("「生命は、いつ、どこで誕生したのか」という問いの名前は？", "other", None),
        ("ニール氏は大手企業についてどう述べた？", "quote", None),
        # What a thing is called, not what someone said.
        ("アマチュアの落語家のことを何と言う", "other", None),
        ("キュタイについて", "other", None),
        # No question word: the noun the question ends on names the kind of answer.
        ("OPECに加盟した年は？", "date", "年"),
        ("キュタイの設立年はいつですか？", "date", "年"),  # a year, not 年に1~2回
        ("ヤン・ルカン氏の役割は？", "post", None),  # a named person's role: a post
        ("Yann LeCunはキュタイでどんな役割？", "post", None),
        ("打楽器の役割は？", "other", None),  # a thing's role is no post
        ("ニール氏によると、規制の役割は？", "other", None),  # the role of 規制, not of him
        ("ペレス氏は研究室でどういう役割を担うの？", "post", None),
        ("リズムの役割は？", "other", None),  # a katakana word is no person without 氏 or ・
        ("DNAの役割は？", "other", None),
        ("マクロン氏は規制がどんな役割を担うべきだと言った？", "other", None),  # が: 規制's role
        ("CMA CGMの役割は？", "other", None),  # Latin words without a lower-case letter
        ("Mistral AIの役割は？", "other", None),
        ("お母さんの役割は？", "other", None),  # さん / 氏 of common words
        ("彼氏の役割は？", "other", None),
        ("ヤン・ルカンの役割は？", "post", None),  # a katakana name with its ・
        ("ペレスさんの役割は？", "post", None),
        ("ヤン・ルカン氏の役目は？", "post", None),
        ("Rodolphe Saadéの役割は？", "post", None),
        ("キュタイの設立年はいつ頃ですか？", "date", "年"),
        ("キュタイの設立年っていつ？", "date", "年"),
        ("What year was Kyutai founded?", "date", "年"),
        ("In which year was Kyutai founded?", "date", "年"),
        ("日本の定年はいつですか", "date", None),  # 定年 is no calendar year
        ("何年以内に成果が出る？", "date", "年以内"),
        ("青年はいつ？", "date", None),
        ("アヴィス朝が成立した年はいつか", "date", "年"),
        ("青年はいつ来た？", "date", "時点"),
        ("ラオスの国民議会の議席数は", "count", None),
        ("ラオスの人口は？", "count", None),
        ("東京駅を設計した人物は", "person", None),
        ("日本共産党労働者派を結成した者を答えよ", "person", None),
        # A post asks who holds it; どこのCEO asks the company.
        ("キュタイの所長は", "person", None),
        ("IliadのCEOは？", "person", None),
        ("日本共産党の委員長の名前は？", "person", None),
        ("サアデ氏はどこのCEO？", "other", None),
        ("日本代表は？", "other", None),  # a team, not a post
        ("ドミニカ国の首都は？", "place", None),
        ("豊岡市がある県は。", "place", None),
        ("ラオスの肥沃な土壌を作り出した川", "place", None),
        # With 何 the asked noun is found by the phrase ending in it, not by type.
        ("ブッダガヤがあるのは何州？", "other", None),
        ("オランダ住民の83%は何系のオランダ人？", "other", None),
        ("その少年は", "other", None),
        ("数は何で表す？", "other", None),
        # どんな人が / どのような人物を ask who; どのような人か asks what such a person is.
        ("アドバイザー陣にはどんな人がいる？", "person", None),
        ("どのような人物を招いた？", "person", None),
        ("どんな人々がアドバイザーに？", "person", None),
        # どこで勤務していた asks for an employer, as どこに勤めていた does.
        ("研究者たちはどこで勤務していた？", "other", None),
        ("ペレス氏は以前どこに勤めていた？", "other", None),
        ("落語家とはどのような人か。", "other", None),
        ("キュタイは何を作るの？", "other", None),  # asks what it makes, not what it is
        ("What is the budget?", "money", None),
        ("What is Kyutai's budget?", "money", None),
        ("キュタイとは何ですか", "identity", None),
        ("どんな人にも分かる？", "other", None),  # "anyone"
        ("What is Kyutai's position on open source?", "other", None),
        # 役職 / 肩書 ask for a post; a post question asking a date or a person stays one.
        ("ペレス氏の役職は？", "post", None),
        ("Patrick Pérezはキュタイで何の役職に就く？", "post", None),
        ("ルカン氏の肩書きは？", "post", None),
        ("ペレス氏のポストは？", "post", None),
        ("ペレスさんの職位は？", "post", None),
        ("What is Patrick Pérez's position?", "post", None),
        ("所長の役職に就いたのはいつ？", "date", "時点"),
        ("所長の役職に就いた人物は", "person", None),
        # 国籍 / どこの国の人 / 出身国 ask for a nationality, not any place.
        ("ヤン・ルカン氏の国籍は？", "nationality", None),
        ("サアデ氏の国籍はどこですか", "nationality", None),
        ("ジョン・ニーダムはどこの国の人か。", "nationality", None),
        ("ルカン氏の出身国は？", "nationality", None),
        ("What is Yann LeCun's nationality?", "nationality", None),
        ("ヤン・ルカン氏はどこの国出身？", "nationality", None),
        ("ルカン氏の国籍を教えて", "nationality", None),
        ("国籍はどちら", "nationality", None),
        ("What are their nationalities?", "nationality", None),
        # Only where the question ends on it: these ask a count and a capital.
        ("出身国別の研究者数は？", "count", None),
        ("ルカン氏の出身国の首都は？", "place", None),
        ("どの国の人口が多い？", "place", "国"),  # a country, not a people
        ("日本の国籍を離脱した者の法律が公布された年は？", "date", "年"),  # 国籍 is not asked
        ("その国の人々が幸せという度合いを何というか。", "other", None),
        # A place question asking for a country says so (the engine then takes UniDic's countries).
        ("キュタイはどこの国の研究機関？", "place", "国"),
        ("ブッダガヤが有る国は", "place", "国"),
        ("英語を使用する主要国は？", "place", None),  # 主要国: not a bare 国
        ("首都は？", "place", None),
        ("Which country is Kyutai in?", "place", "国"),
        ("コンゴ共和国の国名は？", "other", None),  # what a country is called
        # How often: a count of times with its period (年に1~2回); not how common a word is.
        ("アドバイザーはどれくらいの頻度で関わるの", "count", "頻度"),
        ("顧問が研究をチェックする頻度はどのくらい？", "count", "頻度"),
        ("How often do the advisers check the research?", "count", "頻度"),
        ("顧問は年に何回チェックする？", "count", "回"),
        ("ヘクトメートルという言葉の使用頻度は、どうですか。", "other", None),
        ("顧問 頻度", "count", "頻度"),  # a keyword query
        ("年に1〜2回というのは何をする頻度？", "other", None),  # asks what is done
        ("科学顧問のチェックはどのくらいの頻度なんですか？", "count", "頻度"),  # not なん of 何
        ("顧問はどれくらいの頻度でいつも来る？", "count", "頻度"),  # not いつ of いつも
        ("キュタイは非営利団体なんですか？", "other", None),  # なんですか is no なんで
        ("なんですぐに論文を発表できるの？", "reason", None),
        ("どういった人たちが登壇した？", "person", None),  # どういった is no どう + 言った
        ("「3億ユーロ近く」はどういう金額？", "other", None),
        ("フォアグラが名物の地方の名前は？", "other", None),  # 地方: no people
        ("その定員の名前は？", "other", None),
        ("記事に出てくる「3億ユーロ近く」は何の金額？", "other", None),  # what the amount is for
        ("どの項目を、どれくらいの頻度で確認するかをまとめた一覧表を何と呼ぶ？", "other", None),
        # The name of people named by a noun for people asks who they are.
        ("科学顧問の名前は？", "person", None),
        ("キュタイに関わる科学顧問の先生方のお名前を伺えますか。", "person", None),
        ("マーラーが診察を受けた医師の名前は？", "person", None),
        ("ScalewayのGPUの名前は？", "other", None),
        ("その国家の名前は？", "other", None),
        # People asked for by a noun for people: the whole list answers (tests/test_engine.py).
        ("登壇した6人の研究者を全部挙げて", "person", None),
        ("科学顧問を教えて", "person", None),
        ("寄付者の名前を全員答えよ", "person", None),
        ("協力する相手を全部挙げて", "other", None),  # a partner is often an organisation
        ("先生は教えている？", "other", None),  # teaches: no request
        # 個 counts any thing: no counter asked (1000基 answers).
        ("GPUは何個ある？", "count", None),
        # Who said a quote; not what is said to be so (a passive).
        ("「イノベーションの敵ではありません」と言ったのは？", "person", None),
        ("規制は敵ではないと述べたのは", "person", None),
        ("建築では医療機関の施工であるといわれているのは？", "other", None),
        ("「三部作」の段階と語られているのは？", "other", None),
        ("三国間協議というのは？", "other", None),
        ("トリローグと言うのは？", "other", None),
    ],
)
def test_detect_answer_type(question, kind, counter):
    assert detect_answer_type(question) == AnswerType(kind, counter)


@pytest.mark.parametrize(
    "question, text, found",
    [
        ("いつ発表した？", "今朝、計画を発表した。", True),
        ("何月何日に発表した？", "今朝、計画を発表した。", False),
        ("何月何日に発表した？", "2011年4月22日に発表した。", True),
        ("何年に発表した？", "2011年4月22日に発表した。", True),
        ("何年に発表した？", "4月22日に発表した。", False),
        # A month alone, a part of a month, a century, a decade are dates too.
        ("いつ梅雨入りする？", "東北地方は7月に梅雨入りする。", True),
        ("いつ影響を受ける？", "南西諸島は5月上旬から影響を受ける。", True),
        ("いつ唱えた？", "紀元前4世紀頃に唱えた。", True),
        ("いつ増えた？", "1990年代以降に増えた。", True),
        ("何月に始まる？", "7月半ばに始まる。", True),
        ("何時代に遡る？", "起源は新石器時代に遡る。", True),
    ],
)
def test_calendar_unit_asked_must_be_in_the_date(question, text, found):
    assert has_candidate(detect_answer_type(question), text) is found


@pytest.mark.parametrize(
    "text, found",
    [("研究者は6名いる。", True), ("もう一人の研究者が述べた。", False), ("もう12人が来た。", False), ("あと12人が来た。", True)],
)
def test_one_more_is_not_a_count(text, found):
    assert has_candidate(detect_answer_type("研究者は何人？"), text) is found


@pytest.mark.parametrize(
    "text, expected",
    [
        ("税収額は約4兆8,641億円である。", ["4兆8,641億円"]),  # digit commas after 兆 too
        ("予算は2億3,580万ドルに上った。", ["2億3,580万ドル"]),
        ("1億ユーロ(1億900万ドル)", ["1億ユーロ", "1億900万ドル"]),
        ("100万,200万円", ["200万円"]),  # a comma after a unit starts no digits
        # Runs of kanji units are read one way (two ways at every 十 took exponential,
        # then cubic time: this one ran 15 s).
        ("一十百" * 400 + "x", []),
        ("十" * 1200 + "円", ["十" * 1200 + "円"]),
    ],
)
def test_money_candidates_read_whole_amounts(text, expected):
    assert [text[s:e] for s, e in candidates(AnswerType("money"), text)] == expected


@pytest.mark.parametrize("text, found", [("NVIDIA H100 GPUを導入した。", False), ("GPUを1000基導入した。", True)])
def test_a_model_name_number_is_not_a_count(text, found):
    assert has_candidate(detect_answer_type("How many GPUs?"), text) is found


@pytest.mark.parametrize(
    "kind, text, expected",
    [
        (AnswerType("money"), "予算は3億3000万ドル", True),
        (AnswerType("money"), "予算は大きい", False),
        (AnswerType("money", "円"), "予算は3億3000万ドル", False),
        (AnswerType("money", "ドル"), "予算は3億3000万米ドル", True),
        (AnswerType("count", "基"), "1000基", True),
        (AnswerType("count", "基"), "1000名", False),
        # Any counter answers a count without one, but not a calendar unit (党員数は: not 24日).
        (AnswerType("count"), "党員は31万8千人", True),
        (AnswerType("count"), "2012年5月24日に報告", False),
        (AnswerType("count", "歳"), "41歳で結婚した", True),
        (AnswerType("date", "年"), "8月に会った", False),
        (AnswerType("date"), "2025年10月27日", True),
        (AnswerType("date"), "彼らは年に1~2回チェックする", True),
        (AnswerType("date", "時点"), "彼らは年に1~2回チェックする", False),  # how often is no point in time
        (AnswerType("date", "時点"), "2025年10月27日", True),
        (AnswerType("person"), "パトリック・ペレス氏", True),
        (AnswerType("place"), "パリ", True),
        (AnswerType("other"), "パリ", False),
        (AnswerType("post"), "この研究室の所長に就任します", True),
        (AnswerType("post"), "Iliad の CEO である", True),
        (AnswerType("post"), "研究室で研究する", False),
        (AnswerType("nationality"), "もう一人のフランス人億万長者", True),
        (AnswerType("nationality"), "米国人の研究者", True),
        (AnswerType("nationality"), "日本国籍を取得した", True),
        (AnswerType("nationality"), "英国籍の研究者", True),
        # A kanji word ending in 人 is no people (個人, 知人), nor is 人 starting a word
        # (人々, 人数, 人口, 人工知能, 人民, 人形).
        (AnswerType("nationality"), "個人や知人の研究者", False),
        (AnswerType("nationality"), "ファン人々", False),
        (AnswerType("nationality"), "ユーザー人数と米国人口", False),
        (AnswerType("nationality"), "ヨーロッパ人工知能と中国人民銀行と日本人形", False),
    ],
)
def test_has_candidate(kind, text, expected):
    assert has_candidate(kind, text) is expected


@pytest.mark.parametrize(
    "question",
    ["国際連合休戦監視機構の略称は？", "公共企業体等労働関係法を略して？", "オランダの漢字表記は何と略されるか。", "リボ核酸の略語は何か"],
)
def test_abbreviation_questions(question):
    assert detect_answer_type(question).kind == "abbreviation"


@pytest.mark.parametrize("question", ["AGIは何の略称？", "AGIとは何の略語か", "AGIは何の略？"])
def test_what_a_short_form_stands_for_is_no_abbreviation_question(question):
    """何の略称 asks what the short form stands for (汎用人工知能), not for a short form."""
    assert detect_answer_type(question).kind != "abbreviation"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("停戦後の国際連合休戦監視機構 (UNTSO)が最初の", ["UNTSO"]),  # a word's parenthesis
        ("公共企業体等労働関係法（公労法）17条", ["公労法"]),
        ("日本共産党（にほんきょうさんとう、、略称: JCP）は", ["JCP"]),  # 略称: beats the reading
        ("日本ではPKFとも略される。", ["PKF"]),
        ("「UN」（国際連合の略称）と大書", ["UN"]),  # the parenthesis says 略称
        ("国際空港にはCIQ（税関、出入国管理、検疫）がある", ["CIQ"]),  # an acronym before its expansion
        # A passage that calls something 略される keeps to that: not the parenthesis before it.
        ("尼徳蘭（ネーデルラントの音訳）と表記され、蘭と略される。", ["蘭"]),
        ("疫病（えきびょう）は", []),  # a reading is no short form
    ],
)
def test_abbreviation_candidates(text, expected):
    from retrieval.answer_types import candidates

    kind = AnswerType("abbreviation")
    assert [text[s:e] for s, e in candidates(kind, text)] == expected


def test_degrees_answer_how_many_degrees():
    from retrieval.answer_types import candidates

    text = "2000年7月22日に39.3℃を記録した。差は45度近く、角度は135°。"
    kind = detect_answer_type("過去最高気温は何度")
    assert [text[s:e] for s, e in candidates(kind, text)] == ["39.3℃", "45度", "135°"]


@pytest.mark.parametrize(
    "question, nouns",
    [
        ("世界一の農産物輸出国は", ("農産物輸出国", None)),
        ("野党第一党に躍進した政党はどこでしょうか。", ("政党", None)),
        ("民主主義革命の綱領の記載があるのは何党？", (None, "党")),
        ("漢字表記で土弥尼加と呼ばれるのは何という国か", (None, "国")),
        ("しんぶん赤旗を発行するのはどの党ですか", (None, "党")),
        ("コンゴ王国に到来したのはどこの国の人か", (None, None)),  # asks for a people
        ("共産党は何党と連立した？", (None, None)),  # 何党と: not the noun the question turns on
        ("キュタイの予算は？", ("予算", None)),
        ("いつ設立された？", (None, None)),
    ],
)
def test_asked_nouns(question, nouns):
    assert asked_nouns(question) == nouns


def test_asked_nouns_reads_a_bounded_part_of_a_long_noun():
    """A run of thousands of kanji is read in linear time: only its last 20 characters."""
    ends_on, _ = asked_nouns("国" * 20000 + "は？")
    assert ends_on == "国" * 20


@pytest.mark.parametrize(
    "kind, text, expected",
    [
        # A modern era's year keeps its era (平成5年, not 5年); 元年 is its first year.
        (AnswerType("date"), "選挙は1993年（平成5年）に行われた。", ["1993年", "平成5年"]),
        (AnswerType("date", "年"), "この町は平成元年に誕生した。", ["平成元年"]),
        (AnswerType("date"), "令和元年5月1日に改元された。", ["令和元年5月1日"]),
        (AnswerType("date", "年"), "その元年に", []),  # 元年 of no era named: no date
        # A span is no year (設立年は？), but answers 何年以内.
        (AnswerType("date", "年"), "1年以内に公開し、2024年に拡大する。", ["2024年"]),
        (AnswerType("date", "年以内"), "1年以内に公開し、2024年に拡大する。", ["1年以内"]),
    ],
)
def test_date_candidates_with_eras(kind, text, expected):
    from retrieval.answer_types import candidates

    assert [text[s:e] for s, e in candidates(kind, text)] == expected


@pytest.mark.parametrize(
    "question, subject",
    [
        ("ニール氏は誰？", "ニール"),
        ("ザビエル・ニール氏って誰", "ザビエル・ニール"),
        ("Xavier Niel氏は誰？", "xavier niel"),
        ("グスタフ・マーラーはどのような人物か。", "グスタフ・マーラー"),
        ("山田氏とは何者？", "山田"),
        ("マクロン大統領って誰", "マクロン"),  # a post after the name
        ("ニール氏は何者なのか？", "ニール"),
        ("ゼギドゥールさんとは？", "ゼギドゥール"),
        ("ニール 氏 は 誰 ？", "ニール"),
        ("Who is Xavier Niel?", "xavier niel"),
        ("Who was Sam Altman?", "sam altman"),
        ("Who's Niel?", "niel"),
        ("Who’s Xavier Niel?", "xavier niel"),
        # What a named thing is, and tell me about …: described as a person is.
        ("キュタイとは何ですか", "キュタイ"),
        ("Scalewayって何？", "scaleway"),
        ("キュタイについて教えて", "キュタイ"),
        ("Scalewayは何？", "scaleway"),
        ("スケールウェイってどんな会社なの", "スケールウェイ"),
        ("Iliadってどういう会社ですか", "iliad"),
        ("キュタイはどのような組織？", "キュタイ"),
        ("ニール氏について教えてください", "ニール"),
        ("What is Kyutai?", "kyutai"),
        ("What's Mistral AI?", "mistral ai"),
        ("Tell me about Xavier Niel", "xavier niel"),
        # A name alone, with or without a title or a question mark.
        ("ニール", "ニール"),
        ("ヤン・ルカン氏？", "ヤン・ルカン"),
        ("マクロン大統領", "マクロン"),  # not a post asked: his name is given
        ("Scaleway", "scaleway"),
        # A post, a description or a clause names nobody: these ask for a person.
        ("Who is the CEO of Iliad?", None),
        ("Who is Kyutai's director?", None),
        ("Who is in charge?", None),
        ("首相は誰ですか", None),
        ("研究室の所長は誰？", None),
        ("匿名の寄付者って誰？", None),
        ("1910年に亡くなったのは誰？", None),
    ],
)
def test_identity_questions_ask_who_a_named_person_is(question, subject):
    from retrieval.answer_types import identity_subject

    assert identity_subject(question) == subject
    assert detect_answer_type(question).kind == ("identity" if subject else "person")


@pytest.mark.parametrize(
    "kind, text, expected",
    [
        # A bound after the count is part of it.
        (AnswerType("count", "歳"), "党員になれるのは18歳以上である。", ["18歳以上"]),
        (AnswerType("count", "名"), "計200名弱で構成される。", ["200名弱"]),
        (AnswerType("count", "人"), "党員は31万8千人で、", ["31万8千人"]),
        # Not a word that goes on, nor 以下の通り.
        (AnswerType("count", "人"), "3人強盗団が逮捕された。", ["3人"]),
        (AnswerType("count", "名"), "内訳は3名以下の通り。", ["3名"]),
        # How often: the period before a count of times is part of it; other counts are not.
        (AnswerType("count", "頻度"), "彼らは年に1~2回、成果をチェックする。", ["年に1~2回"]),
        (AnswerType("count", "頻度"), "毎週3回会い、1日に2度話す。20人が来る。", ["毎週3回", "1日に2度"]),
        (AnswerType("count", "回"), "彼らは年に1~2回、成果をチェックする。", ["1~2回"]),
        # The period is a word of its own, with all its digits.
        (AnswerType("count", "頻度"), "10日に2回、12か月に1回、月曜日に3回。", ["10日に2回", "12か月に1回", "3回"]),
    ],
)
def test_count_candidates_keep_their_bound(kind, text, expected):
    from retrieval.answer_types import candidates

    assert [text[s:e] for s, e in candidates(kind, text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ペレス氏が、この研究室の所長に就任します。", ["所長"]),
        ("チェ氏らによる科学顧問チームを編成しました。", ["科学顧問"]),
        ("Iliad の CEO である Xavier Niel 氏", ["CEO"]),
        # Kanji before a post belong to it, a name in katakana does not (a person).
        ("米大統領とマクロン大統領が会った。", ["米大統領", "大統領"]),
        # Kanji before it only when they are the whole run, of at most three.
        ("東京大学教授が来た。", ["教授"]),
        # A Latin post is a whole word.
        ("ceolinのCEO", ["CEO"]),
    ],
)
def test_post_candidates(text, expected):
    assert [text[s:e] for s, e in candidates(AnswerType("post"), text)] == expected


def test_a_country_asked_is_taken_from_the_names_given():
    text = "パリはフランスの首都である。"
    named = [(3, 7, "place")]  # the engine passes only UniDic's countries here
    assert [text[s:e] for s, e in candidates(AnswerType("place", "国"), text, named=named)] == ["フランス"]
    # No name given: the place patterns, as for any place question.
    assert [text[s:e] for s, e in candidates(AnswerType("place", "国"), text)] == ["パリ", "フランス"]


def test_nationality_candidates_take_a_people_before_the_place_it_starts():
    # UniDic's named places answer too (イングランドのジョン・ニーダム), but not where a
    # people stands: フランス人億万長者 is answered by フランス人.
    text = "イングランドのフランス人億万長者"
    named = [(0, 6, "place"), (7, 16, "place"), (0, 4, "person")]
    found = [text[s:e] for s, e in candidates(AnswerType("nationality"), text, named=named)]
    assert found == ["イングランド", "フランス人"]


@pytest.mark.parametrize(
    "question, expected",
    [
        ("キュタイのCEOは誰？", ("キュタイ", "ceo")),
        ("CMA CGMのCEOは誰？", ("cma cgm", "ceo")),
        ("研究室の所長って誰", ("研究室", "所長")),
        ("所長は誰？", (None, "所長")),
        ("IliadグループのCEOは誰？", ("iliadグループ", "ceo")),
        ("イリアド・グループのCEOは？", ("イリアド・グループ", "ceo")),
        ("キュタイ社のCEOの名前は？", ("キュタイ社", "ceo")),
        ("キュタイの CEO は誰？", ("キュタイ", "ceo")),
        ("キュータイの副所長は誰ですか？", ("キュータイ", "副所長")),
        ("キュタイの新しいCEOは誰？", ("キュタイ", "ceo")),  # which holder: still キュタイ's CEO
        ("キュタイの次期所長は誰？", ("キュタイ", "所長")),
        ("１億ユーロを出したフランスの海運会社のCEOは誰？", ("海運会社", "ceo")),
        ("キュタイの理事長は誰ですか？", ("キュタイ", "理事長")),
        ("キュタイの創業者は誰？", ("キュタイ", "創業者")),
        ("キュタイのCTOは？", ("キュタイ", "cto")),
        ("研究所長は誰？", None),  # a post ending a longer word
        ("Acmeのsubctoは誰？", None),  # a Latin post as a whole word only
        ("所長に就いたのは誰", None),  # no post asked by name
        ("キュタイの予算は？", None),
        # English: the post one word after the, as written (the caller translates it).
        ("Who is the CEO of Kyutai?", ("kyutai", "ceo")),
        ("Who is Kyutai's CEO?", ("kyutai", "ceo")),
        ("who was the mayor of the city", ("city", "mayor")),
        ("Who is the CEO?", (None, "ceo")),
        ("Who is Xavier Niel?", None),  # who a named person is
        ("Who's the current CEO at Kyutai?", ("kyutai", "ceo")),
        ("Who is Kyutai’s new CEO?", ("kyutai", "ceo")),
        ("キュタイの前のCEOは誰？", ("キュタイ", "前のceo")),  # another post
        ("キュタイの最新のCEOは誰？", ("キュタイ", "ceo")),
        ("Who founded Kyutai?", None),
    ],
)
def test_asked_post(question, expected):
    assert asked_post(question) == expected


@pytest.mark.parametrize(
    "post, text, expected",
    [
        ("ceo", "フランスの海運・物流大手CMA CGMのCEOであるもう一人の", (["cma cgm"], 0)),
        ("ceo", "Iliad の CEO である Xavier Niel 氏", (["iliad"], 0)),
        # Written without a name before の: whose it is, the passage does not say by name.
        ("所長", "ペレス氏が、この研究室の所長に就任します", ([], 1)),
        ("大統領", "フランスのエマニュエル・マクロン大統領は", ([], 1)),
        ("社長", "ヴァレオで以前勤務していた", ([], 0)),
        ("ceo", "イリアドのCEOとキュタイ社のCEO", (["イリアド", "キュタイ社"], 0)),
        # Not inside a longer word.
        ("ceo", "ceolin と CEOs", ([], 0)),
        ("所長", "副所長と所長代理と所長室", ([], 0)),
    ],
)
def test_post_holders(post, text, expected):
    assert post_holders(post, text) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("匿名の寄付者って誰？", "匿名の寄付者"),
        ("匿名の寄付者って誰なんですか？", "匿名の寄付者"),
        ("キュタイの所長は誰ですか", "キュタイの所長"),
        ("ＣＥＯとは誰か", "CEO"),  # NFKC'd
        ("誰がキュタイを作った？", None),  # asks who did, not who one is
        ("匿名の寄付者はいったい誰だっけ", "匿名の寄付者"),
        ("匿名の寄付者たちは誰？", "匿名の寄付者"),  # the plural: the article writes the noun
        ("匿名の寄付者は何者？", "匿名の寄付者"),
        ("さくらは誰？", "さくら"),  # ら ending a kana name is no plural
        ("マクロンは誰と話した？", None),
        ("は誰？", None),
    ],
)
def test_asked_who(question, expected):
    assert asked_who(question) == expected


_DONORS = "他にも、エリック・シュミット氏の財団や、匿名の寄付者など、少額の寄付者もいる。"


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("匿名の寄付者", _DONORS, True),  # an item after や and before など
        ("キュタイの匿名の寄付者", _DONORS, True),  # the end of it the text writes
        ("少額の寄付者", _DONORS, False),  # the noun summing the list up
        ("寄付者", _DONORS, False),  # written once outside the list
        ("匿名の寄付者", "匿名の寄付者は田中氏だった。", False),
        ("匿名の寄付者", "匿名の寄付者や企業が支えた。匿名の寄付者は田中氏だった。", False),  # once named
        ("顧問", "顧問や研究者など", True),  # first item, before や
        ("研究者", "顧問や研究者が来た。", True),  # after や alone
        ("研究者", "顧問、研究者などが来た。", True),  # before など alone
        ("匿名の寄付者", "エリック氏、匿名の寄付者らが支えた。", True),  # ら: and others
        ("所長", "もはや所長ではない。", False),  # the や of もはや
        ("匿名の寄付者", "匿名の寄付者等しく", False),  # 等 of a word
        ("ceo", "CEOや社長など", True),  # case-insensitive
        ("大口の出資者", _DONORS, False),  # the text writes no end of it but 者
    ],
)
def test_only_listed(phrase, text, expected):
    assert only_listed(phrase, text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NVIDIA H100 GPUを1000基", {"h100"}),
        ("Ｂ－２９とB29", {"b29"}),  # NFKC'd, the hyphen dropped: one model
        ("GPT-4とH200", {"gpt4", "h200"}),
        ("1 km2辺り24人", set()),  # a unit after a number
        ("Mistral 7B モデル", set()),  # digits first: a size, not a model number
        ("GPT−4とGPTー4とGPT–4", {"gpt4"}),  # any dash
        ("H100sを1000基", {"h100"}),  # a plural
        ("キュタイの予算", set()),
    ],
)
def test_model_codes(text, expected):
    assert model_codes(text) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Iliadの現在のCEOは誰？", "IliadのCEOは誰?"),  # NFKC'd when a word goes
        ("キュタイの新しい 所長って誰", "キュタイの所長って誰"),
        ("現在の首相は誰？", "現在の首相は誰？"),  # no の before it: it says which country's
        ("キュタイの現在の予算は？", "キュタイの現在の予算は？"),  # no post asked
    ],
)
def test_without_post_which(question, expected):
    assert without_post_which(question) == expected


SPEAKERS = (
    "今朝は、パトリック・ペレス氏、エドゥアール・グラーヴ氏、エルヴェ・ジェグー氏、そしてアレクサンドル・デフォッセ氏の"
    "4名が登壇した。ヴァレオで以前勤務していたパトリック・ペレス氏が所長に就任する。"
)


@pytest.mark.parametrize(
    "person, mates",
    [
        # Listed with 、 and そして: every other item, on both sides.
        ("エルヴェ・ジェグー氏", {"パトリック・ペレス氏", "エドゥアール・グラーヴ氏", "アレクサンドル・デフォッセ氏"}),
        ("アレクサンドル・デフォッセ氏", {"パトリック・ペレス氏", "エドゥアール・グラーヴ氏", "エルヴェ・ジェグー氏"}),
        # Also written alone (ペレス氏が所長に就任する): the passage says something of him.
        ("パトリック・ペレス氏", set()),
        ("ヤン・ルカン氏", set()),  # not in the text
    ],
)
def test_list_mates(person: str, mates: set[str]) -> None:
    assert list_mates(person, SPEAKERS) == mates


def test_list_mates_joined_by_ya() -> None:
    assert list_mates("サアデ氏", "ニール氏やサアデ氏が出資した。") == {"ニール氏"}
    # A name asked without its title is listed with it.
    assert list_mates("イェジン・チェ", "イェジン・チェ氏、ヤン・ルカン氏らが顧問だ。") == {"ヤン・ルカン氏"}
    # Only the characters before a name are read for the one before it (from the
    # text's start, a long katakana run took quadratic time: 7 s for this one).
    assert list_mates("ペレス氏", "アイ・" * 8000 + "ペレス氏、グラーヴ氏が来た。") == {"グラーヴ氏"}
    assert list_mates("サアデ氏", "サアデ氏と協力した。") == set()  # と before no name: a partner, not a list


@pytest.mark.parametrize(
    "question, people",
    [
        ("エルヴェ・ジェグー氏の専門分野は何？", ["エルヴェ・ジェグー氏"]),
        ("ペレス氏とルカン氏、所長になるのはどっち？", ["ペレス氏", "ルカン氏"]),
        ("Mazaré 氏は何と述べた？", ["Mazaré 氏"]),
        ("ヤン・ルカンはKyutaiについてどう思ってるの？", ["ヤン・ルカン"]),  # a dotted name needs no title
        ("キュタイの予算は？", []),
    ],
)
def test_people_named(question: str, people: list[str]) -> None:
    assert people_named(question) == people


@pytest.mark.parametrize(
    "question, kind",
    [
        ("budget", "money"),  # a bare word asking something else asks that
        ("予算", "money"),
        ("所長", "person"),  # a post alone: who holds it
        ("ＧＰＵ", "identity"),
    ],
)
def test_a_bare_word_is_an_identity_question_only_when_it_asks_nothing_else(question, kind):
    assert detect_answer_type(question).kind == kind


@pytest.mark.parametrize(
    "counter, text, expected",
    [
        # Words, fractions and idioms are no counts: 十分 (enough), 3分の1, 一本化, 人一倍.
        ("分", "会見の時間は十分にあった。3分の1が参加した。会見は5分だった。", ["5分"]),
        ("分", "停止は約40分間続いた。", ["40分間"]),  # 分間 whole
        ("本", "一本化する。3本の論文を出した。", ["3本"]),
        ("倍", "人一倍努力した。売上は2倍になった。", ["2倍"]),
    ],
)
def test_counters_that_need_digits(counter, text, expected):
    assert [text[s:e] for s, e in candidates(AnswerType("count", counter), text)] == expected


@pytest.mark.parametrize(
    "question, nouns",
    [
        ("CMA CGMの年間売上はどれくらい？", ["売上"]),
        ("CMA CGMの売上高は？", ["売上"]),
        ("研究者の給料って？", ["給料"]),
        ("研究費用のためにサアデ氏はいくら拠出した？", []),  # describes what it was for
        ("投じた費用は？", []),  # 費用 names what was spent, of any kind
        ("いくら出した？", []),
        ("金額は？", []),
    ],
)
def test_amount_nouns(question, nouns):
    assert amount_nouns(question) == nouns

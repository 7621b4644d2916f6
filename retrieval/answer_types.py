"""Answer types: what kind of answer a question wants, and the phrases of that kind.

The question word sets the expected type (いくら → money, 何基 → a count of 基,
誰 → a person, どこ → a place, いつ → a date, 何と言った → a quote, なぜ → a reason,
〜の略称は → an abbreviation, 役職は → a post, 国籍は → a nationality). Candidates of a type are found in a passage by
pattern: 3億3000万ドル, 1000基, 2019年4月, 5月上旬, パトリック・ペレス氏, パリ, 「…」,
リボ核酸（RNA）, 所長.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .normalize import KANJI

__all__ = [
    "DIGIT_RE", "LIST_JOIN_RE", "PERSON_TITLE", "POSTS", "AnswerType", "amount_nouns", "asked_nouns", "asked_post", "asked_who", "candidates", "detect_answer_type", "has_candidate",
    "identity_subject", "identity_title", "is_person", "list_mates", "model_codes", "only_listed", "people_named", "post_holders",
]

# Read one way only: the first run possessive, and after a unit kanji digits 一 to 九
# (十百千 are units themselves): open both ways, 一十百十百… took exponential time, and a
# run of 1,200 of them 15 s even so.
_NUM = r"(?:[0-9０-９][0-9０-９.,，．]*+|[〇一二三四五六七八九十百千]++)(?:[万億兆千百十](?:[0-9０-９][0-9０-９.,，．]*+|[〇一二三四五六七八九]*+))*"
_NUM_RANGE = _NUM + r"(?:\s?[~〜～\-－]\s?" + _NUM + r")?"
_CURRENCY = r"(?:米ドル|ドル|ユーロ|円|ポンド|元|ウォン)"
_MONEY_RE = re.compile(_NUM + r"\s?" + _CURRENCY)
_PART_OF_MONTH = r"(?:上旬|中旬|下旬|初旬|初め|末|半ば)"
# The modern eras, named with their year (平成5年, 令和元年): the year alone is no date.
_ERA = r"明治|大正|昭和|平成|令和"
_DATE_RE = re.compile(
    r"(?:" + _NUM + r"年以内"
    r"|" + _NUM + r"年代"
    r"|(?:" + _ERA + r")?(?:" + _NUM + r"|(?<=" + _ERA + r")元)年(?:" + _NUM + r"月)?(?:" + _NUM_RANGE + r"日|" + _PART_OF_MONTH + r")?"
    r"|" + _NUM + r"月(?:" + _NUM_RANGE + r"日|" + _PART_OF_MONTH + r")?"
    r"|(?:紀元前)?" + _NUM + r"世紀(?:前半|後半|初頭|末)?"
    r"|[" + KANJI + r"ァ-ヴー]{1,6}時代"
    r"|(?:今朝|今日|本日|昨日|明日|今年|昨年|来年|今週|先週|今月|先月)"
    r"|年に" + _NUM_RANGE + r"回)"
)
# The titles after a person's name (ペレス氏, マクロン大統領, Mazaré 氏).
PERSON_TITLE = r"(?:氏|大統領|首相|教授|博士|さん)"
# (A name starts where its letters do: tried inside a long run of them, the pattern
# took quadratic time.)
_PERSON_RE = re.compile(
    r"(?:(?<![A-Za-zÀ-ÿ'’\-])[A-Z][A-Za-zÀ-ÿ'’\-]+(?:\s[A-Z][A-Za-zÀ-ÿ'’\-]+)*|(?<![ァ-ヴー・＝])[ァ-ヴー]+(?:[・＝][ァ-ヴー]+)*)"
    r"\s?" + PERSON_TITLE
)
# A digit, half- or full-width.
DIGIT_RE = re.compile(r"[0-9０-９]")
_PLACE_RE = re.compile(
    r"(?:パリ|フランス|ヨーロッパ|欧州|アメリカ|米国|サンフランシスコ|ロンドン|ドイツ|日本|東京|中国|英国|イギリス)"
)
# A nationality: a people (フランス人, 米国人) or a citizenship (日本国籍, 英国籍), a
# country's name before it in katakana or one of the kanji names (not 全国人民, 個人,
# 知人), 人 not starting another word (人数, 人口, 人工知能, 人形, 人民, 人材, 人気); a
# country named alone (イングランドのジョン・ニーダム) answers too, from UniDic's places.
_NATIONALITY_RE = re.compile(
    r"(?:[ァ-ヴー]{2,}|日本|米国|英国|中国|韓国|台湾|北朝鮮)(?:人(?![々数口工形民材気選員間])|国?籍)"
)
_QUOTE_RE = re.compile(r"「([^「」]{2,})」")
# Short forms the passage calls so: what follows 略称 (略称: JCP), the word before と略す
# (PKFとも略される, 葡と略される) or before a parenthesis saying so (「UN」（国際連合の略称）).
_ABBREVIATION_RES = (
    re.compile(r"略称[はがを]?\s?[:：]?\s?「?([^\s、,，。」）):：]{1,20})"),
    re.compile(r"([A-Za-z0-9]+|[" + KANJI + r"々]+|[ァ-ヴー]+)」?と(?:も|して)?略"),
    re.compile(r"([A-Za-z0-9]+|[" + KANJI + r"々]+|[ァ-ヴー]+)」?\s?[（(][^（）()]{0,20}略(?:称|語)?[）)]"),
)
# Failing those, a word's parenthesis (not a reading in hiragana: リボ核酸（RNA）,
# 国際連合休戦監視機構 (UNTSO)), or a Latin acronym before one (CIQ（税関、…）: then
# the parenthesis is its expansion).
_PARENTHESIS_RES = (
    re.compile(r"(?<=[^\W_])(?<![A-Z0-9])\s?[（(]([^（）()、,，。:：\s]{1,20})[）)、,，]"),
    re.compile(r"(?<![A-Za-z])([A-Z][A-Z0-9&]{1,9})\s?[（(]"),
)
_HIRAGANA_ONLY = re.compile(r"[ぁ-ゖー・]+")

_NO_QUESTION_WORD = r"^(?!.*(?:何|なに|なん|どの|どんな|どう|どれ|どちら))"
# How a question may end after what it asks (…は何ですか, …はどこなの, …か).
_ASKING_END = r"(?:ですか|でしょうか|なのか|なの|か|だ)?"
# The words asking who (誰, 何者): for a person, or who a named one is.
_WHO_WORD = r"誰|だれ|どなた|何者"
# Posts a person holds: a question ending on one asks who holds it (キュタイの所長は), and
# a name with one (志位委員長) still answers a question about the post.
# (Not 代表: 日本代表 is a team.)
POSTS = ("所長", "社長", "会長", "議長", "委員長", "理事長", "学長", "総長", "校長", "院長", "館長", "局長", "部長", "団長",
         "編集長", "頭取", "市長", "知事", "首相", "大統領", "総裁", "党首", "監督", "創業者", "創設者", "設立者",
         "ceo", "cto", "cfo", "coo")
def _en(words: str) -> str:
    """Latin words as whole words: "who" is not the start of "whole", nor "when" the end
    of "somewhen", nor ceo part of ceolin (Japanese letters around them are fine)."""
    return rf"(?<![a-z])(?:{words})(?![a-z])"


# The posts in a pattern, a Latin one as a whole word (not the cto of de facto).
_POSTS_ALTERNATION = "|".join(_en(p) if p.isascii() else p for p in POSTS)


# What answers 役職は / 肩書は: a post, or another title a person holds (科学顧問), with
# the kanji before it when they are at most three (副社長, 米大統領; 東京大学教授 → 教授;
# not マクロン大統領, a person). A Latin post is a whole word (not the ceo of ceolin).
_POST_RE = re.compile(
    r"(?:(?<![" + KANJI + r"])[" + KANJI + r"]{1,3})?(?:"
    + "|".join(
        _en(p) if p.isascii() else p
        for p in sorted((*POSTS, "顧問", "取締役", "理事", "創業者", "教授", "大臣", "長官"), key=len, reverse=True)
    )
    + ")",
    re.IGNORECASE,
)

# Whose a post is, in NFKC'd, lower-cased text: a name of Latin letters, digits and
# katakana (CMA CGM, Iliadグループ, イリアド・グループ), with a kanji suffix of at most two
# (キュタイ社), right before の.
# (At most 40 characters: unbounded, a long run of katakana took quadratic time.)
_POST_OWNER = r"[a-z0-9ァ-ヴ](?:[a-z0-9ァ-ヴー・&\- ]{0,40}[a-z0-9ァ-ヴー])?[" + KANJI + r"]{0,2}"
_POST_PREFIX = r"(?:(?:副|前|元|初代)の?)?"  # 副所長, 前のCEO: another post than 所長, CEO
# A word saying which holder, between の and the post: the post is still the one asked
# (キュタイの新しいCEOは誰？ asks キュタイ's CEO).
_WHICH_HOLDER = r"(?:新しい|新たな|最新の|新任の|現在の|今の|今度の|次の|次期|現|新)"
# The post a question asks about, as its words end on it: 〜のCEOは, 所長って, 社長の名前は.
_ASKED_POST_END = r"(" + _POST_PREFIX + r"(?:" + _POSTS_ALTERNATION + r"))(?=\s?(?:は|って|とは|の名前|、|を答えよ))"
# 〜のCEOは, 〜の所長って, 〜の副所長の名前は: the post a question asks the holder of, and
# whose it is (a name, or a description in kanji: 海運会社), over the NFKC'd,
# lower-cased question. A post ending a longer word (研究所長) is not read.
_ASKED_POST_RE = re.compile(
    r"(?:(" + _POST_OWNER + r"|[" + KANJI + r"]+)\s?の\s?(?:" + _WHICH_HOLDER + r"\s?)?|(?<![" + KANJI + r"]))" + _ASKED_POST_END
)


def _post_written(post: str) -> str:
    """The post as a passage writes it alone: not inside a longer word (ceolin, 副所長,
    所長代理, 大統領選)."""
    if post.isascii():
        return _en(re.escape(post))
    return r"(?<![副前元])" + re.escape(post) + r"(?![" + KANJI + r"])"


# A name as a question writes it: katakana (with its dots), Latin words, or kanji with
# 氏 / さん (a bare kanji noun may be a post: 首相は誰); and the title or post after it.
_KATAKANA_NAME = r"[ァ-ヴー]+(?:[・=][ァ-ヴー]+)*"
_KANJI_NAME = r"[" + KANJI + r"]{1,8}(?=氏|さん)"
_NAME_TITLE = r"(?P<title>氏|さん|博士|教授|" + _POSTS_ALTERNATION + r")?"
_LATIN_WORD = r"[a-zà-ÿ][a-zà-ÿ'’\-]*"

# Who is a person the question names (ニール氏は誰？, マクロン大統領って誰,
# グスタフ・マーラーはどのような人物か): it asks what the article says the person is, not
# for a person. In English, who is followed by a name alone (Who is Xavier Niel?; not
# Who is the CEO …?).
_IDENTITY_RE = re.compile(
    r"^(?P<name>" + _KATAKANA_NAME + r"|" + _LATIN_WORD + r"(?: " + _LATIN_WORD + r"){0,3}|" + _KANJI_NAME + r")"
    r"\s?" + _NAME_TITLE + r"\s?"
    r"(?:(?:って|とは|は)\s?(?:" + _WHO_WORD + r"|どんな人|どういう人|どのような人)物?\s?" + _ASKING_END + r"|とは"
    r"|(?:って|とは|は)\s?(?:何|なに|なん)\s?" + _ASKING_END
    + r"|(?:って|とは|は)\s?(?:どんな|どういう|どういった|どのような)\s?(?:会社|企業|組織|団体|機関|研究所|研究機関|グループ|ところ)\s?(?:なの|なん|です|でしょう)?" + _ASKING_END
    + r"|について(?:教えて|知りたい)(?:ください|下さい)?)$"
    r"|^who(?: is| was|['’]s) (?!(?:the|a|an|this|that|it|he|she|they|in|on|at|of|behind|your|our|their|kyutai)\b)"
    r"(?P<english>[a-zà-ÿ][a-zà-ÿ\-]*(?: [a-zà-ÿ][a-zà-ÿ\-]*){0,3})$"
    r"|^(?:what(?: is| are|['’]s)|tell me about) (?!(?:the|a|an|this|that|it|he|she|they|in|on|at|of|your|our|their)\b)"
    r"(?P<thing>[a-zà-ÿ][a-zà-ÿ\-]*(?: [a-zà-ÿ][a-zà-ÿ\-]*){0,3})$"
)


# A name alone (ニール, ヤン・ルカン氏, Scaleway, Xavier Niel) asks what the article says
# it is, when it asks nothing else (budget alone asks money). At most two Latin words,
# not starting with a question word or an article (Who is in charge? is no name).
_BARE_NAME_RE = re.compile(
    r"^(?P<name>" + _KATAKANA_NAME
    + r"|(?!(?:who|whom|whose|what|where|when|why|how|which|is|are|was|were|do|does|did|the|a|an)\b)"
    + _LATIN_WORD + r"(?: " + _LATIN_WORD + r")?|" + _KANJI_NAME + r")\s?" + _NAME_TITLE + r"$"
)


def _identity_match(question: str) -> re.Match[str] | None:
    q = unicodedata.normalize("NFKC", question).lower().rstrip("?？!！。 ")
    return _IDENTITY_RE.search(q) or _BARE_NAME_RE.search(q)


def identity_subject(question: str) -> str | None:
    """The name an identity question asks about (ニール氏は誰？ → ニール), else None."""
    m = _identity_match(question)
    if m is None:
        return None
    found = m.groupdict()
    return found.get("name") or found.get("english") or found.get("thing")


def identity_title(question: str) -> str | None:
    """The title or post an identity question gives its name (ニール氏 → 氏), else None."""
    m = _identity_match(question)
    return m.group("title") if m else None


_ASKED_COUNTERS = (
    r"基|名|人|台|個|社|回|カ国|か国|ヶ国|つ|件|チーム|時間|歳|度(?!も)"
    r"|本|枚|冊|匹|頭|羽|隻|棟|軒|階|倍|票|種類|週間|か月|ヶ月|カ月|秒|分(?:(?=間)|(?![の" + KANJI + r"]))"
)
# Counters a number in kanji rarely goes with but words do (十分, 一本化, 人一倍, 一秒たりとも):
# the count needs digits.
_DIGIT_COUNTERS = ("分", "秒", "本", "倍")
# How often, asked (どのくらいの頻度で, 頻度はどれくらい, how often): a count of times, 回
# or 度, with the period it is per (年に1~2回); not 使用頻度はどうですか, which asks what
# is said of it, nor …どれくらいの頻度で確認するかをまとめた一覧表を何と呼ぶ, which goes
# on to ask a name (a question word after it; not the なん of なんですか, the いつ of いつも).
_FREQUENCY_RE = re.compile(
    r"(?:(?:どのくらい|どれくらい|どの程度|どれほど|どれだけ)の?頻度|頻度は(?:どのくらい|どれくらい|どの程度))"
    r"(?!.*(?:何|なに|なん(?!です|でしょ|だ)|誰|だれ|どこ|いつ(?!も)))|^(?!.*(?:何|なに|誰|だれ|どこ|いつ(?!も))).*(?<!使用)頻度(?:は|って)?$|" + _en("how often")
)
# The period a count of times is per, just before it (年に, 月に2回, 毎週, 10日に, 12か月に):
# a word of its own (not the 日 of 月曜日に).
_PER_PERIOD_RE = re.compile(
    r"(?:毎(?:年|月|週|日)|(?<![0-9０-９" + KANJI + r"])(?:[0-9０-９一二三四五六七八九十]+\s?)?(?:年|か月|ヶ月|カ月|月|週間|週|日)\s?に)\s?$"
)
# Nouns naming an amount: a question ending on one or asking how much of it asks money
# (キュタイの予算は？). Those naming a kind of amount (not 資金, 費用, コスト: what was
# spent or raised, whatever it is called) are not answered by an amount of another kind.
_AMOUNT_KINDS = r"予算|価格|値段|給料|給与|年収|月収|報酬|賃金|年俸|売上|売り上げ|収入|収益|料金"
_AMOUNT_NOUNS = r"資金|費用|コスト|" + _AMOUNT_KINDS
# The kind asked about: the noun the question asks of (売上高は, 給料って), not one
# describing something else (研究費用のために).
_ASKED_AMOUNT_KIND_RE = re.compile(r"(" + _AMOUNT_KINDS + r")(?:高|額)?(?=は|って|とは|が|を|$|[?？]|.*(?:どれくらい|どのくらい|いくら))")


def amount_nouns(question: str) -> list[str]:
    """The kinds of amount a question asks about (CMA CGMの年間売上は → 売上)."""
    return _ASKED_AMOUNT_KIND_RE.findall(unicodedata.normalize("NFKC", question))


# (type, pattern over the normalized question). Order matters: 何基 before 何.
# Not after 何の / どんな …: 何の金額 asks what an amount is for, not how much (a
# lookbehind each, as they differ in length).
_WHAT_KIND_OF_WORDS = ("何の", "どんな", "どういう", "どのような", "どういった")
_NOT_WHAT_KIND_OF = "".join(f"(?<!{w})" for w in _WHAT_KIND_OF_WORDS)  # before 金額
_NOT_WHAT_KIND_OF_KIN = "".join(f"(?<!{w}金)" for w in _WHAT_KIND_OF_WORDS)  # before the 額 of 金額

# The end of a noun for people (研究者, 社員, 専門家, 顧問, 研究者たち); not 定員, 全員,
# 国家, 王家, 分家 ….
PEOPLE_NOUN = r"(?:者|(?<![定満欠全])員|(?<![国王一実本分宗名])家|相手|選手|歌手|士|師|顧問|陣|メンバー|先生方?|方々|たち|達)"

_TYPE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("identity", _IDENTITY_RE),
    # (何の金額 / どんな金額 asks what an amount is for, not how much.)
    ("money", re.compile(r"いくら|幾ら|何ドル|何ユーロ|何円|" + _NOT_WHAT_KIND_OF + r"金額|" + _en("how much|how big"))),
    # いくつか並べた ("several") asks nothing; いくつか？ does.
    # 何度 asks a temperature, an angle or a number of times; 何度も is "many times".
    ("count", re.compile(r"何(?:" + _ASKED_COUNTERS + r"|パーセント|%)"
                         r"|(?:いくつ|幾つ)(?!か(?![？?。]|$))|" + _en("how many|how old") + "|" + _FREQUENCY_RE.pattern)),
    # いつか。 asks "when?", いつか語り合いたい says "some day": only the former is a date question.
    ("date", re.compile(r"いつ(?!も|か(?![らの。？?！!、\s]|$))|何時|何年|何月|何日|" + _en("when|what year|which year"))),
    # どんな人がいる asks who (not 落語家とはどのような人か: what such a person is; nor
    # どんな人にも, "anyone").
    ("person", re.compile(_WHO_WORD + r"|全員(?:の名前)?(?:を|は)?(?:教えて|挙げて|知りたい)|どの人|(?:どんな|どのような|どういう|どういった)(?:人々|人物|人|方々|方)(?:たち|達)?(?:[がを]|[にと](?!も))|" + _en("who|whom|whose"))),
    # どこのCEO, どこに勤めた / で勤務した ask for an organisation, not a place: a noun phrase answers.
    # 国籍は, どこの国の人, 出身国は: a nationality (フランス人), not any place: a passage
    # naming none abstains (ヤン・ルカン氏の国籍は？). Only where the question ends on
    # it: not 日本の国籍を離脱した年, 出身国別の研究者数, 出身国の首都.
    ("nationality", re.compile(
        r"(?:国籍|出身国)(?:は|って|が)?(?:どこ|どちら|何|なに|なん)?" + _ASKING_END + r"$"
        r"|(?:国籍|出身国)を(?:答えよ|教えて(?:ください|下さい)?)$"
        r"|(?:どこ|どの|何|なに|なん)の?国の?(?:人(?![口々数])|出身)|何国人|" + _en("nationality|nationalities|citizenship")
    )),
    # (AとB、どちら asks one of two, not where: extract answers it as a choice.)
    ("place", re.compile(r"(?:which|what) country|どこ(?!の(?!国|都市|町|市|県|州|地域|地方|島|港|駅))(?!に勤め|で勤め|に勤務|で勤務|で働|に所属)|何処|(?<![、,])どちら|どの国|どの都市|" + _en("where"))),
    ("reason", re.compile(r"なぜ|何故|どうして|なんで(?!も|す(?:か|が|けど|ね|よ|[?？。!！]|$)|しょ)|理由|" + _en("why"))),
    # 何と言った, どう述べた: the words said, as the article quotes them in 「」
    # (何と言うか asks what a thing is called: not a quote).
    ("quote", re.compile(
        r"(?:何と|なんと|なんて|どう(?!いった)|どのように|(?:どんな|どういう|どのような)ことを?)"
        r"(?:言っ|いっ|述べ|語っ|話し|答え|発言|コメント|おっしゃ|仰っ|思っ|考え|評価|見て)|" + _en("what did .+ say")
    )),
    # 〜の略称は, 〜を略して: the short form the passage gives (リボ核酸（RNA）, 葡と略される).
    # Xは何の略称 asks the other way, what X is short for: a phrase answers.
    ("abbreviation", re.compile(r"(?<!何の)(?:略称|略語)|略して|略すと|略される|頭字語|" + _en("abbreviat[a-z]*"))),
    # No question word, but a money noun it ends on (「キュタイの予算は？」) or asks how
    # much of (資金規模ってどれくらい) asks for an amount; 予算委員会で…総理大臣は？ does not.
    # 額 alone too (税収額は, 〜が出すとされた額は), but not 額縁 / 額面 / 額装 or 高額 / 多額.
    ("money", re.compile(
        r"(?:" + _AMOUNT_NOUNS + r"|(?<![高巨多少低])" + _NOT_WHAT_KIND_OF_KIN + r"額(?![縁面装])|budget|funding)"
        r"(?:[^。、]{0,4}$|を教えて[^。、]{0,5}$|.*(?:どれくらい|どのくらい))"
    )),
    # No question word, but the noun it ends on names the kind of answer (JSQuAD:
    # 〜した年は？, 〜を建てた人物は, ドミニカ国の首都は？). With 何 or どの the
    # phrase ending in the asked noun answers instead (何州 → ビハール州).
    # 〜の年齢は asks a count of 歳 (ニール氏の年齢は？: an article giving none abstains).
    ("count", re.compile(_NO_QUESTION_WORD + r".*(?:数|人口|年齢|享年)(?:は|を答えよ)?$")),
    ("date", re.compile(_NO_QUESTION_WORD + r".*(?<![少青])(?:年|年代|年月日|日付)(?:は|を答えよ)?$")),
    ("person", re.compile(_NO_QUESTION_WORD + r"(?!.*どこ).*(?:人物|人|者)(?:の名前)?(?:は|を答えよ)?$")),
    # The name of people named by a noun for people (科学顧問の名前は, 医師の名前は, 先生方の
    # お名前を伺えますか); not 国家, 定員, 地方, 考え方 or 切手.
    ("person", re.compile(
        _NO_QUESTION_WORD + r"(?!.*どこ).*" + PEOPLE_NOUN + r"の?お?名前"
        r"(?:は|を(?:教えて|知りたい|伺|挙げて|答え)|$)"
    )),
    # People asked for by a noun for people (登壇した研究者を全部挙げて, 科学顧問を教えて);
    # not 相手, often an organisation or a kind of people (協力する相手 → 研究者).
    ("person", re.compile(r"(?!相手)" + PEOPLE_NOUN + r"(?:の名前)?(?:を|は)(?:全部|全員|すべて|全て|みんな|皆)?(?:(?:挙げ|教え|答え|列挙し)(?:て(?![いおる])|よ)|知りたい)")),
    # 「…」と言ったのは？: the one who said it (not what was said about; nor …といわれている
    # のは, a passive: what is said to be so; nor Xというのは, what X is).
    ("person", re.compile(r"と\s?(?:言|い|述べ|語|話|発言|主張|コメント|強調|説明)(?![わら]れ|さ[れせ]|う)[ぁ-ゖ]{0,6}のは" + _ASKING_END + "$")),
    # 〜の所長は, 〜のCEOは: a post names the person holding it (どこのCEO asks the company).
    ("person", re.compile(_NO_QUESTION_WORD + r"(?!.*どこ).*(?:" + _POSTS_ALTERNATION + r")(?:の名前)?(?:は|を答えよ)?$")),
    ("place", re.compile(_NO_QUESTION_WORD + r".*(?:国|首都|都市|場所|地域|県|州|市|町|村|島|川)(?:は|を答えよ)?$")),
    # 役職は, 何の役職に就く, 肩書きは, 〜のポストは: a post (所長); not a position on
    # something (What is Kyutai's position on open source?). Last: 役職に就いた年は asks a date,
    # 役職に就いた人物は a person. (A named person's role too: _ROLE_OF_PERSON_RE.)
    ("post", re.compile(r"役職|肩書|職位|のポスト(?:は|を|に|って)|" + _en("job title|position(?! on)"))),
]
# A person the question names, read before lower-casing: a katakana name with its ・ or
# a title, Latin words each capitalized and holding a lower-case letter (Yann LeCun,
# Rodolphe Saadé; not CMA CGM, Mistral AI, open source), or kanji with 氏 / さん (not
# 彼氏, 源氏, 摂氏, 皆さん, お母さん).
_LATIN_NAME_WORD = r"(?<![A-Za-zÀ-ÿ])[A-ZÀ-Þ](?=[A-Za-zÀ-ÿ'’\-]{0,30}[a-zß-ÿ])[A-Za-zÀ-ÿ'’\-]{1,30}"
_NAMED_PERSON = (
    r"(?:[ァ-ヴ][ァ-ヴー]*・[ァ-ヴー]+(?:\s?(?:氏|さん|博士|教授))?|[ァ-ヴ][ァ-ヴー]+\s?(?:氏|さん|博士|教授)"
    r"|" + _LATIN_NAME_WORD + r"(?: " + _LATIN_NAME_WORD + r"){1,3}(?:\s?(?:氏|さん))?"
    r"|[" + KANJI + r"]{1,4}(?:(?<![彼源平摂華])氏|(?<![皆客母父兄姉])さん))"
)
# The role of a person the question names, right before の役割 or as the topic of
# どんな役割 (ルカン氏の役割は, Yann LeCunはどんな役割) is a post (科学顧問); the role of
# a thing is not (打楽器の役割, ニール氏は規制がどんな役割…: が starts another subject).
_ROLE_OF_PERSON_RE = re.compile(
    _NAMED_PERSON + r"\s?(?:の(?:役割|役目)|は[^がをにへ。、]{0,20}?(?:どんな|どういう|どのような|何の)(?:役割|役目))"
)
# A count of people asked by its noun (従業員数, 社員の数, 参加人数) or in English; not
# 〜者数, which counts companies, contracts or copies as often (事業者数, 契約者数, 購読者数).
_HEAD_COUNT_RE = re.compile(r"[員人](?:の)?数(?![値学字量])|" + _en(r"how many (?:people|persons|employees|staff|researchers|workers|scientists)"))
# A currency the question asks the amount in (何円, 日本円で, in yen): an amount in
# another one does not answer it (キュタイの予算は日本円でいくら？: the article gives dollars).
# Each name a question writes, to the unit the passage writes (米ドル holds ドル).
_CURRENCY_OF = {
    "円": "円", "日本円": "円", "yen": "円", "ドル": "ドル", "米ドル": "ドル", "dollar": "ドル", "dollars": "ドル",
    "ユーロ": "ユーロ", "euro": "ユーロ", "euros": "ユーロ", "ポンド": "ポンド", "pound": "ポンド", "pounds": "ポンド",
}
_ASKED_CURRENCY_RE = re.compile(r"何(円|ドル|ユーロ|ポンド)|(日本円|円|米ドル|ドル|ユーロ|ポンド)(?:で|に換算|換算)|" + _en(r"in (yen|dollars?|euros?|pounds?)"))
# A question about a past event (受賞したのはいつ, いつ発表された): asks a point in time.
_PAST_EVENT_RE = re.compile(r"た(?:のは|の|とき|時)?(?:いつ|何時)|(?:いつ|何時).*た(?:の|か|のか|んですか|のですか)?$")
_COUNTER_RE = re.compile(r"何(" + _ASKED_COUNTERS + r")")
# いくつ / how many without a counter: one or two kanji (基, 議席), katakana (チーム),
# つ, a percent sign or a Latin unit (m2); not kana particles or brackets (3つの → 3つ,
# 83.8%（ → 83.8%). A bare number before の counts too (441の基礎自治体 → 441).
# A common one-kanji counter ends the unit (1000基導入 → 1000基).
_ANY_COUNTER = r"カ国|か国|ヶ国|[基人名台個社回件本枚冊匹頭羽隻機棟軒階歳番位点票校店戸曲]|[" + KANJI + r"々]{1,2}|[ァ-ヴー]+|つ|%|％|[A-Za-z]+[0-9]?|(?=の)"
_ANY_COUNTER_RE = re.compile(_ANY_COUNTER)
_CALENDAR_UNIT_RE = re.compile(r"年|月|日|時(?!間)|分|秒|世紀")
# A count of calendar units names its unit (可採年数, 日数): the counter asked for.
_CALENDAR_COUNT_RE = re.compile(r"(年|月|日|時間|世紀)数")
# Not a word that goes on (3人強盗団, 2台超高速, 20人弱者) nor 以下の通り ("as follows").
_COUNT_BOUND_RE = re.compile(r"(?:以上|以下|未満|超|余り|強|弱|年上|年下)(?![" + KANJI + r"]|の通り)")
_SAME_COUNTERS = {
    "名": ("名", "人"), "人": ("名", "人"), **{c: ("カ国", "か国", "ヶ国") for c in ("カ国", "か国", "ヶ国")},
    "度": ("度", "℃", "°C", "°"),  # 何度 is answered by 25℃, 135°, 2度
    "分": ("分間", "分"), "秒": ("秒間", "秒"),  # 何分 by 40分間 whole
    "頻度": ("回", "度"),  # how often: 年に1~2回, 月に1度
}
# A number and the space after it, the counter checked after: one pattern compiled
# once (a pattern per counter cost ~2 ms to compile, on the first question asking it).
# もう一人 ("one more") is no count, nor is the number in a model name (H100 GPU); the
# lookbehind also starts a match at a number's first digit, so もう12人 gives no 2人.
_COUNT_NUMBER_RE = re.compile(r"(?<!もう)(?<![0-9０-９〇一二三四五六七八九十百千万億A-Za-zＡ-Ｚａ-ｚ])" + _NUM_RANGE + r"\s?")


# A place question asking for a country (どこの国, 〜した国は, which country), not a city or
# a region (主要国は, 首都は). Not 〜の国名は, which asks what a country is called
# (コンゴ人民共和国, ホラント: 2 JSQuAD answers worse taken as a country, 1 better).
_ASKS_COUNTRY_RE = re.compile(
    r"(?:どこの|どの|何という|なんという)国(?!々)|(?<![" + KANJI + r"])国(?:は|とは)?(?:どこ|何|なに)?" + _ASKING_END + r"$|"
    + _en("which country|what country")
)
# When a thing was founded or a person born is given with its year (1946年, 1922年7月15日),
# never as 今朝: Scalewayはいつ設立された？ is not answered by the day of the article.
_FOUNDING_RE = re.compile(
    r"(?:設立|創業|創立|創設|結成|建国)(?:され|し)た|誕生した|生まれた|生まれ(?:は|年)|" + _en("founded|established|born")
)
# A question ending on 年 (〜と会った年は, 〜の公布年は), not 少年 or 青年.
_ASKS_YEAR_RE = re.compile(
    r"(?<![少青新定晩中])年(?:は|を答えよ|(?:は|って)\s?(?:いつ|何時)(?:頃|ごろ)?"
    r"(?:ですか|でしょうか|でしょう|でしたか|だった(?:か|の)?|なのでしょうか|なのか|なの|か|だ)?)?$"
    r"|" + _en("what year|which year")
)


@dataclass(frozen=True, slots=True)
class AnswerType:
    kind: str  # money, count, date, person, identity, place, nationality, reason, quote, abbreviation, post, other
    counter: str | None = None  # the unit asked for, e.g. 基 in 何基, 日 in 何月何日


def detect_answer_type(question: str) -> AnswerType:
    """The expected answer type of a question (NFKC'd and lower-cased here)."""
    nfkc = unicodedata.normalize("NFKC", question)
    # 「生命は、いつ、どこで…」という問い: a question word inside quotes is not asked.
    q = re.sub(r"「[^「」]*」", "「」", nfkc.lower())
    q = q.rstrip("?？!！。 ")
    bare = _BARE_NAME_RE.search(q)
    if bare and bare.group("title"):
        return AnswerType("identity")  # マクロン大統領 alone names him: no post asked
    for kind, pattern in _TYPE_RULES:
        if pattern.search(q):
            counter = None
            if kind == "count":
                m = _COUNTER_RE.search(q) or _CALENDAR_COUNT_RE.search(q)
                counter = m.group(1) if m else ("歳" if re.search(r"(?:年齢|享年)(?:は|を答えよ)?$|" + _en("how old"), q) else None)
                if counter == "個":
                    counter = None  # the counter of any thing: 何個 is answered by 1000基 as いくつ is
                if counter is None and _FREQUENCY_RE.search(q):
                    counter = "頻度"  # 年に1~2回: a count of times, with its period
                if counter is None and _HEAD_COUNT_RE.search(q):
                    counter = "人"  # 従業員数は: people, not the 1000基 of GPUs
            elif kind == "place" and _ASKS_COUNTRY_RE.search(q):
                counter = "国"  # どこの国 / 〜した国は: a country, not any place (see Engine._answer_names)
            elif kind == "date":
                # 何年 / 何月 / 何日 ask for that calendar unit (何月何日: the day); 今朝 does not answer them.
                counter = next((unit for unit in "日月年" if "何" + unit in q), None)
                if counter == "年" and "何年以内" in q:
                    counter = "年以内"  # 何年以内に asks a span (1年以内), which a year never answers
                if counter is None and (_ASKS_YEAR_RE.search(q) or _FOUNDING_RE.search(q)):
                    counter = "年"  # 〜した年は asks a year, as 何年 does: not 8月
                if counter is None and _PAST_EVENT_RE.search(q):
                    counter = "時点"  # 受賞したのはいつ: a point in time, not how often (年に1~2回)
            elif kind == "money":
                m = _ASKED_CURRENCY_RE.search(q)
                counter = _CURRENCY_OF[next(g for g in m.groups() if g)] if m else None
            return AnswerType(kind, counter)
    if _ROLE_OF_PERSON_RE.search(nfkc):  # read before lower-casing
        return AnswerType("post")
    return AnswerType("identity" if bare else "other")


# The noun a question asks for: the one it ends on (…輸出国は？, …政党はどこですか),
# or the one after 何という / どの / どこの / 何 (何という国か, どの党が, 何党), when the
# question turns on it (どこの国の人か asks for a people, not a country). At most 20
# characters of it are read: unbounded, a long run of kanji costs quadratic time.
_ASKED_NOUN_END = re.compile(
    r"([" + KANJI + r"ァ-ヴー]{1,20})(?:は|とは|って)(?:どこ|何|なに|なん|誰|だれ|どれ|いずれ)?(?:でしょうか|ですか|か|だ|なの)?$"
)
_ASKED_NOUN_AFTER = re.compile(r"(?:何という|なんという|どの|どこの|何|なに)([" + KANJI + r"ァ-ヴー]{1,20})(?=$|は|が|か|です|でしょう)")


# Who is the CEO of Kyutai? / Who's Kyutai's current CEO? / Who is the mayor?: an English
# post is one word, translated by the caller (mayor → 市長); a word saying which
# holder (current, new) may come before it.
_WHICH_HOLDER_EN = r"(?:current |new |present |next )?"
_ASKED_POST_EN_RE = re.compile(
    r"^who(?: is| was|['’]s) (?:the " + _WHICH_HOLDER_EN + r"(?P<post>[a-z]+)"
    r"(?: (?:of|at|for) (?:the )?(?P<whose>[a-z0-9][a-z0-9 .,&'’\-]*?))?"
    r"|(?P<owner>[a-z0-9][a-z0-9 .&\-]*?)['’]s " + _WHICH_HOLDER_EN + r"(?P<owned>[a-z]+))$"
)


def asked_post(question: str) -> tuple[str | None, str] | None:
    """The post a question asks the holder of and whose it is, the latter None when
    the question does not say (キュタイのCEOは誰？ → (キュタイ, ceo), 所長は誰 → (None,
    所長), Who is the CEO of Kyutai? → (kyutai, ceo), Who is the mayor? → (None,
    mayor)), NFKC'd and lower-cased; None for a question asking no post. An English
    post is returned as the question writes it: any one word after the."""
    q = unicodedata.normalize("NFKC", question).lower()
    m = _ASKED_POST_RE.search(q)
    if m:
        return m.group(1), m.group(2)
    m = _ASKED_POST_EN_RE.match(q.strip().rstrip("?!. "))
    if m:
        return (m.group("whose"), m.group("post")) if m.group("post") else (m.group("owner"), m.group("owned"))
    return None


_WHICH_BEFORE_POST_RE = re.compile(r"(?<=の)\s?" + _WHICH_HOLDER + r"\s?(?=" + _ASKED_POST_END + ")", re.IGNORECASE)


def without_post_which(question: str) -> str:
    """The question without a word saying which holder of the post it asks
    (Iliadの現在のCEOは誰？ → IliadのCEOは誰？): it asks the same post, and 現在 would
    rank a passage about 現在の為替レート. Another question comes back as it was."""
    shorter, n = _WHICH_BEFORE_POST_RE.subn("", unicodedata.normalize("NFKC", question))
    return shorter if n else question


def post_holders(post: str, text: str) -> tuple[list[str], int]:
    """The names a passage gives ``post`` to as theirs (Iliad の CEO → iliad), NFKC'd and
    lower-cased, and how many times it writes the post otherwise (この研究室の所長,
    マクロン大統領)."""
    normalized = unicodedata.normalize("NFKC", text).lower()
    written = _post_written(post)
    holders = [m.group(1) for m in re.finditer(r"(" + _POST_OWNER + r")\s?の\s?" + written, normalized)]
    return holders, len(re.findall(written, normalized)) - len(holders)


# 〜は誰 / 〜って誰 ending a question: what comes before names the person asked about.
_WHO_IS_RE = re.compile(
    r"(?:って|とは|は)\s?(?:いったい|一体)?\s?(?:" + _WHO_WORD + r")\s?(?:なん|なの)?"
    r"(?:ですか|でしょうか|でしょう|だっけ|だろう|なのか|なの|か|だ|のこと)?$"
)
# The plural or honorific ending a person asked about (匿名の寄付者たち): the article
# writes the noun without it.
_PERSON_SUFFIX_RE = re.compile(r"(?<=[" + KANJI + r"ァ-ヴー])(?:たち|達|ら|さん|様)$")  # not the ら of さくら
# A phrase written as one item of a list beside others: AやB, Bや…, Bなど.
_LISTED_AFTER_RE = re.compile(r"\s?(?:や|など|ら(?!し)|等(?![" + KANJI + r"ぁ-ゖ]))")
_LISTED_BEFORE_RE = re.compile(r"(?<![ぁ-ゖ])や\s?、?\s?$")  # not the や of もはや


# Between two people of a list: 、 or や or と, perhaps with そして (…ニール・ゼギドゥール氏、
# そしてアレクサンドル・デフォッセ氏).
_LIST_JOIN = r"\s?(?:、|,|や|と)\s?(?:そして|および|及び)?\s?"
LIST_JOIN_RE = re.compile(_LIST_JOIN)
_NEXT_PERSON_RE = re.compile(_LIST_JOIN + r"(" + _PERSON_RE.pattern + r")")
_LISTED_NAME_CHARS = 60
_TITLE_AFTER_RE = re.compile(r"\s?" + PERSON_TITLE)
_PREVIOUS_PERSON_RE = re.compile(r"(" + _PERSON_RE.pattern + r")" + _LIST_JOIN + r"$")


def people_named(question: str) -> list[str]:
    """The people a question names (エルヴェ・ジェグー氏, ヤン・ルカン, Mazaré 氏), NFKC'd."""
    return [m.group().strip() for m in _NAMED_PERSON_RE.finditer(unicodedata.normalize("NFKC", question))]


# With a title (Mazaré 氏), or a name of its own (ヤン・ルカン, Yann LeCun).
_NAMED_PERSON_RE = re.compile(_PERSON_RE.pattern + r"|" + _NAMED_PERSON)


def list_mates(person: str, text: str) -> set[str]:
    """The other people ``text`` lists ``person`` with (パトリック・ペレス氏、エドゥアール・グラ
    ーヴ氏、…), NFKC'd; empty unless each time ``text`` writes the person, it is one
    item of such a list. Such a passage says what the people of the list share (they
    spoke, they advise), nothing of one of them alone."""
    text = unicodedata.normalize("NFKC", text)
    mates: set[str] = set()
    for m in re.finditer(re.escape(person), text):
        found = set()
        # A name asked without its title (イェジン・チェ) is listed with it (イェジン・チェ氏、).
        end = title.end() if (title := _TITLE_AFTER_RE.match(text, m.end())) else m.end()
        while (after := _NEXT_PERSON_RE.match(text, end)) is not None:
            found.add(after.group(1).strip())
            end = after.end()
        start = m.start()
        # Looked for in the characters just before (a name with its title and a join is
        # short): searched from the text's start, a long katakana run took quadratic time.
        while (before := _PREVIOUS_PERSON_RE.search(text, max(0, start - _LISTED_NAME_CHARS), start)) is not None:
            found.add(before.group(1).strip())
            start = before.start()
        if not found:
            return set()
        mates |= found
    return mates - {person}


def asked_who(question: str) -> str | None:
    """What a question asks who it is (匿名の寄付者って誰？ → 匿名の寄付者), NFKC'd;
    None for a question of another form."""
    q = unicodedata.normalize("NFKC", question).rstrip("?？!！。 ")
    m = _WHO_IS_RE.search(q)
    return _PERSON_SUFFIX_RE.sub("", q[: m.start()].strip()) or None if m else None


def only_listed(phrase: str, text: str) -> bool:
    """Whether ``text`` writes ``phrase`` only as one item of a list beside others
    (エリック・シュミット氏の財団や、匿名の寄付者など): it says there is such a person, not
    who. The phrase is the longest end of ``phrase`` that ``text`` writes, at least two
    characters and not starting with kana (匿名の寄付者 of キュタイの匿名の寄付者); the
    summing-up noun after a list (…など、少額の寄付者もいる) is not an item."""
    text = unicodedata.normalize("NFKC", text).lower()
    phrase = phrase.lower()
    found = ""
    for start in range(len(phrase) - 2, -1, -1):
        if phrase[start:] not in text:
            break
        if not ("ぁ" <= phrase[start] <= "ゖ"):
            found = phrase[start:]
    if not found:
        return False
    at = [m.start() for m in re.finditer(re.escape(found), text)]
    return all(
        _LISTED_AFTER_RE.match(text, i + len(found)) or _LISTED_BEFORE_RE.search(text, 0, i) for i in at
    )


# A model number: Latin letters and digits, perhaps joined by a dash of any kind (H100,
# B-29, GPT−4, GPTー4), perhaps plural (H100s); not a unit after a number (1 km2, 1000km2).
_DASHES = "-‐‑‒–—―−ーｰ"
_MODEL_CODE_RE = re.compile(
    r"(?<![a-z0-9])(?<![0-9] )([a-z]{1,10})[" + _DASHES + r"]?([0-9]{1,6})s?(?![a-z0-9])"
)


def model_codes(text: str) -> set[str]:
    """The model numbers ``text`` writes, NFKC'd, lower-cased, without the dash and the
    plural s (B-29, B29 and B29s are one)."""
    normalized = unicodedata.normalize("NFKC", text).lower()
    return {m.group(1) + m.group(2) for m in _MODEL_CODE_RE.finditer(normalized)}


def asked_nouns(question: str) -> tuple[str | None, str | None]:
    """The noun ``question`` (NFKC'd) ends on, and the noun it asks with 何 / どの
    (see ``_ASKED_NOUN_END`` and ``_ASKED_NOUN_AFTER``); None where it has none."""
    q = unicodedata.normalize("NFKC", question).rstrip("?？!！。 ")
    end, after = _ASKED_NOUN_END.search(q), _ASKED_NOUN_AFTER.search(q)
    return (end.group(1) if end else None, after.group(1) if after else None)


def candidates(kind: AnswerType, text: str, *, named: Sequence[tuple[int, int, str]] = ()) -> list[tuple[int, int]]:
    """Spans of ``text`` holding a phrase of the asked type (none for reason and other).

    ``named`` are the noun phrases of ``text`` that UniDic tags as a person's or a
    place's name (:meth:`Tokenizer.named_chunks`): they answer 誰 and どこ besides
    the patterns (Wikipedia writes ルイ・パスツール without 氏).
    """
    if kind.kind in ("person", "place"):
        names = [(s, e) for s, e, name in named if name == kind.kind]
        if kind.counter == "国" and names:
            # A country asked: the engine passes only UniDic's countries when the
            # passage names one, and the pattern's cities (パリ) do not answer.
            return names
        pattern = _PERSON_RE if kind.kind == "person" else _PLACE_RE
        found = {m.span() for m in pattern.finditer(text)}
        found.update(names)
        return sorted(found)
    if kind.kind == "money":
        spans = [m.span() for m in _MONEY_RE.finditer(text)]
        return [(s, e) for s, e in spans if kind.counter in text[s:e]] if kind.counter else spans
    if kind.kind == "count":
        units = _SAME_COUNTERS.get(kind.counter, (kind.counter,)) if kind.counter else None
        spans = []
        for m in _COUNT_NUMBER_RE.finditer(text):
            if units is None:
                # Any counter but a calendar one: 党員数は is not answered by 24日 or 2月.
                unit = None if _CALENDAR_UNIT_RE.match(text, m.end()) else _ANY_COUNTER_RE.match(text, m.end())
                end = unit.end() if unit else -1
            else:
                end = next((m.end() + len(u) for u in units if text.startswith(u, m.end())), -1)
                if kind.counter in _DIGIT_COUNTERS and not DIGIT_RE.search(m.group()):
                    end = -1
                elif end >= 0 and kind.counter == "分" and text.startswith("の", end):
                    end = -1  # 3分の1: a fraction
            if end >= 0:
                # 18歳以上, 100人未満: the bound is part of the count.
                bound = _COUNT_BOUND_RE.match(text, end)
                start = m.start()
                if kind.counter == "頻度" and (period := _PER_PERIOD_RE.search(text, max(0, start - 8), start)):
                    start = period.start()  # 年に1~2回: how often is per a period
                spans.append((start, bound.end() if bound else end))
        return spans
    if kind.kind == "date":
        spans = [m.span() for m in _DATE_RE.finditer(text)]
        if kind.counter == "時点":
            return [(s, e) for s, e in spans if not text.startswith("年に", s)]
        if kind.counter:
            # A year is no span (1年以内 does not answer 設立年は); 何年以内 asks the span.
            unit = kind.counter + ("(?!以内)" if kind.counter == "年" else "")
            spans = [(s, e) for s, e in spans if re.search(r"[0-9０-９〇一二三四五六七八九十百千元]\s?" + unit, text[s:e])]
        return spans
    if kind.kind == "quote":
        return [m.span(1) for m in _QUOTE_RE.finditer(text)]
    if kind.kind == "post":
        return [m.span() for m in _POST_RE.finditer(text)]
    if kind.kind == "nationality":
        peoples = [m.span() for m in _NATIONALITY_RE.finditer(text)]
        countries = [(s, e) for s, e, name in named if name == "place" and not any(s < pe and ps < e for ps, pe in peoples)]
        return sorted(peoples + countries)
    if kind.kind == "abbreviation":
        for patterns in (_ABBREVIATION_RES, _PARENTHESIS_RES):
            found = {m.span(1) for pattern in patterns for m in pattern.finditer(text)}
            found = {(s, e) for s, e in found if not _HIRAGANA_ONLY.fullmatch(text, s, e)}
            if found:
                return sorted(found)
        return []
    return []


def is_person(text: str) -> bool:
    """Whether ``text`` is a name with a title (パトリック・ペレス氏, Mazaré 氏)."""
    return _PERSON_RE.fullmatch(text.strip()) is not None


def has_candidate(kind: AnswerType, text: str) -> bool:
    """Whether ``text`` holds a phrase of the asked type (by pattern: the answer-type
    rerank, where UniDic's names measured worse, see docs/quality.md)."""
    return bool(candidates(kind, text))

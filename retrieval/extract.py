"""Short answers: what kind of answer a question wants, and the phrase that gives it.

The question word sets the expected type (いくら → money, 何基 → a count of 基,
誰 → a person, どこ → a place, いつ → a date). In the best passage the candidates
of that type are found by pattern, and the one closest to the question's matched
words wins. Without a typed candidate, the answer is the sentence of the passage
that holds most of the question's weight.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["AnswerType", "detect_answer_type", "extract_answer", "has_candidate", "is_person", "split_sentences"]

_NUM = r"(?:[0-9０-９][0-9０-９.,，．]*|[〇一二三四五六七八九十百千]+)(?:[万億兆千百十][0-9０-９〇一二三四五六七八九十百千]*)*"
_NUM_RANGE = _NUM + r"(?:\s?[~〜～\-－]\s?" + _NUM + r")?"
_CURRENCY = r"(?:米ドル|ドル|ユーロ|円|ポンド|元|ウォン)"
_MONEY_RE = re.compile(_NUM + r"\s?" + _CURRENCY)
_PART_OF_MONTH = r"(?:上旬|中旬|下旬|初旬|初め|末|半ば)"
_DATE_RE = re.compile(
    r"(?:" + _NUM + r"年以内"
    r"|" + _NUM + r"年代"
    r"|" + _NUM + r"年(?:" + _NUM + r"月)?(?:" + _NUM_RANGE + r"日|" + _PART_OF_MONTH + r")?"
    r"|" + _NUM + r"月(?:" + _NUM_RANGE + r"日|" + _PART_OF_MONTH + r")?"
    r"|(?:紀元前)?" + _NUM + r"世紀(?:前半|後半|初頭|末)?"
    r"|[一-龥ァ-ヴー]{1,6}時代"
    r"|(?:今朝|今日|本日|昨日|明日|今年|昨年|来年|今週|先週|今月|先月)"
    r"|年に" + _NUM_RANGE + r"回)"
)
_PERSON_RE = re.compile(
    r"(?:[A-Z][A-Za-zÀ-ÿ'’\-]+(?:\s[A-Z][A-Za-zÀ-ÿ'’\-]+)*|[ァ-ヴー]+(?:[・＝][ァ-ヴー]+)*)\s?(?:氏|大統領|首相|教授|博士|さん)"
)
_PLACE_RE = re.compile(
    r"(?:パリ|フランス|ヨーロッパ|欧州|アメリカ|米国|サンフランシスコ|ロンドン|ドイツ|日本|東京|中国|英国|イギリス)"
)
_QUOTE_RE = re.compile(r"「([^「」]{2,})」")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")

# (type, pattern over the normalized question). Order matters: 何基 before 何.
_TYPE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("money", re.compile(r"いくら|幾ら|何ドル|何ユーロ|何円|金額|how much|how big")),
    ("count", re.compile(r"何(?:基|名|人|台|個|社|回|カ国|か国|ヶ国|つ|件|チーム|パーセント|%|時間)|いくつ|幾つ|how many")),
    # いつか。 asks "when?", いつか語り合いたい says "some day": only the former is a date question.
    ("date", re.compile(r"いつ(?!も|か(?![らの。？?！!、\s]|$))|何時|何年|何月|何日|when|what year")),
    ("person", re.compile(r"誰|だれ|どなた|何者|どの人|who")),
    # どこのCEO, どこに勤めた ask for an organisation, not a place: a noun phrase answers.
    ("place", re.compile(r"どこ(?!の(?!国|都市|町|市|県|州|地域|地方|島|港|駅))(?!に勤め|で働|に所属)|何処|どちら|どの国|どの都市|where")),
    ("reason", re.compile(r"なぜ|何故|どうして|理由|why")),
    # 何と言った, どう述べた: the words said, as the article quotes them in 「」
    # (何と言うか asks what a thing is called: not a quote).
    ("quote", re.compile(r"(?:何と|なんと|どう|どのように)(?:言っ|いっ|述べ|語っ|話し|答え|発言|コメント)")),
    # No question word, but a money noun it ends on (「キュタイの予算は？」) or asks how
    # much of (資金規模ってどれくらい) asks for an amount; 予算委員会で…総理大臣は？ does not.
    ("money", re.compile(
        r"(?:予算|資金|費用|金額|価格|値段|コスト|出資額|寄付額|budget|funding)(?:[^。、]{0,4}$|.*(?:どれくらい|どのくらい))"
    )),
]
_COUNTER_RE = re.compile(r"何(基|名|人|台|個|社|回|カ国|か国|ヶ国|つ|件|チーム|時間)")
# いくつ / how many without a counter: one or two kanji (基, 議席), katakana (チーム),
# つ, a percent sign or a Latin unit (m2); not kana particles or brackets (3つの → 3つ,
# 83.8%（ → 83.8%). A bare number before の counts too (441の基礎自治体 → 441).
# A common one-kanji counter ends the unit (1000基導入 → 1000基).
_ANY_COUNTER = r"カ国|か国|ヶ国|[基人名台個社回件本枚冊匹頭羽隻機棟軒階歳番位点票校店戸曲]|[一-龥々]{1,2}|[ァ-ヴー]+|つ|%|％|[A-Za-z]+[0-9]?|(?=の)"
_SAME_COUNTERS = {"名": "名|人", "人": "名|人", "カ国": "カ国|か国|ヶ国", "か国": "カ国|か国|ヶ国", "ヶ国": "カ国|か国|ヶ国"}


@dataclass(frozen=True, slots=True)
class AnswerType:
    kind: str  # money, count, date, person, place, reason, quote, other
    counter: str | None = None  # the unit asked for, e.g. 基 in 何基, 日 in 何月何日


def detect_answer_type(question: str) -> AnswerType:
    """The expected answer type of a question (NFKC'd and lower-cased here)."""
    # 「生命は、いつ、どこで…」という問い: a question word inside quotes is not asked.
    q = re.sub(r"「[^「」]*」", "「」", unicodedata.normalize("NFKC", question).lower())
    q = q.rstrip("?？!！。 ")
    for kind, pattern in _TYPE_RULES:
        if pattern.search(q):
            counter = None
            if kind == "count":
                m = _COUNTER_RE.search(q)
                counter = m.group(1) if m else None
            elif kind == "date":
                # 何年 / 何月 / 何日 ask for that calendar unit (何月何日: the day); 今朝 does not answer them.
                counter = next((unit for unit in "日月年" if "何" + unit in q), None)
            return AnswerType(kind, counter)
    return AnswerType("other")


def _candidates(kind: AnswerType, text: str) -> list[tuple[int, int]]:
    if kind.kind == "money":
        return [m.span() for m in _MONEY_RE.finditer(text)]
    if kind.kind == "count":
        unit = _SAME_COUNTERS.get(kind.counter or "", re.escape(kind.counter)) if kind.counter else _ANY_COUNTER
        # もう一人 ("one more") is no count, nor is the number in a model name (H100
        # GPU); the lookbehind also starts a match at a number's first digit, so
        # もう12人 does not yield 2人.
        return [m.span() for m in re.finditer(r"(?<!もう)(?<![0-9０-９〇一二三四五六七八九十百千万億A-Za-zＡ-Ｚａ-ｚ])" + _NUM_RANGE + r"\s?(?:" + unit + r")", text)]
    if kind.kind == "date":
        spans = [m.span() for m in _DATE_RE.finditer(text)]
        if kind.counter:
            spans = [(s, e) for s, e in spans if re.search(r"[0-9０-９〇一二三四五六七八九十百千]\s?" + kind.counter, text[s:e])]
        return spans
    if kind.kind == "person":
        return [m.span() for m in _PERSON_RE.finditer(text)]
    if kind.kind == "place":
        return [m.span() for m in _PLACE_RE.finditer(text)]
    if kind.kind == "quote":
        return [m.span(1) for m in _QUOTE_RE.finditer(text)]
    return []


def is_person(text: str) -> bool:
    """Whether ``text`` is a name with a title (パトリック・ペレス氏, Mazaré 氏)."""
    return _PERSON_RE.fullmatch(text.strip()) is not None


def has_candidate(kind: AnswerType, text: str) -> bool:
    """Whether ``text`` holds a phrase of the asked type."""
    return bool(_candidates(kind, text))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a passage, cut after 。！？ (kept with their sentence)."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.start()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def extract_answer(
    question: str,
    kind: AnswerType,
    text: str,
    matched_spans: Sequence[tuple[int, int, float]],
    *,
    in_question: Callable[[str], bool] = lambda s: False,
    repeats_question: Callable[[str], bool] | None = None,
    chunks: Sequence[tuple[int, int]] = (),
) -> tuple[str, str]:
    """The short answer in ``text`` and how it was found (the type, or ``sentence``).

    ``matched_spans`` are ``(start, end, weight)`` of the question's words in the
    passage; ``in_question`` rejects candidates the question itself names (asking
    誰 about ニール氏 should not answer ニール氏). ``chunks`` are the passage's noun
    phrases: given, an untyped question is answered with the phrase nearest to its
    words in the best sentence instead of the whole sentence; ``repeats_question``
    (default ``in_question``) rejects phrases that only restate the question.
    """
    candidates = [(s, e) for s, e in _candidates(kind, text) if not in_question(text[s:e])]
    if candidates:
        if matched_spans:
            def distance(span: tuple[int, int]) -> float:
                centre = (span[0] + span[1]) / 2
                return min(abs(centre - (s + e) / 2) / max(w, 1e-6) for s, e, w in matched_spans)

            if kind.kind == "date":
                # A full date (1993年6月) over a bare month nearby (9月): halve its distance.
                def distance_date(span: tuple[int, int], plain=distance) -> float:
                    return plain(span) * (0.5 if "年" in text[span[0] : span[1]] else 1.0)

                best = min(candidates, key=distance_date)
            else:
                best = min(candidates, key=distance)
        else:
            best = candidates[0]
        return text[best[0] : best[1]].strip(), kind.kind
    sentences = split_sentences(text) or [(0, len(text))]

    def weight(span: tuple[int, int]) -> float:
        return sum(w for s, e, w in matched_spans if s >= span[0] and e <= span[1])

    best = max(sentences, key=weight)  # max keeps the first of equals
    if kind.kind == "reason":
        following = [sp for sp in sentences if sp[0] >= best[1]][:1]
        for sentence in [best, *following]:
            clause = _reason_clause(text, sentence)
            if clause:
                return clause, "reason"
    by_weight = sorted(sentences, key=lambda sp: (sp != best, -weight(sp)))  # the best first
    modifier = next((m for sp in by_weight if (m := _modifier_of_asked_noun(question, text, sp, chunks))), None)
    if modifier is None and _WHO_DID.search(unicodedata.normalize("NFKC", question)):
        modifier = _subject_near(text, best, chunks, matched_spans, repeats_question or in_question)
    # The particle after the question word is the answer's in the passage: 誰と協力する →
    # 博士課程の学生、ポスドク、研究者と協力し. Phrases so marked go first.
    particle = _asked_particle(question)
    marked = [c for c in chunks if best[0] <= c[0] and c[1] <= best[1] and _marked_by(text, c[1], particle)] if particle else []
    phrase = modifier
    for pool in ([marked] if marked else []) + [chunks]:
        phrase = phrase or _nearest_chunk(text, best, pool, matched_spans, repeats_question or in_question)
    if phrase is not None:
        return phrase, "phrase"
    return text[best[0] : best[1]].strip(), "sentence"


# A reason ends in から (…からです), ため (…ため、; not ための / ために) or ので.
_REASON_END = re.compile(r"(?:から(?=です|だ|、|。|」|$)|ため(?![のに])|ので)")
# Where the reason clause starts: after an opening quote, なぜなら, or the topic のは、.
_REASON_START = re.compile(r"「|なぜなら、?|のは、")


def _reason_clause(text: str, sentence: tuple[int, int]) -> str | None:
    """The clause of ``sentence`` that gives a reason, up to its から / ため / ので."""
    body = text[sentence[0] : sentence[1]]
    end = _REASON_END.search(body)
    if end is None:
        return None
    start = max((m.end() for m in _REASON_START.finditer(body, 0, end.start())), default=0)
    clause = body[start : end.end()].strip(" 、。「」")
    return clause if len(clause) > len(end.group(0)) + 1 else None


# 何の研究 asks what kind of 研究: the passage answers 汎用人工知能の研究.
_WHAT_KIND_OF = re.compile(r"(?:何の|なんの)([一-龥々ァ-ヴーA-Za-z0-9]+)")


def _modifier_of_asked_noun(question: str, text: str, sentence: tuple[int, int], chunks: Sequence[tuple[int, int]]) -> str | None:
    """For 何の<noun>, the noun phrase right before の<noun> in the sentence.

    The passage's noun may run on (何の採用 → 科学チームの採用活動) but not by one
    character, which is mostly a suffix (研究 asked, 研究者 written: another noun).
    """
    q = unicodedata.normalize("NFKC", question)
    m = _WHAT_KIND_OF.search(q)
    if m is None or not chunks or q[m.end() : m.end() + 1] == "も":
        return None  # 何の利益も与えず is "no profit at all", not a question about it
    body = unicodedata.normalize("NFKC", text[sentence[0] : sentence[1]])
    if len(body) != sentence[1] - sentence[0]:
        return None  # NFKC changed the length: offsets would not line up
    noun = m.group(1)
    ends = {c[1]: c for c in chunks}
    starts = {c[0]: c for c in chunks}
    for k in range(len(noun), min(2, len(noun)) - 1, -1):  # the question's noun may run on too
        for hit in re.finditer("の" + re.escape(noun[:k]), body):
            at = hit.start()
            after = starts.get(sentence[0] + at + 1)
            if at == 0 or after is None or after[1] - (sentence[0] + hit.end()) == 1:
                continue
            end = sentence[0] + at
            head = end
            if body[at - 1] in ")）":  # 汎用人工知能(AGI)の研究: the phrase runs on through its parenthesis
                opening = max(body.rfind("(", 0, at - 1), body.rfind("（", 0, at - 1))
                head = sentence[0] + opening if opening > 0 else end
            before = ends.get(head)
            if before is not None and before[0] >= sentence[0]:
                return text[before[0] : end].strip()
    return None


_ASKED_PARTICLE = re.compile(r"(?:誰|だれ|どこ|何|なに)(から|まで|より|が|を|に|で|と|へ)")


def _asked_particle(question: str) -> str | None:
    """The case particle right after the question word (誰と → と), if any."""
    m = _ASKED_PARTICLE.search(unicodedata.normalize("NFKC", question))
    return m.group(1) if m else None


def _marked_by(text: str, end: int, particle: str) -> bool:
    """Whether the phrase ending at ``end`` is followed by ``particle``, past a closing
    bracket (「リラ冷え」と呼ぶ)."""
    while end < len(text) and text[end] in "」』)）":
        end += 1
    return text.startswith(particle, end)


# 〜したのは誰 / どこ asks for who did it: the sentence's subject, marked by が.
# (Measured on JSQuAD: with 何 too, more answers got worse than better.)
_WHO_DID = re.compile(r"のは(?:誰|だれ|どこ)")


def _subject_near(
    text: str,
    sentence: tuple[int, int],
    chunks: Sequence[tuple[int, int]],
    matched_spans: Sequence[tuple[int, int, float]],
    in_question: Callable[[str], bool],
) -> str | None:
    """The noun phrase marked by が in the sentence, not the question's own words,
    nearest to the question's words (Scalewayが…GPUを1000基導入しました)."""
    inside = [(s, e, w) for s, e, w in matched_spans if s >= sentence[0] and e <= sentence[1]]
    subjects = [
        (start, end) for start, end in chunks
        if sentence[0] <= start and end < sentence[1] and text[end] == "が"
        and not in_question(text[start:end]) and not any(s <= start and end <= e for s, e, _ in inside)
    ]
    if not subjects or not inside:
        return None

    def distance(chunk: tuple[int, int]) -> float:
        centre = (chunk[0] + chunk[1]) / 2
        return min(abs(centre - (s + e) / 2) / (w + 1) for s, e, w in inside)

    start, end = min(subjects, key=distance)
    return text[start:end].strip()


def _nearest_chunk(
    text: str,
    sentence: tuple[int, int],
    chunks: Sequence[tuple[int, int]],
    matched_spans: Sequence[tuple[int, int, float]],
    in_question: Callable[[str], bool],
) -> str | None:
    """The noun phrase of the sentence that the question does not already say,
    nearest to the question's words there (answers sit next to what is asked about)."""
    inside = [(s, e, w) for s, e, w in matched_spans if s >= sentence[0] and e <= sentence[1]]
    if not inside:
        return None
    best, best_key = None, None
    for start, end in chunks:
        if start < sentence[0] or end > sentence[1]:
            continue
        if any(s <= start and end <= e for s, e, _ in inside) or in_question(text[start:end]):
            continue  # a phrase made only of the question's own words is not its answer
        gap = min((max(s - end, start - e, 0) + 1) / (w + 1) for s, e, w in inside)
        key = (gap, -(end - start))
        if best_key is None or key < best_key:
            best, best_key = (start, end), key
    return text[best[0] : best[1]].strip() if best else None

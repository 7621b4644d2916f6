"""Short answers: the phrase of the best passage that answers the question.

First the answer sentence: the one holding most of the question's weight and of
its character bigrams. A typed question (see :mod:`retrieval.answer_types`) is
answered with the candidate of its type nearest to the question's matched words
(UniDic's person and place names among them), those in the answer sentence first.
Otherwise, the one of two answers a question offers (赤字か黒字か) that the passage
says; for a question asking yes or no, the clause of the answer sentence saying
it; else, in the answer sentence: a reason clause (…から, …ため), the phrase
before の<noun> for 何の<noun> and どこの<noun>, the が-marked subject for 〜したのは誰, or the noun
phrase nearest to the question's words, those marked by the particle that follows
the question word first (誰と → …と), a quoted or glossed term and a katakana or
Latin phrase counting as nearer. Failing all, the sentence itself. Every factor
is an ``answer:`` setting in config.yaml, measured in docs/quality.md.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Container, Mapping, Sequence

from .answer_types import DIGIT_RE, LIST_JOIN_RE, PEOPLE_NOUN, PERSON_TITLE, AnswerType, candidates as typed_candidates, has_candidate, is_person
from .normalize import KANJI, is_ascii_alnum, is_hiragana_word, is_kanji, is_katakana

__all__ = ["describe", "extract_answer", "split_sentences"]

# A sentence ends after 。！？ and any closing brackets right after (…理解です。」).
_SENTENCE_END = re.compile(r"[。！？!?][」』）)]*")
_BRACKETS = (("「", "」"), ("『", "』"))


_DESCRIPTION_CUT = re.compile(r"[、，,「『』]|」と?")
_NOUN_END = r"[" + KANJI + r"ァ-ヴーA-Za-z0-9]"  # a phrase's last character, when it is a noun's
_WHEN = re.compile(r"[0-9０-９〇一二三四五六七八九十]\s?(?:年|月|日|時|世紀)(?:前半|後半|頃|ごろ|末)?$|(?:今朝|今日|本日|昨日|明日|今年|昨年|来年)$")
# A name with its title closing a phrase (…研究者であるイェジン・チェ氏): in a list of
# names, the phrase before the first describes them all.
_TRAILING_NAME = re.compile(r"(?:[A-Za-zÀ-ÿ'’\-]+(?:\s[A-Za-zÀ-ÿ'’\-]+)*|[ァ-ヴー]+(?:[・＝][ァ-ヴー]+)*|[" + KANJI + r"]{1,6})\s?(?:氏|さん|博士|教授)$")


# The term a parenthesis right after it glosses: a run of kanji, katakana or Latin letters.
_GLOSSED = re.compile(r"[" + KANJI + r"々ァ-ヴーA-Za-z0-9・]{2,}$")
# A parenthesis right after a name (of what is no person) spelling it out in kanji or
# katakana (not a reading in hiragana, nor years: グスタフ・マーラー（1860年 - 1911年）).
# After a person's name it holds other things (マクロン大統領（当時）).
_GLOSS_AFTER = re.compile(r"\s?[（(]([" + KANJI + r"々ァ-ヴー・]{2,20})[）)]")


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``at`` starts, cut as :func:`split_sentences` cuts."""
    return max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)


def describe(
    text: str, start: int, end: int, *, posts: Sequence[str] = (), noun_ends: Container[int] | None = None,
    person: bool = True,
) -> str | None:
    """What ``text`` says the person named at ``[start, end)`` is: the phrase before the
    name in its sentence (フランスの億万長者で Iliad の CEO である Xavier Niel 氏 → フランスの
    億万長者で Iliad の CEO), the phrase set off before it by a comma (…CEOであるもう一人の
    フランス人億万長者、ロドルフ・サアデ氏), or the one before a list of names it is in
    (著名なAI研究者であるイェジン・チェ氏、ヤン・ルカン氏). A phrase ending in の takes the
    post the name carries (フランスのエマニュエル・マクロン大統領 → フランスの大統領);
    ``posts`` lists them. ``noun_ends``: where the text's noun phrases end; a phrase set
    off by a comma must be one (今朝、 is not: an adverbial noun alone). Failing those, a
    sentence opening with the name defines it (グスタフ・マーラー（…）は、…作曲家、指揮者。).
    Before all these, a name glossing a term in parentheses is what the term says
    (三国間協議(トリローグ)), and what is no person is what a parenthesis after its name
    spells out (FIFA（国際サッカー連盟）).
    Of what is no ``person`` (a company), only a phrase that ends in である before the
    name describes it (Iliadのクラウド部門であるScaleway). None when the sentence
    describes nothing."""
    if text[start - 1 : start] in ("(", "（") and text[end : end + 1] in (")", "）"):
        # Glossed by the term before it (三国間協議(トリローグ)): that term says what it is.
        glossed = _GLOSSED.search(text, _sentence_start(text, start), start - 1)
        if glossed is not None:
            return glossed.group()
    gloss = None if person else _GLOSS_AFTER.match(text, end)
    if gloss is not None:  # FIFA（国際サッカー連盟）: the parenthesis spells it out
        return gloss.group(1)
    sentence_start = _sentence_start(text, start)
    # Segments between commas and quotation marks, with where each ends in ``text``
    # (「…」とフランスの…: the と closing a quotation belongs to the quotation).
    segments: list[tuple[str, int]] = []
    last = sentence_start
    for m in _DESCRIPTION_CUT.finditer(text, sentence_start, start):
        segments.append((text[last : m.start()], m.start()))
        last = m.end()
    segments.append((text[last:start], start))
    phrase = segments[-1][0].strip()
    direct = bool(phrase)  # the phrase right before the name, not one set off before it
    for earlier, earlier_end in reversed(segments[:-1]):
        if phrase:
            break
        stripped = earlier.strip()
        unnamed = _TRAILING_NAME.sub("", stripped).strip()
        if unnamed != stripped:  # a list of names: its first one's phrase describes them all
            phrase = unnamed
        elif (
            re.search(_NOUN_END + "$", stripped)
            and not _WHEN.search(stripped)
            and (noun_ends is None or earlier_end - (len(earlier) - len(earlier.rstrip())) in noun_ends)
        ):  # set off by a comma: a noun phrase, not a time (9月25日、小池晃氏は…)
            phrase = stripped
        else:  # しかし、今朝、: no description
            return _defined(text, end)
    if not phrase:
        return _defined(text, end)
    if not person and not re.search(r"である\s*$", phrase):
        return _defined(text, end)
    # The description starts after the topic of its clause (キュータイは著名なAI研究者である…).
    topic = None
    for topic in _TOPIC.finditer(phrase):
        pass
    if topic is not None:
        phrase = phrase[topic.end() :]
    phrase = re.sub(r"\s*(?:である|であり|で)?\s*$", "", phrase).strip()
    if direct and noun_ends is not None and re.search(_NOUN_END + "$", phrase):
        at = text.rfind(phrase, sentence_start, start)
        if at < 0 or at + len(phrase) not in noun_ends:  # not a noun phrase's end (一方で)
            return _defined(text, end)
    if phrase.endswith("の"):
        post = next((p for p in posts if text[start:end].lower().endswith(p)), None)
        phrase = phrase + text[end - len(post) : end] if post else ""
    # A noun phrase, or a clause that says what the person did or does (ヴァレオで以前
    # 勤務していた); not 2019年に, nor 研究する, nor an adverbial noun alone (一方で).
    if not re.search(f"(?:{_NOUN_END}|た|ている)$", phrase) or not 2 <= len(phrase) <= 60:
        return _defined(text, end)
    return phrase


# The sentence defining what a name is: グスタフ・マーラー（1860年 - 1911年）は、主に
# ウィーンで活躍した作曲家、指揮者。 — a noun phrase closes it, or である / だ / です.
_DEFINITION = re.compile(r"\s?(?:[（(][^（）()。]{0,80}[）)])?\s?は、?([^。]{2,60}?)(?:である|だ|です)?。")


def _defined(text: str, end: int) -> str | None:
    """What the sentence starting with the name at ``end`` defines it as (Wikipedia's
    first sentence), else None."""
    m = _DEFINITION.match(text, end)
    if m is None or not re.search(f"(?:{_NOUN_END}|ひとつ|もの)$", m.group(1)):  # …主要都市のひとつ
        return None
    return m.group(1).strip()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a passage, cut after 。！？ (kept with their sentence)."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
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
    named: Sequence[tuple[int, int, str]] = (),
    set_off_factor: float = 0.1,
    katakana_latin_factor: float = 0.5,
    skip_readings: bool = True,
    skip_restatements: bool = True,
    sentence_bigram_weight: float = 1.0,
    typed_sentence_factor: float = 0.1,
    choice_answers: bool = True,
    possessor_answers: bool = True,
    described_topics: bool = True,
    yes_no_clauses: bool = True,
    how_predicates: bool = True,
    relation_answers: bool = True,
    person_lists: bool = True,
) -> tuple[str, str]:
    """The short answer in ``text`` and how it was found: the answer type (money,
    person …), or ``phrase``, ``choice``, ``clause``, ``reported``, ``reason``,
    ``possessor``, ``topic`` or ``sentence``.

    ``matched_spans`` are ``(start, end, weight)`` of the question's words in the
    passage; ``in_question`` rejects candidates the question itself names (asking
    誰 about ニール氏 should not answer ニール氏). ``chunks`` are the passage's noun
    phrases: given, an untyped question is answered with the phrase nearest to its
    words in the best sentence instead of the whole sentence; ``repeats_question``
    (default ``in_question``) rejects phrases that only restate the question.
    ``named`` are the phrases UniDic tags as names, candidates for 誰 and どこ.
    ``set_off_factor`` scales the distance of a phrase the passage sets off as a
    term (「…」, or glossed in parentheses), ``katakana_latin_factor`` that of a
    phrase with katakana or Latin letters: below 1 such phrases are preferred.
    ``skip_readings``: a phrase in a parenthesis of hiragana readings (疫病（えきびょう）)
    is not the answer; the phrase it reads is.
    ``skip_restatements``: an amount, count, date or place in a parenthesis right
    after another restates it (1億ユーロ(1億900万ドル)) and is not the answer; see
    :func:`_without_restatements` for when the parenthesis is asked instead.
    ``sentence_bigram_weight`` weighs the question's character bigrams in choosing
    the sentence the answer is looked for in; a candidate of the asked type in
    that sentence counts ``typed_sentence_factor`` times as far as one elsewhere.
    ``choice_answers``: an untyped question offering two answers (赤字か黒字か) is
    answered with the one the passage says (:func:`_chosen_alternative`).
    ``possessor_answers``: one asking whose a thing is (FAIRはどこのチーム？) with the
    name the passage writes it of (MetaのAI研究チームFAIR → Meta; :func:`_possessor`).
    ``described_topics``: one describing the thing it asks (…予算を持つ研究機関は？) with
    what the answer sentence says is that thing (:func:`_described_topic`).
    ``yes_no_clauses``: one asking yes or no (:func:`_asks_yes_or_no`) with the
    answer sentence's last clause holding a word of it (:func:`_last_weighed_clause`).
    ``how_predicates``: one asking how or what happens (規制は新規参入者にどう影響する？)
    with what the answer sentence predicates of the question's word before どう
    (…新規参入者にとって足かせとなり → 足かせとなり; :func:`_how_predicate`).
    ``relation_answers``: one asking how two things relate (IliadとScalewayの関係は？)
    with the words of a sentence naming both that join them (Iliadのクラウド部門である
    Scaleway; :func:`_relation`).
    ``person_lists``: a person answering 誰 who is one of a list of people is answered
    with the whole list (:func:`_whole_list`).
    """
    sentences = split_sentences(text) or [(0, len(text))]

    def weight(span: tuple[int, int]) -> float:
        return sum(w for s, e, w in matched_spans if s >= span[0] and e <= span[1])

    # The sentence holding most of the question's words, by weight, plus (at
    # ``sentence_bigram_weight``) the share of its character bigrams: partial words
    # count too (管理的 for 管理, 演算 and 計算 share nothing as words).
    total = sum(w for _, _, w in matched_spans) or 1.0
    asked = _char_bigrams(question)

    def score(span: tuple[int, int]) -> float:
        shared = 0.0
        if asked:
            # A bigram of two letters or digits is one of the sentence's bigrams
            # exactly when the sentence holds it as a substring.
            sentence = _nfkc_lower(text[span[0] : span[1]])
            shared = sum(gram in sentence for gram in asked) / len(asked)
        return weight(span) / total + sentence_bigram_weight * shared

    best = max(sentences, key=score)  # max keeps the first of equals
    q = unicodedata.normalize("NFKC", question)  # the question words below are read once
    # Names from the whole passage: the answer sentence often says 彼は… of a person
    # named in the sentence before; typed_sentence_factor still prefers its own.
    typed = _nearest_typed(
        kind, text, matched_spans, in_question, named,
        sentence=best, sentence_factor=typed_sentence_factor,
        skip_restatements=skip_restatements, era_asked=_era_asked(q),
    )
    if typed is not None and kind.kind == "person" and person_lists:
        listed = _whole_list(text, typed, typed_candidates(kind, text, named=named))
        others = [(s, e) for s, e in listed if not in_question(text[s:e])]
        if len(others) < len(listed):
            # ジェグー氏と一緒に登壇したのは誰: the others of the list, him left out.
            return "、".join(text[s:e].strip() for s, e in others), kind.kind
        typed = (listed[0][0], listed[-1][1])
    asked = _asked_case(q)
    particle = "が" if _WHO_DID.search(q) else _case_particle(asked)
    rejects = repeats_question or in_question
    if kind.kind == "place" and typed is None:
        # No place was found: the nearest phrase may answer どこ (ヴァレオ, an employer),
        # but a person's name never does (Where does Yann LeCun live? → イェジン・チェ氏).
        people = [(s, e) for s, e, name in named if name == "person"]
        chunks = [c for c in chunks if not any(s < c[1] and c[0] < e for s, e in people)]
        rejects = _or(rejects, is_person)
    if kind.kind == "person":
        # A common noun may answer 誰 (労働者, 国連事務総長), an amount or a date never
        # does (キュータイのCTOは誰？ answered 3億3000万ドル).
        rejects = _or(rejects, _is_amount_or_date)
    in_best = [c for c in chunks if best[0] <= c[0] and c[1] <= best[1]]
    same_case = _same_case(asked, particle)
    # After どんな + a noun, the particle marks the kind asked: not a copula (非営利団体で、,
    # 予定です) nor a compound particle (民間資金による).
    kind_particle = asked is not None and asked.lastindex == _KIND_PARTICLE_GROUP
    strict = kind_particle and particle is not None
    marked = [c for c in in_best if any(_marked_by(text, c[1], p, strict=strict) for p in same_case)] if particle else []
    if typed is not None and kind.kind == "person" and particle in _PARTNER_PARTICLES and not (best[0] <= typed[0] and typed[1] <= best[1]):
        # 誰と協力する: the answer sentence's phrase that the particle marks right before
        # a word of the question (博士課程の学生、…研究者と協力し) answers before a name
        # from another sentence. Right before: not past a closing bracket, as
        # _marked_by reads (「規制」と述べた quotes, it names no partner).
        starts = {s for s, _, _ in matched_spans}
        partners = [c for c in in_best if text.startswith(particle, c[1]) and c[1] + len(particle) in starts]
        phrase = _nearest_chunk(
            text, best, partners, matched_spans, rejects, set_off_factor=set_off_factor,
            katakana_latin_factor=katakana_latin_factor, skip_readings=skip_readings,
        ) if partners else None
        if phrase is not None:
            # The items listed before it by 、 partner too (博士課程の学生、ポスドク、研究者と).
            s, e = next(c for c in reversed(partners) if text[c[0] : c[1]].strip() == phrase)
            return text[_listed_before(text, s, chunks, best[0]) : e].strip(), "phrase"
    if typed is not None:
        if kind.kind in ("money", "count"):
            typed = _with_approximation(text, typed)
        return text[typed[0] : typed[1]].strip(), kind.kind
    if kind.kind == "other":
        chosen = _chosen_alternative(q, text, [best, *(sp for sp in sentences if sp != best)], weight) if choice_answers else None
        if chosen is not None:
            return chosen, "choice"
        if yes_no_clauses and _asks_yes_or_no(q):
            clause = _last_weighed_clause(text, best, weight)
            if clause is not None:
                return clause, "clause"
        if how_predicates:
            predicate = _how_predicate(q, text, best)
            if predicate is not None:
                return predicate, "predicate"
    if kind.kind == "quote":
        # No words quoted in 「」: what the answer sentence reports as said (Mazaré 氏は、…
        # モデルは成功であると述べています → …モデルは成功である).
        reported = _reported_speech(text, best)
        if reported:
            return reported, "reported"
    if kind.kind == "reason":
        following = [sp for sp in sentences if sp[0] >= best[1]][:1]
        clause = next((c for sp in [best, *following] if (c := _reason_clause(text, sp))), None)
        if clause:
            return clause, "reason"
    # 何の<noun>: looked for in the best sentence first, then the others by weight.
    by_weight = sorted(sentences, key=lambda sp: (sp != best, -weight(sp)))
    if kind.kind == "other" and relation_answers:
        joined = _relation(q, text, [best, *(sp for sp in by_weight if sp != best)])
        if joined is not None:
            return joined, "relation"
    if kind.kind == "other" and possessor_answers:
        # FAIRはどこのチーム: whose FAIR is (MetaのAI研究チームFAIR), before any の + チーム
        # the passage writes (Llamaってどこのモデル？ had answered Kyutai, of Kyutaiのモデル).
        owner = _possessor(q, text, chunks, rejects)
        if owner is not None:
            return owner, "possessor"
    kind_of = _asked_kind_of(q)
    phrase = next((m for sp in by_weight if (m := _modifier_of_asked_noun(kind_of, text, sp, chunks))), None) if kind_of else None
    if phrase is None and kind.kind == "other" and described_topics:
        # …予算を持つ研究機関は？: what the answer sentence says is one (its topic).
        phrase = _described_topic(q, text, best, chunks, rejects)
        if phrase is not None:
            return phrase, "topic"
    # Else the noun phrase nearest to the question's words, those marked by the asked
    # particle first: が for 〜したのは誰, else the one after the question word
    # (何と協力する → …研究者と協力し).
    if phrase is None and particle in ("を", "に"):
        phrase = _nominalized_clause(q, text, best, particle)
    # どの大学 / 何歳 / 何条: a phrase ending in the asked noun (シカゴ大学, 49歳, 第17条) first of all.
    # (In the best sentence, else the next heaviest one: 何説 → 胚種説 a sentence later.)
    head = _asked_head(q)
    # どんな組織として始まった: the phrase ending in 組織 must be marked as asked too (not
    # 企業組織へと移行した, where the answer is 非営利団体としてスタート).
    kind_marked = same_case if kind_particle else ()

    def ending_in_head(sentence: tuple[int, int]) -> list[tuple[int, int]]:
        return [
            c for c in chunks
            if sentence[0] <= c[0] and c[1] <= sentence[1] and text[c[0] : c[1]].endswith(head)
            and c[1] - c[0] > len(head) and not rejects(text[c[0] : c[1]])
            and (not kind_marked or any(_marked_by(text, c[1], p, strict=True) for p in kind_marked))
        ] if head else []

    headed = ending_in_head(best)
    if head and not headed and phrase is None:
        later = next((found for sp in by_weight[1:2] if (found := ending_in_head(sp))), [])
        phrase = text[later[0][0] : later[0][1]].strip() if later else None
    # 誰 with no name to answer it: a noun for people first (研究者たちは…と位置付けています).
    people = [c for c in in_best if _PEOPLE_END.search(text, c[0], c[1])] if kind.kind == "person" else []
    for pool in [p for p in (headed, marked, people) if p] + [chunks]:
        phrase = phrase or _nearest_chunk(
            text, best, pool, matched_spans, rejects, set_off_factor=set_off_factor,
            katakana_latin_factor=katakana_latin_factor, skip_readings=skip_readings,
            # 何に欠かせない → 推論とモデル学習に: the asked particle marks them all.
            coordinated=chunks if pool is marked else (),
        )
    if phrase is not None:
        return phrase, "phrase"
    return _balanced(text[best[0] : best[1]].strip()), "sentence"


# A question describing what it asks and ending on its noun (…予算を持つ研究機関は？,
# 北方民族から贈られた称号は。, …配達しやすくした制度はなに？): the noun, after kana
# (持つ, した, の), perhaps followed by の名前 / の名称; read from the end only (searched
# from every start, a lazy description before it took quadratic time).
_DESCRIBED_NOUN = re.compile(
    r"(?<=[ぁ-ゖ])(?<!は)(?P<noun>[" + KANJI + r"ァ-ヴーA-Za-z0-9]{1,12})(?:の(?:名前|名称))?"
    r"(?:は|とは|って)?(?:何|なに|なん)?(?:ですか|でしょうか|か|だ)?$"
)
_DESCRIPTION_MIN = 3  # characters before the noun: 研究機関は？ describes nothing
# After the noun in the passage: it is the predicate (…研究機関で、, …グループである。,
# …団体だ); not で marking a means or a place (ビデオメッセージで述べた, 会場で), では / でも.
_PREDICATE_AFTER = re.compile(r"で(?:、|ある|あり|あっ)|だ(?![けろっ])|です|。")
_APPOSITION_AFTER = re.compile(r"である|という")
_TOPIC_MARK = re.compile(r"(?:とは|は)(?![じなか])")


def _described_topic(
    question: str, text: str, sentence: tuple[int, int], chunks: Sequence[tuple[int, int]], rejects: Callable[[str], bool]
) -> str | None:
    """What ``sentence`` says is the thing a question describes (:data:`_DESCRIBED_NOUN`):
    the topic of the sentence whose predicate is the question's noun (キュタイは…予算を
    持つフランスのAI研究機関で → キュタイ), with the phrases before it joined by の
    (アイルランドの建築家協会は、…グループである), or the name the noun stands in
    apposition to (カロテノイドであるアスタキサンチン). None when the question describes
    nothing, its description holds a question word (どんな生物), or the sentence says
    neither."""
    q = question.strip().rstrip("?？!！。 ")
    m = _DESCRIBED_NOUN.search(q)
    if m is None or m.start() < _DESCRIPTION_MIN or m.group("noun") in ("名前", "名称") or _QUESTION_WORD.search(q, 0, m.start()):
        return None
    noun = _nfkc_lower(m.group("noun"))
    ends = {end: start for start, end in chunks}
    starts = dict(chunks)
    s0, s1 = sentence
    lowered = _nfkc_lower(text[s0:s1])  # ai研究機関 asked, AI研究機関 written
    if len(lowered) != s1 - s0:
        return None  # spans would not line up
    for found in re.finditer(re.escape(noun), lowered):
        at = s0 + found.end()
        if at not in ends:
            continue  # not the end of a phrase (研究機関 of 研究機関長)
        apposition = _APPOSITION_AFTER.match(text, at)
        if apposition and apposition.end() in starts:
            phrase = text[apposition.end() : starts[apposition.end()]].strip()
            if phrase and not rejects(phrase):
                return phrase
            continue
        if not _PREDICATE_AFTER.match(text, at):
            continue
        # The last topic before it: a noun phrase marked by は (not 、Bは、… before it).
        topics = [t for t in _TOPIC_MARK.finditer(text, s0, s0 + found.start()) if t.start() in ends]
        if not topics:
            continue
        end = topics[-1].start()
        start = _joined_by_no(text, ends[end], ends, -1)
        phrase = text[start:end].strip()
        if phrase and not rejects(phrase) and noun not in _nfkc_lower(phrase):
            return phrase
    return None


# Xはどこの<noun>: whose X is (DeepMindはどこの会社の部門？, Llamaってどこのモデル？).
_WHOSE_RE = re.compile(
    r"^(?P<subject>[^、。はが]{2,30}?)\s?(?:は|って|とは)\s?どこの[" + KANJI + r"ァ-ヴーA-Za-z]{1,8}(?:の[" + KANJI + r"ァ-ヴーA-Za-z]{1,8})?"
    r"(?:ですか|でしょうか|なの|なんですか|か|だ|だっけ)?$"
)
# Between the owner's の and the thing: a few words, no clause break (MetaのAI研究チームFAIR,
# Iliadのクラウド部門であるScaleway).
_OWNED_GAP = 15


def _possessor(question: str, text: str, chunks: Sequence[tuple[int, int]], rejects: Callable[[str], bool]) -> str | None:
    """The phrase ``text`` writes the question's subject as belonging to, with the
    nearest の before it (GoogleのDeepMind部門 → Google), the first place it does; None
    when the question asks no such thing or the passage writes none. Nothing may part
    the owner from the subject but a few words (no 、, 。, や, と or は: MetaのLlamaモデルや
    Mistral AI does not make Mistral AI Meta's), and a Latin subject is a whole word."""
    m = _WHOSE_RE.match(question.strip().rstrip("?？!！。 "))
    if m is None:
        return None
    subject = _nfkc_lower(m.group("subject").strip())
    lowered = _nfkc_lower(text)
    if len(lowered) != len(text):  # spans would not line up: no reading it
        return None
    ends = {end: start for start, end in chunks}
    at = lowered.find(subject)
    while at >= 0:
        # A Latin subject is a whole word: not the air of fair.
        after = at + len(subject)
        whole = not (is_ascii_alnum(subject[:1]) and is_ascii_alnum(lowered[at - 1 : at])) and not (is_ascii_alnum(subject[-1:]) and is_ascii_alnum(lowered[after : after + 1]))
        gap = lowered[max(0, at - _OWNED_GAP) : at]
        no = gap.rfind("の")
        if whole and no >= 0 and not any(ch in gap[no + 1 :] for ch in "、。「」やとは"):
            owner_end = at - len(gap) + no
            start = ends.get(owner_end)
            if start is not None and not rejects(text[start:owner_end]) and subject not in lowered[start:owner_end]:
                return text[start:owner_end].strip()
        at = lowered.find(subject, at + 1)
    return None


# A question offering two answers: 赤字か黒字か, 長い？短い？, 落選したか、当選したか,
# 営利団体ですか、それとも非営利団体ですか, パリかロンドンですか, 上級と下級、どっちが強い.
# Not 〜か否か nor 〜かどうか: in 〜か〜か the second answer starts with a kanji,
# katakana, letter or digit and is two characters at least, and どう is a question word.
_ASKS = r"(?:ですか|でしょうか|ますか|か)"
_ALTERNATIVES = (
    re.compile(r"^(?P<first>.+?)" + _ASKS + r"?[？?]\s*(?:それとも)?(?P<second>[^？?]+?)" + _ASKS + r"?$"),
    re.compile(r"^(?P<first>.+?)" + _ASKS + r"[、,]\s*(?:それとも)?(?P<second>.+?)" + _ASKS + r"$"),
    re.compile(r"^(?P<first>.+)か(?:それとも)?(?P<second>[" + KANJI + r"ァ-ヴーA-Za-z0-9][^、,はがをにでも]{1,19}?)(?:です|でしょう)?か$"),
    re.compile(r"^(?P<first>.+)と(?P<second>[^、,はがをにでも]{1,20}?)[、,の]?\s*(?:どっち|どちら)(?!に?も)"),
    # AとB(のうち)、所長になるのはどっち: the two first, then what one of them is.
    re.compile(
        r"^(?P<first>[^、,]+?)と(?P<second>[^、,はがをにでも]{1,20}?)(?:のうち|の中で|では)?[、,]\s*"
        r"(?P<condition>[^、,]+?)(?:は|が|って)\s*(?:どっち|どちら)(?!に?も)"
    ),
)
# Where an answer offered ends or starts: at a particle or a mark (オランダは対日貿易では
# 【赤字】か, 夏は北陸地方よりも【長い】？, 【2億ユーロ】を出資したか); not the も of もの
# (正当なものだとしている).
_PARTICLE_OR_MARK = re.compile(r"(?<!だ)として|において|における|について|によって|って|[はがをにで、,「」（）() ]|も(?!の)")
# A particle starting a new subject: a second question, not a second answer
# (キュタイは非営利団体ですか？ニール氏は出資した？).
_NEW_SUBJECT = re.compile(r"(?<=[" + KANJI + r"ァ-ヴーA-Za-z0-9])(?:は|が|って)")
# What ends an answer offered without being part of it (オープンソースなのか → オープンソース).
_COPULA_END = re.compile(r"(?:なの|です|でしょう|だ)$")
# What a question says after what it offers is no answer: an instruction (会社名で答えよ).
_INSTRUCTION = re.compile(r"答え|教え|挙げ|述べ|書き")


# A question word asks for something else than one of two (何章から何章に描かれていますか).
_QUESTION_WORD = re.compile(r"誰|だれ|何|なに|なん|いつ|どこ|どう|どの|どれ|どんな|どなた|いくら|いくつ|幾|なぜ|いかなる|いかが")


def _alternatives(question: str) -> tuple[str, str] | None:
    """The two answers a question offers (see ``_ALTERNATIVES``), each of two
    characters at least, a shared ending from a particle or の on left out (フランスの
    研究機関か、アメリカの研究機関か → フランス, アメリカ); or None."""
    q = question.strip().rstrip("?？!！。 ")
    if _QUESTION_WORD.search(q):
        return None
    for pattern in _ALTERNATIVES:
        m = pattern.match(q)
        if m is None:
            continue
        first, second = _COPULA_END.sub("", m.group("first")), _COPULA_END.sub("", m.group("second").strip())
        if _INSTRUCTION.search(second):
            return None
        # What the two share from a particle or の on is no part of either (イノベーション
        # に注力しているか、規制に注力しているか; フランスの研究機関か、アメリカの研究機関か).
        ending = _common_suffix(first, second)
        # (From its first or second character: 赤字が多いか、黒字が多いか shares 字 before が,
        # 正当なものだとしている？不当なもの… shares no particle but the の of もの.)
        at = next((k for k in range(min(2, len(ending))) if ending[k] == "の" or _PARTICLE_OR_MARK.match(ending, k)), None)
        if at is not None and len(second) > len(ending) - at:
            first, second = first[: len(first) - len(ending) + at], second[: len(second) - len(ending) + at]
        if _NEW_SUBJECT.search(second):
            return None
        # The second ends at its first particle (2億ユーロを出資した → 2億ユーロ), the
        # first starts after its last one (ニール氏は1億ユーロ → 1億ユーロ); a first with
        # none, longer than the second (原則として有料か無料か), is cut to its length.
        cut = _PARTICLE_OR_MARK.search(second)
        if cut and cut.start() >= 2:
            second = second[: cut.start()]
        starts = [k.end() for k in _PARTICLE_OR_MARK.finditer(first)]
        if starts:
            first = first[starts[-1] :]
        elif len(first) > len(second) + 1:
            first = first[-len(second) :]
        if len(first) < 2 or len(second) < 2 or first == second:
            return None
        return first, second
    return None


def _choice_condition(question: str) -> list[str]:
    """The words (runs of kanji, katakana or letters) of what one of the two offered
    must be, in AとB、<condition>はどっち (所長になるのは → 所長)."""
    q = unicodedata.normalize("NFKC", question.strip().rstrip("?？!！。 ")).lower()
    m = _ALTERNATIVES[-1].match(q)
    return _CONTENT_RUN.findall(m.group("condition")) if m else []


_CONTENT_RUN = re.compile(r"[" + KANJI + r"]{2,}|[ァ-ヴー]{2,}|[a-z0-9]{2,}")


def _chosen_alternative(
    question: str, text: str, sentences: Sequence[tuple[int, int]], weight: Callable[[tuple[int, int]], float]
) -> str | None:
    """The one of the question's two alternatives (:func:`_alternatives`) that a
    sentence of ``text`` holding a word of the question says, the answer sentence
    first. Said: the longest start of it the sentence holds as a word (営利団体 is not
    said in 非営利団体), past what the two share (見られる / 見られない share 見られ),
    leaving unsaid only an ending in hiragana. None when neither or both are said in
    the same sentence. Of AとB、<condition>はどっち, the sentence must hold the
    condition's words (IliadのCEOはどっち is not answered by a sentence on CMA CGM's CEO)."""
    offered = _alternatives(question)
    if offered is None:
        return None
    condition = _choice_condition(question)
    a, b = (unicodedata.normalize("NFKC", alt) for alt in offered)
    shared = len(_common_prefix(a, b))

    def said(alternative: str, other: str, sentence: str) -> str | None:
        if len(other) > len(alternative):
            sentence = sentence.replace(other, "\0")
        for end in range(len(alternative), max(shared + 1, 2) - 1, -1):
            unsaid = alternative[end:]
            if unsaid and not is_hiragana_word(unsaid):
                break  # only an ending in kana may be left unsaid (正当なもの【だとしている】)
            start = sentence.find(alternative[:end])
            while start >= 0:
                if start == 0 or _script(sentence[start - 1]) != _script(alternative[0]):
                    return alternative[:end]
                start = sentence.find(alternative[:end], start + 1)
        return None

    for span in sentences:
        if weight(span) <= 0:
            continue
        sentence = unicodedata.normalize("NFKC", text[span[0] : span[1]])
        if not all(word in sentence.lower() for word in condition):
            continue
        found = [f for alt, other in ((a, b), (b, a)) if (f := said(alt, other, sentence))]
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None


def _script(ch: str) -> str:
    """Kanji, katakana, Latin or other: a word starting inside another of its script
    is part of it (営利 in 非営利)."""
    if is_kanji(ch):
        return "kanji"
    if is_katakana(ch):
        return "katakana"
    return "latin" if is_ascii_alnum(ch) else "other"


def _common_suffix(a: str, b: str) -> str:
    return _common_prefix(a[::-1], b[::-1])[::-1]


# A question asking yes or no: no question word, ending on a predicate (寄付してる？,
# 非営利団体ですか, 梅雨はあるか), not on a topic or a case particle (予算は？, 〜したのは).
_ENDS_ON_TOPIC = re.compile(r"(?:は|って|とは|の|が|を|に|で|と|も|へ|から|まで|より)$")
_ENDS_ON_PREDICATE = re.compile(r"(?<![0-9０-９一二三四五六七八九十])(?:[るうくすつぬむぶぐいたんだ]|です|ます|ません)(?:か|の|のか|んですか|のですか|でしょうか|かな|よね)?$|ですか$|ますか$")
# Asking for something with an imperative (名称を答えなさい, 一つ挙げよ, 教えて): no yes or no.
_IMPERATIVE = re.compile(r"(?:なさい|よ|て|てください|て下さい)$")


def _asks_yes_or_no(question: str) -> bool:
    q = question.strip().rstrip("?？!！。 ")
    return (
        bool(q) and not _QUESTION_WORD.search(q) and not _ENDS_ON_TOPIC.search(q) and not _IMPERATIVE.search(q)
        and bool(_ENDS_ON_PREDICATE.search(q))
    )


def _last_weighed_clause(text: str, sentence: tuple[int, int], weight: Callable[[tuple[int, int]], float]) -> str | None:
    """The last clause (cut at 、 outside brackets) of ``sentence`` holding a word of the
    question: the predicate ends the sentence, and says yes or no (…発表はされない,
    not 梅雨前線が停滞したまま立秋を過ぎると, which holds more of the question's words);
    without its closing punctuation. None when no clause holds any."""
    cuts, depth = [sentence[0]], 0
    for i in range(sentence[0], sentence[1]):
        ch = text[i]
        depth += (ch in "「『（(") - (ch in "」』）)")
        # Not inside brackets (a quote's commas), nor a digit comma (1,000基).
        if depth <= 0 and (ch in "、，" or (ch == "," and not text[i + 1 : i + 2].isdigit())):
            cuts.append(i + 1)
    cuts.append(sentence[1])
    clauses = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    weighed = [c for c in clauses if weight(c) > 0]
    if not weighed:
        return None
    best = weighed[-1]
    clause = text[best[0] : best[1]].strip().rstrip("、，,。.!！?？").strip()
    # A list cut at its 、 (エリック・シュミット氏の財団や、) ends on its item; a quote cut
    # at its 。 loses the bracket it opened (「規制はイノベーションの敵ではありません。).
    clause = _balanced(clause.removesuffix("や") if len(clause) > 2 else clause)
    return clause or None


# どう / どのように before a predicate asks what happens or how (どうなった, どう影響する,
# どのように変化する, 恩恵はどうか): どう before a verb (kanji, or the kana of なる, する,
# ある, 思う), a copula or a final か. Not どうして (why), どういう (what kind), どうやって
# (by what means), かどうか (whether), どう starting a word (どうにゅう, どうぐ, どうやら),
# nor a verb of naming (どう呼ばれる, どう言う, どう訳される ask for a word). The question's
# word right before it, with its particle, is the argument the passage predicates
# something of; a whole word (not the end of a longer run of letters: that search
# from every position inside the run took quadratic time).
_WORD_CHAR = r"[" + KANJI + r"々ァ-ヴーA-Za-z0-9]"
_HOW = (
    r"(?:(?<!か)どう(?!いう|いった)(?=[" + KANJI + r"ァ-ヴ]|な[るっりれらろ]|す[るれ]|し(?!て)|さ[れせ]|あ[るっり]|い[うっ]|お[もこ]"
    r"|だ|です|でしょ|か(?:[?？。]|$))|どのよう(?=に)|どの様(?=に))"
)
_HOW_ARGUMENT = re.compile(
    r"(?<!" + _WORD_CHAR + r")(" + _WORD_CHAR + r"{2,})(?:にとって|について|に対して|には|では|とは|は|が|を|に|で|と|って|も)?、?\s?" + _HOW
    + r"(?!(?:に|して)?\s?(?:呼|称|言|訳|名付|略|読|書|表記))"
)
# After the argument in the passage: its particle (or の: 新規参入者の足かせとなり), then
# the predicate up to a comma, a parenthesis or the sentence's end, less a connective ending
# that only joins it to what follows (梅雨入りし、, 退社したため, 自己申告であり, 選ぶが; not
# the し of 話し). Not a particle making the word describe a noun (研究室での展望, 欧州AI法
# に関するフランスの立場), nor とは, which defines.
_ARGUMENT_PARTICLE = re.compile(
    r"(?:(?:にとって|において|について|に対して|によって|として)は?|には|では|は|が|を|に(?!関|よる|対す|おけ)|で|と|も|(?P<of>の))(?!の)、?"
)
_PREDICATE_END = re.compile(r"[、，。」』（(]")
_SUBORDINATE_END = re.compile(r"(?:てから|でから|たら|だら|れば|ても|でも|ながら|うちに|際に?|ときに?|時に?|だけでなく|のみならず|ように)$")
# The passage asking a question itself (…にどのように活用していくのかも興味深い) says nothing.
_EMBEDDED_QUESTION = re.compile(r"どう|どのよう|のか(?=[もをがはと、。」]|$)")
# A topic, subject or object marker ends no predicate (…考える理由の 1 つは).
_ENDS_ON_ARGUMENT = re.compile(r"(?:は|が|を|って)$")
_CONNECTIVE_END = re.compile(r"(?:(?<=[ぁ-ゖ])が|ため|ので|であり|(?<=[" + KANJI + r"]{2}|[" + KANJI + r"]り)し)$")


def _how_predicate(question: str, text: str, sentence: tuple[int, int]) -> str | None:
    """What ``sentence`` predicates of the (NFKC) question's word before どう: the text
    after an occurrence of that word there and its particle, up to the next comma
    (…新規参入者の足かせとなり、… → 足かせとなり); the last occurrence marked as an
    argument first, then earlier ones, then those followed by の. None when the
    question asks no how, asks it before another question word (どのように…確認するか
    を何と呼ぶ), or no occurrence (a whole word, outside brackets) is followed by a
    predicate: not one ending on a particle (…考える理由の 1 つは)."""
    asked = _HOW_ARGUMENT.search(question)
    if asked is None or _QUESTION_WORD.search(question, asked.end()):
        return None
    word = asked.group(1)
    body = text[sentence[0] : sentence[1]]
    marked = [
        p for m in re.finditer(re.escape(word), body)
        if not (m.start() and re.match(_WORD_CHAR, body[m.start() - 1]))  # AIイノベーション is no イノベーション
        and body.count("（", 0, m.start()) + body.count("(", 0, m.start()) <= body.count("）", 0, m.start()) + body.count(")", 0, m.start())
        and (p := _ARGUMENT_PARTICLE.match(body, m.end()))
    ]
    for particle in sorted(reversed(marked), key=lambda p: p.group("of") is not None):
        clause = particle.end()
        end = _PREDICATE_END.search(body, clause)
        # A subordinate clause (…働きを始めてから、) is no predicate: on to the next.
        while end and end.group() in "、，" and _SUBORDINATE_END.search(body, clause, end.start()):
            clause = end.end()
            end = _PREDICATE_END.search(body, clause)
        predicate = body[particle.end() : end.start() if end else len(body)].strip()
        predicate = _balanced(_CONNECTIVE_END.sub("", predicate).strip())
        if len(predicate) >= 2 and not _EMBEDDED_QUESTION.search(predicate) and not _ENDS_ON_ARGUMENT.search(predicate):
            return predicate
    return None


# XとYの関係は？ (関わり, つながり): two names, each a run without hiragana.
_RELATION_NOUN = re.compile(r"の\s?(?:関係|関わり|かかわり|つながり|繋がり)")
_RELATION = re.compile(r"([^ぁ-ゖ、。？?！!「」]+?)\s?と\s?([^ぁ-ゖ、。？?！!「」]+?)\s?" + _RELATION_NOUN.pattern)
_RELATION_WINDOW = 80  # characters before it the two names are read in
_HONORIFIC = r"\s?(?:氏|さん|様)"
_HONORIFIC_END = re.compile(_HONORIFIC + "$")
_RELATION_REACH = 60  # characters from one name to the other: farther, no answer
_CLAUSE_COMMA = re.compile(r"(?<=[ぁ-ゖ])[、，]")
_TOPIC_AFTER = re.compile(r"\s?(?:氏|さん)?\s?は")
_NAME_REST = re.compile(_HONORIFIC + r"|[" + KANJI + r"々ァ-ヴー]*")
_RELATION_TAIL = 15  # the rest of the clause after the last name, joined when it ends on a predicate


def _name_end(text: str, start: int, names: Sequence[re.Pattern[str]]) -> int:
    """The end of the name of ``names`` found at ``start`` in ``text``."""
    return max(found.end() for name in names if (found := name.match(text, start)))


def _relation(question: str, text: str, sentences: Sequence[tuple[int, int]]) -> str | None:
    """For a question asking how two names relate (the NFKC question), the words of the
    first of ``sentences`` naming both that run from one to the other (Iliadのクラウド
    部門であるScaleway), with the rest of the clause when the first is its topic and
    the rest a short predicate (OpenAIは…移行し、Microsoftから資金を調達しました).
    None when no sentence names both within ``_RELATION_REACH`` characters, in one
    clause or with the first name as the topic."""
    noun = _RELATION_NOUN.search(question)
    # Read in the words before the noun only (searched from every start of a long run of
    # names, the pattern took quadratic time).
    asked = _RELATION.search(question, max(0, noun.start() - _RELATION_WINDOW), noun.end()) if noun else None
    if asked is None:
        return None
    # Each name as the passage may space it (Mazaré氏 → Mazaré 氏), case aside.
    names = [
        re.compile(r"\s?".join(map(re.escape, _HONORIFIC_END.sub("", name.strip()))), re.IGNORECASE)
        for name in asked.groups()
    ]
    for start, end in sentences:
        found = [[m.span() for m in name.finditer(text, start, end)] for name in names]
        pairs = [
            (min(a[0], b[0]), max(a[1], b[1])) for a in found[0] for b in found[1]
            if (a[1] <= b[0] or b[1] <= a[0]) and abs(a[0] - b[0]) <= _RELATION_REACH
        ]
        # Not across clauses (カンファレンスで、…Iliad; a comma after kana ends one) unless
        # the first name is their topic (OpenAIは…移行し、Microsoftから…); a comma of
        # apposition (…億万長者、ロドルフ・サアデ氏) is no clause's end.
        pairs = [p for p in pairs if not _CLAUSE_COMMA.search(text, p[0], p[1]) or _TOPIC_AFTER.match(text, _name_end(text, p[0], names))]
        if not pairs:
            continue
        first, last = min(pairs, key=lambda p: p[1] - p[0])
        last = _NAME_REST.match(text, last).end()  # ロドルフ・サアデ 氏, GoogleのDeepMind部門
        clause_end = _PREDICATE_END.search(text, last, end)
        tail = text[last : clause_end.start() if clause_end else end]
        if _TOPIC_AFTER.match(text, _name_end(text, first, names)) and len(tail) <= _RELATION_TAIL and _ENDS_ON_PREDICATE.search(tail):
            last += len(tail)  # OpenAIは…、Microsoftから資金を調達しました: what the topic did
        return text[first:last].strip()
    return None


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _balanced(sentence: str) -> str:
    """The sentence without a bracket it opens or closes alone: a quote's sentence
    is cut at its 。 (「タイムラインに関して…思います。 → タイムラインに関して…思います。)."""
    whole = sentence
    for opening, closing in _BRACKETS:
        if sentence.startswith(opening) and closing not in sentence:
            sentence = sentence[1:].lstrip()
        if sentence.endswith(closing) and opening not in sentence:
            sentence = sentence[:-1].rstrip()
    return sentence or whole  # a bracket alone stays itself: never an empty answer


def _nearest_typed(
    kind: AnswerType,
    text: str,
    matched_spans: Sequence[tuple[int, int, float]],
    in_question: Callable[[str], bool],
    named: Sequence[tuple[int, int, str]] = (),
    *,
    sentence: tuple[int, int] = (0, 0),
    sentence_factor: float = 1.0,
    skip_restatements: bool = False,
    era_asked: str | None = None,
) -> tuple[int, int] | None:
    """The span of the candidate of the asked type nearest to the question's
    (weighted) words; one inside ``sentence`` counts ``sentence_factor`` times as far."""
    candidates = [(s, e) for s, e in typed_candidates(kind, text, named=named) if not in_question(text[s:e])]
    if not candidates:
        return None
    if skip_restatements and kind.kind in _RESTATED_KINDS:
        candidates = _without_restatements(kind, text, candidates, matched_spans, era_asked)
    if not matched_spans:
        return candidates[0]

    def distance(span: tuple[int, int]) -> float:
        centre = (span[0] + span[1]) / 2
        near = min(abs(centre - (s + e) / 2) / max(w, 1e-6) for s, e, w in matched_spans)
        if sentence[0] <= span[0] and span[1] <= sentence[1]:
            near *= sentence_factor
        # A full date (1993年6月) beats a bare month nearby (9月): its distance counts half.
        return near * 0.5 if kind.kind == "date" and "年" in text[span[0] : span[1]] else near

    return min(candidates, key=distance)


def _without_restatements(
    kind: AnswerType, text: str, candidates: list[tuple[int, int]], matched_spans: Sequence[tuple[int, int, float]], era_asked: str | None,
) -> list[tuple[int, int]]:
    """``candidates`` less those a parenthesis right after another restates:
    1億ユーロ(現在の為替レートで1億900万ドル) keeps 1億ユーロ. Of a Western and an era
    year the question decides (宝暦13年（1763年）: 1763年; asked 宝暦何年, the era's). Else
    the parenthesis is asked, and stays, when it holds a word of the question that the
    rest of its clause lacks (100億円（うち海外売上高40億円）, asked 海外売上高); and the inner
    amount is the answer when the question names its unit and not the outer's
    (asked ドルでいくら)."""
    ends = {c[1]: c for c in candidates}
    starts = [c[0] for c in candidates]
    spans = sorted((s, e) for s, e, _ in matched_spans)
    span_starts = [s for s, _ in spans]

    def in_candidate(s: int, e: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(starts, s) - 1
        return candidates[i] if i >= 0 and e <= candidates[i][1] else None

    dropped = set()
    for inner in candidates:
        found = _restated(text, inner, ends)
        if found is None:
            continue
        outer, opening, closing = found
        years = [c for c in (outer, inner) if kind.kind == "date" and _WESTERN_YEAR.search(text[c[0] : c[1]])]
        if len(years) == 1:
            era = inner if years == [outer] else outer
            asked = era_asked == _ANY_ERA or (era_asked is not None and text[max(0, era[0] - len(era_asked)) : era[1]].find(era_asked) >= 0)
            dropped.add(inner if (years == [outer]) != asked else outer)
            continue
        # Outside: the rest of the sentence around the parenthesis (cut as
        # split_sentences cuts): a paragraph often names the asked thing again elsewhere.
        start = _sentence_start(text, opening)
        after = _SENTENCE_END.search(text, closing)
        outside = text[start:opening] + text[closing + 1 : after.start() if after else len(text)]
        inside = spans[bisect.bisect_left(span_starts, opening) : bisect.bisect_left(span_starts, closing)]
        if any(in_candidate(s, e) is None and text[s:e] not in outside and text[s:e] != kind.counter for s, e in inside):
            continue  # the parenthesis is what is asked
        outer_text = text[outer[0] : outer[1]]
        if any(in_candidate(s, e) == inner and text[s:e] not in outer_text for s, e in inside):
            dropped.add(outer)  # asked in the inner's unit
        else:
            dropped.add(inner)
    return [c for c in candidates if c not in dropped] or candidates


def _restated(text: str, span: tuple[int, int], ends: Mapping[int, tuple[int, int]]) -> tuple[tuple[int, int], int, int] | None:
    """The candidate right before the parenthesis ``span`` lies in (a space between
    them allowed), where that parenthesis opens, and where it closes (nested ones
    skipped). Looked for within ``_RESTATEMENT_REACH`` characters either way: a
    restatement is short, and an unclosed bracket is no parenthesis."""
    reach = max(0, span[0] - _RESTATEMENT_REACH)
    opening = max(text.rfind("(", reach, span[0]), text.rfind("（", reach, span[0]))
    if opening < 0:
        return None
    closing = _closing(text, opening)
    if closing is None or closing < span[1]:
        return None
    before = opening
    while before > 0 and text[before - 1] in " \u3000":
        before -= 1
    outer = ends.get(before)  # the candidate ending where the parenthesis opens
    return None if outer is None else (outer, opening, closing)


def _closing(text: str, opening: int) -> int | None:
    """Where the bracket at ``opening`` closes, nested pairs skipped; None past the reach."""
    depth = 0
    for i in range(opening, min(len(text), opening + 2 * _RESTATEMENT_REACH)):
        if text[i] in "(（":
            depth += 1
        elif text[i] in ")）":
            depth -= 1
            if depth == 0:
                return i
    return None


_RESTATED_KINDS = ("money", "count", "date", "place")
_RESTATEMENT_REACH = 100
# 宝暦何年 asks that era's year (if the text's era year is 宝暦's), 和暦で any era's;
# 西暦何年, a bare 何年 and 戦後何年 (no era of that name in the text) the Western one.
_ERA_ASKED = re.compile(r"(?!西暦)([" + KANJI + r"]{2})何年")
_ANY_ERA = "和暦"


def _era_asked(question: str) -> str | None:
    """The era a question asks the year of: the two kanji before 何年 (宝暦何年 → 宝暦),
    checked against the text (戦後何年 names no era there), or 和暦 / 元号 for any era."""
    if "和暦" in question or "元号" in question:
        return _ANY_ERA
    m = _ERA_ASKED.search(question)
    return m.group(1) if m else None


_WESTERN_YEAR = re.compile(r"(?<![0-9０-９〇一二三四五六七八九])[0-9０-９〇一二三四五六七八九]{3,4}\s?年")


# A reason ends in から (…からです), ため (…ため、; not ための / ために) or ので.
_REASON_END = re.compile(r"(?:から(?=です|だ|、|。|」|$)|ため(?![のに])|ので)")
# 理由は X だ, 理由の 1 つは、X である: the reason as the sentence names it; not 理由は
# 不明だ or 分かっていない (the passage says there is none known).
_REASON_IS = re.compile(r"理由(?:の\s?(?:一|1|１)\s?つ)?は、?(.{2,}?)(?:だ|である|です)(?:。|$)")
_REASON_UNKNOWN = re.compile(r"(?:まだ|今も|現在も)?(?:不明|分か|わか|判明|明らかで|定かで)")
# Where the reason clause starts: after an opening quote, なぜなら, or the topic のは、.
_REASON_START = re.compile(r"「|なぜなら、?|のは、")


def _reason_clause(text: str, sentence: tuple[int, int]) -> str | None:
    """The clause of ``sentence`` that gives a reason: what 理由は names (理由の 1 つは、
    Xことだ → Xこと), else the clause up to its から / ため / ので."""
    body = text[sentence[0] : sentence[1]]
    named = _REASON_IS.search(body)
    if named and not _REASON_UNKNOWN.match(named.group(1)):
        return named.group(1).strip(" 、「」")
    end = _REASON_END.search(body)
    if end is None:
        return None
    start = max((m.end() for m in _REASON_START.finditer(body, 0, end.start())), default=0)
    clause = body[start : end.end()].strip(" 、。「」")
    return clause if len(clause) > len(end.group(0)) + 1 else None


# 何の研究 asks what kind of 研究: the passage answers 汎用人工知能の研究.
_WHAT_KIND_OF = re.compile(r"(?:何の|なんの|(?P<where>どこの))([" + KANJI + r"々ァ-ヴーA-Za-z0-9]+)(?:の([" + KANJI + r"々ァ-ヴーA-Za-z0-9]+))?")


def _asked_kind_of(question: str) -> str | None:
    """The noun of 何の<noun> or どこの<noun> in the (NFKC) question, if it asks one;
    of どこの<noun>の<noun>, the second (どこの会社のAI研究チーム: whose team, Meta's;
    何の綱領の記載 asks the kind of 綱領). JSQuAD (per-question dump): どこの 2 short
    answers better (どこの部隊 → ネパール), 1 worse; the second noun also for 何の: 4 worse."""
    m = _WHAT_KIND_OF.search(question)
    if m is None or question[m.end() : m.end() + 1] == "も":
        return None  # 何の利益も与えず is "no profit at all", not a question about it
    return (m.group("where") and m.group(3)) or m.group(2)


def _modifier_of_asked_noun(noun: str, text: str, sentence: tuple[int, int], chunks: Sequence[tuple[int, int]]) -> str | None:
    """For 何の<noun>, the noun phrase right before の<noun> in the sentence.

    The passage's noun may run on (何の採用 → 科学チームの採用活動) but not by one
    character, which is mostly a suffix (研究 asked, 研究者 written: another noun).
    """
    if not chunks:
        return None
    body = unicodedata.normalize("NFKC", text[sentence[0] : sentence[1]])
    if len(body) != sentence[1] - sentence[0]:
        return None  # NFKC changed the length: offsets would not line up
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


# 何を意味する / 何につながる answered by a clause the passage nominalizes with こと:
# 「…競合他社への障壁を作ることを意味します」 → 競合他社への障壁を作ること.
# The verb is matched by its kanji stem (示す meets 示した), else its first two kana (つながる).
_ASKED_VERB = re.compile(r"(?:何|なに|なん)([をに])([" + KANJI + r"々]+|[ぁ-ゖァ-ヴー]{2})")
# A topic marked by は after a noun (規制は…): the clause starts after it.
_TOPIC = re.compile(r"(?<=[" + KANJI + r"々ァ-ヴー])は(?![じなか])")


def _nominalized_clause(question: str, text: str, sentence: tuple[int, int], particle: str) -> str | None:
    """The clause ending in こと that the asked particle marks before the question's own
    verb (何を意味する: …ことを意味します), from the comma, the topic は or the bracket
    still open before it."""
    asked = _ASKED_VERB.search(question)
    if asked is None or asked.group(1) != particle:
        return None
    body = text[sentence[0] : sentence[1]]
    found = re.search("こと" + particle + "(?:も|は)?" + re.escape(asked.group(2)), body)
    if found is None:
        return None
    # From the comma or the topic は before it, or a bracket still open there (not
    # 「障壁」を作ること).
    opened = [i for i, ch in enumerate(body[: found.start()]) if ch == "「" and "」" not in body[i : found.start()]]
    topic = [m.end() - 1 for m in _TOPIC.finditer(body, 0, found.start())]
    start = max([body.rfind("、", 0, found.start()), *opened, *topic])
    clause = body[start + 1 : found.start() + 2].strip()
    return clause if len(clause) > 2 else None


# どの<noun>, どこの<noun>, 何<noun> (何歳, 何条, 何色; not 何度も "many times"), and
# どんな / どのような <noun> (どんな処分 → 除名処分, どのような関係 → 資本関係: JSQuAD 9
# short answers better, 2 worse, the phrase ending in the noun sought first).
_ASKED_HEAD = re.compile(r"(?:どの|どこの|何|どんな|どのような|どういう|どういった)(?!度も)([" + KANJI + r"々ァ-ヴー]{1,4})")


def _asked_head(question: str) -> str | None:
    """The noun the (NFKC) question word asks about (どの大学 → 大学), if any."""
    m = _ASKED_HEAD.search(question)
    return m.group(1) if m else None


_ASKED_PARTICLE = re.compile(
    r"(?:誰|だれ|どこ|何|なに|(?:どんな|どういう|どのような|どういった)(?:人々|人物|人たち|人達|人|方々|方))(から|まで|より|が|を|に|で|と|へ)"
    # どんな条件で提供される → 原価で提供: the kind of thing asked, marked as the answer is
    # (not the copula of どういう姿勢であった, nor どのような名称になった: what it became).
    r"|(?:どんな|どういう|どのような|どういった)[" + KANJI + r"ァ-ヴー]{1,4}(から|まで|より|が|を|に(?!な)|で(?![あすしはご])|と|へ)"
)


_KIND_PARTICLE_GROUP = 2  # _ASKED_PARTICLE's group for the particle after どんな + a noun


def _asked_case(question: str) -> re.Match[str] | None:
    """The (NFKC) question word with the case particle right after it (誰と: と), if any."""
    return _ASKED_PARTICLE.search(question)


def _case_particle(asked: re.Match[str] | None) -> str | None:
    """The particle of an :func:`_asked_case` match (each alternative has its group)."""
    return asked.group(asked.lastindex or 0) if asked else None


def _whole_list(text: str, span: tuple[int, int], items: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The list of ``items`` joined by 、, や or と that ``span`` is one of, in order
    (イェジン・チェ氏、ヤン・ルカン氏、ベルンハルト・シェルコップ氏らによる: 誰がいる asks them all);
    ``[span]`` alone when it is none."""
    starts = dict(items)
    ends = {end: start for start, end in items}
    listed = [span]
    while (join := LIST_JOIN_RE.match(text, listed[-1][1])) is not None and join.end() in starts:
        listed.append((join.end(), starts[join.end()]))
    while (before := next((e for e in ends if e < listed[0][0] and LIST_JOIN_RE.fullmatch(text, e, listed[0][0])), None)) is not None:
        listed.insert(0, (ends[before], before))
    return listed


def _reported_speech(text: str, sentence: tuple[int, int]) -> str | None:
    """What ``sentence`` reports as said, before its last と述べ / と語っ / と言っ …: from
    after the speaker (…氏は、) or the sentence's start, whole (規制されるべきはユース
    ケースであり、モデル作成者ではない: cut at 、 it says the opposite); else what follows
    …によると、 (less という, とのことだ); None with a quote."""
    said = None
    for said in _REPORTED_VERB.finditer(text, sentence[0], sentence[1]):
        pass
    if said is None:
        # 彼によると、…遅れをとっており、…低下させるだろうという。: all that follows.
        source = _ACCORDING_TO.search(text, sentence[0], sentence[1])
        if source is None:
            return None
        found = _HEARSAY_END.sub("", text[source.end() : sentence[1]].strip())
        return found if len(found) >= 2 else None
    if "「" in text[sentence[0] : said.start()]:
        return None
    start = sentence[0]
    for speaker in _SPEAKER.finditer(text, sentence[0], said.start()):
        start = speaker.end()
    found = text[start : said.start()].strip()
    return found if len(found) >= 2 else None


_REPORTED_VERB = re.compile(r"と(?:述べ|語っ|語り|言っ|話し|発言|コメント|説明|強調|指摘|主張)")
_SPEAKER = re.compile(PERSON_TITLE + r"(?:は|が)、?")
_ACCORDING_TO = re.compile(r"(?:によると|によれば)、?")
_HEARSAY_END = re.compile(r"(?:(?:だろう|でしょう)?(?:という|とのことだ?|とのことです|そうだ|そうです|らしい))?[。.]?$")


# Words saying an amount or a count is approximate: part of the answer (約9倍, およそ
# 250万トン).
_APPROXIMATELY = ("約", "おおよそ", "およそ", "ほぼ")


def _with_approximation(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` with the word right before it saying the number is approximate. Also
    when the question says it (約何倍か: JSQuAD's answers mostly keep it, 約9倍)."""
    start, end = span
    word = next((w for w in _APPROXIMATELY if _approximation_at(text, start - len(w), w)), None)
    return (start - len(word), end) if word else span


def _approximation_at(text: str, at: int, word: str) -> bool:
    """Whether ``text`` says ``word`` (約, およそ) at ``at`` as a word of its own: not the
    end of a word (予約, 契約; 現在約28万人 says it)."""
    return at >= 0 and text.startswith(word, at) and not (at > 0 and word == "約" and text[at - 1] in _ENDS_IN_YAKU)


# The first kanji of the words ending in 約 (予約, 契約, 節約, 要約, 規約, 条約 ...).
_ENDS_IN_YAKU = "予契節要集規条公婚制誓協盟特確解先倹簡旧新密"


def _or(rejects: Callable[[str], bool], also: Callable[[str], bool]) -> Callable[[str], bool]:
    """A test rejecting what ``rejects`` or ``also`` rejects."""
    return lambda phrase: rejects(phrase) or also(phrase)


def _is_amount_or_date(phrase: str) -> bool:
    """Whether ``phrase`` is or holds an amount or a date (三億ドル, 平成5年, 今朝), or
    any digit (a count: 6名)."""
    return bool(DIGIT_RE.search(phrase)) or any(has_candidate(AnswerType(kind), phrase) for kind in ("money", "date"))


# 誰と / 誰に / 誰から: who the subject acts with, on or from (not 誰が, 〜したのは誰).
_PARTNER_PARTICLES = ("と", "に", "から", "より", "へ")


def _same_case(asked: re.Match[str] | None, particle: str | None) -> tuple[str, ...]:
    """The particles that mark what ``particle`` asks, ``asked`` the question's
    :func:`_asked_case`: どこに may be answered by a place marked で (どこに勤めていた ←
    ヴァレオで勤務していた); どこで not by one marked に (どこで受けた ← …者に与えられる:
    one JSQuAD answer worse)."""
    return ("に", "で") if particle == "に" and asked is not None and asked.group(0) == "どこに" else (particle,)


# What only looks like a case particle: a copula (で、, です, である, では, でも) or a
# compound particle (による, に対し, について, によって).
_NOT_A_CASE = ("で、", "です", "であ", "では", "でも", "による", "によって", "により", "に対", "につい", "にとって")


def _marked_by(text: str, end: int, particle: str, *, strict: bool = False) -> bool:
    """Whether the phrase ending at ``end`` is followed by ``particle``, past a closing
    bracket (「リラ冷え」と呼ぶ); ``strict``: as a case particle (:data:`_NOT_A_CASE`)."""
    while end < len(text) and text[end] in "」』)）":
        end += 1
    return text.startswith(particle, end) and not (strict and text.startswith(_NOT_A_CASE, end))


# 〜したのは誰 / どこ asks for who did it: the sentence's subject, marked by が.
# (Measured on JSQuAD: with 何 too, more answers got worse than better.)
_WHO_DID = re.compile(r"のは(?:誰|だれ|どこ)")


def _listed_before(text: str, start: int, chunks: Sequence[tuple[int, int]], floor: int) -> int:
    """The start of the list of noun phrases joined by 、 that ends with the phrase at
    ``start`` (an item may be phrases joined by の: 博士課程の学生、ポスドク、研究者), not
    before ``floor``; ``start`` itself when no item comes before it."""
    ending_at = {e: s for s, e in chunks}
    listed = start
    while listed - 1 > floor and text[listed - 1] in "、，" and (item := ending_at.get(listed - 1)) is not None and item >= floor:
        listed = _joined_by_no(text, item, ending_at, floor)
    return listed


def _joined_by_no(text: str, start: int, ending_at: Mapping[int, int], floor: int) -> int:
    """The start of the noun phrases joined by の that end with the one at ``start``
    (博士課程の学生 from 学生; ``ending_at`` maps a phrase's end to its start), not before
    ``floor``."""
    while start - 1 > floor and text[start - 1] == "の" and (before := ending_at.get(start - 1)) is not None and before >= floor:
        start = before
    return start


def _nearest_chunk(
    text: str,
    sentence: tuple[int, int],
    chunks: Sequence[tuple[int, int]],
    matched_spans: Sequence[tuple[int, int, float]],
    in_question: Callable[[str], bool],
    *,
    set_off_factor: float = 1.0,
    katakana_latin_factor: float = 1.0,
    skip_readings: bool = False,
    coordinated: Sequence[tuple[int, int]] = (),
) -> str | None:
    """The noun phrase of the sentence that the question does not already say,
    nearest to the question's words there (answers sit next to what is asked about).
    A phrase set off as a term counts ``set_off_factor`` times as far, one with
    katakana or Latin letters (a name, a loanword) ``katakana_latin_factor`` times;
    with ``skip_readings``, a hiragana reading in parentheses is passed over. The
    phrases of ``coordinated`` joined to the one found by と or や before it are part
    of it (推論とモデル学習), unless the question names them (刑事免責と何を含む → 民事免責)."""
    inside = [(s, e, w) for s, e, w in matched_spans if s >= sentence[0] and e <= sentence[1]]
    if not inside:
        return None
    best, best_key = None, None
    for start, end in chunks:
        if start < sentence[0] or end > sentence[1]:
            continue
        if any(s <= start and end <= e for s, e, _ in inside) or in_question(text[start:end]):
            continue  # a phrase made only of the question's own words is not its answer
        if skip_readings and _is_reading(text, start, end):
            continue
        gap = min((max(s - end, start - e, 0) + 1) / (w + 1) for s, e, w in inside)
        if _is_set_off(text, start, end):
            gap *= set_off_factor
        if _KATAKANA_LATIN.search(text, start, end):
            gap *= katakana_latin_factor
        key = (gap, -(end - start))
        if best_key is None or key < best_key:
            best, best_key = (start, end), key
    if best is None:
        return None
    start, end = best
    if _ADNOMINAL_CASE.match(text, end):
        return text[start:end].strip()  # 仕事と研究室での展望: の makes it describe 展望
    ending_at = {e: s for s, e in coordinated}
    while (before := ending_at.get(start - 1)) is not None and text[start - 1] in "とや" and before >= sentence[0]:
        item = text[before : start - 1]
        # Not the same word again (ジャズやジャズを起源とする音楽: no list), nor a person
        # (マクロン大統領と会議に出席: と says with whom).
        if in_question(item) or item == text[best[0] : best[1]] or is_person(item):
            break
        start = before
    return text[start:end].strip()


_PEOPLE_END = re.compile(PEOPLE_NOUN + "$")
# A case particle followed by の: the phrase describes the noun after it.
_ADNOMINAL_CASE = re.compile(r"(?:で|と|へ|から|まで|より)の")


def _nfkc_lower(text: str) -> str:
    """The form the question's and a sentence's character bigrams are compared in."""
    return unicodedata.normalize("NFKC", text).lower()


def _char_bigrams(text: str) -> frozenset[str]:
    """Pairs of adjacent letters or digits of the NFKC, lower-cased text."""
    return frozenset(a + b for run in _ALNUM_RUN.findall(_nfkc_lower(text)) for a, b in zip(run, run[1:]))


# A run of letters and digits: \w is str.isalnum() plus the underscore.
_ALNUM_RUN = re.compile(r"[^\W_]{2,}")


# A parenthesis right after a word (a letter or digit before it, not a space or a
# punctuation mark) holding only hiragana readings: 梅雨（つゆ、ばいう）.
_READING = re.compile(r"(?<=[^\W_])(?:（[ぁ-ゖー・、, ]+）|\([ぁ-ゖー・、, ]+\))")


def _is_reading(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies in a parenthesis of hiragana readings of the
    phrase before it: 疫病（えきびょう）, 梅雨（つゆ、ばいう）."""
    opening = max(text.rfind("（", 0, start), text.rfind("(", 0, start))
    if opening < 0:
        return False
    m = _READING.match(text, opening)
    return m is not None and end < m.end()


_KATAKANA_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚァ-ヺーｦ-ﾟ]")


def _is_set_off(text: str, start: int, end: int) -> bool:
    """Whether the passage sets ``text[start:end]`` off as a term: quoted whole
    (「リラ冷え」, 『…』) or followed by a gloss in parentheses (炭化水素（たんかすいそ）)."""
    quoted = text[start - 1 : start] in ("「", "『") and text[end : end + 1] in ("」", "』")
    return quoted or text[end : end + 1] in ("（", "(")

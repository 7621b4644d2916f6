"""Score the engine against gold questions, beside the naive baseline.

Two sets:

- the gold file (``corpus/gold.yaml``): questions about the article with
  acceptable answers and an ``evidence`` string; a passage is right when it
  contains the evidence, so the file survives changes to passage splitting;
- JSQuAD (``--jsquad FILE``), two ways: open retrieval, every paragraph of the
  file one passage, each question asked against all of them; and per article,
  each article's paragraphs a corpus of their own (the bot's setting: one
  article), with the background frequencies counted from the other articles.
  Right when the question's own paragraph is ranked. Abstention is off there
  (no question is unanswerable), so the short answer is always the one the
  engine extracts.

The naive baseline is measured in the same run on the same passages: fugashi
surface tokens straight into ``rank_bm25.BM25Okapi``, no normalization.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .background import Background
from .config import NO_ABSTENTION, AnswerConfig, Config, ConfigError, load_yaml
from .corpus import CorpusError, Passage
from .engine import Answer, Engine, QuestionError
from .metrics import char_f1, exact_match, mrr_at, normalize_answer, recall_at
from .tokenization import Tokenizer

__all__ = ["GoldQuestion", "load_gold", "load_jsquad", "evaluate", "evaluate_per_document", "naive_ranks", "calibrate"]

RANK_DEPTH = 10


@dataclass(frozen=True, slots=True)
class GoldQuestion:
    id: str
    question: str
    answers: tuple[str, ...]
    # Substrings of the right passage; a fact the article states twice (a heading and
    # its paragraph) has one for each passage that states it.
    evidence: tuple[str, ...] = ()
    passage_index: int | None = None  # or the right passage itself (JSQuAD)
    tags: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


def load_gold(path: str | Path) -> list[GoldQuestion]:
    import yaml

    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), path)
    except FileNotFoundError:
        raise ConfigError(f"gold file not found: {path}") from None
    except IsADirectoryError:
        raise ConfigError(f"gold file is a folder: {path}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"gold file is not UTF-8: {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read gold file {path}: {exc.strerror}") from None
    except yaml.YAMLError:
        raise ConfigError(f"gold file is not valid YAML: {path}") from None
    items = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f"{path}: expected a top-level 'questions' list")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str) or not item["question"].strip():
            raise ConfigError(f"{path}: question #{i + 1} needs a non-empty 'question' string")
        # answers, evidence and tags: a list of strings, or one string for a list of one.
        answers, evidence, tags = (
            _strings(item.get(key), key, path, item.get("id", i + 1)) for key in ("answers", "evidence", "tags")
        )
        if answers and not evidence:
            raise ConfigError(f"{path}: question {item.get('id', i + 1)} has answers but no 'evidence'")
        out.append(
            GoldQuestion(
                id=str(item.get("id", i + 1)),
                question=item["question"],
                answers=answers,
                evidence=evidence,
                tags=tags,
            )
        )
    return out


def _strings(value: object, key: str, path: Path, question_id: object) -> tuple[str, ...]:
    """A gold field as a tuple of non-empty strings. A number is refused, not taken
    as text: YAML has already read 9:30 as 570 and 010 as 8."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
        raise ConfigError(f"{path}: question {question_id}: '{key}' must be a string or a list of strings (quote numbers: '2019')")
    return tuple(items)


def load_jsquad(path: str | Path) -> tuple[list[Passage], list[GoldQuestion]]:
    """Every paragraph of a JSQuAD (SQuAD 1.1) file as a passage, and its questions."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorpusError(f"JSQuAD file not found: {path}") from None
    except IsADirectoryError:
        raise CorpusError(f"JSQuAD file is a folder: {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CorpusError(f"not a JSQuAD JSON file: {path}") from None
    except OSError as exc:
        raise CorpusError(f"cannot read JSQuAD file {path}: {exc.strerror}") from None
    passages: list[Passage] = []
    questions: list[GoldQuestion] = []
    try:
        for article in data["data"]:
            for paragraph in article["paragraphs"]:
                title, _, text = paragraph["context"].partition(" [SEP] ")
                if not text:
                    title, text = article.get("title", ""), paragraph["context"]
                index = len(passages)
                passages.append(Passage(f"{title}#{len(passages)}", "jsquad", title, text))
                for qa in paragraph["qas"]:
                    answers = tuple(str(a["text"]) for a in qa.get("answers", ()))
                    if not isinstance(qa["question"], str) or not qa["question"].strip():
                        raise ValueError
                    questions.append(GoldQuestion(str(qa["id"]), qa["question"], answers, passage_index=index))
    except (KeyError, TypeError, AttributeError, ValueError):
        # SQuAD 1.1 layout: {"data": [{"title", "paragraphs": [{"context", "qas": [{"id", "question", "answers": [{"text"}]}]}]}]}
        raise CorpusError(
            f"not a JSQuAD file: {path} (after {len(questions)} questions: each needs data → paragraphs → context,"
            " qas → id, a non-empty question, answers → text)"
        ) from None
    if not passages:
        raise CorpusError(f"JSQuAD file has no paragraphs: {path}")
    return passages, questions


def _hit(question: GoldQuestion, passage_index: int, passage: Passage) -> bool:
    if question.passage_index is not None:
        return passage_index == question.passage_index
    text = normalize_answer(passage.text)
    return any(e in passage.text or normalize_answer(e) in text for e in question.evidence)


def naive_ranks(passages: Sequence[Passage], questions: Sequence[GoldQuestion], surface: Callable[[str], list[str]]) -> list[int | None]:
    """Rank of the right passage for each question under the naive baseline."""
    from rank_bm25 import BM25Okapi

    bm25 = BM25Okapi([surface(p.text) for p in passages])
    ranks: list[int | None] = []
    for q in questions:
        scores = bm25.get_scores(surface(q.question))
        top = np.argsort(-scores, kind="stable")[:RANK_DEPTH]
        ranks.append(next((r for r, i in enumerate(top, 1) if _hit(q, int(i), passages[i])), None))
    return ranks


@dataclass
class Report:
    name: str
    metrics: dict[str, float]
    baseline: dict[str, float]
    by_tag: dict[str, dict[str, float]] = field(default_factory=dict)
    failures: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    # Short answers by the answer type the question asks for (date, person, other...).
    by_type: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "name": self.name, "metrics": self.metrics, "baseline": self.baseline, "by_tag": self.by_tag,
            "by_type": self.by_type, "failures": self.failures, "seconds": round(self.seconds, 2),
        }


def _ranking_metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    return {
        "recall@1": recall_at(ranks, 1),
        "recall@3": recall_at(ranks, 3),
        "recall@5": recall_at(ranks, 5),
        "mrr@10": mrr_at(ranks, RANK_DEPTH),
    }


def evaluate(
    engine: Engine, questions: Sequence[GoldQuestion], *, name: str, baseline: bool = True, abstain_at: AnswerConfig | None = None
) -> Report:
    """Run every question through the engine; ranking, short answers, abstention, failures.

    ``abstain_at``: also report the share of answerable questions that these
    thresholds would abstain on (``abstained_at_config``), for a run made with
    abstention off (JSQuAD: every question has an answer)."""
    start = time.perf_counter()
    answers, ranks = _answer_all(engine, questions)
    naive = naive_ranks(engine.passages, questions, engine.tokenizer.surface_tokens) if baseline else None
    return _report(name, questions, answers, ranks, naive, abstain_at, time.perf_counter() - start)


def evaluate_per_document(
    config: Config, passages: Sequence[Passage], questions: Sequence[GoldQuestion], *,
    name: str, baseline: bool = True, abstain_at: AnswerConfig | None = None,
) -> Report:
    """Each document (a JSQuAD article: the passages sharing a title) is its own
    corpus, as the article is for the bot; its questions are asked against its
    passages only. The background frequencies are counted from the other
    documents (leave one out), so no document sees its own counts twice (none
    with ``background.enabled: false``)."""
    start = time.perf_counter()
    by_title: dict[str, list[int]] = {}
    for i, p in enumerate(passages):
        by_title.setdefault(p.title, []).append(i)
    counts: dict[str, Background] = {}
    if config.background.enabled:
        tokenizer = Tokenizer(config)
        counts = {title: Background.count((passages[i] for i in idxs), tokenizer) for title, idxs in by_title.items()}
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c.df)
    everything = Background(sum(c.size for c in counts.values()), dict(total))
    order: list[GoldQuestion] = []
    answers: list[Answer] = []
    ranks: list[int | None] = []
    naive: list[int | None] = []
    for title, idxs in by_title.items():
        local = {g: n for n, g in enumerate(idxs)}
        asked = [dataclasses.replace(q, passage_index=local[q.passage_index]) for q in questions if q.passage_index in local]
        if not asked:
            continue
        background = everything.minus(counts[title]) if counts else None
        engine = Engine(config, [passages[i] for i in idxs], background=background)
        got, found = _answer_all(engine, asked)
        order += asked
        answers += got
        ranks += found
        if baseline:
            naive += naive_ranks(engine.passages, asked, engine.tokenizer.surface_tokens)
    return _report(name, order, answers, ranks, naive if baseline else None, abstain_at, time.perf_counter() - start)


def _answer(engine: Engine, question: str, *, top_k: int | None = None) -> Answer:
    """The engine's answer; a question it refuses (longer than
    ``answer.max_question_chars``, say) counts as abstained, with no passage ranked."""
    try:
        return engine.answer(question, top_k=top_k)
    except QuestionError:
        return Answer(question=question, answer=None, abstained=True, passages=[])


def _answer_all(engine: Engine, questions: Sequence[GoldQuestion]) -> tuple[list[Answer], list[int | None]]:
    """Each question's answer, and the rank of its right passage (None: not in the top 10)."""
    answers = [_answer(engine, q.question, top_k=RANK_DEPTH) for q in questions]
    id_to_index = {p.id: i for i, p in enumerate(engine.passages)}
    ranks: list[int | None] = []
    for q, a in zip(questions, answers):
        ranks.append(
            next((r for r, p in enumerate(a.passages, 1) if _hit(q, id_to_index[p.id], engine.passages[id_to_index[p.id]])), None)
        )
    return answers, ranks


def _report(
    name: str, questions: Sequence[GoldQuestion], answers: Sequence[Answer], ranks: Sequence[int | None],
    naive: Sequence[int | None] | None, abstain_at: AnswerConfig | None, seconds: float,
) -> Report:
    answerable = [i for i, q in enumerate(questions) if q.answerable]
    unanswerable = [i for i, q in enumerate(questions) if not q.answerable]
    metrics = _ranking_metrics([ranks[i] for i in answerable])
    metrics["exact_match"] = _mean(exact_match(answers[i].answer, questions[i].answers) for i in answerable)
    metrics["char_f1"] = _mean(char_f1(answers[i].answer, questions[i].answers) for i in answerable)
    metrics["answerable"] = len(answerable)
    if unanswerable:
        metrics["unanswerable"] = len(unanswerable)
        metrics["abstained_unanswerable"] = _mean(answers[i].abstained for i in unanswerable)
    metrics["wrongly_abstained"] = _mean(answers[i].abstained for i in answerable)
    if abstain_at is not None:
        metrics["abstained_at_config"] = _mean(answers[i].would_abstain(abstain_at) for i in answerable)

    by_tag: dict[str, dict[str, float]] = {}
    for tag in sorted({t for q in questions for t in q.tags} - {"unanswerable"}):
        idx = [i for i in answerable if tag in questions[i].tags]
        if idx:
            by_tag[tag] = {**_ranking_metrics([ranks[i] for i in idx]), "questions": len(idx)}
    by_type: dict[str, dict[str, float]] = {}
    for kind in sorted({answers[i].answer_type for i in answerable}):
        idx = [i for i in answerable if answers[i].answer_type == kind]
        by_type[kind] = {
            "exact_match": _mean(exact_match(answers[i].answer, questions[i].answers) for i in idx),
            "char_f1": _mean(char_f1(answers[i].answer, questions[i].answers) for i in idx),
            "questions": len(idx),
        }

    failures = []
    for i, (q, a) in enumerate(zip(questions, answers)):
        problems = []
        if q.answerable:
            if ranks[i] != 1:
                problems.append(f"right passage at rank {ranks[i] or '>10'}")
            if a.abstained:
                problems.append("abstained")
            elif exact_match(a.answer, q.answers) == 0:
                problems.append("short answer differs")
        elif not a.abstained:
            problems.append("answered an unanswerable question")
        if problems:
            failures.append({
                "id": q.id, "question": q.question, "problems": problems,
                "expected": list(q.answers), "got": a.answer,
                "top": a.passages[0].id if a.passages else None, "coverage": round(a.coverage, 3),
            })
    base = _ranking_metrics([naive[i] for i in answerable]) if naive is not None else {}
    return Report(name, metrics, base, by_tag, failures, seconds, by_type)


def _mean(values) -> float:
    values = [float(v) for v in values]
    return sum(values) / len(values) if values else 0.0


def calibrate(engine: Engine, questions: Sequence[GoldQuestion], *, max_wrongly_abstained: float = 0.05) -> dict[str, float]:
    """The abstention thresholds that abstain on most unanswerable gold questions
    while wrongly abstaining on at most ``max_wrongly_abstained`` of the answerable ones.

    Grid search over (min coverage, the coverage up to which a missing money/count/date
    abstains, min word score, min margin to the second passage); of settings that
    catch as many, the one losing fewest answerable questions wins, then the lowest
    thresholds.
    """
    saved = engine.config
    engine.config = saved.replace(answer=NO_ABSTENTION)
    try:
        answers = [_answer(engine, q.question) for q in questions]
    finally:
        engine.config = saved
    answerable = np.array([q.answerable for q in questions], dtype=bool)
    already = np.array([a.abstained for a in answers], dtype=bool)
    coverage_of = np.array([a.coverage for a in answers])
    score_of = np.array([a.word_score for a in answers])
    typed_of = np.array([a.fact_missing for a in answers], dtype=bool)
    margin_of = np.array([a.margin for a in answers])
    best: tuple[float, float, float, float, float, float] | None = None
    # Fine steps (0.01) for coverage and margin: the answerable and unanswerable gold
    # questions sit close together at the low end. The word-score thresholds are
    # tried all at once (one row each).
    scores = np.array([i / 2 for i in range(0, 21)])
    below_score = score_of[None, :] < scores[:, None]
    for margin in [i / 100 for i in range(0, 21)]:
        by_margin = already | (margin_of < margin)
        for coverage in [i / 100 for i in range(0, 80)]:
            by_coverage = by_margin | (coverage_of < coverage)
            for typed in [i / 20 for i in range(0, 21)]:
                # retrieval.engine.abstains over every answer and score threshold at once
                # (``already``: abstained at zero thresholds).
                abstain = (by_coverage | (typed_of & (coverage_of <= typed)))[None, :] | below_score
                wrong = abstain[:, answerable].mean(axis=1) if answerable.any() else np.zeros(len(scores))
                caught = abstain[:, ~answerable].mean(axis=1) if (~answerable).any() else np.zeros(len(scores))
                for i, score in enumerate(scores.tolist()):
                    # Most unanswerable caught; of equals, fewest answerable lost, then the lowest thresholds.
                    if wrong[i] <= max_wrongly_abstained and (best is None or (caught[i], -wrong[i]) > (best[0], -best[1])):
                        best = (float(caught[i]), float(wrong[i]), coverage, typed, score, margin)
    if best is None:
        return {}
    return {
        "abstained_unanswerable": best[0], "wrongly_abstained": best[1], "max_wrongly_abstained": max_wrongly_abstained,
        "abstain_min_coverage": best[2], "abstain_typed_min_coverage": best[3], "abstain_min_score": best[4],
        "abstain_min_margin": best[5],
    }

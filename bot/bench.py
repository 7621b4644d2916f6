"""``kyutai-qa bench``: speed and memory beside the naive pipeline, measured in one run.

Rows (per-question latency of the whole answer path, p50 and p99):

- the article (corpus/kyutai.txt, the gold questions);
- JSQuAD valid, 1,145 paragraphs (skipped with a note when the file is absent);
- a synthetic corpus of ``--large`` passages: JSQuAD paragraphs repeated, each copy
  carrying its own marker word (``copy17``), so every passage is distinct and the
  index really holds that many passages.

The project's path is ``engine.answer`` + ``format_answer``; the naive one is fugashi
surface tokens, ``rank_bm25.BM25Okapi.get_scores`` over every passage, an argsort
and the top-k texts. Then: index build time, start-up of ``kyutai-qa ask`` in a fresh
process, the second start of the large corpus from the disk cache, peak memory
(ru_maxrss of a fresh process that loads the large index and answers) and, when the
Discord test server is importable, 200 questions from 20 users through it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from retrieval.config import Config
from retrieval.corpus import Passage
from retrieval.engine import Engine, QuestionError

from .formatting import format_answer

__all__ = ["run_bench", "percentile", "synthetic_passages", "time_each"]

ROOT = Path(__file__).resolve().parent.parent
FALLBACK_QUESTIONS = ["キュタイの予算は？", "GPUは何基？", "研究室の所長は誰？", "ニール氏はいくら投じた？", "OpenAIはいつ変化した？"]


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation, like numpy's default."""
    if not samples:
        raise ValueError("no samples")
    return float(np.percentile(np.asarray(samples, dtype=float), q))


def time_each(fn: Callable[[str], object], questions: Sequence[str], *, warmup: int = 5) -> list[float]:
    """Seconds per call of ``fn`` on each question (after a few untimed warm-up calls)."""
    for q in questions[:warmup]:
        fn(q)
    out = []
    for q in questions:
        start = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - start)
    return out


def synthetic_passages(base: Sequence[Passage], n: int) -> list[Passage]:
    """``n`` passages: ``base`` repeated, each copy with a unique marker word."""
    out = []
    for i in range(n):
        p = base[i % len(base)]
        copy = i // len(base)
        out.append(Passage(f"{p.id}/copy{copy}", p.doc, p.title, f"{p.text} copy{copy}"))
    return out


class Naive:
    """fugashi surface tokens → BM25Okapi.get_scores over every passage."""

    def __init__(self, passages: Sequence[Passage], surface: Callable[[str], list[str]], top_k: int) -> None:
        from rank_bm25 import BM25Okapi

        self.passages, self.surface, self.top_k = passages, surface, top_k
        self.bm25 = BM25Okapi([surface(p.text) for p in passages])

    def answer(self, question: str) -> list[str]:
        scores = self.bm25.get_scores(self.surface(question))
        return [self.passages[i].text for i in np.argsort(scores)[::-1][: self.top_k]]


def _project(engine: Engine) -> Callable[[str], object]:
    def answer(question: str) -> str:
        try:
            return format_answer(engine.answer(question))
        except QuestionError as exc:
            return str(exc)

    return answer


@dataclass
class Row:
    name: str
    value: str
    naive: str = ""
    ratio: str = ""
    goal: str = ""
    met: str = ""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def _latency_rows(name: str, engine: Engine, naive: Naive | None, questions: Sequence[str], naive_questions: int, goals: dict[str, float]) -> list[Row]:
    ours = time_each(_project(engine), questions)
    theirs = time_each(naive.answer, questions[:naive_questions], warmup=1) if naive is not None else []
    rows = []
    for label, q in (("p50", 50), ("p99", 99)):
        mine = percentile(ours, q)
        row = Row(f"{name}: latency {label}", _ms(mine))
        if theirs:
            other = percentile(theirs, q)
            row.naive, row.ratio = _ms(other), f"{other / mine:.1f}x"
        if label in goals:
            row.goal, row.met = f"≤ {goals[label]} ms", "yes" if mine * 1000 <= goals[label] else "NO"
        rows.append(row)
    return rows


_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from retrieval.config import load_config
from retrieval.engine import Engine
config = load_config({config!r})
engine = Engine.from_config(config, {corpus!r})
t1 = time.perf_counter()
engine.answer("ブロックチェーンの仕組みは？")
print(json.dumps({{"load": t1 - t0, "first_answer": time.perf_counter() - t0,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _child(config_path: Path, corpus: Path) -> dict:
    code = _CHILD.format(root=str(ROOT), config=str(config_path), corpus=str(corpus))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _startup(config_path: Path | None, runs: int = 5) -> float:
    cmd = [sys.executable, "-m", "bot", "ask", "キュタイの予算は？"]
    if config_path is not None:
        cmd[3:3] = ["--config", str(config_path)]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _discord_burst(config: Config, engine: Engine) -> float | None:
    """Seconds until 200 mentions from 20 users all have a reply, on the loopback fake."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import asyncio

        import fake_discord as fd  # type: ignore[import-not-found]

        from .discord_bot import create_bot
    except ImportError:
        return None

    async def burst() -> float:
        fake = fd.FakeDiscord()
        await fake.start()
        cfg = config.replace(discord={"api_base_url": fake.api_url, "gateway_url": fake.gateway_url, "cooldown_rate": 1000})
        bot = create_bot(cfg, engine, guild_ready_timeout=0.05)
        runner = asyncio.create_task(bot.start("bench-token"))
        try:
            while not bot.is_ready():
                await asyncio.sleep(0.01)
            questions = FALLBACK_QUESTIONS
            start = time.perf_counter()
            for i in range(200):
                author = fd.user(300000000000000000 + i % 20, name=f"user{i % 20}")
                await fake.dispatch("MESSAGE_CREATE", fd.mention(9000 + i, questions[i % len(questions)], author))
            await fake.wait_until(lambda: len(fake.message_posts) >= 200, timeout=60, what="200 replies")
            return time.perf_counter() - start
        finally:
            await bot.close()
            await asyncio.wait_for(runner, 10)
            await fake.stop()

    return asyncio.run(burst())


def run_bench(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from retrieval.evaluation import load_gold, load_jsquad

    rows: list[Row] = []
    notes: list[str] = []
    top_k = config.ranking.top_k
    engine = Engine.from_config(config, args.corpus)
    try:
        questions = [q.question for q in load_gold(config.resolve(config.corpus.gold))]
    except Exception:
        questions = FALLBACK_QUESTIONS
    article_q = (questions * (args.questions // len(questions) + 1))[: args.questions]
    naive = Naive(engine.passages, engine.tokenizer.surface_tokens, top_k)
    rows += _latency_rows(f"article ({len(engine.passages)} passages)", engine, naive, article_q, len(article_q), {"p50": 0.3, "p99": 1.0})

    jsquad = Path(args.jsquad)
    if not jsquad.is_file():
        notes.append(f"JSQuAD rows skipped: {jsquad} not found")
    else:
        passages, jq = load_jsquad(jsquad)
        jquestions = [q.question for q in jq][: args.questions]
        start = time.perf_counter()
        jengine = Engine(config, passages)
        build = time.perf_counter() - start
        start = time.perf_counter()
        jnaive = Naive(passages, jengine.tokenizer.surface_tokens, top_k)
        nbuild = time.perf_counter() - start
        rows += _latency_rows(f"JSQuAD ({len(passages):,} passages)", jengine, jnaive, jquestions, len(jquestions), {"p50": 0.5})
        rows.append(Row(f"JSQuAD ({len(passages):,}): index build", f"{build:.2f} s", f"{nbuild:.2f} s", f"{nbuild / build:.1f}x"))
        if args.large:
            rows += _large_rows(config, passages, jquestions, args, rows, notes)

    rows.append(Row("start-up of `kyutai-qa ask` to the first answer (median of 5)", f"{_startup(Path(args.config) if args.config else None):.2f} s", goal="≤ 0.6 s"))
    rows[-1].met = "yes" if float(rows[-1].value.split()[0]) <= 0.6 else "NO"
    burst = _discord_burst(config, engine)
    if burst is None:
        rows.append(Row("Discord: 200 questions from 20 users (loopback)", "not measured (discord front end absent)"))
    else:
        rows.append(Row("Discord: 200 questions from 20 users (loopback), all answered", f"{burst:.2f} s", goal="≤ 2 s", met="yes" if burst <= 2 else "NO"))
    _print(rows, notes, out)
    return 0


def _large_rows(config: Config, base: list[Passage], questions: list[str], args: argparse.Namespace, rows: list[Row], notes: list[str]) -> list[Row]:
    out: list[Row] = []
    n = args.large
    with tempfile.TemporaryDirectory(prefix="kyutai-qa-bench-") as tmp:
        corpus = Path(tmp) / "large.jsonl"
        passages = synthetic_passages(base, n)
        with corpus.open("w", encoding="utf-8") as f:
            for p in passages:
                f.write(json.dumps({"_id": p.id, "title": p.title, "text": p.text}, ensure_ascii=False) + "\n")
        # A config like the one given, with the cache in the temporary folder.
        import dataclasses

        import yaml

        data = {s: dataclasses.asdict(getattr(config, s)) for s in ("corpus", "cleaning", "normalization", "tokenizer", "synonyms", "ranking", "answer", "cache")}
        data["synonyms"]["path"] = str(config.resolve(config.synonyms.path))
        data["cache"].update(dir=str(Path(tmp) / "cache"), min_passages=1000, enabled=True)
        config_path = Path(tmp) / "config.yaml"
        config_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

        cold = _child(config_path, corpus)  # builds the index and writes the cache
        warm = _child(config_path, corpus)  # a second start: loads the cache
        from retrieval.config import load_config

        large_config = load_config(config_path)
        engine = Engine.from_config(large_config, corpus)
        naive_start = time.perf_counter()
        naive = Naive(engine.passages, engine.tokenizer.surface_tokens, config.ranking.top_k)
        naive_build = time.perf_counter() - naive_start
        label = f"synthetic ({n:,} passages)"
        out += _latency_rows(label, engine, naive, questions, min(len(questions), 50), {"p50": 5.0, "p99": 20.0})
        out.append(Row(f"{label}: index build (fresh process, tokenizing every passage)", f"{cold['load']:.1f} s", f"{naive_build:.1f} s"))
        out.append(Row(f"{label}: second start, index from the disk cache", f"{warm['load']:.2f} s", goal="≤ 2 s", met="yes" if warm["load"] <= 2 else "NO"))
        out.append(Row(f"{label}: peak memory (ru_maxrss of a process that loads the cache and answers)", f"{warm['maxrss_mb']:.0f} MB", goal="≤ 600 MB", met="yes" if warm["maxrss_mb"] <= 600 else "NO"))
        notes.append(f"naive p50/p99 at {n:,} passages over the first {min(len(questions), 50)} questions (BM25Okapi.get_scores is slow there)")
        del engine, naive
    return out


def _print(rows: list[Row], notes: list[str], out: TextIO) -> None:
    print(f"kyutai-qa bench — {os.cpu_count()} cores, Python {sys.version.split()[0]}", file=out)
    print("| measure | kyutai-qa | naive | naive/ours | goal | met |", file=out)
    print("|---|---|---|---|---|---|", file=out)
    for r in rows:
        print(f"| {r.name} | {r.value} | {r.naive} | {r.ratio} | {r.goal} | {r.met} |", file=out)
    for note in notes:
        print(f"note: {note}", file=out)

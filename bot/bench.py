"""``kyutai-qa bench``: speed and memory beside the naive pipeline, measured in one run.

Rows (per-question latency of the whole answer path, p50 and p99):

- the article (corpus/kyutai.txt, the gold questions, else :data:`ARTICLE_QUESTIONS`);
- JSQuAD valid, 1,145 paragraphs (skipped with a note when the file is absent);
- a synthetic corpus of ``--large`` passages: JSQuAD paragraphs repeated, each copy
  carrying its own marker word (``copybq``), so every passage is distinct and the
  index really holds that many passages.

The project's path is ``engine.answer`` + ``format_answer``; the naive one is fugashi
surface tokens, ``rank_bm25.BM25Okapi.get_scores`` over every passage, an argsort
and the top-k texts. Then: index build time, start-up of ``kyutai-qa ask`` in a fresh
process, the second start of the large corpus from the disk cache, peak memory
(ru_maxrss of a fresh process that loads the large index and answers) and, when
discord.py and the fake Discord server (tests/fake_discord.py, only in a checkout)
are there, 200 questions from 20 users through the bot.

Nothing here asserts a goal: the table says which are met on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import importlib
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
from typing import Any, TextIO

import numpy as np

from retrieval.config import Config
from retrieval.corpus import Passage
from retrieval.engine import Engine, QuestionError

from .cli import settle
from .formatting import format_answer

__all__ = ["run_bench", "percentile", "synthetic_passages", "marker", "time_each", "write_jsonl", "discord_burst", "ARTICLE_QUESTIONS"]

ROOT = Path(__file__).resolve().parent.parent
STARTUP_QUESTION = "キュタイの予算は？"
# Used when corpus/gold.yaml is absent or unreadable.
ARTICLE_QUESTIONS = [
    "キュタイの予算は？",
    "キュタイはどこの国の研究機関？",
    "ザビエル・ニール氏はいくら投じた？",
    "資金調達はいくらに達した？",
    "ロドルフ・サアデ氏はどの会社のCEO？",
    "サアデ氏はいくら拠出した？",
    "ScalewayはGPUを何基導入した？",
    "どのGPUが導入された？",
    "研究室の所長は誰？",
    "ペレス氏は以前どこで働いていた？",
    "科学顧問チームには誰がいる？",
    "科学顧問は年に何回成果をチェックする？",
    "登壇した研究者は何名？",
    "キュタイは何の研究に取り組む？",
    "OpenAIはいつ変化した？",
    "OpenAIはどこから資金を調達した？",
    "成果はいつ発表される予定？",
    "マクロン大統領は何と述べた？",
    "発表はどのカンファレンスで行われた？",
    "キュタイの研究室はどこに拠点を置く？",
]


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation, like numpy's default."""
    if not samples:
        raise ValueError("no samples")
    return float(np.percentile(np.asarray(samples, dtype=float), q))


def time_each(fn: Callable[[str], object], questions: Sequence[str], *, warmup: int = 5) -> list[float]:
    """Seconds per call of ``fn`` on each question after the first ``warmup``, which
    are asked untimed: every question is asked once, so no answer comes from a cache
    a repeated question warmed (the normalizer keeps recent strings)."""
    for q in questions[:warmup]:
        fn(q)
    out = []
    for q in questions[warmup:]:
        start = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - start)
    return out


def marker(copy: int) -> str:
    """``copya``, ``copyb``, ..., ``copyz``, ``copyba``...: letters only, because the
    tokenizer splits ``copy17`` into ``copy`` + ``17`` but keeps a run of letters whole,
    so each copy's marker is one index term of its own."""
    letters = ""
    while True:
        copy, digit = divmod(copy, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not copy:
            return "copy" + letters


def synthetic_passages(base: Sequence[Passage], n: int) -> list[Passage]:
    """``n`` passages: ``base`` repeated, each copy with a unique marker word."""
    out = []
    for i in range(n):
        p = base[i % len(base)]
        tag = marker(i // len(base))
        out.append(Passage(f"{p.id}/{tag}", p.doc, p.title, f"{p.text} {tag}", p.title_is_headline))
    return out


def write_jsonl(passages: Sequence[Passage], path: Path) -> Path:
    """``passages`` as a BEIR .jsonl corpus file."""
    with path.open("w", encoding="utf-8") as f:
        for p in passages:
            f.write(json.dumps({"_id": p.id, "title": p.title, "text": p.text}, ensure_ascii=False) + "\n")
    return path


def spread(items: Sequence[str], n: int) -> list[str]:
    """``n`` items taken evenly across ``items`` (JSQuAD's questions come grouped by paragraph)."""
    step = max(1, len(items) // max(n, 1))
    return list(items[::step][:n])


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


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def _latency_rows(
    name: str, make_engine: Callable[[], Engine], naive: Naive | None, questions: Sequence[str], naive_questions: int,
    goals: dict[str, float], *, rounds: int, notes: list[str] | None = None,
) -> tuple[list[Row], Engine]:
    """p50 and p99 rows, and the last engine. Each round asks every question once
    (the first 5 as warm-up) of a new engine from ``make_engine``, so its per-passage
    caches are as cold as for a stream of new questions; the rounds' times are pooled
    (one slow answer of a hundred, the machine's doing, would else decide the p99).
    With ``notes``, a second pass over the same questions (caches warm) is noted."""
    ours: list[float] = []
    for _ in range(rounds):
        project = engine = None  # the last round's engine is let go before the next is built
        _release()
        engine = make_engine()
        settle()  # as the REPL and the Discord bot do
        project = _project(engine)
        ours += time_each(project, questions)
    theirs = time_each(naive.answer, questions[:naive_questions], warmup=1) if naive is not None else []
    rows = []
    timed = len(questions) - 5
    for label, q in (("p50", 50), ("p99", 99)):
        mine = percentile(ours, q)
        row = Row(f"{name}: latency {label} ({timed} questions{f' x {rounds} rounds' if rounds > 1 else ''})", _ms(mine))
        if theirs:
            other = percentile(theirs, q)
            row.naive, row.ratio = _ms(other), f"{other / mine:.1f}x"
        if label in goals:
            row.goal, row.met = f"≤ {goals[label]:g} ms", _met(mine * 1000 <= goals[label])
        rows.append(row)
    if notes is not None:
        again = time_each(project, questions, warmup=0)
        notes.append(f"{name}: the same questions asked again (per-passage caches warm): p50 {_ms(percentile(again, 50))}, p99 {_ms(percentile(again, 99))}")
    return rows, engine


def _release() -> None:
    """Let the cyclic collector free what :func:`settle` froze and is no longer used
    (an engine of an earlier round: its caches refer back to it)."""
    import gc

    gc.unfreeze()
    gc.collect()


# A fresh interpreter that opens the engine on a corpus and answers once; it reports
# seconds for the imports, for Engine.from_config, to the first answer, and its peak RSS.
_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from retrieval.config import load_config
from retrieval.engine import Engine
t1 = time.perf_counter()
engine = Engine.from_config(load_config({config!r}), {corpus!r})
t2 = time.perf_counter()
engine.answer({question!r})
print(json.dumps({{"imports": t1 - t0, "engine": t2 - t1, "first_answer": time.perf_counter() - t0,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _child(config_path: Path, corpus: Path, question: str) -> dict[str, float]:
    code = _CHILD.format(root=str(ROOT), config=str(config_path), corpus=str(corpus), question=question)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _startup(config_path: Path | None, runs: int = 5) -> list[float]:
    """Wall seconds of ``python -m bot ask`` in a fresh process, ``runs`` times."""
    cmd = [sys.executable, "-m", "bot", "ask", STARTUP_QUESTION]
    if config_path is not None:  # an option of the subcommand: after "ask"
        cmd[4:4] = ["--config", str(config_path.resolve())]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


async def discord_burst(fake: Any, config: Config, engine: Engine, questions: Sequence[str], *, messages: int = 200, users: int = 20) -> float:
    """Seconds from the first of ``messages`` mentions (from ``users`` users, sent at
    once on the gateway of ``fake``, a started ``tests/fake_discord.FakeDiscord``) until
    the bot has posted an answer to each. The per-user cooldown is lifted: the row
    measures throughput, not the rate limit."""
    from .discord_bot import create_bot

    fd = importlib.import_module(type(fake).__module__)  # the fake's payload helpers
    cfg = config.replace(discord={"api_base_url": fake.api_url, "gateway_url": fake.gateway_url, "cooldown_rate": 10_000})
    bot = create_bot(cfg, engine, guild_ready_timeout=0.05)
    runner = asyncio.create_task(bot.start("bench-token"))
    try:
        await fake.wait_until(lambda: bot.is_ready() or runner.done(), timeout=30, what="the bot to connect")
        if runner.done():
            runner.result()  # raises what start() raised
        before = len(fake.message_posts)
        start = time.perf_counter()
        for i in range(messages):
            author = fd.user(300000000000000000 + i % users, name=f"user{i % users}")
            await fake.dispatch("MESSAGE_CREATE", fd.mention(9000 + i, questions[i % len(questions)], author))
        await fake.wait_until(lambda: len(fake.message_posts) - before >= messages, timeout=120, what=f"{messages} replies")
        elapsed = time.perf_counter() - start
        answered = sum(1 for r in fake.message_posts[before:] if (r.json or {}).get("embeds"))
        if answered < messages:
            raise RuntimeError(f"only {answered} of {messages} replies were answers")
        return elapsed
    finally:
        await bot.close()
        await asyncio.wait_for(runner, 10)


def _discord_row(config: Config, engine: Engine, questions: Sequence[str]) -> Row:
    name = "Discord: 200 questions from 20 users at once (loopback fake server), until all answered"
    try:
        import discord  # noqa: F401
    except ImportError:
        return Row(name, "not measured (discord.py is not installed)")
    # The fake server is test code, not part of the installed package.
    if not (ROOT / "tests" / "fake_discord.py").is_file():
        return Row(name, "not measured (the fake Discord server, tests/fake_discord.py, comes with a checkout)")
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    import fake_discord  # type: ignore[import-not-found]

    async def run() -> float:
        fake = fake_discord.FakeDiscord()
        await fake.start()
        try:
            return await discord_burst(fake, config, engine, questions)
        finally:
            await fake.stop()

    seconds = asyncio.run(run())
    return Row(name, f"{seconds:.2f} s", goal="≤ 2 s", met=_met(seconds <= 2))


def _article_questions(config: Config) -> tuple[list[str], str]:
    from retrieval.evaluation import load_gold

    try:
        questions = [q.question for q in load_gold(config.resolve(config.corpus.gold))]
    except Exception:  # absent or unreadable: the built-in list
        questions = []
    if questions:
        return questions, f"{len(questions)} gold questions"
    return list(ARTICLE_QUESTIONS), f"{len(ARTICLE_QUESTIONS)} built-in questions"


def run_bench(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from retrieval.evaluation import load_jsquad

    rows: list[Row] = []
    notes: list[str] = []
    top_k = config.ranking.top_k
    rounds = args.rounds
    engine = Engine.from_config(config, args.corpus)
    questions, source = _article_questions(config)
    article_q = questions[: args.questions]
    naive = Naive(engine.passages, engine.tokenizer.surface_tokens, top_k)
    article_rows, engine = _latency_rows(
        f"article ({len(engine.passages)} passages)", lambda: Engine.from_config(config, args.corpus), naive, article_q, len(article_q),
        {"p50": 0.3, "p99": 1.0}, rounds=rounds,
    )
    rows += article_rows
    notes.append(
        f"article questions: {len(article_q)} of the {source}, each asked once a round (the first 5 untimed), "
        f"{rounds} round{'s' if rounds > 1 else ''} of a new engine each; the naive pipeline: one round"
    )

    jsquad = Path(args.jsquad)
    if not jsquad.is_file():
        notes.append(f"JSQuAD rows skipped: {jsquad} not found")
    else:
        passages, jq = load_jsquad(jsquad)
        jquestions = spread([q.question for q in jq], args.questions)
        builds: list[float] = []

        def build() -> Engine:
            start = time.perf_counter()
            built = Engine(config, passages)
            builds.append(time.perf_counter() - start)
            return built

        start = time.perf_counter()
        jnaive = Naive(passages, engine.tokenizer.surface_tokens, top_k)
        nbuild = time.perf_counter() - start
        label = f"JSQuAD ({len(passages):,} passages)"
        jsquad_rows, _ = _latency_rows(label, build, jnaive, jquestions, len(jquestions), {"p50": 0.5}, rounds=rounds, notes=notes)
        rows += jsquad_rows
        rows.append(Row(f"{label}: index build (in process, median of {len(builds)})", f"{statistics.median(builds):.2f} s", f"{nbuild:.2f} s", f"{nbuild / statistics.median(builds):.1f}x"))
        del jnaive
        if args.large:
            rows += _large_rows(config, passages, jquestions, args.large, notes, rounds=rounds)
    _release()
    settle()  # the article's engine, for the Discord row

    times = _startup(Path(args.config) if args.config else None)
    median = statistics.median(times)
    rows.append(Row(f"start-up of `kyutai-qa ask` to the first answer (fresh process, median of {len(times)})", f"{median:.2f} s", goal="≤ 0.6 s", met=_met(median <= 0.6)))
    notes.append(f"start-up runs: {', '.join(f'{t:.2f}' for t in times)} s")
    rows.append(_discord_row(config, engine, questions))
    _print(rows, notes, out)
    return 0


def _large_rows(config: Config, base: list[Passage], questions: list[str], n: int, notes: list[str], *, rounds: int) -> list[Row]:
    from retrieval.config import load_config

    out: list[Row] = []
    label = f"synthetic ({n:,} passages)"
    with tempfile.TemporaryDirectory(prefix="kyutai-qa-bench-") as tmp:
        corpus = write_jsonl(synthetic_passages(base, n), Path(tmp) / "large.jsonl")
        # The given config, written out with absolute paths and the cache in the temporary folder.
        import yaml

        data = {f.name: dataclasses.asdict(getattr(config, f.name)) for f in dataclasses.fields(config) if f.name not in ("base_dir", "discord")}
        for section, key in (("corpus", "path"), ("corpus", "gold"), ("synonyms", "path"), ("synonyms", "english_path")):
            if data[section][key]:  # "" means none
                data[section][key] = str(config.resolve(data[section][key]))
        data["cache"].update(dir=str(Path(tmp) / "cache"), min_passages=min(n, config.cache.min_passages), enabled=True)
        config_path = Path(tmp) / "config.yaml"
        config_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

        cold = _child(config_path, corpus, questions[0])  # tokenizes, indexes, writes the cache
        warm = [_child(config_path, corpus, questions[0]) for _ in range(3)]  # later starts: load it
        second = statistics.median(w["engine"] for w in warm)
        first_answer = statistics.median(w["first_answer"] for w in warm)
        peak = max(w["maxrss_mb"] for w in warm)

        large_config = load_config(config_path)
        engine = Engine.from_config(large_config, corpus)  # from the cache
        start = time.perf_counter()
        naive = Naive(engine.passages, engine.tokenizer.surface_tokens, config.ranking.top_k)
        naive_build = time.perf_counter() - start
        del engine
        naive_q = min(len(questions), 50)
        latency, engine = _latency_rows(
            label, lambda: Engine.from_config(large_config, corpus), naive, questions, naive_q, {"p50": 5.0, "p99": 20.0}, rounds=rounds, notes=notes,
        )
        out += latency
        out.append(Row(f"{label}: index build (fresh process: read, tokenize, index, write cache)", f"{cold['engine']:.1f} s", f"{naive_build:.1f} s", f"{naive_build / cold['engine']:.1f}x"))
        out.append(Row(f"{label}: second start, Engine.from_config from the disk cache (fresh process, median of 3)", f"{second:.2f} s", goal="≤ 2 s", met=_met(second <= 2)))
        out.append(Row(f"{label}: second start, process start to first answer (median of 3)", f"{first_answer:.2f} s"))
        out.append(Row(f"{label}: peak memory, ru_maxrss of a fresh process that loads the cached index and answers", f"{peak:.0f} MB", goal="≤ 600 MB", met=_met(peak <= 600)))
        notes.append(f"{label}: naive latency over the first {naive_q} of the questions (BM25Okapi.get_scores is slow there); naive build = surface tokens + BM25Okapi(), in this process")
        notes.append(f"{label}: peak RSS of the building process (first start, no cache): {cold['maxrss_mb']:.0f} MB")
        del engine, naive
    return out


def _print(rows: list[Row], notes: list[str], out: TextIO) -> None:
    print(f"kyutai-qa bench — {os.cpu_count()} cores, Python {sys.version.split()[0]}, numpy {np.__version__}", file=out)
    print("| measure | kyutai-qa | naive | naive/ours | goal | met |", file=out)
    print("|---|---|---|---|---|---|", file=out)
    for r in rows:
        print(f"| {r.name} | {r.value} | {r.naive} | {r.ratio} | {r.goal} | {r.met} |", file=out)
    for note in notes:
        print(f"note: {note}", file=out)

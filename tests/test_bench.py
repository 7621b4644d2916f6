"""Smoke tests of `kyutai-qa bench`: its helpers and its table (no timing is asserted)."""

from __future__ import annotations

import asyncio
import io
import json
import weakref
from pathlib import Path

import pytest

from bot.bench import ARTICLE_QUESTIONS, _latency_rows, discord_burst, marker, percentile, spread, synthetic_passages, time_each, write_jsonl
from bot.cli import main
from retrieval.corpus import Passage, load_corpus
from retrieval.engine import Engine

JSQUAD = Path(__file__).resolve().parents[2] / "shared" / "data" / "jsquad" / "valid-v1.3.json"
needs_jsquad = pytest.mark.skipif(not JSQUAD.is_file(), reason=f"{JSQUAD} not found")


@pytest.mark.parametrize(("q", "expected"), [(0, 1.0), (50, 2.5), (100, 4.0), (99, 3.97)])
def test_percentile_interpolates(q, expected):
    assert percentile([4.0, 1.0, 3.0, 2.0], q) == pytest.approx(expected)


def test_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_markers_are_distinct_single_index_terms(tokenizer):
    markers = [marker(n) for n in range(2000)]
    assert markers[:3] == ["copya", "copyb", "copyc"] and marker(26) == "copyba"
    assert len(set(markers)) == len(markers)
    for m in markers[:100] + markers[-100:]:
        assert tokenizer.terms(f"本文です。 {m}") == ["本文", m]


def test_synthetic_passages_are_distinct_copies_with_unique_markers(tmp_path):
    base = [Passage("a#1", "a", "A", "一つ目"), Passage("a#2", "a", "A", "二つ目")]
    out = synthetic_passages(base, 5)
    assert len(out) == 5
    assert len({p.id for p in out}) == 5 and len({p.text for p in out}) == 5
    assert out[4].text == "一つ目 copyc" and out[1].text.startswith("二つ目")
    # Each copy's marker appears in that copy only.
    assert [p.text.split()[-1] for p in out] == ["copya", "copya", "copyb", "copyb", "copyc"]
    # Written as a corpus, it reads back as the same passages.
    back = load_corpus(write_jsonl(out, tmp_path / "s.jsonl"))
    assert [(p.id, p.title, p.text) for p in back] == [(p.id, p.title, p.text) for p in out]


def test_spread_takes_items_across_the_list():
    assert spread([str(i) for i in range(10)], 3) == ["0", "3", "6"]
    assert spread(["a", "b"], 5) == ["a", "b"]


def test_time_each_asks_every_question_once_and_times_those_after_warm_up():
    calls = []
    times = time_each(calls.append, ["a", "b", "c", "d"], warmup=2)
    assert len(times) == 2 and all(t >= 0 for t in times)
    assert calls == ["a", "b", "c", "d"]


def test_built_in_questions_are_about_twenty_distinct_ones(engine):
    assert 15 <= len(set(ARTICLE_QUESTIONS)) == len(ARTICLE_QUESTIONS) <= 30
    for q in ARTICLE_QUESTIONS:
        assert engine.answer(q).passages


def test_latency_rounds_pool_the_times_of_new_engines_and_free_the_old(config, engine):
    """Each round asks every question of an engine of its own (caches cold again);
    an earlier round's engine is freed, though settle() froze it."""
    built: list[weakref.ref] = []

    def make() -> Engine:
        new = Engine(config, engine.passages)
        built.append(weakref.ref(new))
        return new

    rows, last = _latency_rows("t", make, None, ARTICLE_QUESTIONS[:8], 0, {"p50": 1000.0}, rounds=3)
    assert len(built) == 3 and built[-1]() is last
    assert built[0]() is None and built[1]() is None
    assert [r.name for r in rows] == ["t: latency p50 (3 questions x 3 rounds)", "t: latency p99 (3 questions x 3 rounds)"]
    assert rows[0].met == "yes"


def test_bench_prints_the_table_and_skips_missing_jsquad(tmp_path):
    out = io.StringIO()
    assert main(["bench", "--jsquad", str(tmp_path / "absent.json"), "--questions", "10"], out=out) == 0
    text = out.getvalue()
    assert "| measure | kyutai-qa | naive | naive/ours | goal | met |" in text
    assert "| article (" in text and "latency p50" in text and "latency p99" in text
    assert "start-up of `kyutai-qa ask`" in text
    assert "note: JSQuAD rows skipped" in text
    assert "Discord: 200 questions" in text


@needs_jsquad
def test_bench_large_rows_on_a_small_synthetic_corpus():
    out = io.StringIO()
    assert main(["bench", "--jsquad", str(JSQUAD), "--questions", "10", "--large", "2000"], out=out) == 0
    text = out.getvalue()
    for row in ("JSQuAD (1,145 passages): latency p50", "synthetic (2,000 passages): latency p99",
                "second start, Engine.from_config from the disk cache", "peak memory", "index build"):
        assert row in text


def test_startup_row_runs_with_a_given_config():
    """bench --config PATH: the timed `ask` gets it after the subcommand (before it,
    argparse refused it and bench ended in a CalledProcessError traceback)."""
    from bot.bench import _startup

    (seconds,) = _startup(Path(__file__).resolve().parents[1] / "config.yaml", runs=1)
    assert seconds > 0


def test_discord_row_says_why_it_was_not_measured(monkeypatch, tmp_path):
    """An installed package has discord.py but not the fake server, a test file: the
    row says that, not that the front end is absent; discord.py missing is another row."""
    import sys

    import bot.bench

    monkeypatch.setattr(bot.bench, "ROOT", tmp_path)  # as installed: no tests/ beside bot/
    row = bot.bench._discord_row(None, None, [])
    assert row.value == "not measured (the fake Discord server, tests/fake_discord.py, comes with a checkout)"
    monkeypatch.setitem(sys.modules, "discord", None)  # import discord raises ImportError
    assert bot.bench._discord_row(None, None, []).value == "not measured (discord.py is not installed)"


def test_discord_burst_answers_every_message(config, engine):
    fd = pytest.importorskip("fake_discord")
    pytest.importorskip("bot.discord_bot")

    async def run() -> float:
        fake = fd.FakeDiscord()
        await fake.start()
        try:
            seconds = await discord_burst(fake, config, engine, ARTICLE_QUESTIONS[:3], messages=12, users=4)
            replies = fake.message_posts
            assert len(replies) == 12 and all(r.json.get("embeds") for r in replies)
            return seconds
        finally:
            await fake.stop()

    assert asyncio.run(run()) > 0


def test_ask_does_not_import_discord():
    """Start-up of `kyutai-qa ask` stays small: discord.py is only for `kyutai-qa discord`."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    code = (
        "import io, sys; sys.path.insert(0, %r)\n"
        "from bot.cli import main\n"
        "assert main(['ask', 'キュタイの予算は？'], out=io.StringIO()) == 0\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('discord', 'aiohttp'))))\n"
    ) % str(root)
    out = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True, check=True, cwd=root)
    assert json.loads(out.stdout) == []

"""Smoke tests of `kyutai-qa bench`: its helpers and its table (no timing is asserted)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.bench import percentile, synthetic_passages, time_each
from bot.cli import main
from retrieval.corpus import Passage

JSQUAD = Path(__file__).resolve().parents[2] / "shared" / "data" / "jsquad" / "valid-v1.3.json"


@pytest.mark.parametrize(("q", "expected"), [(0, 1.0), (50, 2.5), (100, 4.0), (99, 3.97)])
def test_percentile_interpolates(q, expected):
    assert percentile([4.0, 1.0, 3.0, 2.0], q) == pytest.approx(expected)


def test_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_synthetic_passages_are_distinct_copies():
    base = [Passage("a#1", "a", "A", "一つ目"), Passage("a#2", "a", "A", "二つ目")]
    out = synthetic_passages(base, 5)
    assert len(out) == 5
    assert len({p.id for p in out}) == 5 and len({p.text for p in out}) == 5
    assert out[4].text == "一つ目 copy2" and out[1].text.startswith("二つ目")


def test_time_each_times_every_question_after_warm_up():
    calls = []
    times = time_each(calls.append, ["a", "b", "c"], warmup=2)
    assert len(times) == 3 and all(t >= 0 for t in times)
    assert calls == ["a", "b", "a", "b", "c"]


def test_bench_prints_the_table_and_skips_missing_jsquad(tmp_path):
    out = io.StringIO()
    assert main(["bench", "--jsquad", str(tmp_path / "absent.json"), "--questions", "10"], out=out) == 0
    text = out.getvalue()
    assert "| article (" in text and "latency p50" in text and "latency p99" in text
    assert "start-up of `kyutai-qa ask`" in text
    assert "note: JSQuAD rows skipped" in text
    assert "Discord: 200 questions" in text


def test_bench_large_rows_on_a_small_synthetic_corpus():
    out = io.StringIO()
    assert main(["bench", "--jsquad", str(JSQUAD), "--questions", "10", "--large", "1500"], out=out) == 0
    text = out.getvalue()
    for row in ("JSQuAD (1,145 passages): latency p50", "synthetic (1,500 passages): latency p99",
                "second start, index from the disk cache", "peak memory", "index build"):
        assert row in text


def test_ask_does_not_import_discord():
    """Start-up of `kyutai-qa ask` stays small: discord.py is only for `kyutai-qa discord`."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    code = (
        "import io, sys; sys.path.insert(0, %r)\n"
        "from bot.cli import main\n"
        "assert main(['ask', 'キュタイの予算は？'], out=io.StringIO()) == 0\n"
        "print(sorted(m for m in sys.modules if m == 'discord' or m.startswith('discord.')))\n"
    ) % str(root)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "[]"

"""bot.cli, bot.repl: the ask JSON contract, batches, exit statuses, config errors, REPL, eval."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from bot.cli import main
from bot.repl import Repl
from retrieval.engine import Engine
from retrieval.evaluation import load_jsquad
from retrieval.metrics import exact_match

from conftest import CONFIG_PATH, CORPUS_PATH, ROOT
from test_config import BAD_CONFIGS

BUDGET = "キュタイの予算は？"
DIRECTOR = "研究室の所長は誰？"
ABSENT = "東京の天気は？"


def run(argv, capsys=None):
    """``main(argv)`` in-process: (exit status, stdout text, stderr text)."""
    out = io.StringIO()
    code = main(argv, out=out)
    err = capsys.readouterr().err if capsys is not None else ""
    return code, out.getvalue(), err


def ask_json(*args, capsys=None):
    code, out, err = run(["ask", "--json", "--config", str(CONFIG_PATH), *args], capsys)
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def assert_one_line_error(err, *named):
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("kyutai-qa")
    assert "Traceback" not in err
    for name in named:
        assert name in lines[0]


def check_contract(obj, top_k):
    assert {"question", "answer", "abstained", "passages"} <= obj.keys()
    assert isinstance(obj["question"], str)
    assert isinstance(obj["abstained"], bool)
    assert obj["answer"] is None if obj["abstained"] else isinstance(obj["answer"], str)
    assert len(obj["passages"]) == top_k
    for p in obj["passages"]:
        assert {"id", "doc", "title", "text", "score"} <= p.keys()
        assert all(isinstance(p[key], str) for key in ("id", "doc", "title", "text"))
        assert isinstance(p["score"], (int, float)) and not isinstance(p["score"], bool)
    scores = [p["score"] for p in obj["passages"]]
    assert scores == sorted(scores, reverse=True)


# -- ask --json ---------------------------------------------------------------------


def test_ask_json_contract(capsys, engine):
    code, objs, _ = ask_json(BUDGET, capsys=capsys)
    assert code == 0
    (obj,) = objs
    check_contract(obj, engine.config.ranking.top_k)
    expected = engine.answer(BUDGET)
    assert obj["question"] == BUDGET
    assert obj["answer"] == expected.answer and obj["abstained"] is False
    assert [p["id"] for p in obj["passages"]] == [p.id for p in expected.passages]
    assert "3億3000万ドル" in obj["passages"][0]["text"]


def test_ask_json_abstained_still_has_top_k_passages(capsys, config):
    code, (obj,), _ = ask_json(ABSENT, capsys=capsys)
    assert code == 0
    assert obj["abstained"] is True and obj["answer"] is None
    check_contract(obj, config.ranking.top_k)


@pytest.mark.parametrize("k", [1, 5])
def test_ask_top_k(capsys, k):
    for question in (BUDGET, ABSENT):
        code, (obj,), _ = ask_json("--top-k", str(k), question, capsys=capsys)
        assert code == 0
        check_contract(obj, k)


def test_ask_json_via_subprocess(config):
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--config", str(CONFIG_PATH), DIRECTOR],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    check_contract(obj, config.ranking.top_k)
    assert "所長" in obj["passages"][0]["text"]


def test_ask_text_output(capsys, engine):
    code, out, _ = run(["ask", "--config", str(CONFIG_PATH), BUDGET], capsys)
    assert code == 0
    expected = engine.answer(BUDGET)
    assert f"答え: {expected.answer}" in out
    assert f"[1] {expected.passages[0].id}" in out
    assert "【" in out  # matched words marked (not a terminal: no colour codes)
    assert "\x1b[" not in out


def test_ask_text_output_when_abstaining(capsys):
    code, out, _ = run(["ask", "--config", str(CONFIG_PATH), ABSENT], capsys)
    assert code == 0
    assert "記事には書かれていません" in out


# -- batches ------------------------------------------------------------------------


def test_batch_stdin_one_object_per_line_in_order(capsys, monkeypatch, config):
    questions = [BUDGET, "", DIRECTOR, ABSENT]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(questions) + "\n"))
    code, objs, _ = ask_json("--batch", "-", capsys=capsys)
    assert code == 0
    assert len(objs) == len(questions)
    assert [o["question"] for o in objs] == questions
    blank = objs[1]
    assert "error" in blank and "質問が空です" in blank["error"]
    assert blank["answer"] is None and blank["passages"] == []
    for obj in (objs[0], objs[2], objs[3]):
        assert "error" not in obj
        check_contract(obj, config.ranking.top_k)
    assert "3億3000万ドル" in objs[0]["passages"][0]["text"]
    assert "所長" in objs[2]["passages"][0]["text"]
    assert objs[3]["abstained"] is True


def test_batch_file(tmp_path, capsys, config):
    batch = tmp_path / "questions.txt"
    batch.write_text(f"{DIRECTOR}\r\n{BUDGET}\r\n", encoding="utf-8")
    code, objs, _ = ask_json("--batch", str(batch), capsys=capsys)
    assert code == 0
    assert [o["question"] for o in objs] == [DIRECTOR, BUDGET]
    for obj in objs:
        check_contract(obj, config.ranking.top_k)


def test_batch_file_is_closed(tmp_path, capsys):
    """No ResourceWarning (python -X dev showed one for the unclosed batch file)."""
    import warnings

    batch = tmp_path / "questions.txt"
    batch.write_text(f"{BUDGET}\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        code, _, _ = run(["ask", "--config", str(CONFIG_PATH), "--batch", str(batch)], capsys)
    assert code == 0
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_batch_file_text_mode(tmp_path, capsys):
    batch = tmp_path / "questions.txt"
    batch.write_text(f"{DIRECTOR}\n{BUDGET}\n", encoding="utf-8")
    code, out, _ = run(["ask", "--config", str(CONFIG_PATH), "--batch", str(batch)], capsys)
    assert code == 0
    assert out.count("答え:") == 2


def test_missing_batch_file(tmp_path, capsys):
    missing = tmp_path / "nope.txt"
    code, out, err = run(["ask", "--config", str(CONFIG_PATH), "--batch", str(missing)], capsys)
    assert code == 2 and out == ""
    assert_one_line_error(err, str(missing))


def test_question_and_batch_together(capsys):
    code, _, err = run(["ask", "--config", str(CONFIG_PATH), "--batch", "-", BUDGET], capsys)
    assert code == 2
    assert_one_line_error(err)


# -- bad questions ----------------------------------------------------------------------


def test_missing_question(capsys):
    code, out, err = run(["ask", "--config", str(CONFIG_PATH)], capsys)
    assert code == 2 and out == ""
    assert_one_line_error(err, "質問を指定してください")


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_text(capsys, question):
    code, out, err = run(["ask", "--config", str(CONFIG_PATH), question], capsys)
    assert code == 2 and out == ""
    assert "質問が空です" in err and "Traceback" not in err


def test_empty_question_json(capsys):
    """With --json the refusal is the JSON error object on stdout, stderr empty (README)."""
    code, (obj,), err = ask_json("", capsys=capsys)
    assert code == 2 and err == ""
    assert obj["answer"] is None and obj["passages"] == [] and "質問が空です" in obj["error"]


def test_a_too_long_question_is_echoed_cut_in_its_json_error(tmp_path, capsys, config):
    limit = config.answer.max_question_chars
    batch = tmp_path / "questions.txt"
    batch.write_text("予" * (limit * 50) + "\n" + "予" * limit + "\n", encoding="utf-8")
    code, (refused, taken), _ = ask_json("--batch", str(batch), capsys=capsys)
    assert code == 0
    assert refused["question"] == "予" * limit + "…" and "質問が長すぎます" in refused["error"]
    assert taken["question"] == "予" * limit and "error" not in taken  # at the limit: whole, answered
    code, (one,), _ = ask_json("予" * (limit + 1), capsys=capsys)
    assert code == 2 and one["question"] == "予" * limit + "…"


def test_too_long_question(capsys, config):
    code, out, err = run(["ask", "--config", str(CONFIG_PATH), "予" * (config.answer.max_question_chars + 1)], capsys)
    assert code == 2 and out == ""
    assert "質問が長すぎます" in err


# -- config and corpus errors -----------------------------------------------------------


@pytest.mark.parametrize("text, named", BAD_CONFIGS)
def test_bad_config_exits_2_with_one_line(tmp_path, capsys, text, named):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(["ask", "--config", str(path), BUDGET], capsys)
    assert code == 2 and out == ""
    assert_one_line_error(err, named)


def test_missing_config_exits_2(tmp_path, capsys):
    missing = tmp_path / "missing.yaml"
    code, _, err = run(["ask", "--config", str(missing), BUDGET], capsys)
    assert code == 2
    assert_one_line_error(err, str(missing))


@pytest.mark.parametrize(
    "argv, option",
    [
        (["ask", "--top-k", "0", BUDGET], "--top-k"),
        (["ask", "--top-k", "101", BUDGET], "--top-k"),
        (["repl", "--top-k", "x"], "--top-k"),
        (["eval", "--calibrate", "--max-wrong", "nan"], "--max-wrong"),
        (["eval", "--calibrate", "--max-wrong", "2"], "--max-wrong"),
        (["eval", "--failures", "-5"], "--failures"),
        (["eval", "--failures", "x"], "--failures"),
        (["bench", "--large", "-5"], "--large"),
        (["bench", "--questions", "0"], "--questions"),
        (["bench", "--questions", "5"], "--questions"),  # all five would be warm-up
        (["bench", "--rounds", "0"], "--rounds"),
    ],
)
def test_option_out_of_range_exits_2(capsys, argv, option):
    """argparse's usage line, then one error line naming the option (not a config key)."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert option in err.strip().splitlines()[-1] and "Traceback" not in err


def test_bad_config_via_subprocess_has_no_traceback(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("ranking:\n  b: 2\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--config", str(path), BUDGET],
        cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert_one_line_error(proc.stderr, "ranking.b")


def test_relative_corpus_path_resolves_against_config_folder(tmp_path, monkeypatch, capsys):
    data = yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))
    data["corpus"]["path"] = "data/article.txt"
    (tmp_path / "conf" / "data").mkdir(parents=True)
    shutil.copy(CORPUS_PATH, tmp_path / "conf" / "data" / "article.txt")
    path = tmp_path / "conf" / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, _ = run(["ask", "--json", "--config", str(path), BUDGET], capsys)
    assert code == 0
    top = json.loads(out)["passages"][0]
    assert top["id"] == "article#1" and "3億3000万ドル" in top["text"]


def test_bad_regex_in_config_exits_2(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    path.write_text(f"corpus:\n  path: {CORPUS_PATH}\ncleaning:\n  drop_patterns: ['[unclosed']\n", encoding="utf-8")
    code, _, err = run(["ask", "--config", str(path), BUDGET], capsys)
    assert code == 2
    assert_one_line_error(err, "cleaning.drop_patterns")


def beir_corpus(path, *rows: tuple[str, str, str]):
    """A BEIR .jsonl file of ``(_id, title, text)`` rows."""
    lines = (json.dumps({"_id": i, "title": title, "text": text}, ensure_ascii=False) for i, title, text in rows)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_corpus_jsonl_uses_underscore_ids(tmp_path, capsys):
    corpus = beir_corpus(
        tmp_path / "beir.jsonl",
        ("tower", "東京タワー", "東京タワーの高さは333メートルである。"),
        ("fuji", "富士山", "富士山の標高は3776メートルである。"),
        ("biwa", "琵琶湖", "琵琶湖は滋賀県にある日本最大の湖である。"),
    )
    code, objs, _ = ask_json("--corpus", str(corpus), "--top-k", "3", "富士山の標高は？", capsys=capsys)
    assert code == 0
    (obj,) = objs
    assert sorted(p["id"] for p in obj["passages"]) == ["biwa", "fuji", "tower"]
    assert obj["passages"][0]["id"] == "fuji"
    assert obj["passages"][0]["title"] == "富士山"


def test_a_title_answer_is_cited_with_its_title(tmp_path, capsys):
    """A BEIR document's title may be the answer (answer.title_answers): the citation
    shows it, so the answer can be checked; the article's passages are cited by id."""
    corpus = beir_corpus(
        tmp_path / "wiki.jsonl",
        ("w1", "豊岡市", "中央部を円山川が流れ、但馬最大の盆地である豊岡盆地が広がる。"),
        ("w2", "ラオス", "東南アジアの内陸国で、外洋に面した港を持たない。"),
        ("w3", "富士山", "標高は3776メートルである。"),
    )
    code, out, _ = run(["ask", "--config", str(CONFIG_PATH), "--corpus", str(corpus), "円山川が流れる市は？"], capsys)
    assert code == 0
    assert "答え: 豊岡市" in out and "[1] w1（豊岡市）" in out
    code, out, _ = run(["ask", "--config", str(CONFIG_PATH), BUDGET], capsys)
    assert "[1] kyutai#1  (" in out


def test_non_utf8_corpus_exits_2_naming_it(tmp_path, capsys):
    corpus = tmp_path / "sjis.txt"
    corpus.write_bytes("キュタイの予算は3億3000万ドル".encode("shift_jis"))
    code, out, err = run(["ask", "--config", str(CONFIG_PATH), "--corpus", str(corpus), BUDGET], capsys)
    assert code == 2 and out == ""
    assert_one_line_error(err, str(corpus))


def test_missing_corpus_exits_2(tmp_path, capsys):
    corpus = tmp_path / "nope.txt"
    code, _, err = run(["ask", "--config", str(CONFIG_PATH), "--corpus", str(corpus), BUDGET], capsys)
    assert code == 2
    assert_one_line_error(err, str(corpus))


@pytest.mark.parametrize("text", ["\n\n", "画像クレジット: Romain Dillet / TechCrunch\n"], ids=["blank", "all-boilerplate"])
def test_corpus_without_passages_exits_2(tmp_path, capsys, text):
    """A corpus that leaves nothing to answer from is a corpus error: exit 2, one line."""
    corpus = tmp_path / "empty.txt"
    corpus.write_text(text, encoding="utf-8")
    code, _, err = run(["ask", "--config", str(CONFIG_PATH), "--corpus", str(corpus), BUDGET], capsys)
    assert code == 2
    assert_one_line_error(err)


# -- REPL ---------------------------------------------------------------------------------


def repl(engine, text):
    out = io.StringIO()
    code = Repl(engine, stdout=out).run(stdin=io.StringIO(text))
    return code, out.getvalue()


def test_repl_answers_a_question(engine):
    code, out = repl(engine, BUDGET + "\n")
    assert code == 0
    expected = engine.answer(BUDGET)
    assert f"答え: {expected.answer}" in out
    assert out.count("  [") == engine.config.ranking.top_k


def test_repl_blank_lines_do_nothing(engine):
    assert repl(engine, "\n   \n\n") == (0, "")


def test_repl_help(engine):
    _, out = repl(engine, ":help\n")
    assert ":k N" in out and ":source ID" in out and ":quit" in out
    assert f"今: {engine.config.ranking.top_k}" in out


def test_repl_k_changes_passage_count(engine):
    _, out = repl(engine, f":k 2\n{BUDGET}\n:k 5\n{DIRECTOR}\n")
    first, second = out.split("答え:")[1:]
    assert "引用する段落の数: 2" in out
    assert first.count("  [") == 2
    assert second.count("  [") == 5


@pytest.mark.parametrize("arg", ["0", "abc", "101", "²", "①", "-1"])
def test_repl_bad_k_keeps_the_count(engine, arg):
    _, out = repl(engine, f":k {arg}\n{BUDGET}\n")
    assert "使い方: :k N" in out
    assert out.count("  [") == engine.config.ranking.top_k


def test_repl_k_alone_tells_the_count(engine):
    _, out = repl(engine, ":k 2\n:k\n")
    assert out.splitlines()[-1] == "引用する段落の数: 2（:k N で変更）"
    assert "使い方" not in out


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("：k 1", "引用する段落の数: 1"),
        ("：ｋ　２", "引用する段落の数: 2"),  # the IME's full-width letter and space too
        ("：help", ":source ID"),
        ("：source kyutai#3", "Scaleway の ai-PULSE カンファレンス"),
        ("：ｓｏｕｒｃｅ　ｋｙｕｔａｉ＃３", "Scaleway の ai-PULSE カンファレンス"),
    ],
)
def test_repl_commands_take_the_full_width_colon(engine, typed, expected):
    """A Japanese IME types ： (U+FF1A): the command is run, not asked as a question."""
    _, out = repl(engine, typed + "\n")
    assert expected in out and "答え:" not in out


def test_repl_full_width_quit_stops(engine):
    code, out = repl(engine, f"：quit\n{BUDGET}\n")
    assert code == 0 and out == ""


def test_repl_source_prints_the_passage(engine):
    _, out = repl(engine, ":source kyutai#4\n")
    assert engine.passage("kyutai#4").text in out
    assert "kyutai#4" in out


def test_repl_source_accepts_a_citation_with_its_title(config):
    """Answers cite a titled document's passage as w1（豊岡市）; :source takes that too."""
    from retrieval.corpus import Passage

    titled = Engine(config, [Passage("w1", "wiki", "豊岡市", "中央部を円山川が流れる。"), Passage("w2", "wiki", "ラオス", "内陸国である。")])
    _, out = repl(titled, ":source w1（豊岡市）\n")
    assert "中央部を円山川が流れる。" in out and "見つかりません" not in out
    _, out = repl(titled, ":source w3（豊岡市）\n")
    assert "見つかりません" in out


@pytest.mark.parametrize("arg", ["kyutai#999", "kyutai#2"])
def test_repl_source_unknown_id(engine, arg):
    _, out = repl(engine, f":source {arg}\n")
    assert "見つかりません" in out


def test_repl_source_hints_name_an_id_of_the_corpus_in_use(config):
    """The examples in :help and in the hints are the corpus's first id, not kyutai#4."""
    from retrieval.corpus import Passage

    wiki = Engine(config, [Passage("w1", "wiki", "豊岡市", "中央部を円山川が流れる。"), Passage("w2", "wiki", "ラオス", "内陸国である。")])
    _, out = repl(wiki, ":source w9\n:source\n:help\n")
    assert "kyutai#" not in out
    assert "[1] w1 のように" in out and ":source w1" in out and "例: w1" in out


def test_repl_source_without_id_shows_usage(engine):
    _, out = repl(engine, ":source\n")
    assert "使い方: :source ID" in out and "見つかりません" not in out


def test_repl_unknown_command(engine):
    _, out = repl(engine, ":frobnicate\n")
    assert "不明なコマンド" in out


@pytest.mark.parametrize("quit_command", [":quit", ":q", ":exit"])
def test_repl_quit_stops(engine, quit_command):
    code, out = repl(engine, f"{quit_command}\n{BUDGET}\n")
    assert code == 0
    assert "答え:" not in out


def test_repl_eof_stops(engine):
    code, out = repl(engine, BUDGET)  # no newline, then EOF
    assert code == 0
    assert out.count("答え:") == 1


def test_repl_too_long_question_prints_hint(engine):
    code, out = repl(engine, "予" * (engine.config.answer.max_question_chars + 1) + f"\n{BUDGET}\n")
    assert code == 0
    assert "質問が長すぎます" in out and out.count("答え:") == 1


def test_repl_command_via_subprocess():
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "repl", "--config", str(CONFIG_PATH)],
        input=f":k 1\n{BUDGET}\n:quit\n{DIRECTOR}\n", cwd=ROOT, env=env,
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("答え:") == 1
    assert "[1] kyutai#1" in proc.stdout and "[2]" not in proc.stdout


# -- eval ---------------------------------------------------------------------------------

GOLD = {
    "questions": [
        {"id": "budget", "question": BUDGET, "answers": ["3億3000万ドル"], "evidence": "3億3000万ドル", "tags": ["money"]},
        {"id": "gpu", "question": "ScalewayはGPUを何基導入した？", "answers": ["1000基"], "evidence": "1000基", "tags": ["count"]},
        {"id": "weather", "question": ABSENT, "answers": [], "tags": ["unanswerable"]},
    ]
}
METRIC_KEYS = {"recall@1", "mrr@10", "exact_match", "char_f1", "abstained_unanswerable", "wrongly_abstained"}


@pytest.fixture
def gold_file(tmp_path):
    path = tmp_path / "gold.yaml"
    path.write_text(yaml.safe_dump(GOLD, allow_unicode=True), encoding="utf-8")
    return path


def test_eval_json(gold_file, capsys, engine):
    code, out, _ = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(gold_file), "--json"], capsys)
    assert code == 0
    report = json.loads(out)["gold"]
    metrics, baseline = report["metrics"], report["baseline"]
    assert METRIC_KEYS <= metrics.keys()
    assert {"recall@1", "mrr@10"} <= baseline.keys()
    assert all(0.0 <= baseline[k] <= 1.0 for k in baseline)
    assert metrics["answerable"] == 2 and metrics["unanswerable"] == 1
    # The metrics agree with what the engine answers question by question.
    answerable = GOLD["questions"][:2]
    answers = [engine.answer(q["question"]) for q in answerable]
    assert metrics["recall@1"] == sum(q["evidence"] in a.passages[0].text for q, a in zip(answerable, answers)) / 2
    assert metrics["exact_match"] == sum(exact_match(a.answer, q["answers"]) for q, a in zip(answerable, answers)) / 2
    assert metrics["wrongly_abstained"] == sum(a.abstained for a in answers) / 2
    assert metrics["abstained_unanswerable"] == 1.0  # nothing in the weather question matches
    assert metrics["recall@1"] <= metrics["mrr@10"] <= 1.0
    assert metrics["exact_match"] <= metrics["char_f1"] <= 1.0
    assert set(report["by_tag"]) == {"money", "count"}
    # Both answerable questions ask for an amount or a count; their F1 is the overall one.
    by_type = report["by_type"]
    assert sum(t["questions"] for t in by_type.values()) == 2
    assert sum(t["char_f1"] * t["questions"] for t in by_type.values()) / 2 == pytest.approx(metrics["char_f1"])


@pytest.mark.parametrize("evidence, hit", [(["not in the article", "3億3000万ドル"], 1.0), (["not in the article"], 0.0)])
def test_eval_evidence_list_hits_when_any_is_in_the_passage(tmp_path, capsys, evidence, hit):
    gold = {"questions": [{"id": "budget", "question": BUDGET, "answers": ["3億3000万ドル"], "evidence": evidence}]}
    path = tmp_path / "gold.yaml"
    path.write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
    code, out, _ = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(path), "--json", "--no-baseline"], capsys)
    assert code == 0
    assert json.loads(out)["gold"]["metrics"]["recall@1"] == hit


def test_eval_no_baseline_and_calibrate(gold_file, capsys):
    code, out, _ = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(gold_file), "--json", "--no-baseline", "--calibrate"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["gold"]["baseline"] == {}
    assert "calibration" in data


def test_eval_text_report(gold_file, capsys):
    code, out, _ = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(gold_file)], capsys)
    assert code == 0
    assert "== gold: 2 answerable questions, 1 unanswerable" in out
    assert "recall@1" in out and "naive" in out


@pytest.mark.parametrize(
    "gold_text, named",
    [
        ("questions: nope\n", "questions"),
        ("questions:\n  - question: q\n    answers: [a]\n", "evidence"),
        ("questions:\n  - question: q\n    answers: [a]\n    evidence: [3]\n", "evidence"),
        ("questions: [1\n", "YAML"),
        ("questions:\n  - question: '  '\n", "question #1"),
        ("questions:\n  - question: q\n    answers: [a]\n    evidence: e\n    tags: [[x]]\n", "tags"),
        ("questions:\n  - question: q\n    answers: [a]\n    answers: [b]\n    evidence: e\n", "'answers' is given twice"),
    ],
)
def test_eval_bad_gold_exits_2(tmp_path, capsys, gold_text, named):
    path = tmp_path / "gold.yaml"
    path.write_text(gold_text, encoding="utf-8")
    code, _, err = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(path), "--no-baseline"], capsys)
    assert code == 2
    assert_one_line_error(err, named)


@pytest.mark.parametrize(
    "override, named",
    [("ranking.k1=fast", "ranking.k1"), ("nodot=1", "--set"), ("bogus.x=1", "bogus"), ("base_dir.x=1", "base_dir")],
)
def test_eval_bad_set_exits_2(gold_file, capsys, override, named):
    code, _, err = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(gold_file), "--no-baseline", "--set", override], capsys)
    assert code == 2
    assert_one_line_error(err, named)


@pytest.mark.parametrize("value", ["1000000", "1e6", "1E+6"])  # YAML 1.1 reads 1e6 as a string
def test_eval_set_overrides_a_value(gold_file, capsys, value):
    argv = ["eval", "--config", str(CONFIG_PATH), "--gold", str(gold_file), "--no-baseline", "--json"]
    code, out, _ = run(argv + ["--set", f"answer.abstain_min_score={value}"], capsys)
    assert code == 0
    assert json.loads(out)["gold"]["metrics"]["wrongly_abstained"] == 1.0


JSQUAD = {
    "version": "v1.1",
    "data": [
        {
            "title": "東京タワー",
            "paragraphs": [
                {
                    "context": "東京タワー [SEP] 東京タワーは1958年に完成した電波塔で、高さは333メートルである。",
                    "qas": [{"id": "t1", "question": "東京タワーの高さは何メートル？", "answers": [{"text": "333メートル", "answer_start": 30}], "is_impossible": False}],
                },
            ],
        },
        {
            "title": "富士山",
            "paragraphs": [
                {
                    "context": "富士山 [SEP] 富士山は静岡県と山梨県にまたがる活火山で、標高は3776メートルである。",
                    "qas": [{"id": "f1", "question": "富士山はどの県とどの県にまたがる？", "answers": [{"text": "静岡県と山梨県"}]}],
                },
                {
                    "context": "富士山 [SEP] 富士山は2013年に世界文化遺産に登録された。",
                    "qas": [{"id": "f2", "question": "富士山が世界文化遺産に登録されたのはいつ？", "answers": [{"text": "2013年"}]}],
                },
            ],
        },
    ],
}


@pytest.fixture
def jsquad_file(tmp_path):
    path = tmp_path / "jsquad.json"
    path.write_text(json.dumps(JSQUAD, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_jsquad(jsquad_file):
    passages, questions = load_jsquad(jsquad_file)
    assert [p.title for p in passages] == ["東京タワー", "富士山", "富士山"]
    assert [p.text for p in passages] == [x["context"].split(" [SEP] ", 1)[1] for a in JSQUAD["data"] for x in a["paragraphs"]]
    assert len({p.id for p in passages}) == 3
    assert [(q.id, q.passage_index) for q in questions] == [("t1", 0), ("f1", 1), ("f2", 2)]
    assert questions[0].answers == ("333メートル",)
    assert all(q.answerable for q in questions)


def test_load_jsquad_without_sep_uses_article_title(tmp_path):
    data = {"data": [{"title": "琵琶湖", "paragraphs": [{"context": "琵琶湖は日本最大の湖。", "qas": []}]}]}
    path = tmp_path / "j.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    passages, questions = load_jsquad(path)
    assert [(p.title, p.text) for p in passages] == [("琵琶湖", "琵琶湖は日本最大の湖。")]
    assert questions == []


def test_eval_jsquad(gold_file, jsquad_file, capsys):
    code, out, _ = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(gold_file), "--jsquad", str(jsquad_file), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert {"gold", "jsquad"} <= data.keys()
    metrics = data["jsquad"]["metrics"]
    assert metrics["answerable"] == 3
    assert "abstained_unanswerable" not in metrics
    assert metrics["wrongly_abstained"] == 0.0  # abstention is off for JSQuAD
    assert metrics["recall@1"] == 1.0
    assert metrics["recall@1"] <= metrics["recall@3"] <= 1.0


def test_eval_jsquad_per_article_leaves_each_article_out_of_its_background(gold_file, jsquad_file, capsys, monkeypatch):
    """Each article is its own corpus; its background is counted from the others only."""
    seen = {}
    original = Engine.__init__

    def spy(self, config, passages, **kwargs):
        original(self, config, passages, **kwargs)
        if kwargs.get("background") is not None:
            seen[passages[0].title] = (len(passages), kwargs["background"].size, set(kwargs["background"].df))

    monkeypatch.setattr(Engine, "__init__", spy)
    code, out, _ = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(gold_file), "--jsquad", str(jsquad_file), "--json"], capsys)
    assert code == 0
    report = json.loads(out)["jsquad per article"]
    assert report["metrics"]["answerable"] == 3 and report["metrics"]["recall@1"] == 1.0
    assert {"recall@1", "mrr@10"} <= report["baseline"].keys()
    assert seen.keys() == {"東京タワー", "富士山"}
    assert seen["東京タワー"][:2] == (1, 2) and seen["富士山"][:2] == (2, 1)
    assert "フジ" in seen["東京タワー"][2] and "フジ" not in seen["富士山"][2]
    seen.clear()
    off = ["--set", "background.enabled=false"]
    code, out, _ = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(gold_file), "--jsquad", str(jsquad_file), "--json", *off], capsys)
    assert code == 0 and seen == {}


@pytest.mark.parametrize("sets, expected", [([], 0.5), (["--set", "answer.abstain_typed_min_coverage=0"], 0.0)])
def test_eval_jsquad_reports_abstention_at_the_config_thresholds(gold_file, tmp_path, capsys, sets, expected):
    """JSQuAD is answered with abstention off; how often the configured thresholds would
    abstain is reported apart (here: a date question whose passage gives no date)."""
    data = {"data": [{"title": "富士山", "paragraphs": [
        {"context": "富士山 [SEP] 富士山は2013年に世界文化遺産に登録された。", "qas": [{"id": "a", "question": "富士山が登録されたのはいつ？", "answers": [{"text": "2013年"}]}]},
        {"context": "富士山 [SEP] 富士山は静岡県にある活火山で、最後に噴火した記録が残る。", "qas": [{"id": "b", "question": "富士山が最後に噴火したのはいつ？", "answers": [{"text": "1707年"}]}]},
        {"context": "琵琶湖 [SEP] 琵琶湖は日本最大の湖である。", "qas": []},
    ]}]}
    path = tmp_path / "j.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(gold_file), "--jsquad", str(path), "--json", "--no-baseline", *sets], capsys)
    assert code == 0
    metrics = json.loads(out)["jsquad"]["metrics"]
    assert metrics["wrongly_abstained"] == 0.0
    assert metrics["abstained_at_config"] == expected


@pytest.mark.parametrize(
    "content",
    [
        "{not json", b"\xff\xfe\x00", "{}", "[]", '{"data": [{"title": "x"}]}',
        '{"data": [{"paragraphs": [{"context": "c", "qas": [{"question": "q？"}]}]}]}',  # no id
        '{"data": [{"paragraphs": [{"context": "c", "qas": [{"id": "1", "question": ""}]}]}]}',  # empty question
        '{"data": []}',
    ],
    ids=["bad-json", "not-utf8", "no-data", "a-list", "no-paragraphs", "no-id", "empty-question", "no-paragraph"],
)
def test_eval_bad_jsquad_exits_2(gold_file, tmp_path, capsys, content):
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, _, err = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(gold_file), "--no-baseline", "--jsquad", str(path)], capsys)
    assert code == 2
    assert_one_line_error(err, str(path))


@pytest.mark.parametrize("flag", ["--gold", "--jsquad"])
def test_eval_input_that_is_a_folder_exits_2(gold_file, tmp_path, capsys, flag):
    argv = ["eval", "--config", str(CONFIG_PATH), "--no-baseline", "--gold", str(gold_file), flag, str(tmp_path)]
    code, _, err = run(argv, capsys)
    assert code == 2
    assert_one_line_error(err, str(tmp_path), "folder")


def test_gold_answers_and_tags_may_be_one_string(tmp_path):
    """A single answer or tag written as a string is a list of one, as evidence is,
    not a list of its characters."""
    from retrieval.evaluation import load_gold

    path = tmp_path / "gold.yaml"
    path.write_text("questions:\n  - question: 予算は？\n    answers: 3億3000万ドル\n    evidence: 予算\n    tags: paraphrase\n", encoding="utf-8")
    (first,) = load_gold(path)
    assert first.answers == ("3億3000万ドル",) and first.tags == ("paraphrase",) and first.evidence == ("予算",)


@pytest.mark.parametrize("answer", ["9:30", "010", "2019", "[2.50]"])
def test_gold_answer_that_yaml_reads_as_a_number_must_be_quoted(tmp_path, answer):
    """YAML reads 9:30 as 570 and 010 as 8: taking the number as text would score
    against a different answer, so the loader asks for quotes."""
    from retrieval.config import ConfigError
    from retrieval.evaluation import load_gold

    path = tmp_path / "gold.yaml"
    path.write_text(f"questions:\n  - question: 何時？\n    answers: {answer}\n    evidence: 時\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="quote numbers"):
        load_gold(path)


def test_batch_line_that_is_not_utf8_is_that_lines_error(tmp_path, capsys, monkeypatch):
    """Bytes that are not UTF-8 end their own line with an error object; the lines
    around them are answered, whatever the locale (stdin is read with surrogateescape).
    A byte-order mark at the start of the file is not part of the first question."""
    path = tmp_path / "q.txt"
    path.write_bytes("\ufeffキュタイの予算は？\n".encode() + b"\xff\xfe\xe4\xba\x88\n" + "キュタイの予算は？\n".encode())
    code, out, _ = run(["ask", "--config", str(CONFIG_PATH), "--json", "--batch", str(path)], capsys)
    first, bad, last = (json.loads(line) for line in out.splitlines())
    assert code == 0
    assert first["question"] == "キュタイの予算は？" and first["answer"] == last["answer"] == "3億3000万ドル"
    assert bad["abstained"] and bad["passages"] == [] and "UTF-8" in bad["error"]
    assert "\ufffd" in bad["question"]  # shown, not crashed on


def _cli_process(args, *, stdin: bytes | None = b"", env: dict | None = None, stdout=subprocess.PIPE, close: tuple[int, ...] = ()):
    """``python -m bot ARGS`` in a fresh process, bytes in and out; ``close``: file
    descriptors (0, 1) the process starts without."""
    base = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    base.pop("NO_COLOR", None)

    def closing() -> None:
        for fd in close:
            os.close(fd)

    return subprocess.run(
        [sys.executable, "-m", "bot", *args, "--config", str(CONFIG_PATH)],
        input=None if 0 in close else stdin, env={**base, **(env or {})}, stdout=stdout, stderr=subprocess.PIPE,
        timeout=120, preexec_fn=closing if close else None,
    )


@pytest.mark.parametrize(
    "env",
    [{"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}, {"LANG": "C", "LC_ALL": "C"}, {"PYTHONIOENCODING": "utf-8:strict"}],
    ids=["c-utf8", "c", "strict"],
)
def test_bytes_that_are_not_utf8_on_stdin_in_a_real_process(env):
    """stdin is really read with surrogateescape (the in-process tests replace it):
    a bad line of a batch is that line's error, the REPL says so and goes on, and
    nothing it echoes fails to print."""
    batch = _cli_process(["ask", "--batch", "-", "--json"], stdin=f"{BUDGET}\n".encode() + b"\xff\xfe\n" + f"{BUDGET}\n".encode(), env=env)
    assert batch.returncode == 0 and b"Traceback" not in batch.stderr
    first, bad, last = (json.loads(line) for line in batch.stdout.decode("utf-8").splitlines())
    assert first["answer"] == last["answer"] == "3億3000万ドル" and "UTF-8" in bad["error"]
    repl = _cli_process(["repl"], stdin=b"\xe4\xba\x88\xff\n:source \xff\n:k \xff\n" + f"{BUDGET}\n".encode(), env=env)
    out = repl.stdout.decode("utf-8")
    assert repl.returncode == 0 and b"Traceback" not in repl.stderr
    assert "UTF-8" in out and "見つかりません" in out and "使い方: :k N" in out and "3億3000万ドル" in out


def test_an_output_encoding_without_japanese_prints_replacements():
    proc = _cli_process(["ask", BUDGET], env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    assert b"?" in proc.stdout and b"3" in proc.stdout


def test_an_unwritable_output_is_one_line_exit_1():
    with open("/dev/full", "w") as full:
        proc = _cli_process(["ask", BUDGET], stdout=full)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and "No space left on device (writing the output?)" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("flag, message", [("--gold", "cannot read gold file"), ("--jsquad", "cannot read JSQuAD file")])
def test_an_eval_file_that_cannot_be_read_exits_2(tmp_path, capsys, gold_file, flag, message):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    argv = ["eval", "--config", str(CONFIG_PATH), "--no-baseline", "--gold", str(gold_file), flag, str(loop)]
    code, _, err = run(argv, capsys)
    assert code == 2
    assert_one_line_error(err, message, str(loop))


def test_a_corpus_file_named_in_bytes_that_are_not_utf8(tmp_path, capsys):
    """Linux file names are bytes: one that is not UTF-8 reaches Python as lone
    surrogates, which the index cache's key must still hash."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    name = os.fsdecode(b"k\xff.txt")
    (folder / name).write_text("見出し\n富士山の標高は3776メートルである。\n", encoding="utf-8")
    code, objs, _ = ask_json("--corpus", str(folder), "--top-k", "1", "富士山の標高は？", capsys=capsys)
    assert code == 0 and "3776メートル" in objs[0]["passages"][0]["text"]
    from retrieval.cache import cache_key
    from retrieval.config import load_config

    assert cache_key(load_config(CONFIG_PATH).replace(cache={"enabled": True}), folder)


@pytest.mark.parametrize("no_color, term, bold", [("", "xterm-256color", True), ("1", "xterm-256color", False), ("", "dumb", False)])
def test_matched_words_are_bold_on_a_terminal_unless_no_color_or_dumb(monkeypatch, no_color, term, bold):
    from bot.cli import _color

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setenv("TERM", term)
    assert _color(Terminal()) is bold
    assert _color(io.StringIO()) is False


@pytest.mark.parametrize(
    "args, close, code, message",
    [
        (["ask", BUDGET], (1,), 1, "standard output is closed"),
        (["ask", "--batch", "-"], (0,), 2, "standard input"),
        (["repl"], (0,), 2, "standard input is closed"),
    ],
)
def test_a_closed_standard_stream_is_one_line(args, close, code, message):
    proc = _cli_process(args, close=close, stdout=subprocess.DEVNULL if 1 in close else subprocess.PIPE)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == code and message in err and "Traceback" not in err


def test_a_batch_file_failing_mid_read_is_a_read_error(capsys):
    """/proc/self/mem opens but fails to read (EIO): an input error, exit 2."""
    code, _, err = run(["ask", "--config", str(CONFIG_PATH), "--batch", "/proc/self/mem"], capsys)
    assert code == 2
    assert_one_line_error(err, "cannot read batch file /proc/self/mem")


def test_json_on_an_ascii_output_stays_lossless():
    proc = _cli_process(["ask", "--json", BUDGET], env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0
    assert json.loads(proc.stdout.decode("ascii"))["answer"] == "3億3000万ドル"
    report = _cli_process(["eval", "--json", "--no-baseline"], env={"PYTHONIOENCODING": "ascii"})
    assert report.returncode == 0 and "?" not in json.loads(report.stdout.decode("ascii"))["gold"]["failures"][0]["question"]


def test_a_closed_stdout_does_not_stop_the_discord_bot():
    """The bot logs to stderr: with stdout closed it still gets as far as the token."""
    proc = _cli_process(["discord"], close=(1,), stdout=subprocess.DEVNULL, env={"DISCORD_TOKEN": ""})
    assert proc.returncode == 2 and b"DISCORD_TOKEN" in proc.stderr


def test_utf8_input_under_a_locale_that_is_not_utf8():
    """LC_ALL=C without Python's coercion: argv and stdin are still read as UTF-8."""
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""}
    one = _cli_process(["ask", "--json", BUDGET], env=env)
    assert one.returncode == 0 and json.loads(one.stdout)["answer"] == "3億3000万ドル"
    batch = _cli_process(["ask", "--json", "--batch", "-"], stdin=f"{BUDGET}\n".encode(), env={**env, "PYTHONIOENCODING": "latin-1"})
    assert batch.returncode == 0 and json.loads(batch.stdout)["answer"] == "3億3000万ドル"


def test_repl_echo_of_undecodable_bytes_prints_on_a_strict_stream(engine):
    """What the REPL echoes (an unknown id) goes through printable(): a strict UTF-8
    stream would refuse a lone surrogate."""
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    Repl(engine, stdout=stream).handle(":source kyutai#\udcff")
    stream.flush()
    assert "\ufffd" in stream.buffer.getvalue().decode("utf-8")


def test_text_answers_leave_out_passages_that_share_nothing(capsys, engine):
    """A passage holding no word of the question supports nothing: the text shows only
    those with highlights (the JSON keeps the whole top-k, the contract)."""
    code, out, _ = run(["ask", "--config", str(CONFIG_PATH), "zzqx"], capsys)
    assert code == 0 and "いちばん近い箇所" not in out and "kyutai#" not in out
    code, out, _ = run(["ask", "--config", str(CONFIG_PATH), "--top-k", "100", BUDGET], capsys)
    ranked = engine.answer(BUDGET, top_k=100).passages
    sharing = [p for p in ranked if p.highlights]
    assert code == 0 and out.count("  [") == len(sharing) < len([p for p in ranked if p.score > 0])
    assert "(スコア 0.00)" not in out


def test_text_answers_list_no_passage_sharing_no_word_with_the_question(capsys, config):
    """日本の首相は誰？ meets the article only in the character-bigram channel: its
    best passage scored 1.00 and was listed as nearest. The text lists none; the JSON
    keeps the whole ranking."""
    question = "日本の首相は誰？"
    code, out, _ = run(["ask", "--config", str(CONFIG_PATH), question], capsys)
    assert code == 0 and out.strip() == "答え: 記事には書かれていません。"
    _, (obj,), _ = ask_json(question, capsys=capsys)
    check_contract(obj, config.ranking.top_k)
    assert obj["passages"][0]["score"] == 1.0 and not any(p["highlights"] for p in obj["passages"])


# -- terminal escapes -------------------------------------------------------------------

ESCAPES = "\x1b]0;pwned\x07\x1b[31m\x9b2J"


def _terminal_safe(text):
    return not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in text)


def test_repl_echo_carries_no_terminal_escape(engine):
    _, out = repl(engine, f":source {ESCAPES}X\n:frobnicate{ESCAPES}\n")
    assert "見つかりません" in out and "不明なコマンド" in out
    assert _terminal_safe(out) and "\ufffd]0;pwned\ufffd\ufffd[31m\ufffd2JX" in out


def test_the_repl_keeps_its_own_bold_escapes(engine):
    out = io.StringIO()
    Repl(engine, stdout=out, color=True).handle(BUDGET)
    assert "\x1b[1m" in out.getvalue() and "\ufffd" not in out.getvalue()


@pytest.fixture
def escaping_corpus(tmp_path):
    """A .jsonl corpus whose id, title and text carry terminal escapes."""
    path = tmp_path / "escapes.jsonl"
    record = {"_id": f"a{ESCAPES}b", "title": f"t{ESCAPES}", "text": f"予算は5円。{ESCAPES}"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path, record


def test_corpus_text_reaches_the_terminal_without_escapes(escaping_corpus, capsys):
    path, record = escaping_corpus
    code, out, _ = run(["ask", "--config", str(CONFIG_PATH), "--corpus", str(path), "予算は？"], capsys)
    assert code == 0 and "答え: 5円" in out and "【予算】" in out
    assert _terminal_safe(out) and out.count("\ufffd") == 3 * 4  # id, title, text: two ESC, a BEL, a CSI each


def test_json_keeps_corpus_escapes_losslessly_and_escaped(escaping_corpus, capsys):
    path, record = escaping_corpus
    code, out, _ = run(["ask", "--json", "--config", str(CONFIG_PATH), "--corpus", str(path), "予算は？"], capsys)
    passage = json.loads(out)["passages"][0]
    assert code == 0 and (passage["id"], passage["title"], passage["text"]) == (record["_id"], record["title"], record["text"])
    assert _terminal_safe(out) and "\\u009b" in out  # json.dumps leaves C1 raw: escaped too


def test_an_error_quoting_a_corpus_id_carries_no_escape(tmp_path, capsys):
    path = tmp_path / "twice.jsonl"
    lines = [json.dumps({"_id": f"a{ESCAPES}", "title": "", "text": text}) for text in ("予算は5円。", "予算は6円。")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(["ask", "--config", str(CONFIG_PATH), "--corpus", str(path), "予算は？"], capsys)
    assert code == 2 and "occurs twice" in err and _terminal_safe(err)


def test_eval_failures_quote_the_gold_file_without_escapes(tmp_path, capsys):
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump({"questions": [{"id": f"x{ESCAPES}", "question": f"火星の人口は{ESCAPES}？", "answers": ["1人"], "evidence": "1人"}]}), encoding="utf-8")
    code, out, _ = run(["eval", "--config", str(CONFIG_PATH), "--gold", str(gold), "--no-baseline"], capsys)
    assert code == 0 and "failures (1" in out and _terminal_safe(out)


# -- --version and help -------------------------------------------------------------------


def test_version_is_the_installed_distributions(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out == f"kyutai-qa {version('kyutai-qa')}\n"


def test_version_without_an_installed_distribution(monkeypatch, tmp_path, capsys):
    import importlib.metadata
    import tomllib

    import bot.cli

    def absent(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", absent)
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    for pyproject, expected in ((ROOT / "pyproject.toml", declared), (tmp_path / "missing.toml", "unknown")):
        monkeypatch.setattr(bot.cli, "PYPROJECT", pyproject)
        with pytest.raises(SystemExit):
            main(["--version"])
        assert capsys.readouterr().out == f"kyutai-qa {expected}\n"


def test_discord_help_tells_the_cap_on_cited_passages(capsys):
    with pytest.raises(SystemExit):
        main(["discord", "--help"])
    assert "discord.max_passages" in " ".join(capsys.readouterr().out.split())

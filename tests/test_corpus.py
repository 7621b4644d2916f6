"""retrieval.corpus: .txt/.md, .jsonl and folder loaders, and cleaning by config rules."""

from __future__ import annotations

import json

import pytest

from retrieval.config import CleaningConfig
from retrieval.corpus import CorpusError, Passage, clean_passages, load_corpus

from conftest import CORPUS_PATH


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


# -- .txt ---------------------------------------------------------------------


def test_txt_ids_title_and_text(tmp_path):
    path = _write(tmp_path / "news.txt", "見出し\n\n  第一段落  \n\n\n第二段落\n")
    passages = load_corpus(path)
    assert [p.id for p in passages] == ["news#1", "news#2", "news#3"]
    assert [p.text for p in passages] == ["見出し", "第一段落", "第二段落"]
    assert {p.title for p in passages} == {"見出し"}
    assert {p.doc for p in passages} == {"news"}


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_txt_and_md_suffixes(tmp_path, suffix):
    passages = load_corpus(_write(tmp_path / f"a{suffix}", "題\n本文"))
    assert [p.id for p in passages] == ["a#1", "a#2"]


def test_txt_bom_is_not_part_of_the_title(tmp_path):
    passages = load_corpus(_write(tmp_path / "a.txt", "題\n本文", encoding="utf-8-sig"))
    assert passages[0].title == "題"


def test_empty_txt_has_no_passages(tmp_path):
    assert load_corpus(_write(tmp_path / "a.txt", "\n  \n")) == []


def test_ids_are_counted_before_cleaning(tmp_path):
    path = _write(tmp_path / "a.txt", "題\n広告\n本文\n題\n結び")
    rules = CleaningConfig(drop_duplicates=True, drop_patterns=["^広告$"])
    cleaned = clean_passages(load_corpus(path), rules)
    assert [(p.id, p.text) for p in cleaned] == [("a#1", "題"), ("a#3", "本文"), ("a#5", "結び")]


def test_ids_are_stable_across_loads(tmp_path):
    path = _write(tmp_path / "a.txt", "題\n本文\n結び")
    assert load_corpus(path) == load_corpus(path)


# -- .jsonl -------------------------------------------------------------------


def test_jsonl_uses_underscore_id_and_title(tmp_path):
    lines = [
        {"_id": "doc-1", "title": "東京タワー", "text": "高さは333メートル。"},
        {"_id": 7, "title": "富士山", "text": "標高は3776メートル。"},
        {"_id": "x", "text": "題のない段落。"},
    ]
    path = _write(tmp_path / "beir.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n")
    passages = load_corpus(path)
    assert [p.id for p in passages] == ["doc-1", "7", "x"]
    assert [p.title for p in passages] == ["東京タワー", "富士山", ""]
    assert passages[0].text == "高さは333メートル。"
    assert {p.doc for p in passages} == {"beir"}


@pytest.mark.parametrize(
    "line",
    [
        "{not json", "[1, 2]", '{"title": "t", "text": "no id"}', '{"_id": "a"}', '{"_id": "a", "text": 5}', '{"_id": null, "text": "t"}',
        # Half a surrogate pair, in the text, the title or the id: no character (fugashi could not take it).
        '{"_id": "b", "text": "\\ud800abc"}', '{"_id": "b", "title": "\\udfff", "text": "t"}', '{"_id": "\\ud83d", "text": "t"}',
    ],
)
def test_bad_jsonl_line_names_file_and_line(tmp_path, line):
    good = json.dumps({"_id": "a", "text": "ok"})
    path = _write(tmp_path / "bad.jsonl", good + "\n" + line + "\n")
    with pytest.raises(CorpusError) as exc:
        load_corpus(path)
    message = str(exc.value)
    assert f"{path}:2" in message
    assert "\n" not in message


# -- folders and errors ---------------------------------------------------------


def test_folder_of_files_in_name_order(tmp_path):
    _write(tmp_path / "b.txt", "B題\nB本文")
    _write(tmp_path / "a.md", "A題")
    _write(tmp_path / "c.jsonl", json.dumps({"_id": "c1", "title": "C", "text": "C本文"}))
    _write(tmp_path / "d.csv", "ignored,file")
    (tmp_path / "sub.txt").mkdir()  # a folder named like a corpus file is skipped
    passages = load_corpus(tmp_path)
    assert [p.id for p in passages] == ["a#1", "b#1", "b#2", "c1"]
    assert [p.title for p in passages] == ["A題", "B題", "B題", "C"]


def test_folder_without_corpus_files(tmp_path):
    _write(tmp_path / "notes.csv", "a,b")
    with pytest.raises(CorpusError, match="no .txt"):
        load_corpus(tmp_path)


def test_missing_path(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(CorpusError) as exc:
        load_corpus(missing)
    assert str(missing) in str(exc.value)


def test_wrong_suffix(tmp_path):
    path = _write(tmp_path / "article.csv", "a")
    with pytest.raises(CorpusError) as exc:
        load_corpus(path)
    assert str(path) in str(exc.value)


@pytest.mark.parametrize("name", ["sjis.txt", "sjis.jsonl"])
def test_non_utf8_file_names_the_file(tmp_path, name):
    text = "キュタイの予算" if name.endswith(".txt") else json.dumps({"_id": "a", "text": "キュタイ"}, ensure_ascii=False)
    path = _write(tmp_path / name, text, encoding="shift_jis")
    with pytest.raises(CorpusError) as exc:
        load_corpus(path)
    message = str(exc.value)
    assert str(path) in message and "UTF-8" in message
    assert "\n" not in message


def test_non_utf8_file_in_folder_names_that_file(tmp_path):
    _write(tmp_path / "a.txt", "正しい")
    bad = _write(tmp_path / "b.txt", "壊れた", encoding="euc_jp")
    with pytest.raises(CorpusError, match="b.txt") as exc:
        load_corpus(tmp_path)
    assert str(bad) in str(exc.value)


# -- cleaning -------------------------------------------------------------------


def test_bad_regex_in_drop_patterns():
    rules = CleaningConfig(drop_patterns=["^ok$", "[unclosed"])
    with pytest.raises(CorpusError) as exc:
        clean_passages([Passage("a#1", "a", "t", "t")], rules)
    message = str(exc.value)
    assert "cleaning.drop_patterns" in message and "[unclosed" in message
    assert "\n" not in message


def test_duplicates_dropped_only_within_a_document():
    passages = [
        Passage("a#1", "a", "題", "同じ"),
        Passage("a#2", "a", "題", "同じ"),
        Passage("b#1", "b", "題", "同じ"),
    ]
    assert [p.id for p in clean_passages(passages, CleaningConfig(drop_duplicates=True))] == ["a#1", "b#1"]
    assert len(clean_passages(passages, CleaningConfig(drop_duplicates=False))) == 3


def test_a_jsonl_files_documents_are_its_titles_for_duplicates():
    """Two BEIR articles of one file may share a paragraph: each keeps its own."""
    passages = [
        Passage("t1", "beir", "東京", "日本の都市である。"),
        Passage("o1", "beir", "大阪", "日本の都市である。"),
        Passage("t2", "beir", "東京", "日本の都市である。"),
    ]
    assert [p.id for p in clean_passages(passages, CleaningConfig(drop_duplicates=True))] == ["t1", "o1"]


def test_drop_patterns_are_searched_not_matched():
    passages = [Passage("a#1", "a", "t", "本文 画像クレジット: X"), Passage("a#2", "a", "t", "本文")]
    kept = clean_passages(passages, CleaningConfig(drop_patterns=["画像クレジット"]))
    assert [p.id for p in kept] == ["a#2"]


@pytest.fixture(scope="module")
def article(config):
    raw = load_corpus(CORPUS_PATH)
    return raw, clean_passages(raw, config.cleaning)


def test_article_headline_kept_once(article):
    raw, cleaned = article
    headline = raw[0].text
    assert [p.text for p in raw].count(headline) == 2
    assert [p.text for p in cleaned].count(headline) == 1
    assert cleaned[0].id == raw[0].id == "kyutai#1"
    assert "3億3000万ドル" in headline


@pytest.mark.parametrize(
    "boilerplate",
    [
        lambda t: t.startswith("画像クレジット"),
        lambda t: t == "テッククランチイベント",
        lambda t: t.startswith("サンフランシスコ |"),
    ],
    ids=["image-credit", "event-advert", "advert-date"],
)
def test_article_boilerplate_dropped(article, boilerplate):
    raw, cleaned = article
    assert any(boilerplate(p.text) for p in raw), "the raw article holds this line"
    assert not any(boilerplate(p.text) for p in cleaned)


def test_article_cleaning_keeps_the_rest_with_their_ids(article):
    raw, cleaned = article
    dropped = {p.id for p in raw} - {p.id for p in cleaned}
    # the repeated headline, 2 image credits, the advert and its date line
    assert len(dropped) == 5
    raw_by_id = {p.id: p for p in raw}
    assert all(raw_by_id[p.id] == p for p in cleaned)
    assert all(p.title == raw[0].text for p in cleaned)


def test_article_budget_headline_still_searchable(engine):
    top_index, _ = engine.rank("3億3000万ドル")[0]
    assert "3億3000万ドル" in engine.passages[top_index].text
    assert engine.passages[top_index].id == "kyutai#1"


@pytest.mark.parametrize(
    "files",
    [
        {"kyutai.txt": "見出し\n本文。\n", "kyutai.md": "別の見出し\n別の本文。\n"},  # both give kyutai#1
        {"a.jsonl": '{"_id": "p1", "text": "一つ目。"}\n', "b.jsonl": '{"_id": "p1", "text": "二つ目。"}\n'},
        {"a.jsonl": '{"_id": "p1", "text": "一つ目。"}\n{"_id": "p1", "text": "二つ目。"}\n'},
    ],
    ids=["same-stem", "same-id-two-files", "same-id-one-file"],
)
def test_a_passage_id_occurring_twice_is_refused(tmp_path, files):
    """A citation must name one passage: :source and the eval look passages up by id."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match="occurs twice"):
        load_corpus(tmp_path)


def test_a_jsonl_line_repeated_exactly_is_read_once(tmp_path):
    line = '{"_id": "p1", "title": "t", "text": "一つ目。"}\n'
    (tmp_path / "a.jsonl").write_text(line + line + '{"_id": "p2", "text": "二つ目。"}\n', encoding="utf-8")
    assert [p.id for p in load_corpus(tmp_path / "a.jsonl")] == ["p1", "p2"]

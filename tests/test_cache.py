"""The index cache: hit, miss, rebuilt on change, corrupt file, concurrent starts."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from retrieval import cache
from retrieval.engine import Engine
from retrieval.tokenization import Tokenizer

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    "キュタイは3億3000万ドルの予算を持つフランスのAI研究機関です。",
    "パトリック・ペレス氏が研究室の所長に就任します。",
    "ScalewayはNVIDIA H100 GPUを1000基導入しました。",
    "マクロン大統領はビデオメッセージで述べた。",
]


def write_corpus(path: Path, texts=TEXTS) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"_id": f"p{i}", "title": "記事", "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def small(config, tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl")
    cfg = config.replace(cache={"enabled": True, "dir": str(tmp_path / "cache"), "min_passages": 1})
    return cfg, corpus, tmp_path / "cache"


def files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.npz")) if folder.exists() else []


def same_answers(a: Engine, b: Engine) -> None:
    for q in ("キュタイの予算は？", "所長は誰？", "GPUは何基？"):
        assert a.answer(q).to_dict() == b.answer(q).to_dict()


def test_miss_writes_then_hit_loads_without_tokenizing(small, monkeypatch):
    cfg, corpus, folder = small
    built = Engine.from_config(cfg, corpus)
    assert len(files(folder)) == 1
    seen: list[str] = []
    with monkeypatch.context() as m:
        m.setattr(Engine, "build_indexes", staticmethod(lambda *a, **k: pytest.fail("rebuilt on a hit")))
        for name in ("tokenize", "bigrams"):  # record what is tokenized (the question words are)
            original = getattr(Tokenizer, name)
            m.setattr(Tokenizer, name, lambda self, text, _f=original: seen.append(text) or _f(self, text))
        m.setattr(cache, "load_corpus", lambda *a, **k: pytest.fail("the corpus was parsed on a hit"))
        loaded = Engine.from_config(cfg, corpus)
    assert not set(seen) & {p.text for p in built.passages}, "a passage was tokenized while loading"
    assert [p.id for p in loaded.passages] == [p.id for p in built.passages]
    np.testing.assert_array_equal(loaded.word_index.data, built.word_index.data)
    same_answers(built, loaded)


def test_a_headline_title_survives_the_cache(config, tmp_path):
    """A .txt document's title is its headline (Passage.title_is_headline), a .jsonl
    one's names its subject; the cached passages keep which is which."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("\n".join(TEXTS[:2]) + "\n", encoding="utf-8")
    write_corpus(folder / "b.jsonl", TEXTS[2:])
    cfg = config.replace(cache={"enabled": True, "dir": str(tmp_path / "cache"), "min_passages": 1})
    built = Engine.from_config(cfg, folder)
    loaded = Engine.from_config(cfg, folder)
    assert len(files(tmp_path / "cache")) == 1
    flags = {p.id: p.title_is_headline for p in loaded.passages}
    assert flags == {p.id: p.title_is_headline for p in built.passages}
    assert flags == {"a#1": True, "a#2": True, "p0": False, "p1": False}


def test_small_corpus_below_the_threshold_is_not_cached(small):
    cfg, corpus, folder = small
    Engine.from_config(cfg.replace(cache={"min_passages": 100}), corpus)
    assert files(folder) == []


def test_disabled_cache_writes_nothing(small):
    cfg, corpus, folder = small
    Engine.from_config(cfg.replace(cache={"enabled": False}), corpus)
    assert files(folder) == []


def test_corpus_change_rebuilds(small):
    cfg, corpus, folder = small
    Engine.from_config(cfg, corpus)
    write_corpus(corpus, TEXTS + ["エリック・シュミット氏の財団も寄付した。"])
    engine = Engine.from_config(cfg, corpus)
    assert len(engine.passages) == 5
    assert len(files(folder)) == 2


def test_config_change_rebuilds(small):
    cfg, corpus, folder = small
    first = cache.cache_key(cfg, corpus)
    changed = cfg.replace(ranking={"k1": 1.2})
    assert cache.cache_key(changed, corpus) != first
    # The Discord section does not touch the index.
    assert cache.cache_key(cfg.replace(discord={"cooldown_rate": 9}), corpus) == first
    engine = Engine.from_config(changed, corpus)
    assert engine.word_index.k1 == 1.2
    assert len(files(folder)) == 1


def test_background_file_change_rebuilds(small, tmp_path):
    cfg, corpus, _ = small
    background = tmp_path / "df.tsv"
    background.write_text("# paragraphs\t10\n予算\t9\n", encoding="utf-8")
    cfg = cfg.replace(background={"path": str(background)})
    first = cache.cache_key(cfg, corpus)
    hit = Engine.from_config(cfg, corpus)
    background.write_text("# paragraphs\t10\n予算\t1\n", encoding="utf-8")
    assert cache.cache_key(cfg, corpus) != first
    rebuilt = Engine.from_config(cfg, corpus)
    assert rebuilt.word_index.term_weight("予算") > hit.word_index.term_weight("予算")


def test_code_or_dictionary_change_rebuilds(small, monkeypatch):
    cfg, corpus, _ = small
    first = cache.cache_key(cfg, corpus)
    monkeypatch.setattr(cache, "_code_version", lambda: b"another version of the code")
    assert cache.cache_key(cfg, corpus) != first


def test_folder_corpus_key_covers_every_file(config, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    write_corpus(folder / "a.jsonl", TEXTS[:2])
    write_corpus(folder / "b.jsonl", TEXTS[2:])
    first = cache.cache_key(config, folder)
    write_corpus(folder / "b.jsonl", TEXTS[2:3])
    assert cache.cache_key(config, folder) != first


def test_leftover_temporary_file_is_not_read(small):
    cfg, corpus, folder = small
    reference = Engine.from_config(cfg, corpus)
    (file,) = files(folder)
    (folder / (file.name + "crashed.tmp")).write_bytes(b"half a file")  # a writer that died
    same_answers(reference, Engine.from_config(cfg, corpus))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_corrupt_file_is_ignored_and_rebuilt(small, damage):
    cfg, corpus, folder = small
    reference = Engine.from_config(cfg, corpus)
    (file,) = files(folder)
    whole = file.read_bytes()
    file.write_bytes({"garbage": b"not an npz archive", "truncated": whole[: len(whole) // 2], "empty": b""}[damage])
    rebuilt = Engine.from_config(cfg, corpus)
    same_answers(reference, rebuilt)
    assert file.read_bytes() == whole  # rewritten whole


def test_not_an_archive_is_ignored_and_rebuilt(small):
    cfg, corpus, folder = small
    reference = Engine.from_config(cfg, corpus)
    (file,) = files(folder)
    file.write_bytes(b"not an npz archive")
    rebuilt = Engine.from_config(cfg, corpus)
    same_answers(reference, rebuilt)
    assert file.read_bytes()[:2] == b"PK"  # rewritten as a real archive


def test_unwritable_cache_folder_still_answers(small, tmp_path):
    cfg, corpus, _ = small
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    engine = Engine.from_config(cfg.replace(cache={"dir": str(blocker / "cache")}), corpus)
    assert engine.answer("所長は誰？").passages


_CHILD = """
import json, sys
sys.path.insert(0, {root!r})
from retrieval.config import load_config
from retrieval.engine import Engine
from retrieval.tokenization import Tokenizer
config = load_config({config!r}).replace(cache={{"enabled": True, "dir": {folder!r}, "min_passages": 1}})
engine = Engine.from_config(config, {corpus!r})
print(json.dumps(engine.answer("GPUは何基？").to_dict(), ensure_ascii=False))
"""


def test_two_threads_building_at_once(small):
    cfg, corpus, folder = small
    with ThreadPoolExecutor(2) as pool:
        engines = list(pool.map(lambda _: Engine.from_config(cfg, corpus), range(2)))
    same_answers(*engines)
    assert len(files(folder)) == 1 and not list(folder.glob("*.tmp"))
    same_answers(engines[0], Engine.from_config(cfg, corpus))


def test_two_processes_starting_at_once(small):
    cfg, corpus, folder = small
    code = _CHILD.format(root=str(ROOT), config=str(ROOT / "config.yaml"), folder=str(folder), corpus=str(corpus))
    children = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [child.communicate(timeout=120) for child in children]
    assert all(child.returncode == 0 for child in children), [err for _, err in outputs]
    first, second = (json.loads(out) for out, _ in outputs)
    assert first == second and first["answer"] == "1000基"
    assert len(files(folder)) == 1
    assert not list(folder.glob("*.tmp"))  # no temporary file left behind
    # And the file they left is whole: a third start loads it.
    loaded = Engine.from_config(cfg, corpus)
    assert loaded.answer("GPUは何基？").to_dict() == first

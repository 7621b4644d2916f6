"""scripts/build_english.py: which JMdict glosses become English → Japanese expansions.

The database is a hand-made SQLite file with the tables and columns of
jamdict-data's that the script reads."""

from __future__ import annotations

import importlib.util
import sqlite3

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("build_english", ROOT / "scripts" / "build_english.py")
build_english = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_english)

SCHEMA = """
CREATE TABLE Kanji (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT);
CREATE TABLE Kana (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT, nokanji BOOLEAN);
CREATE TABLE KJP (kid INTEGER, text TEXT);
CREATE TABLE KNP (kid INTEGER, text TEXT);
CREATE TABLE KJI (kid INTEGER, text TEXT);
CREATE TABLE KNI (kid INTEGER, text TEXT);
CREATE TABLE Sense (ID INTEGER PRIMARY KEY, idseq INTEGER);
CREATE TABLE SenseGloss (sid INTEGER, lang TEXT, gend TEXT, text TEXT);
CREATE TABLE misc (sid INTEGER, text TEXT);
"""


def make_db(entries):
    """``entries``: (kanji forms, kana forms, priority, senses). ``priority`` is a
    JMdict priority tag (news1 …) or None; a form may be a (form, information) pair
    (out-dated kanji); each sense a list of English glosses, or a (glosses, misc
    label) pair."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    for idseq, (kanji, kana, priority_tag, senses) in enumerate(entries, 1000):
        for table, priority, info, forms in (("Kanji", "KJP", "KJI", kanji), ("Kana", "KNP", "KNI", kana)):
            for form in forms:
                form, note = form if isinstance(form, tuple) else (form, None)
                form_id = db.execute(f"INSERT INTO {table} (idseq, text) VALUES (?, ?)", (idseq, form)).lastrowid
                if priority_tag:
                    db.execute(f"INSERT INTO {priority} VALUES (?, ?)", (form_id, priority_tag))
                if note:
                    db.execute(f"INSERT INTO {info} VALUES (?, ?)", (form_id, note))
        for sense in senses:
            glosses, label = sense if isinstance(sense, tuple) else (sense, None)
            sid = db.execute("INSERT INTO Sense (idseq) VALUES (?)", (idseq,)).lastrowid
            db.executemany("INSERT INTO SenseGloss VALUES (?, 'eng', NULL, ?)", [(sid, g) for g in glosses])
            db.execute("INSERT INTO SenseGloss VALUES (?, 'ger', NULL, 'Haushalt')", (sid,))
            if label:
                db.execute("INSERT INTO misc VALUES (?, ?)", (sid, label))
    return db


@pytest.mark.parametrize(
    "gloss, expected",
    [("budget", "budget"), ("to donate", "donate"), ("(of money) small sum", "small sum"), ("An Adviser.", "adviser"), ("ＧＰＵ", "gpu")],
)
def test_normalize_gloss(gloss, expected):
    assert build_english.normalize_gloss(gloss) == expected


def test_common_first_senses_of_one_word_become_expansions(tokenizer):
    db = make_db([
        (["予算"], ["よさん"], "news1", [["estimate", "budget"]]),
        (["顧問"], ["こもん"], "ichi1", [["adviser", "consultant"]]),
        ([], ["アドバイザー"], "gai1", [["adviser"]]),
        (["見積"], ["みつもり"], None, [["estimate"]]),  # not a common word
        (["概算"], ["がいさん"], "news2", [["estimate"]]),  # news2 alone is not JMdict's "common"
        (["寄付"], ["きふ"], "news1", [["contribution"], ["budget"]]),  # budget only in a second sense
        (["古語"], ["こご"], "news1", [(["adviser"], "archaism")]),  # an archaic sense
        (["概数"], ["がいすう"], "news1", [(["estimate"], "rare")]),  # a rare sense (概数 is one engine term)
        ([], ["ラボラトリー", ("ラボラトリ", "word containing irregular kana usage")], "gai1", [["laboratory"]]),
        (["以前", ("已前", "word containing out-dated kanji")], ["いぜん"], "news1", [["before"]]),
        (["予算案"], ["よさんあん"], "news1", [["draft budget"]]),  # not one English word
        ([], ["レントゲン"], "gai1", [["x-ray"]]),  # the tokenizer splits x-ray at the hyphen
        ([], ["ラボ"], "gai1", [["lab"]]),  # kana only: the kana form
        (["研究所長"], ["けんきゅうしょちょう"], "news1", [["head"]]),  # two engine terms
    ])
    table = build_english.english_glosses(db, tokenizer)
    assert table["budget"] == {"予算"}
    assert table["estimate"] == {"予算"}  # not 概数 (rare), 見積 (uncommon), 概算 (news2 only)
    assert table["laboratory"] == {"ラボラトリー"}  # not its irregular kana form
    assert table["adviser"] == {"顧問", "アドバイザー"}
    assert table["lab"] == {"ラボ"}
    assert table["before"] == {"以前"}  # not 已前
    assert "contribution" in table and "head" not in table and "x-ray" not in table
    assert all(" " not in word for word in table)


def test_a_gloss_shared_by_too_many_entries_is_left_out(tokenizer):
    nouns = ["会社", "企業", "商社", "法人", "組合", "団体", "協会", "財団", "機構"]
    db = make_db([([n], [], "news1", [["company"]]) for n in nouns])
    assert "company" not in build_english.english_glosses(db, tokenizer)
    assert build_english.english_glosses(db, tokenizer, max_entries=9)["company"] == set(nouns)

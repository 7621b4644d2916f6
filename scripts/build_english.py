"""Build retrieval/data/english_glosses.tsv from JMdict's English glosses.

    pip install jamdict-data          # JMdict as SQLite, from PyPI (build time only)
    python scripts/build_english.py   # or: python scripts/build_english.py PATH/jamdict.db[.xz]

Each output line is ``english<TAB>term term ...``: an English word and the
Japanese words JMdict glosses with it, as the engine's word terms, so that
"What is Kyutai's budget?" meets 予算. The rules keep the table to translations:

- common words only (JMdict's "P" words: a form tagged news1, ichi1, spec1,
  spec2 or gai1), and only their first sense;
- no sense marked archaic, obsolete or rare; no kanji form JMdict calls
  out-dated or irregular (已前 for 以前), nor a kana form it calls irregular;
- a gloss is lower-cased, stripped of parentheses and of a leading to / a / an /
  the, and kept only when it is then one Latin word of letters (budget, adviser;
  not x-ray, which the tokenizer splits at the hyphen);
- a gloss shared by more than ``MAX_ENTRIES`` entries says too little (director:
  16 entries, 院長 to 演出家) and is left out;
- a Japanese headword (its kanji forms, else its kana) that is more than one
  engine term is left out.

JMdict is © the Electronic Dictionary Research and Development Group, CC BY-SA;
the table is derived from it and shared under the same licence
(retrieval/data/JMDICT-LICENSE.md).
"""

from __future__ import annotations

import lzma
import re
import shutil
import sqlite3
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from retrieval.config import load_config  # noqa: E402
from retrieval.tokenization import Tokenizer  # noqa: E402

MAX_ENTRIES = 8
_COMMON = ("news1", "ichi1", "spec1", "spec2", "gai1")  # JMdict's "P" (common) priorities
_SKIPPED_SENSES = ("archaism", "obsolete term", "rare")
_SKIPPED_FORMS = ("word containing out-dated kanji", "word containing irregular kanji usage", "word containing irregular kana usage")
_ENGLISH_WORD = re.compile(r"[a-z]+")
ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "# English word -> Japanese terms, derived from JMdict's English glosses (EDRDG, CC BY-SA;"
    " see JMDICT-LICENSE.md). Built by scripts/build_english.py.\n"
)


def normalize_gloss(gloss: str) -> str:
    """``(of money) small sum`` → ``small sum``; ``to donate`` → ``donate``."""
    text = re.sub(r"\([^)]*\)", " ", unicodedata.normalize("NFKC", gloss).lower())
    text = re.sub(r"\s+", " ", text).strip(" .,;")
    for article in ("to ", "a ", "an ", "the "):
        if text.startswith(article):
            text = text[len(article):]
    return text


def english_glosses(db: sqlite3.Connection, tokenizer: Tokenizer, *, max_entries: int = MAX_ENTRIES) -> dict[str, set[str]]:
    """English word → the engine terms of the common JMdict entries whose first sense glosses it."""
    common: set[int] = set()
    forms: dict[int, list[str]] = defaultdict(list)
    kana: dict[int, list[str]] = defaultdict(list)
    marks = ",".join("?" * len(_COMMON))
    skipped_forms = ",".join("?" * len(_SKIPPED_FORMS))
    for table, priority, info, out in (("Kanji", "KJP", "KJI", forms), ("Kana", "KNP", "KNI", kana)):
        tagged = {kid for (kid,) in db.execute(f"SELECT DISTINCT kid FROM {priority} WHERE text IN ({marks})", _COMMON)}
        irregular = {kid for (kid,) in db.execute(f"SELECT DISTINCT kid FROM {info} WHERE text IN ({skipped_forms})", _SKIPPED_FORMS)}
        for form_id, entry, text in db.execute(f"SELECT ID, idseq, text FROM {table} ORDER BY ID"):
            if form_id in irregular:
                continue
            out[entry].append(text)
            if form_id in tagged:
                common.add(entry)
    skipped = {sid for (sid,) in db.execute(f"SELECT sid FROM misc WHERE text IN ({','.join('?' * len(_SKIPPED_SENSES))})", _SKIPPED_SENSES)}
    first_sense = dict(db.execute("SELECT MIN(ID), idseq FROM Sense GROUP BY idseq"))  # sense id → entry
    entries_of: dict[str, set[int]] = defaultdict(set)
    for sid, gloss in db.execute("SELECT sid, text FROM SenseGloss WHERE lang = 'eng'"):
        entry = first_sense.get(sid)
        if entry is None or entry not in common or sid in skipped:
            continue
        word = normalize_gloss(gloss)
        if _ENGLISH_WORD.fullmatch(word):
            entries_of[word].add(entry)
    table: dict[str, set[str]] = {}
    for word, entries in entries_of.items():
        if len(entries) > max_entries:
            continue
        terms = set()
        for entry in entries:
            for form in forms.get(entry) or kana.get(entry, []):
                found = tokenizer.terms(form)
                if len(found) == 1 and found[0] != word:
                    terms.add(found[0])
        if terms:
            table[word] = terms
    return table


def _installed_db() -> Path:
    try:
        import jamdict_data  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("jamdict-data is not installed: pip install jamdict-data, or pass the path of jamdict.db")
    return Path(jamdict_data.__file__).parent / "jamdict.db.xz"


def main(source: str | None = None, target: str | Path = ROOT / "retrieval" / "data" / "english_glosses.tsv") -> None:
    path = Path(source) if source else _installed_db()
    with tempfile.TemporaryDirectory() as tmp:
        if path.suffix == ".xz":  # jamdict-data ships the database compressed
            plain = Path(tmp) / "jamdict.db"
            with lzma.open(path) as packed, open(plain, "wb") as out:
                shutil.copyfileobj(packed, out)
            path = plain
        db = sqlite3.connect(path)
        try:
            table = english_glosses(db, Tokenizer(load_config(ROOT / "config.yaml")))
        finally:
            db.close()
    with open(target, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for word in sorted(table):
            out.write(f"{word}\t{' '.join(sorted(table[word]))}\n")
    print(f"{len(table)} English words -> {target}")


if __name__ == "__main__":
    main(*sys.argv[1:])

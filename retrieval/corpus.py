"""Load documents into passages, and clean them by the rules in config.yaml.

Formats (UTF-8):

- ``.txt`` / ``.md``: one paragraph per non-empty line; the first line is also
  the document's title. Passage ids are ``<file stem>#<n>``, ``n`` counting the
  non-empty lines from 1 *before* cleaning, so an id never moves when a
  cleaning rule changes: ``kyutai#1`` is always the headline.
- ``.jsonl``: BEIR style, one ``{"_id", "title", "text"}`` object a line; the
  passage id is ``_id``.

A corpus path is one such file or a folder of them (read in name order).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .config import CleaningConfig
from .normalize import LONE_SURROGATE

__all__ = ["Passage", "CorpusError", "load_corpus", "clean_passages"]

SUFFIXES = (".txt", ".md", ".jsonl")


class CorpusError(ValueError):
    """A corpus that cannot be read; ``str()`` is one line naming the file."""


@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    doc: str
    title: str
    text: str
    # The title is the document's first line (.txt / .md): a headline, not the name of
    # what the document is about, so it never answers a question (Engine._title_answer).
    title_is_headline: bool = False


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read corpus file {path}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"corpus file is not UTF-8: {path} (bad byte at offset {exc.start})") from None


def _load_lines(path: Path) -> list[Passage]:
    lines = [line.strip() for line in _read_text(path).splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return []
    doc, title = path.stem, lines[0]
    return [Passage(f"{doc}#{n}", doc, title, line, title_is_headline=True) for n, line in enumerate(lines, start=1)]


def _load_jsonl(path: Path) -> list[Passage]:
    passages = []
    for lineno, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            raise CorpusError(f"{path}:{lineno}: not a JSON object") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("_id"), (str, int)) or not isinstance(obj.get("text"), str):
            raise CorpusError(f'{path}:{lineno}: expected {{"_id", "title", "text"}}')
        title = obj.get("title") or ""
        passage = Passage(str(obj["_id"]), path.stem, str(title), obj["text"])
        if any(LONE_SURROGATE.search(field) for field in (passage.id, passage.title, passage.text)):
            # JSON can escape half a surrogate pair (\ud800): no character, nothing can show or tag it.
            raise CorpusError(f"{path}:{lineno}: a \\uXXXX escape is half of a surrogate pair, not a character")
        passages.append(passage)
    return passages


def load_corpus(path: str | Path) -> list[Passage]:
    """All passages of a file or a folder of files, uncleaned."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        if not files:
            raise CorpusError(f"no .txt, .md or .jsonl files in corpus folder {path}")
    elif path.is_file():
        if path.suffix not in SUFFIXES:
            raise CorpusError(f"corpus file {path} must end in .txt, .md or .jsonl")
        files = [path]
    else:
        raise CorpusError(f"corpus not found: {path}")
    passages: list[Passage] = []
    seen: dict[str, tuple[Path, int]] = {}  # passage id → its file and place: ids must be unique to be cited
    for file in files:
        for passage in _load_jsonl(file) if file.suffix == ".jsonl" else _load_lines(file):
            if passage.id in seen:
                first_file, place = seen[passage.id]
                if passage == passages[place]:
                    continue  # the same line twice (a BEIR file concatenated with itself)
                where = f"{first_file} and {file}" if first_file != file else str(file)
                raise CorpusError(f"passage id {passage.id} occurs twice ({where}); rename a file or an _id")
            seen[passage.id] = (file, len(passages))
            passages.append(passage)
    return passages


def clean_passages(passages: list[Passage], rules: CleaningConfig) -> list[Passage]:
    """Drop boilerplate lines (``drop_patterns``, regexes searched in the text)
    and, with ``drop_duplicates``, every later copy of a paragraph already seen
    in the same document (the headline is repeated as the first paragraph). In a
    ``.jsonl`` file a passage's document is its title: two articles of one BEIR
    file may share a sentence, and each keeps it."""
    try:
        patterns = [re.compile(p) for p in rules.drop_patterns]
    except re.error as exc:
        raise CorpusError(f"config key 'cleaning.drop_patterns' has a bad regex {exc.pattern!r}: {exc}") from None
    kept = []
    seen: set[tuple[str, str, str]] = set()
    for passage in passages:
        if any(p.search(passage.text) for p in patterns):
            continue
        key = (passage.doc, passage.title, passage.text)
        if rules.drop_duplicates and key in seen:
            continue
        seen.add(key)
        kept.append(passage)
    return kept

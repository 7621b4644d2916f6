"""Background word frequencies: how common a word is in general Japanese text.

A small corpus says little about which words are rare. In the 23 passages of the
article, 国 occurs once and so weighs as much as 骨抜き, and a question about
どこの国 ranks the passage on 三国間協議 first. Blending in the document
frequencies of a general corpus fixes that: the word channel's idf is computed as
if the corpus also held ``weight`` x ``size`` background paragraphs with those
frequencies (:class:`retrieval.scoring.BM25Index`, ``background``).

``retrieval/data/background_df.tsv`` holds the word-term document frequencies of
the 1,145 Wikipedia paragraphs of JSQuAD v1.3 valid (CC BY-SA 4.0, see
``retrieval/data/JSQUAD-LICENSE.md``), each paragraph counted with its title as
the index counts it, built by ``scripts/build_background.py``. The file records
the tokenizer settings it was counted with; other settings still load it, with
a warning, since most words come out the same.

Measured by the "jsquad per article" report of ``kyutai-qa eval --jsquad ...``
(each article its own corpus, the background counted from the other articles):
docs/quality.md.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .corpus import CorpusError, Passage
from .tokenization import TERMS_REVISION, Tokenizer

__all__ = ["Background", "tokenizer_fingerprint"]


def tokenizer_fingerprint(config: Config) -> str:
    """A digest of the settings that decide a passage's word terms. Question words,
    light verbs, generic nouns and names typed in hiragana only shape questions, and
    aliases (with which of them are also given names) are edited for each corpus and
    fold a few names (a new one costs those names their background counts, nothing
    else): they are left out, so
    editing them does not call for a rebuild. ``TERMS_REVISION`` stands for the code:
    it is raised when a change of it changes the terms of a passage."""
    settings = {
        "revision": TERMS_REVISION,
        "normalization": dataclasses.asdict(config.normalization),
        "tokenizer": {
            k: v for k, v in dataclasses.asdict(config.tokenizer).items() if k not in ("question_words", "light_verbs", "generic_nouns", "aliases", "aliases_also_given_names", "hiragana_aliases", "hiragana_words")
        },
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Background:
    """Document frequencies ``df`` of word terms over ``size`` paragraphs."""

    size: int
    df: Mapping[str, int]
    fingerprint: str = ""

    @classmethod
    def count(cls, passages: Iterable[Passage], tokenizer: Tokenizer, *, fingerprint: str = "") -> "Background":
        """Count each passage's distinct word terms, its title's included."""
        df: Counter[str] = Counter()
        size = 0
        for p in passages:
            df.update(set(tokenizer.terms(p.title)) | set(tokenizer.terms(p.text)))
            size += 1
        return cls(size, dict(df), fingerprint)

    def minus(self, other: "Background") -> "Background":
        """These counts without ``other``'s (a part of the same paragraphs): leave one out."""
        df = {t: n - other.df.get(t, 0) for t, n in self.df.items()}
        return Background(self.size - other.size, {t: n for t, n in df.items() if n > 0}, self.fingerprint)

    @classmethod
    def load(cls, path: str | Path) -> "Background":
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise CorpusError(f"cannot read background frequencies {path} (config key 'background.path')") from None
        size, fingerprint, df = 0, "", {}
        try:
            for line in text.splitlines():
                if line.startswith("# "):  # no term holds a space
                    key, _, value = line[2:].partition("\t")
                    if key == "paragraphs":
                        size = int(value)
                    elif key == "tokenizer":
                        fingerprint = value
                elif line:
                    term, _, n = line.rpartition("\t")
                    df[term] = int(n)
        except ValueError:
            raise CorpusError(f"{path}: not a background frequency file (config key 'background.path')") from None
        if size <= 0:
            raise CorpusError(f"{path}: no '# paragraphs' line (config key 'background.path')")
        return cls(size, df, fingerprint)

    def save(self, path: str | Path, *, source: str) -> None:
        lines = [
            f"# {source}",
            f"# paragraphs\t{self.size}",
            f"# tokenizer\t{self.fingerprint}",
            *(f"{t}\t{n}" for t, n in sorted(self.df.items(), key=lambda item: (-item[1], item[0]))),
        ]
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")

"""A disk cache of built indexes, for corpora too large to index at every start.

One ``.npz`` file per (corpus bytes, config, code version), under ``cache.dir``:
the passages (as UTF-8 JSON inside the archive) and every array of the word and
bigram indexes, so a start loads it instead of tokenizing 100,000 passages.

- Rebuilt automatically: the file name is a hash of the corpus files' bytes, of the
  whole config but its ``discord`` section, of the background frequency file, of
  the code that builds an index (the source of the modules in :data:`_CODE`,
  :data:`FORMAT`) and of the fugashi dictionary; any change gives another name
  (old files are left for ``rm -r .cache``).
- Safe when several processes start at once: each writes a private temporary file
  in the same folder and ``os.replace``\\s it into place, so a reader sees a whole
  file or none; two builders race to write identical content.
- A corrupt or unreadable file is ignored and rebuilt; a folder that cannot be
  written only costs the cache (the engine still answers).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .config import Config
from .corpus import SUFFIXES, Passage, clean_passages, load_corpus
from .scoring import BM25Index

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["cached_engine", "cache_key", "FORMAT"]

# Bump when the file layout changes (code changes are caught by _code_version too).
FORMAT = "kyutai-qa-index-6"
# Modules whose code decides the index's content: building, tokenizing, loading.
_CODE = ("background.py", "cache.py", "corpus.py", "engine.py", "normalize.py", "scoring.py", "tokenization.py")


@functools.lru_cache(maxsize=1)
def _code_version() -> bytes:
    """A digest of the index-building source and of the dictionary fugashi loads."""
    from .tokenization import tagger_info

    digest = hashlib.sha256(FORMAT.encode())
    here = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    # A new unidic(-lite) release tokenizes differently; its sys.dic's path, size and
    # version change with it.
    digest.update(json.dumps(tagger_info(), sort_keys=True).encode())
    return digest.digest()


def _warn(message: str, *args: object) -> None:
    import logging  # only on trouble: `kyutai-qa ask` starts faster without it

    logging.getLogger(__name__).warning(message, *args)


def _corpus_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
    return [path]


def cache_key(config: Config, corpus_path: Path) -> str | None:
    """The cache file's name for this corpus and config; None when the corpus cannot be read."""
    digest = hashlib.sha256(_code_version())
    settings = {k: v for k, v in dataclasses.asdict(config).items() if k not in ("discord", "base_dir")}
    digest.update(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogateescape"))
    try:
        for file in _corpus_files(corpus_path):
            digest.update(os.fsencode(file.name) + b"\0")  # a name need not be UTF-8
            digest.update(file.read_bytes())
    except OSError:
        return None
    if config.background.enabled:  # its counts are part of the word index's idf
        try:
            digest.update(config.resolve_data(config.background.path).read_bytes())
        except OSError:
            pass  # building the engine reports the missing file
    return digest.hexdigest()[:32]


def _save(file: Path, passages: list[Passage], word: BM25Index, bigram: BM25Index | None) -> None:
    meta = {
        "passages": [[p.id, p.doc, p.title, p.text, p.title_is_headline] for p in passages],
        "word_terms": word.terms(),
        "word_variant": word.variant,
        "bigram_terms": bigram.terms() if bigram is not None else None,
    }
    arrays = {"meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8", "surrogateescape"), dtype=np.uint8)}
    for prefix, index in (("word_", word), ("bigram_", bigram)):
        if index is not None:
            arrays.update({prefix + k: v for k, v in index.state().items()})
    import tempfile

    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=file.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(out, **arrays)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load(file: Path) -> tuple[list[Passage], BM25Index, BM25Index | None]:
    with np.load(file, allow_pickle=False) as data:
        meta = json.loads(data["meta"].tobytes().decode("utf-8", "surrogateescape"))
        passages = [Passage(*row) for row in meta["passages"]]

        def index(prefix: str, terms: list[str]) -> BM25Index:
            state = {k[len(prefix):]: data[k] for k in data.files if k.startswith(prefix)}
            return BM25Index.from_state(state, terms, meta["word_variant"])

        word = index("word_", meta["word_terms"])
        bigram = index("bigram_", meta["bigram_terms"]) if meta["bigram_terms"] is not None else None
    if not passages or any(i is not None and i.corpus_size != len(passages) for i in (word, bigram)):
        raise ValueError("the indexes do not cover the passages")
    return passages, word, bigram


def cached_engine(engine_cls: type["Engine"], config: Config, corpus_path: Path) -> "Engine | None":
    """An engine from the cache, or built (and cached when the corpus is large enough);
    None when the corpus cannot be hashed (the caller then reports the corpus error)."""
    key = cache_key(config, corpus_path)
    if key is None:
        return None
    file = config.resolve(config.cache.dir) / f"{key}.npz"
    if file.is_file():
        try:
            loaded = _load(file)
        except Exception as exc:  # a damaged file (any error reading it): rebuild it
            _warn("ignoring unreadable index cache %s (%s)", file, type(exc).__name__)
        else:
            passages, word, bigram = loaded
            return engine_cls(config, passages, indexes=(word, bigram))
    passages = clean_passages(load_corpus(corpus_path), config.cleaning)
    engine = engine_cls(config, passages)
    if len(passages) >= config.cache.min_passages:
        try:
            _save(file, passages, engine.word_index, engine.bigram_index)
        except OSError as exc:
            _warn("could not write the index cache %s (%s)", file, exc.strerror)
    return engine

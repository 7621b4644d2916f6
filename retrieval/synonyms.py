"""Query expansion with the Sudachi synonym dictionary.

``retrieval/data/synonyms.tsv`` is built from Sudachi's ``synonyms.txt`` by
``scripts/build_synonyms.py``: each line is a word term and the terms it may be
expanded to. A question's words are expanded at a lower weight than the words
the user wrote (``synonyms.weight``), and only into terms the index knows.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from pathlib import Path

__all__ = ["Synonyms"]


class Synonyms:
    def __init__(self, table: dict[str, tuple[str, ...]], weight: float) -> None:
        self.table = table
        self.weight = weight

    @classmethod
    def load(cls, path: str | Path, weight: float) -> "Synonyms":
        from .corpus import CorpusError

        table: dict[str, tuple[str, ...]] = {}
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise CorpusError(f"cannot read synonym file {path} (config key 'synonyms.path')") from None
        for line in text.splitlines():
            if line and not line.startswith("#"):
                term, _, targets = line.partition("\t")
                table[term] = tuple(targets.split())
        return cls(table, weight)

    def of(self, term: str) -> tuple[str, ...]:
        return self.table.get(term, ())

    def expand(
        self, terms: Sequence[str], vocabulary: Container[str], *, weights: Sequence[float] | None = None,
    ) -> tuple[list[str], list[float]]:
        """``terms`` (weighted ``weights``, default 1) followed by their synonyms that
        ``vocabulary`` holds, each weighted :attr:`weight` times the word it stands for
        (a synonym never outweighs the question's own word), and a weight for each."""
        out = list(terms)
        if weights is not None and len(weights) != len(terms):
            raise ValueError(f"{len(weights)} weights for {len(terms)} terms")
        weights = [1.0] * len(terms) if weights is None else [float(w) for w in weights]
        seen = set(terms)
        for term, own in zip(terms, list(weights)):
            for synonym in self.table.get(term, ()):
                if synonym not in seen and synonym in vocabulary:
                    seen.add(synonym)
                    out.append(synonym)
                    weights.append(self.weight * own)
        return out, weights

"""Query expansion with the Sudachi synonym dictionary and JMdict's English glosses.

``retrieval/data/synonyms.tsv`` is built from Sudachi's ``synonyms.txt`` by
``scripts/build_synonyms.py``, ``retrieval/data/english_glosses.tsv`` from JMdict
by ``scripts/build_english.py`` (budget → 予算): each line is a word term and the
terms it may be expanded to. A question's words are expanded at a lower weight
than the words the user wrote (``synonyms.weight``), and only into terms the
index knows.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Sequence
from pathlib import Path

__all__ = ["Synonyms"]


class Synonyms:
    def __init__(self, table: dict[str, tuple[str, ...]], weight: float, *, never: Collection[str] = ()) -> None:
        """``never``: terms not expanded (English function words: JMdict glosses
        the as その / 彼 and is as ある, which only add noise)."""
        self.table = table
        self.weight = weight
        self.never = frozenset(never)

    @classmethod
    def load(cls, path: str | Path, weight: float, *, key: str = "synonyms.path") -> "Synonyms":
        """The table in ``path``; an unreadable file is a :class:`CorpusError` naming
        the config ``key`` that gave it."""
        from .corpus import CorpusError

        table: dict[str, tuple[str, ...]] = {}
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise CorpusError(f"cannot read synonym file {path} (config key '{key}')") from None
        for line in text.splitlines():
            if line and not line.startswith("#"):
                term, _, targets = line.partition("\t")
                table[term] = tuple(targets.split())
        return cls(table, weight)

    def merged(self, other: "Synonyms") -> "Synonyms":
        """Both tables in one, at this table's weight; a term in both keeps this
        table's expansions first."""
        table = dict(self.table)
        for term, targets in other.table.items():
            known = table.get(term, ())
            table[term] = known + tuple(t for t in targets if t not in known)
        return Synonyms(table, self.weight, never=self.never | other.never)

    def of(self, term: str) -> tuple[str, ...]:
        """The term's expansions; an English plural also takes its singular's
        (advisors → advisor, companies → company; years: its own and year's)."""
        if term in self.never:
            return ()
        found = self.table.get(term, ())
        if term.isascii() and term.isalpha() and len(term) > 3 and term.endswith("s"):
            singular = next((s for s in _singulars(term) if s in self.table), None)
            if singular is not None:
                found = found + tuple(t for t in self.table[singular] if t not in found)
        return found

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
            for synonym in self.of(term):
                if synonym not in seen and synonym in vocabulary:
                    seen.add(synonym)
                    out.append(synonym)
                    weights.append(self.weight * own)
        return out, weights


def _singulars(plural: str) -> tuple[str, ...]:
    """Candidate singulars of a lower-case English plural, likeliest first: -ies → -y;
    else without the -s, then, after s, x, z, ch or sh, without -es (uses → use,
    boxes → box); goes and does are not go and do."""
    if plural.endswith("ies"):
        return (plural[:-3] + "y", plural[:-1])
    if plural.endswith(("ses", "xes", "zes", "ches", "shes")):
        return (plural[:-1], plural[:-2])
    return (plural[:-1],)

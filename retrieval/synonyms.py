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

__all__ = ["Synonyms", "english_singulars"]


class Synonyms:
    def __init__(self, table: dict[str, tuple[str, ...]], weight: float, *, never: Collection[str] = ()) -> None:
        """``never``: terms not expanded (English function words: JMdict glosses
        the as その / 彼 and is as ある, which only add noise)."""
        self.table = table
        self.weight = weight
        self.never = frozenset(w.lower() for w in never)  # terms are lower-cased

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
        """The term's expansions; an English plural not in the table takes its
        singular's (advisors → advisor, companies → company), unless that is a word
        never expanded (hers is not her)."""
        if term in self.never:
            return ()
        found = self.table.get(term)
        if found is not None:
            return found
        if term.isascii() and term.isalpha() and len(term) > 3 and term.endswith("s"):
            for singular in english_singulars(term):
                if singular in self.table:
                    return () if singular in self.never else self.table[singular]
        return ()

    def expand(
        self, terms: Sequence[str], vocabulary: Container[str], *, weights: Sequence[float] | None = None,
        also: Sequence[Sequence[str]] | None = None,
    ) -> tuple[list[str], list[float]]:
        """``terms`` (weighted ``weights``, default 1) followed by their synonyms that
        ``vocabulary`` holds, each weighted :attr:`weight` times the word it stands for
        (a synonym never outweighs the question's own word), and a weight for each.
        ``also``: more expansions of each term, after its own (a loanword's
        translations, retrieval.engine)."""
        out = list(terms)
        if weights is not None and len(weights) != len(terms):
            raise ValueError(f"{len(weights)} weights for {len(terms)} terms")
        weights = [1.0] * len(terms) if weights is None else [float(w) for w in weights]
        if also is not None and len(also) != len(terms):
            raise ValueError(f"{len(also)} expansion lists for {len(terms)} terms")
        seen = set(terms)
        for term, own, more in zip(terms, list(weights), also or [()] * len(terms)):
            for synonym in (*self.of(term), *more):
                if synonym not in seen and synonym in vocabulary:
                    seen.add(synonym)
                    out.append(synonym)
                    weights.append(self.weight * own)
        return out, weights


def english_singulars(plural: str) -> tuple[str, ...]:
    """Candidate singulars of a lower-case English plural, likeliest first: -ies → -y;
    after ss, x, z, ch or sh, without -es (classes → class, boxes → box); else without
    the -s only (uses → use, never us; goes and does are not go and do)."""
    if plural.endswith("ies"):
        return (plural[:-3] + "y", plural[:-1])
    if plural.endswith(("sses", "xes", "zes", "ches", "shes")):
        return (plural[:-2], plural[:-1])
    return (plural[:-1],)


# The default of ``synonyms.english_function_words``: the NLTK English stop-word list
# (the usual one for English retrieval) with the modal verbs it lacks (must → 筈, might
# → 勢力 in JMdict), less the words whose JMdict gloss is a translation a question may
# need (before → 以前, after → 後, most → 最も, same → 同じ, other → 他, again → 再び, under
# → 未満, against → 対する, few → 少数, between, during, until, above, below, over, own,
# more, further, once). Kept: words JMdict glosses as noise (the → その / 彼, is → ある).
ENGLISH_FUNCTION_WORDS = (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers "
    "herself it its itself they them their theirs themselves what which who whom this that these those am is "
    "are was were be been being have has had having do does did doing a an the and but if or because as "
    "while of at by for with about into through to from up down in out on off then here there when where "
    "why how all any both each some such no nor not only so than too very s t can will just don should now "
    "must might may would could shall"
).split()

"""BM25 with rank_bm25's numbers, scored only where the query terms occur.

``rank_bm25.BM25Okapi.get_scores`` walks every passage for every query term in
Python, hundreds of milliseconds a question at 100,000 passages (``kyutai-qa
bench``). :class:`BM25Index` computes the same formulas once per (term, passage)
at build time, stores them as a term-by-passage sparse matrix (CSR), and at query
time only sums the rows of the query terms (one ``np.bincount``). For the same
tokens the scores equal rank_bm25's to ~1e-12 (tests/test_scoring.py checks it
against rank_bm25 on JSQuAD questions). :meth:`BM25Index.state` and
:meth:`BM25Index.from_state` let retrieval/cache.py keep an index on disk.

Variants follow rank_bm25 exactly, quirks included:
``okapi`` (BM25Okapi, idf floored at ``epsilon`` x mean idf), ``l`` (BM25L,
whose per-term score is multiplied by the term frequency) and ``plus``
(BM25Plus, where a query term adds ``idf x delta`` even to passages without it).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .background import Background

__all__ = ["BM25Index", "VARIANTS"]

VARIANTS = ("okapi", "l", "plus")


class BM25Index:
    """A BM25 index over tokenized passages.

    >>> index = BM25Index([["a", "b"], ["b", "c"], ["c"]], variant="okapi")
    >>> index.get_scores(["a"]).round(3).tolist()
    [0.469, 0.0, 0.0]
    """

    def __init__(
        self,
        corpus: Iterable[Sequence[str]],
        *,
        size: int | None = None,
        variant: str = "okapi",
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        delta: float | None = None,
        background: Background | None = None,
        background_weight: float = 0.0,
    ) -> None:
        """``corpus`` may be a generator when ``size`` gives its length (to tokenize lazily).

        ``background``: document frequencies of a general corpus, blended into the idf
        as if the corpus also held ``background_weight`` x ``background.size`` passages
        with them (:mod:`retrieval.background`); :attr:`corpus_idf` keeps the idf of
        the corpus alone."""
        if variant not in VARIANTS:
            raise ValueError(f"unknown BM25 variant {variant!r}; choose one of {', '.join(VARIANTS)}")
        if k1 < 0 or not 0 <= b <= 1:
            raise ValueError(f"need k1 >= 0 and 0 <= b <= 1, got k1={k1}, b={b}")
        size = len(corpus) if size is None else size  # type: ignore[arg-type]
        if not size:
            raise ValueError("cannot build a BM25 index over no passages")
        if background_weight < 0:
            raise ValueError(f"need background_weight >= 0, got {background_weight}")
        self.variant = variant
        self.k1, self.b, self.epsilon = float(k1), float(b), float(epsilon)
        # rank_bm25's defaults: BM25L delta 0.5, BM25Plus delta 1.
        self.delta = float(delta if delta is not None else (0.5 if variant == "l" else 1.0))
        self.corpus_size = size

        # array, not list: 4 bytes a number while building, not a Python int each.
        vocab: dict[str, int] = {}
        term_ids, doc_ids, tfs = array("i"), array("i"), array("i")
        doc_len = np.zeros(size, dtype=np.float64)
        n = 0
        for d, doc in enumerate(corpus):
            doc_len[d] = len(doc)
            counts = Counter(doc)
            term_ids.extend(vocab.setdefault(term, len(vocab)) for term in counts)
            doc_ids.extend([d] * len(counts))
            tfs.extend(counts.values())
            n = d + 1
        if n != size:
            raise ValueError(f"the corpus had {n} passages, not {size}")
        postings = {"term_ids": term_ids, "doc_ids": doc_ids, "tfs": tfs}
        del term_ids, doc_ids, tfs  # _build frees each as soon as it is used
        self._build(vocab, postings, doc_len, background if background_weight > 0 else None, background_weight)

    def _idf(self, n: float, df: np.ndarray) -> tuple[np.ndarray, float]:
        """Each term's idf over ``n`` passages (and BM25Okapi's average idf)."""
        if self.variant == "okapi":
            idf = np.log(n - df + 0.5) - np.log(df + 0.5)
            average_idf = float(idf.mean()) if len(idf) else 0.0
            if len(idf) and idf.max() <= 0:
                # One or two passages: no idf is above 0, and rank_bm25's floor (epsilon
                # x the average idf) is not either, so nothing would ever score. Every
                # term weighs epsilon: such a corpus cannot tell rare words from common.
                idf[:] = self.epsilon
                return idf, average_idf
            idf[idf < 0] = self.epsilon * average_idf
            return idf, average_idf
        if self.variant == "l":
            return np.log(n + 1) - np.log(df + 0.5), 0.0
        return np.log((n + 1) / df), 0.0

    def _build(
        self, vocab: dict[str, int], postings: dict[str, array], doc_len: np.ndarray,
        background: Background | None = None, background_weight: float = 0.0,
    ) -> None:
        """The CSR matrix of per-(term, passage) scores from the postings in passage
        order. Temporaries are dropped early and the formulas evaluated in place (with
        the operations in rank_bm25's order, so the floats are the same): at 100,000
        passages the bigram index has ~17 million postings, 140 MB per float array."""
        n, k1, b = self.corpus_size, self.k1, self.b
        self.vocab = vocab
        self.avgdl = float(doc_len.sum()) / n
        term_ids = np.frombuffer(postings.pop("term_ids"), np.int32)
        df_count = np.bincount(term_ids, minlength=len(vocab))
        df = df_count.astype(np.float64)
        # rank_bm25 only computes the average idf for BM25Okapi (0 for the others).
        idf, self.average_idf = self._idf(n, df)
        self.corpus_idf = idf
        if background is not None:
            background_df = np.fromiter((background.df.get(t, 0) for t in vocab), np.float64, len(vocab))
            background_df *= background_weight
            background_df += df
            idf, self.average_idf = self._idf(n + background_weight * background.size, background_df)
        self.idf = idf
        self.indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(df_count, out=self.indptr[1:])

        # Postings grouped by term (stable: passages ascending within a term).
        order = np.argsort(term_ids, kind="stable")
        del term_ids
        self.indices = np.frombuffer(postings.pop("doc_ids"), np.int32)[order]
        tf = np.frombuffer(postings.pop("tfs"), np.int32)[order].astype(np.float64)
        del order
        # 1 - b + b * doc_len / avgdl
        norm = doc_len[self.indices]
        norm *= b
        norm /= self.avgdl
        norm += 1 - b
        term_idf = np.repeat(idf, df_count)  # grouped by term: each term's idf, df times
        if self.variant == "okapi":
            # idf * (tf * (k1 + 1) / (tf + k1 * norm))
            norm *= k1
            norm += tf
            tf *= k1 + 1
            tf /= norm
            tf *= term_idf
            self.data = tf
        elif self.variant == "l":
            ctd = tf / norm
            self.data = term_idf * tf * (k1 + 1) * (ctd + self.delta) / (k1 + ctd + self.delta)
        else:
            # BM25Plus gives idf*delta to every passage; store the part above that.
            self.data = term_idf * (self.delta + (tf * (k1 + 1)) / (k1 * norm + tf)) - term_idf * self.delta
        self.doc_len = doc_len
        self._lookups()

    def _lookups(self) -> None:
        # Memoryviews of the arrays (no copy): indexing one gives a Python number at
        # about half the cost of a numpy scalar; get_scores reads two offsets a term.
        self._starts = memoryview(np.ascontiguousarray(self.indptr))
        self._idf_list = memoryview(np.ascontiguousarray(self.idf))

    def term_weight(self, term: str) -> float:
        """The term's idf, 0 when no passage holds it."""
        tid = self.vocab.get(term)
        return float(self.idf[tid]) if tid is not None else 0.0

    def get_scores(self, query: Iterable[str], weights: Sequence[float] | None = None) -> np.ndarray:
        """BM25 score of every passage; ``weights`` scales each query term (default 1).

        One ``np.bincount`` over the query terms' postings: it adds them per passage
        in query-term order, as a loop of ``scores[rows] += data`` would (same floats),
        at a third of the cost of a fancy-indexed add per term.
        """
        starts, vocab = self._starts, self.vocab
        rows: list[np.ndarray] = []
        values: list[np.ndarray] = []
        constant = 0.0
        for i, term in enumerate(query):
            tid = vocab.get(term)
            if tid is None:
                continue
            w = 1.0 if weights is None else float(weights[i])
            lo, hi = starts[tid], starts[tid + 1]
            rows.append(self.indices[lo:hi])
            values.append(self.data[lo:hi] if w == 1.0 else w * self.data[lo:hi])
            if self.variant == "plus":
                constant += w * self._idf_list[tid] * self.delta
        if not rows:
            scores = np.zeros(self.corpus_size)
        elif len(rows) == 1:
            scores = np.zeros(self.corpus_size)
            scores[rows[0]] = values[0]
        else:
            scores = np.bincount(np.concatenate(rows), np.concatenate(values), minlength=self.corpus_size)
        if constant:
            scores += constant
        return scores

    def state(self) -> dict[str, np.ndarray]:
        """Arrays that rebuild this index with :meth:`from_state` (for the disk cache)."""
        return {
            "indptr": self.indptr,
            "indices": self.indices,
            "data": self.data,
            "idf": self.idf,
            "corpus_idf": self.corpus_idf,
            "doc_len": self.doc_len,
            "params": np.array([self.k1, self.b, self.epsilon, self.delta, self.avgdl, self.corpus_size, self.average_idf]),
        }

    @classmethod
    def from_state(cls, state: dict[str, np.ndarray], terms: Sequence[str], variant: str) -> "BM25Index":
        index = cls.__new__(cls)
        index.variant = variant
        k1, b, epsilon, delta, avgdl, size, average_idf = (float(x) for x in state["params"])
        index.k1, index.b, index.epsilon, index.delta, index.avgdl = k1, b, epsilon, delta, avgdl
        index.corpus_size, index.average_idf = int(size), average_idf
        index.vocab = dict(zip(terms, range(len(terms))))
        for name in ("indptr", "indices", "data", "idf", "corpus_idf", "doc_len"):
            setattr(index, name, state[name])
        if len(index.indptr) != len(index.vocab) + 1 or not len(index.idf) == len(index.corpus_idf) == len(index.vocab):
            raise ValueError("index state and terms do not match")
        index._lookups()
        return index

    def terms(self) -> list[str]:
        return list(self.vocab)

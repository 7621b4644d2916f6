"""Evaluation metrics: ranking (Recall@k, MRR) and short answers (exact match, character F1)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

__all__ = ["normalize_answer", "exact_match", "char_f1", "recall_at", "mrr_at"]

_SPACE = re.compile(r"\s+")


def normalize_answer(text: str) -> str:
    """NFKC with all whitespace removed: the form answers are compared in."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def exact_match(prediction: str | None, golds: Iterable[str]) -> float:
    if prediction is None:
        return 0.0
    p = normalize_answer(prediction)
    return float(any(p == normalize_answer(g) for g in golds))


def char_f1(prediction: str | None, golds: Iterable[str]) -> float:
    """Best character-level F1 of ``prediction`` against any gold answer (JSQuAD style)."""
    if prediction is None:
        return 0.0
    p = Counter(normalize_answer(prediction))
    best = 0.0
    for gold in golds:
        g = Counter(normalize_answer(gold))
        common = sum((p & g).values())
        if common == 0:
            continue
        precision, recall = common / sum(p.values()), common / sum(g.values())
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Share of questions whose right passage is ranked within the first ``k`` (ranks are 1-based)."""
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mrr_at(ranks: Sequence[int | None], k: int) -> float:
    """Mean reciprocal rank, counting only ranks within ``k``."""
    if not ranks:
        return 0.0
    return sum(1 / r for r in ranks if r is not None and r <= k) / len(ranks)

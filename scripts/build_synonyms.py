"""Build retrieval/data/synonyms.tsv from the Sudachi synonym dictionary.

    python scripts/build_synonyms.py ../shared/data/sudachi-synonyms/synonyms.txt

Each output line is ``term<TAB>synonym synonym ...``: a word that may be expanded
(Sudachi flag 0) and the other words of its groups (flags 0 and 1), all as the
engine's word terms (UniDic lemmas after normalization), so nothing is tokenized
at run time. Headwords that are more than one term are left out. Flag 2 words are
never used.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from retrieval.config import load_config  # noqa: E402
from retrieval.tokenization import Tokenizer  # noqa: E402


def main(source: str, target: str = "retrieval/data/synonyms.tsv") -> None:
    tokenizer = Tokenizer(load_config())
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    with open(source, encoding="utf-8") as f:
        for row in csv.reader(f):
            if len(row) < 9 or not row[0]:
                continue
            flag = int(row[2])
            if flag == 2:
                continue
            terms = tokenizer.terms(row[8])
            if len(terms) == 1:
                groups[row[0]].append((terms[0], flag))
    expansions: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        words = {t for t, _ in members}
        for term, flag in members:
            if flag == 0:
                expansions[term] |= words - {term}
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8") as out:
        out.write("# Derived from the Sudachi synonym dictionary (WorksApplications/SudachiDict, Apache 2.0; see SUDACHI-LICENSE.txt).\n")
        for term in sorted(expansions):
            if expansions[term]:
                out.write(f"{term}\t{' '.join(sorted(expansions[term]))}\n")


if __name__ == "__main__":
    main(*sys.argv[1:])

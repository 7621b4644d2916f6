"""Count the background word frequencies that retrieval/background.py blends into idf.

    python scripts/build_background.py [--jsquad ../shared/data/jsquad/valid-v1.3.json]
                                       [--out retrieval/data/background_df.tsv]

Counts, with the tokenizer settings of config.yaml, in how many of the JSQuAD
file's paragraphs (each with its article title) each word term occurs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from retrieval.background import Background, tokenizer_fingerprint  # noqa: E402
from retrieval.config import load_config  # noqa: E402
from retrieval.evaluation import load_jsquad  # noqa: E402
from retrieval.tokenization import Tokenizer  # noqa: E402

SOURCE = (
    "Word-term document frequencies of the paragraphs of JSQuAD v1.3 valid (yahoojapan/JGLUE, "
    "CC BY-SA 4.0; see JSQUAD-LICENSE.md), counted by scripts/build_background.py"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jsquad", default="../shared/data/jsquad/valid-v1.3.json")
    parser.add_argument("--config", default=None)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "retrieval/data/background_df.tsv"))
    args = parser.parse_args()
    config = load_config(args.config)
    passages, _ = load_jsquad(args.jsquad)
    background = Background.count(passages, Tokenizer(config), fingerprint=tokenizer_fingerprint(config))
    background.save(args.out, source=SOURCE)
    print(f"{args.out}: {len(background.df)} terms over {background.size} paragraphs")


if __name__ == "__main__":
    main()

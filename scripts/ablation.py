"""Print the ablation table of docs/quality.md: each lever turned off (or on) alone.

    python scripts/ablation.py [--jsquad ../shared/data/jsquad/valid-v1.3.json]

Every row is one ``kyutai-qa eval`` command, printed beside its numbers, so any
row can be re-run by hand.
"""

from __future__ import annotations

import argparse
import io
import json
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.cli import main as cli  # noqa: E402

ROWS: list[tuple[str, list[str]]] = [
    ("final setting (config.yaml)", []),
    ("no character-bigram channel", ["ranking.bigram_weight=0"]),
    ("rank fusion (k 5) instead of score fusion", ["ranking.fusion=rank", "ranking.rank_fusion_k=5"]),
    ("no word channel (bigrams only)", ["ranking.word_weight=0"]),
    ("k1 1.5 (rank_bm25 default) on both channels", ["ranking.k1=1.5", "ranking.bigram_k1=1.5"]),
    ("BM25Plus instead of BM25Okapi", ["ranking.variant=plus"]),
    ("no title indexed with JSQuAD paragraphs", ["ranking.title_in_passage=false"]),
    ("no name aliases", ["tokenizer.aliases={}"]),
    ("no numeral values", ["tokenizer.number_values=false"]),
    ("question words kept in the query", ["tokenizer.question_words=[]"]),
    ("light verbs (する, ある, いる) kept in the query", ["tokenizer.light_verbs=[]"]),
    ("generic nouns after どんな / どの (人, もの) kept in the query", ["tokenizer.generic_nouns=[]"]),
    ("with adjacent-noun bigrams", ["tokenizer.noun_bigrams=true"]),
    ("with prolonged-sound-mark folding", ["normalization.fold_prolonged_sound_mark=true"]),
    ("with middle-dot folding", ["normalization.fold_middle_dot=true"]),
    ("synonym expansion flipped", ["synonyms.enabled=FLIP"]),
    ("no JMdict English glosses", ['synonyms.english_path=""']),
    ("loanwords not expanded by their English origin", ["synonyms.loanword_origins=false"]),
    ("question's verbs and adjectives weighed as its nouns", ["ranking.predicate_weight=1"]),
    ("no proximity rerank", ["ranking.proximity_weight=0"]),
    ("no answer-type rerank", ["ranking.answer_type_boost=0"]),
    ("no background word frequencies", ["background.enabled=false"]),
    ("whole sentence as short answer", ["answer.phrase_answers=false"]),
    ("no UniDic names for 誰 and どこ", ["answer.name_answers=false"]),
    ("no preference for quoted or glossed terms", ["answer.set_off_phrase_factor=1"]),
    ("no preference for katakana or Latin phrases", ["answer.katakana_latin_factor=1"]),
    ("answer sentence chosen by words only", ["answer.sentence_bigram_weight=0"]),
    ("typed answers in the answer sentence not preferred", ["answer.typed_sentence_factor=1"]),
    ("lone pronouns, adverbial and formal nouns may answer", ["answer.skip_lone_function_nouns=false"]),
    ("adverbial nouns leading a phrase kept in the answer", ["answer.trim_leading_adverbial_nouns=false"]),
    ("kana readings in parentheses may answer", ["answer.skip_readings=false"]),
    ("amounts restated in parentheses may answer", ["answer.skip_restatements=false"]),
    ("a paragraph's title never answers", ["answer.title_answers=false"]),
    ("a question offering two answers answered like any other", ["answer.choice_answers=false"]),
    ("whose a thing is (Xはどこの<noun>) answered like any other", ["answer.possessor_answers=false"]),
    ("a described thing (…を持つ研究機関は？) not answered by the sentence's topic", ["answer.described_topics=false"]),
    ("a yes-or-no question answered like any other", ["answer.yes_no_clauses=false"]),
    ("a how question (どう影響する) answered like any other", ["answer.how_predicates=false"]),
    ("a relation question (XとYの関係は) answered like any other", ["answer.relation_answers=false"]),
    ("a person of a list answers 誰 alone", ["answer.person_lists=false"]),
    ("no coverage threshold for abstaining", ["answer.abstain_min_coverage=0"]),
    ("no typed-answer check for abstaining", ["answer.abstain_typed_min_coverage=0"]),
    ("typed answers not checked for the question's Latin names", ["answer.typed_answer_needs_names=false"]),
    ("a post's holder answered without the post given as the one asked", ["answer.asked_post_needed=false"]),
    ("a person the article only lists answered as named", ["answer.asked_person_named=false"]),
    ("an amount of another kind answers a named kind (売上)", ["answer.asked_amount_named=false"]),
    ("with a margin threshold for abstaining (0.02, the 10% calibration)", ["answer.abstain_min_margin=0.02"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jsquad", default="../shared/data/jsquad/valid-v1.3.json")
    args = parser.parse_args()
    from retrieval.config import load_config

    synonyms_on = load_config().synonyms.enabled
    print(
        "| setting | command | JSQuAD R@1 | R@5 | MRR@10 | short F1 | per article R@1 | per article MRR@10 "
        "| gold R@1 | paraphrase R@1 | unanswerable abstained | answerable abstained |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, sets in ROWS:
        sets = [s.replace("FLIP", "false" if synonyms_on else "true") for s in sets]
        argv = ["eval", "--jsquad", args.jsquad, "--json", "--no-baseline"]
        for s in sets:
            argv += ["--set", s]
        out = io.StringIO()
        cli(argv, out=out)
        data = json.loads(out.getvalue())
        j, per, g = data["jsquad"]["metrics"], data["jsquad per article"]["metrics"], data["gold"]["metrics"]
        para = data["gold"]["by_tag"].get("paraphrase", {}).get("recall@1", float("nan"))
        command = "kyutai-qa " + " ".join(shlex.quote(a) for a in argv if a not in ("--json",))
        print(
            f"| {label} | `{command}` | {j['recall@1']:.3f} | {j['recall@5']:.3f} | {j['mrr@10']:.3f} | {j['char_f1']:.3f} "
            f"| {per['recall@1']:.3f} | {per['mrr@10']:.3f} "
            f"| {g['recall@1']:.3f} | {para:.3f} | {g.get('abstained_unanswerable', float('nan')):.3f} | {g['wrongly_abstained']:.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Plain-text rendering of an evaluation report (``kyutai-qa eval``)."""

from __future__ import annotations

from typing import TextIO

from retrieval.evaluation import Report

from .formatting import printable

__all__ = ["print_report"]

_RANKING = ("recall@1", "recall@3", "recall@5", "mrr@10")


def print_report(report: Report, out: TextIO, *, failures: int = 20) -> None:
    m = report.metrics
    print(f"== {report.name}: {int(m['answerable'])} answerable questions"
          + (f", {int(m['unanswerable'])} unanswerable" if "unanswerable" in m else "")
          + f" ({report.seconds:.1f} s)", file=out)
    print(f"  {'':24}{'kyutai-qa':>10}{'naive':>10}", file=out)
    for key in _RANKING:
        naive = f"{report.baseline[key]:>10.3f}" if key in report.baseline else f"{'-':>10}"
        print(f"  {key:24}{m[key]:>10.3f}{naive}", file=out)
    print(f"  {'short answer EM':24}{m['exact_match']:>10.3f}", file=out)
    print(f"  {'short answer char F1':24}{m['char_f1']:>10.3f}", file=out)
    if "abstained_unanswerable" in m:
        print(f"  {'unanswerable abstained':24}{m['abstained_unanswerable']:>10.3f}", file=out)
    print(f"  {'answerable abstained':24}{m['wrongly_abstained']:>10.3f}", file=out)
    if "abstained_at_config" in m:
        print(f"  {'... at config thresholds':24}{m['abstained_at_config']:>10.3f}", file=out)
    if report.by_type:
        types = "  ".join(f"{kind} {tm['char_f1']:.3f} ({int(tm['questions'])})" for kind, tm in report.by_type.items())
        print(f"  short answer F1 by type: {types}", file=out)
    for tag, tm in report.by_tag.items():
        print(f"  [{tag}, {int(tm['questions'])} q] recall@1 {tm['recall@1']:.3f}  recall@5 {tm['recall@5']:.3f}  mrr@10 {tm['mrr@10']:.3f}", file=out)
    shown = report.failures if failures < 0 else report.failures[:failures]
    if shown:
        print(f"  failures ({len(report.failures)}; showing {len(shown)}):", file=out)
    for f in shown:  # quoting a gold or JSQuAD file, and passage ids: made printable
        print(printable(f"    {f['id']} {f['question']}"), file=out)
        print(printable(f"        {'; '.join(f['problems'])} | expected {f['expected'] or '(abstain)'} | got {f['got']!r} from {f['top']} (coverage {f['coverage']})"), file=out)
    print(file=out)

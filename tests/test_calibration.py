"""retrieval.evaluation.calibrate: the abstention thresholds suggested from the gold file."""

from __future__ import annotations


class _FixedAnswers:
    """An engine stand-in whose answers carry fixed abstention signals."""

    def __init__(self, config, signals):
        self.config = config
        self.signals = signals

    def answer(self, question):
        from retrieval.engine import Answer

        coverage, score = self.signals[question]
        return Answer(question, "x", False, [], coverage=coverage, word_score=score, matched_terms=["x"])


def test_calibrate_prefers_fewest_answerable_lost_among_equal_catches(config):
    from retrieval.evaluation import GoldQuestion, calibrate

    questions = [GoldQuestion("u", "u", ()), *(GoldQuestion(f"a{i}", f"a{i}", ("y",)) for i in range(20))]
    # The unanswerable question has low coverage and a low score. A coverage threshold
    # catches it alone; a score threshold catches it and one answerable question too.
    signals = {"u": (0.02, 0.1), **{f"a{i}": (0.5, 5.0) for i in range(20)}}
    signals["a0"] = (0.5, 0.2)
    suggestion = calibrate(_FixedAnswers(config, signals), questions, max_wrongly_abstained=0.05)
    assert suggestion["abstained_unanswerable"] == 1.0
    assert suggestion["wrongly_abstained"] == 0.0
    assert suggestion["abstain_min_coverage"] == 0.03  # the lowest threshold above 0.02
    assert suggestion["abstain_min_score"] == 0.0

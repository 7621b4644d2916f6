"""retrieval.evaluation.calibrate: the abstention thresholds suggested from the gold file."""

from __future__ import annotations


class _FixedAnswers:
    """An engine stand-in whose answers carry fixed abstention signals."""

    def __init__(self, config, signals):
        self.config = config
        self.signals = signals

    def answer(self, question, *, top_k=None):
        from retrieval.engine import Answer

        coverage, score, *margin = self.signals[question]
        return Answer(question, "x", False, [], coverage=coverage, word_score=score, margin=margin[0] if margin else 1.0, matched_terms=["x"])


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


def test_calibrate_finds_a_margin_threshold_when_only_the_margin_tells(config):
    from retrieval.evaluation import GoldQuestion, calibrate

    questions = [GoldQuestion("u", "u", ()), *(GoldQuestion(f"a{i}", f"a{i}", ("y",)) for i in range(20))]
    # Same coverage and score everywhere; the unanswerable question's best passage is
    # barely ahead of the next one (margin 0.01), the answerable ones clearly (0.5).
    signals = {"u": (0.5, 5.0, 0.01), **{f"a{i}": (0.5, 5.0, 0.5) for i in range(20)}}
    suggestion = calibrate(_FixedAnswers(config, signals), questions, max_wrongly_abstained=0.05)
    assert suggestion["abstained_unanswerable"] == 1.0
    assert suggestion["wrongly_abstained"] == 0.0
    assert suggestion["abstain_min_margin"] == 0.02  # the lowest threshold above 0.01
    assert suggestion["abstain_min_coverage"] == 0.0


def test_a_question_the_engine_refuses_counts_as_abstained(config):
    """A gold question longer than answer.max_question_chars is refused by the engine:
    the eval and the calibration count it abstained instead of stopping."""
    from retrieval.engine import Engine
    from retrieval.evaluation import GoldQuestion, calibrate, evaluate

    engine = Engine.from_config(config.replace(answer={"max_question_chars": 12}))
    questions = [
        GoldQuestion("short", "キュタイの予算は？", ("3億3000万ドル",), evidence="3億3000万ドルの予算"),
        GoldQuestion("long", "キュタイの研究所の所長に就任するのは誰ですか？", ("パトリック・ペレス氏",), evidence="所長に就任"),
        GoldQuestion("none", "キュタイのオフィスの住所を詳しく教えてください", ()),
    ]
    report = evaluate(engine, questions, name="gold", baseline=False)
    assert report.metrics["recall@1"] == 0.5 and report.metrics["wrongly_abstained"] == 0.5
    assert report.metrics["abstained_unanswerable"] == 1.0
    assert calibrate(engine, questions, max_wrongly_abstained=0.5)["wrongly_abstained"] == 0.5

"""The banks of 'the interview beyond the cell', part b (issue 15): every new topic taught by
enough questions, single-answer items that a test-wise candidate cannot pass on length alone,
feedback on every option, no catch-all options, distinct drill prompts, no internal names."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict

import pytest

from quizapp.banks import Question, load_banks
from quizapp.banks.models import NumericQuestion
from quizapp.paths import builtin_banks_dir, topics_file

BANKS = ("normalisation", "regularisation", "cudnn", "linear_rnns", "relu_ranges")
TOPICS = (
    "norm.layer-norm",
    "norm.batch-norm-time",
    "reg.recurrent-dropout",
    "reg.zoneout",
    "reg.weight-drop",
    "reg.weight-tying",
    "cudnn.keras",
    "cudnn.pytorch",
    "linrnn.parallel-scan",
    "linrnn.ssm",
    "ranges.relu-rnn",
    "ranges.state-bounds",
)
CATCH_ALL = re.compile(r"\b(none|all) of the above\b|\bnothing is wrong\b|\bnone of these\b", re.I)
INTERNAL = re.compile(r"\bseed\s*\d|\bseeds?/|\.ya?ml\b|\bTODO\b", re.I)


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    result = load_banks([builtin_banks_dir()], topics_path=topics_file())
    assert result.errors == [], [str(e) for e in result.errors]
    return [q for q in result.questions.values() if q.bank_id in BANKS]


def test_size_and_every_new_topic_has_three_questions_one_not_a_flashcard(
    questions: list[Question],
) -> None:
    assert {q.bank_id for q in questions} == set(BANKS)
    assert len(questions) >= 45
    drills = [q for q in questions if q.kind == "numeric" and q.template]
    assert len(drills) >= 6
    by_topic: dict[str, list[str]] = defaultdict(list)
    for q in questions:
        for topic in q.topics:
            by_topic[topic].append(q.kind)
    for topic in TOPICS:
        kinds = by_topic[topic]
        assert len(kinds) >= 3, (topic, kinds)
        assert set(kinds) != {"flashcard"}, topic


def _single_answer(questions: list[Question]) -> list[Question]:
    return [q for q in questions if q.kind in ("choice", "spot_the_mistake") and q.options]


def test_the_correct_option_does_not_give_itself_away_by_length(questions: list[Question]) -> None:
    """Haladyna, Downing & Rodriguez (2002): options of similar length. The correct option is
    the longest in at most a third of the items, and the median ratio of its length to the mean
    distractor length is at most 1.2."""
    longest, ratios = 0, []
    items = _single_answer(questions)
    for q in items:
        right = [len(o.text) for o in q.options if o.correct]
        wrong = [len(o.text) for o in q.options if not o.correct]
        assert len(right) == 1 and wrong, q.id
        longest += right[0] > max(wrong)
        ratios.append(right[0] / statistics.mean(wrong))
    assert len(items) >= 30
    assert longest / len(items) <= 1 / 3, longest / len(items)
    assert statistics.median(ratios) <= 1.2, statistics.median(ratios)
    assert max(ratios) <= 1.5, max(zip(ratios, [q.id for q in items], strict=True))


def test_every_option_has_feedback_and_none_is_a_catch_all(questions: list[Question]) -> None:
    for q in questions:
        for option in getattr(q, "options", None) or []:
            assert option.feedback, (q.id, option.text)
            assert not CATCH_ALL.search(option.text), (q.id, option.text)


def test_drill_prompts_say_what_they_ask_and_differ(questions: list[Question]) -> None:
    first_lines = [q.prompt.strip().splitlines()[0] for q in questions if q.kind == "numeric"]
    assert len(first_lines) == len(set(first_lines))


def test_no_learner_text_names_internal_things(questions: list[Question]) -> None:
    for q in questions:
        texts = [q.prompt, q.explanation, *q.hints]
        texts += [getattr(q, "answer", "") if q.kind == "flashcard" else ""]
        texts += [getattr(q, "statement", "") or "", getattr(q, "correction", "") or ""]
        for option in getattr(q, "options", None) or []:
            texts += [option.text, option.feedback or ""]
        for text in texts:
            assert not INTERNAL.search(text), (q.id, text)


def test_every_question_cites_a_section_or_a_named_doc(questions: list[Question]) -> None:
    for q in questions:
        assert q.sources, q.id
        assert any(re.search(r"§|docs|source|release|abstract|examples", s) for s in q.sources), (
            q.id
        )


def _fixed_answers(questions: list[Question]) -> dict[str, float]:
    """The one-number answers of the numeric questions that have no template."""
    return {
        q.id: float(q.answer)
        for q in questions
        if isinstance(q, NumericQuestion) and not q.template and isinstance(q.answer, int | float)
    }


def test_fixed_numeric_answers_are_re_derived(questions: list[Question]) -> None:
    """Every fixed answer in these banks, recomputed by the engine or by simulation."""
    import numpy as np

    from engine import dropout_masks, linear_rnn

    answers = _fixed_answers(questions)
    naive = dropout_masks.mask_plan("naive", 3, 1, 8, 8)
    assert answers["regularisation.zaremba-l-plus-1"] == len(naive)  # L + 1 per step
    assert answers["linear_rnns.scan-rounds"] == linear_rnn.scan_rounds(1024)
    # zoneout at test time: the expectation of the keep mask (z = 0.3 keeps h_prev)
    kept = linear_rnn.sequential_states([[0.3]], [[0.7 * -0.1]], [0.5])[-1, 0]
    assert answers["regularisation.zoneout-test"] == pytest.approx(kept)
    # the cell's fixed point under constant gates: run c = 0.9 c + 0.5 to convergence
    cell = linear_rnn.sequential_states(np.full((500, 1), 0.9), np.full((500, 1), 0.5))
    assert answers["relu_ranges.cell-fixed-point"] == pytest.approx(cell[-1, 0], abs=1e-9)
    assert answers["linear_rnns.min-gru-params"] == pytest.approx(
        2 * 128 * 128 / (3 * 128 * (128 + 128)), abs=5e-4
    )
    assert answers["regularisation.weight-drop-expected"] == 0.5 * 4 * 1150 * 1150
    assert set(answers) == {
        "regularisation.zaremba-l-plus-1",
        "linear_rnns.scan-rounds",
        "regularisation.zoneout-test",
        "relu_ranges.cell-fixed-point",
        "linear_rnns.min-gru-params",
        "regularisation.weight-drop-expected",
    }

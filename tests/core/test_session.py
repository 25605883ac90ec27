"""The quiz loop without a terminal: every kind graded, recorded before feedback, undone."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from quizapp.core.context import QuizContext
from quizapp.core.formatting import format_answer
from quizapp.core.presentation import AnswerProblem, Feedback
from quizapp.core.session import Mode, ReviewSession
from quizapp.store import FixedClock


def _session(context: QuizContext, ids: Sequence[str], mode: Mode = "review") -> ReviewSession:
    return ReviewSession(
        context.catalog.questions,
        context.store,
        context.clock,
        random.Random(3),
        queue=ids,
        mode=mode,
    )


def test_full_review_of_every_kind(context: QuizContext, clock: FixedClock) -> None:
    ids = [
        "core.choice",
        "core.multi",
        "core.short",
        "core.flash",
        "core.numeric",
        "core.drill",
        "core.spot",
    ]
    session = _session(context, ids)
    answers = {
        "core.choice": "a",
        "core.multi": "1 2",
        "core.short": "Forget gate",
        "core.numeric": "2560",
        "core.spot": "b",
    }
    results = {}
    feedback: Feedback | AnswerProblem
    while (presented := session.next_question()) is not None:
        clock.advance(seconds=5)
        if presented.kind == "flashcard":
            assert "additive" in session.reveal()
            feedback = session.rate(3)
        elif presented.question_id == "core.drill":
            assert presented.expected_form.startswith("a vector of 2 numbers")
            feedback = session.submit(format_answer(presented.variant.answer))
        else:
            feedback = session.submit(answers[presented.question_id])
        assert isinstance(feedback, Feedback)
        results[presented.question_id] = feedback
        # recorded (committed) before the feedback was returned
        assert context.store.card(presented.question_id) is not None
    assert {k: v.correct for k, v in results.items()} == {
        "core.choice": True,
        "core.multi": True,
        "core.short": True,
        "core.flash": None,
        "core.numeric": True,
        "core.drill": True,
        "core.spot": False,
    }
    assert context.store.total_reviews() == 7
    drill = results["core.drill"]
    labels = [s.label for s in drill.worked_steps]
    assert labels[:4] == ["a_i", "a_f", "a_g", "a_o"] and labels[-1] == "h"
    spot = results["core.spot"]
    assert [picked for _, picked in spot.option_feedback] == [False, True]


def test_unreadable_answer_is_a_friendly_problem_not_a_wrong_answer(context: QuizContext) -> None:
    session = _session(context, ["core.numeric"])
    session.next_question()
    problem = session.submit("twenty-five sixty")
    assert isinstance(problem, AnswerProblem) and "number" in problem.message
    assert context.store.total_reviews() == 0
    feedback = session.submit("2560")
    assert isinstance(feedback, Feedback) and feedback.correct and feedback.rating == 3


def test_wrong_answer_is_again_and_shows_expected(context: QuizContext) -> None:
    session = _session(context, ["core.choice"])
    session.next_question()
    feedback = session.submit("b")
    assert not feedback.correct and feedback.rating == 1
    assert "c = f ⊙ c_prev + i ⊙ g" in feedback.expected
    assert feedback.option_feedback[1][0].feedback == "That is h."


def test_hint_lowers_rating_to_hard(context: QuizContext) -> None:
    session = _session(context, ["core.choice"])
    session.next_question()
    assert session.hint() == "Think of the conveyor belt."
    assert session.hint() is None
    assert session.submit("a").rating == 2


def test_override_rating_and_undo(context: QuizContext, clock: FixedClock) -> None:
    session = _session(context, ["core.short", "core.numeric"])
    session.next_question()
    first = session.submit("forget gate")
    changed = session.override_rating(4)
    assert changed.rating == 4
    assert context.store.connection.execute("SELECT rating FROM reviews").fetchone() == (4,)
    presented = session.undo()
    assert presented is not None and presented.question_id == first.question_id
    assert context.store.total_reviews() == 0 and context.store.card("core.short") is None
    session.submit("forget gate")
    assert session.next_question().question_id == "core.numeric"


def test_typo_is_accepted_with_a_note(context: QuizContext) -> None:
    session = _session(context, ["core.short"])
    session.next_question()
    feedback = session.submit("foget gate")
    assert feedback.correct and feedback.note and "typo" in feedback.note


def test_cram_does_not_move_the_schedule(context: QuizContext) -> None:
    session = _session(context, ["core.numeric"], mode="cram")
    session.next_question()
    session.submit("2560")
    assert context.store.card("core.numeric") is None and context.store.total_reviews() == 1


def test_default_queue_comes_from_the_store(context: QuizContext) -> None:
    session = ReviewSession(
        context.catalog.questions, context.store, context.clock, random.Random(0)
    )
    assert session.total == 7  # all new, within the default 20 a day


def test_same_seed_same_variant(context: QuizContext) -> None:
    a = _session(context, ["core.drill"]).next_question()
    b = _session(context, ["core.drill"]).next_question()
    assert a.variant_seed == b.variant_seed and a.variant.answer == b.variant.answer


def test_flashcard_cannot_be_submitted_as_text(context: QuizContext) -> None:
    session = _session(context, ["core.flash"])
    session.next_question()
    assert isinstance(session.submit("anything"), AnswerProblem)
    with pytest.raises(ValueError):
        session.rate(7)


def test_i_was_right_counts_a_rejected_answer_as_right_and_rerates_it(
    context: QuizContext, clock: FixedClock
) -> None:
    session = _session(context, ["core.short"])
    session.next_question()
    clock.advance(seconds=5)
    rejected = session.submit("forgett gaet")  # two typos: rejected
    assert isinstance(rejected, Feedback) and rejected.correct is False and rejected.rating == 1
    claimed = session.claim_correct()
    assert claimed.correct is True and claimed.claimed and claimed.rating == 3  # Good, by the rule
    assert session.answered == [claimed] and session.last_feedback is claimed
    assert context.store.claimed_counts() == {"core.short": 1}
    card = context.store.card("core.short")
    assert card is not None and card.lapses == 0 and card.reps == 1
    with pytest.raises(ValueError, match="only a rejected answer"):
        session.claim_correct()  # once is enough


def test_i_was_right_needs_a_rejected_answer(context: QuizContext) -> None:
    session = _session(context, ["core.short"])
    with pytest.raises(ValueError, match="only a rejected answer"):
        session.claim_correct()
    session.next_question()
    session.submit("forget gate")
    with pytest.raises(ValueError, match="only a rejected answer"):
        session.claim_correct()


def test_the_recall_on_the_interview_day_is_noted_before_the_first_answer(
    context: QuizContext, clock: FixedClock
) -> None:
    from datetime import timedelta

    at = clock.now() + timedelta(days=6)
    for qid in ("core.choice",):  # studied before: a card whose recall the session changes
        warm = _session(context, [qid])
        warm.next_question()
        warm.submit("a")
    before = context.store.retrievability("core.choice", at)
    assert before is not None and before > 0
    session = ReviewSession(
        context.catalog.questions,
        context.store,
        clock,
        random.Random(3),
        queue=["core.choice", "core.short"],
        interview_at=at,
    )
    session.next_question()
    session.submit("a")
    session.next_question()
    session.submit("forget gate")
    assert session.recall_before == {"core.choice": before, "core.short": 0.0}
    cram = _session(context, ["core.short"], mode="cram")  # practice moves nothing
    cram.interview_at = at
    cram.next_question()
    cram.submit("forget gate")
    assert cram.recall_before == {}

""" "I was right": a rejected answer counted as right, its card rescheduled as Good, the claim
counted per question in the statistics; near misses say so."""

from __future__ import annotations

import random

import pytest

from quizapp.core.context import QuizContext
from quizapp.core.presentation import Feedback
from quizapp.core.session import CLAIMED_RATING, ReviewSession
from quizapp.store import FixedClock
from quizapp.store.stats import summary


def _answer(context: QuizContext, qid: str, text: str, mode: str = "review") -> ReviewSession:
    session = ReviewSession(
        context.catalog.questions,
        context.store,
        context.clock,
        random.Random(3),
        queue=[qid],
        mode=mode,  # type: ignore[arg-type]
    )
    session.next_question()
    assert isinstance(session.submit(text), Feedback)
    return session


def test_a_claimed_answer_counts_as_right_and_is_rescheduled_as_good(
    context: QuizContext, clock: FixedClock
) -> None:
    session = _answer(context, "core.short", "forgt the past")
    assert session.last_feedback is not None and session.last_feedback.correct is False
    wrong_due = context.store.card("core.short")
    feedback = session.claim_right()
    assert feedback.correct is True and feedback.rating == CLAIMED_RATING
    claimed = context.store.card("core.short")
    assert wrong_due is not None and claimed is not None and claimed.due > wrong_due.due
    stats = summary(context.store, context.catalog.topics_of())
    assert stats.claims == {"core.short": 1}
    assert stats.modes == {"review": (1, 1)}  # counted as right everywhere
    (correct, rating, flag) = context.store.connection.execute(
        "SELECT correct, rating, claimed FROM reviews"
    ).fetchone()
    assert (correct, rating, flag) == (1, CLAIMED_RATING, 1)
    with pytest.raises(ValueError, match="graded wrong"):
        session.claim_right()  # nothing left to claim


def test_a_right_answer_cannot_be_claimed(context: QuizContext) -> None:
    session = _answer(context, "core.short", "forget gate")
    with pytest.raises(ValueError, match="graded wrong"):
        session.claim_right()


def test_a_practice_claim_leaves_the_schedule_alone(context: QuizContext) -> None:
    session = _answer(context, "core.short", "input gate", mode="cram")
    session.claim_right()
    assert context.store.card("core.short") is None  # cram never schedules
    stats = summary(context.store, context.catalog.topics_of())
    assert stats.claims == {"core.short": 1} and stats.modes == {"cram": (1, 1)}


def test_a_near_miss_says_it_is_close_and_how_to_overrule(context: QuizContext) -> None:
    session = _answer(context, "core.short", "frgt gte")
    feedback = session.last_feedback
    assert feedback is not None and feedback.correct is False
    assert feedback.note is not None and "Close to 'forget gate'" in feedback.note
    assert "you were right" in feedback.note
    far = _answer(context, "core.short", "the candidate")
    assert far.last_feedback is not None and far.last_feedback.note is None

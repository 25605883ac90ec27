"""When a rejected answer was close, the feedback suggests "I was right"; never for a pick."""

from __future__ import annotations

import random

import msgspec
import pytest

from quizapp.core.context import QuizContext
from quizapp.core.near_miss import near_miss
from quizapp.core.presentation import Diagnosis, Feedback
from quizapp.core.session import ReviewSession


def _feedback(context: QuizContext, qid: str, answer: str) -> Feedback:
    session = ReviewSession(
        context.catalog.questions,
        context.store,
        context.clock,
        random.Random(3),
        queue=[qid],
        mode="cram",
    )
    session.next_question()
    result = session.submit(answer)
    assert isinstance(result, Feedback)
    return result


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("the forget gate, f_t", "Your answer contains an accepted one ('forget gate')."),
        ("froget gate", None),  # one transposition: accepted, so nothing to suggest
        ("froget gtae", "Close to 'forget gate': a typo?"),
        ("forgte gaet", "Close to 'forget gate': a typo?"),
        ("input gate", None),  # another gate is not a typo
        ("gate", None),  # a part of the answer is not the answer
        ("output", None),
    ],
)
def test_typed_answers(context: QuizContext, answer: str, said: str | None) -> None:
    feedback = _feedback(context, "core.short", answer)
    assert near_miss(feedback) == (said if feedback.correct is False else None)


def test_numbers_within_two_percent(context: QuizContext) -> None:
    assert near_miss(_feedback(context, "core.numeric", "2540")) == (
        "Within 2% of the expected value: rounded another way?"
    )
    assert near_miss(_feedback(context, "core.numeric", "2400")) is None


def test_picks_and_known_wrong_methods_are_never_close(context: QuizContext) -> None:
    assert near_miss(_feedback(context, "core.choice", "b")) is None
    assert near_miss(_feedback(context, "core.spot", "b")) is None  # a pick, not words
    typed = _feedback(context, "core.spot", "missing W_hh matrix")
    assert near_miss(typed) == "Your answer contains an accepted one ('missing W_hh')."
    numeric = _feedback(context, "core.numeric", "2540")
    slip = Diagnosis("m", "the second bias forgotten", "PyTorch keeps two.")
    assert near_miss(msgspec.structs.replace(numeric, diagnosis=slip)) is None
    other = Diagnosis("c", "Keras's count", "One bias.", convention=True)
    assert near_miss(msgspec.structs.replace(numeric, diagnosis=other)) == (
        "It is right under another convention."
    )

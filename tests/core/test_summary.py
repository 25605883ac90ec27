"""The end of a session: right and wrong by kind and topic, the missed questions, when each
comes back."""

from __future__ import annotations

import random

from quizapp.core.context import QuizContext
from quizapp.core.presentation import Feedback
from quizapp.core.session import ReviewSession
from quizapp.core.summary import summarise
from quizapp.store import FixedClock


def test_a_review_session_summarised(context: QuizContext, clock: FixedClock) -> None:
    session = ReviewSession(
        context.catalog.questions,
        context.store,
        clock,
        random.Random(3),
        queue=["core.choice", "core.short", "core.multi"],
    )
    for text in ("a", "input gate", "a, b"):  # right, wrong, right
        session.next_question()
        assert isinstance(session.submit(text), Feedback)
        clock.advance(seconds=30)
    summary = summarise(session.answered, context.catalog, context.store)
    assert (summary.answered, summary.right, summary.wrong) == (3, 2, 1)
    assert [(t.key, t.right, t.wrong) for t in summary.by_kind] == [
        ("choice", 1, 0),
        ("short", 0, 1),
        ("multi", 1, 0),
    ]
    assert summary.by_kind[1].title == "short answer"
    weakest = summary.by_topic[0]
    assert weakest.key == "lstm.gates-roles" and weakest.wrong == 1
    assert weakest.title == context.catalog.topic_title("lstm.gates-roles")
    (missed,) = summary.missed
    assert missed.question_id == "core.short" and missed.answer_given == "input gate"
    assert missed.prompt == "Which gate decides what of c_prev survives?"
    assert missed.expected == "forget gate"
    card = context.store.card("core.short")
    assert card is not None and missed.comes_back == card.due
    assert summary.missed_ids == ["core.short"]
    dues = [due for _, due in summary.comes_back]
    assert len(dues) == 3 and dues == sorted(dues)


def test_a_question_asked_twice_counts_by_its_last_answer(
    context: QuizContext, clock: FixedClock
) -> None:
    session = ReviewSession(
        context.catalog.questions,
        context.store,
        clock,
        random.Random(3),
        queue=["core.short", "core.short"],
        mode="cram",
    )
    for text in ("input gate", "forget gate"):
        session.next_question()
        session.submit(text)
    summary = summarise(session.answered, context.catalog, context.store)
    assert (summary.answered, summary.right) == (1, 1) and summary.missed == ()
    assert summary.comes_back == ()  # practice never schedules

"""The end of a session: right and wrong per kind and topic, misses and when they come back,
and what the session did for the interview day."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import pytest

from quizapp.core.context import QuizContext
from quizapp.core.mock import MockInterview
from quizapp.core.session import Mode, ReviewSession
from quizapp.core.summary import NOT_SCHEDULED, Interview, Tally, comes_back
from quizapp.core.titles import topic_title
from quizapp.store import FixedClock
from tests.helpers import CORE_RIGHT, CORE_WRONG


def _answered(
    context: QuizContext,
    answers: dict[str, str],
    mode: Mode = "review",
    interview_at: datetime | None = None,
) -> ReviewSession:
    session = ReviewSession(
        context.catalog.questions,
        context.store,
        context.clock,
        random.Random(3),
        queue=list(answers),
        mode=mode,
        interview_at=interview_at,
    )
    while (presented := session.next_question()) is not None:
        context.clock.advance(seconds=5)
        if presented.kind == "flashcard":
            session.rate(int(answers[presented.question_id]))
        else:
            session.submit(answers[presented.question_id])
    return session


def _title(context: QuizContext) -> Callable[[str], str]:
    return lambda topic: topic_title(topic, context.catalog.topic_summaries)


def _ids(tallies: Sequence[Tally]) -> list[tuple[str, int, int]]:
    return [(t.label, t.right, t.wrong) for t in tallies]


def test_right_and_wrong_per_kind_and_topic_with_the_misses(
    context: QuizContext, clock: FixedClock
) -> None:
    answers = {
        "core.choice": CORE_RIGHT["core.choice"],
        "core.multi": CORE_WRONG["core.multi"],
        "core.short": CORE_WRONG["core.short"],
        "core.flash": "1",  # forgotten: a miss
        "core.numeric": CORE_RIGHT["core.numeric"],
    }
    session = _answered(context, answers)
    summary = session.summary(context.store, _title(context))
    assert summary.headline == "2 of 5 right" and (summary.right, summary.wrong) == (2, 3)
    assert _ids(summary.per_kind) == [
        ("Single choice", 1, 0),
        ("Multiple choice", 0, 1),
        ("Short answer", 0, 1),
        ("Numeric", 1, 0),
        ("Flashcard", 0, 1),
    ]
    # topic titles from topics.yaml's summaries, not ids; weakest first (ties by size, title)
    assert [(t.label, t.right, t.wrong) for t in summary.per_topic] == [
        ("A gate is a sigmoid layer on [h_{t-1}, x_t]…", 0, 1),
        ("Forget gate f_t, input gate i_t, candidate g_t…", 0, 1),
        ("The cell state C_t is a conveyor belt with…", 0, 1),
        ("C_t = f_t * C_{t-1} + i_t * g_t and h_t = o_t…", 1, 0),
        ("LSTM parameters", 1, 0),
    ]
    assert summary.missed_ids == session.missed == ["core.multi", "core.short", "core.flash"]
    short = summary.missed[1]
    assert short.prompt == "Which gate decides what of c_prev survives?"
    assert short.feedback.answer_given == "input gate" and short.feedback.expected == "forget gate"
    assert short.due is not None and short.due - clock.now() <= timedelta(minutes=10)
    assert short.comes_back.startswith("in ") and "min" in short.comes_back  # relearning step
    assert summary.returns[0][0] == "within a day"
    assert sum(n for _, n in summary.returns) == 5
    assert summary.interview is None


def test_practice_leaves_the_schedule_and_says_so(context: QuizContext) -> None:
    session = _answered(context, {"core.short": "input gate"}, mode="cram")
    interview = Interview(
        context.clock.now() + timedelta(days=6), "in 6 days", tuple(context.catalog.questions)
    )
    summary = session.summary(context.store, _title(context), interview)
    (missed,) = summary.missed
    assert missed.due is None and missed.comes_back == NOT_SCHEDULED
    assert summary.returns == ((NOT_SCHEDULED, 1),)
    effect = summary.interview
    assert effect is not None and not effect.moved
    assert effect.line == (
        "Interview in 6 days: practice and mock answers leave the schedule alone, so projected "
        "recall on the day stays 0% across 7 questions; today's review moves it."
    )


def test_a_review_raises_recall_on_the_interview_day(context: QuizContext) -> None:
    at = context.clock.now() + timedelta(days=6)
    ids = tuple(context.catalog.questions)
    answers = {"core.choice": "a", "core.short": "forget gate"}
    session = _answered(context, answers, interview_at=at)
    summary = session.summary(
        context.store,
        _title(context),
        Interview(at, "in 6 days", ids),
    )
    effect = summary.interview
    assert effect is not None and effect.moved and effect.answered == 2
    after = [context.store.retrievability(qid, at) or 0.0 for qid in answers]
    assert effect.recall_before == 0.0 and effect.recall_after == pytest.approx(sum(after) / 2)
    assert effect.overall_before == pytest.approx(0.0)
    assert effect.overall_after == pytest.approx(sum(after) / len(ids))
    assert effect.line.startswith(
        "Interview in 6 days: projected recall on the day 0% → "
    ) and effect.line.split("; ")[0].endswith(" for these 2")


def test_a_mock_summary_counts_the_unanswered_as_missed(
    context: QuizContext, clock: FixedClock
) -> None:
    mock = MockInterview(
        context.catalog.questions,
        context.store,
        clock,
        random.Random(5),
        length=2,
        topics=["lstm.equations"],
    )
    mock.next_question()
    mock.submit("a")
    report = mock.finish()
    from quizapp.core.summary import summarize

    summary = summarize(
        report.all_feedback,
        mode="mock",
        store=context.store,
        now=clock.now(),
        topic_title=_title(context),
    )
    assert summary.headline == "1 of 2 right" and summary.missed_ids == ["core.short"]
    assert summary.missed[0].feedback.note == "Not answered: not reached: ended early."


@pytest.mark.parametrize(
    ("later", "said"),
    [
        (timedelta(0), "due now"),
        (timedelta(minutes=10), "in 10 min"),
        (timedelta(hours=5), "in 5 h"),
        (timedelta(days=1), "tomorrow"),
        (timedelta(days=4), "in 4 days (Fri 06 Mar)"),
    ],
)
def test_when_a_question_comes_back(clock: FixedClock, later: timedelta, said: str) -> None:
    assert comes_back(clock.now() + later, clock.now()) == said

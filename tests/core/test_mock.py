"""A mock interview: silent grading, follow-ups, a time limit, and the report."""

from __future__ import annotations

import random

import pytest

from quizapp.core.mock import MockAnswer, MockInterview
from quizapp.core.presentation import AnswerProblem
from quizapp.store import FixedClock


def test_mock_interview_to_its_report(context, clock: FixedClock) -> None:
    mock = MockInterview(
        context.catalog.questions,
        context.store,
        clock,
        random.Random(2),
        length=4,
        time_limit_s=600,
    )
    asked = []
    while (presented := mock.next_question()) is not None:
        asked.append(presented.question_id)
        clock.advance(seconds=20)
        mock.set_confidence(4)
        if presented.question_id == "core.choice":
            answer = mock.submit("b")  # wrong, and certain: the costly case
        elif presented.kind == "numeric":
            answer = mock.submit("0, 0" if presented.variant is not None else "2560")
        else:
            answer = mock.submit("z") if presented.options else mock.submit("forget gate")
            if isinstance(answer, AnswerProblem):  # an unreadable pick is asked again
                answer = mock.submit("a")
        assert isinstance(answer, MockAnswer)
        assert answer.feedback is not None  # kept for the report, not shown yet
    assert len(asked) == 4 and "core.flash" not in asked
    report = mock.finish()
    assert len(report.answers) == 4 and report.unanswered == 0
    assert report.per_topic and report.per_topic[0].accuracy <= report.per_topic[-1].accuracy
    assert set(report.weakest_topics) <= {s.topic for s in report.per_topic if s.accuracy < 1}
    assert all(a.seconds == pytest.approx(20) for a in report.answers)
    assert 4 in report.calibration
    assert context.store.card(asked[0]) is None  # mock answers never move the schedule
    assert context.store.total_reviews() == 4


def test_time_limit_ends_the_interview(context, clock: FixedClock) -> None:
    mock = MockInterview(
        context.catalog.questions,
        context.store,
        clock,
        random.Random(0),
        length=5,
        time_limit_s=30,
    )
    assert mock.next_question() is not None
    clock.advance(seconds=31)
    mock.submit("a") if mock.current.options else mock.submit("1")
    assert mock.next_question() is None
    report = mock.finish()
    assert report.timed_out and report.unanswered == 4


def test_topics_restrict_the_questions(context, clock: FixedClock) -> None:
    mock = MockInterview(
        context.catalog.questions,
        context.store,
        clock,
        random.Random(0),
        length=3,
        topics=["lstm.param-count"],
    )
    assert mock.next_question().question_id == "core.numeric"
    with pytest.raises(ValueError, match="no interview questions"):
        MockInterview(
            context.catalog.questions,
            context.store,
            clock,
            random.Random(0),
            topics=["nope"],
        )


def test_the_interviewer_follows_up(context, clock: FixedClock) -> None:
    mock = MockInterview(
        context.catalog.questions,
        context.store,
        clock,
        random.Random(0),
        length=2,
        topics=["lstm.equations"],
    )
    assert mock.next_question().question_id == "core.choice"
    mock.submit("a")
    follow_up = mock.next_question()
    assert follow_up is not None and follow_up.question_id == "core.short"
    mock.submit("forget gate")
    assert mock.finish().answers[1].follow_up_of == "core.choice"

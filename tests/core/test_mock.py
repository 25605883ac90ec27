"""A mock interview: silent grading, follow-ups, a time limit, and the report."""

from __future__ import annotations

import random

import pytest

from quizapp.core.context import QuizContext
from quizapp.core.formatting import format_answer
from quizapp.core.mock import MockAnswer, MockInterview
from quizapp.core.presentation import AnswerProblem, PresentedQuestion
from quizapp.store import FixedClock
from tests.helpers import CORE_RIGHT, CORE_WRONG


def test_mock_interview_to_its_report(context: QuizContext, clock: FixedClock) -> None:
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
    assert len(report.answers) == 4 and report.unanswered == ()
    assert report.per_topic and report.per_topic[0].accuracy <= report.per_topic[-1].accuracy
    assert set(report.weakest_topics) <= {s.topic for s in report.per_topic if s.accuracy < 1}
    assert all(a.seconds == pytest.approx(20) for a in report.answers)
    assert 4 in report.calibration
    assert context.store.card(asked[0]) is None  # mock answers never move the schedule
    assert context.store.total_reviews() == 4


def test_time_limit_ends_the_interview(context: QuizContext, clock: FixedClock) -> None:
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
    assert report.timed_out and len(report.unanswered) == 4
    assert report.score_line.endswith("of 5 right (4 not answered, counted wrong)")
    assert {u.reason for u in report.unanswered} == {"not reached: time ran out"}


def test_topics_restrict_the_questions(context: QuizContext, clock: FixedClock) -> None:
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


def test_the_interviewer_follows_up(context: QuizContext, clock: FixedClock) -> None:
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


def test_calibration_per_confidence_level(context: QuizContext, clock: FixedClock) -> None:
    mock = MockInterview(
        context.catalog.questions,
        context.store,
        clock,
        random.Random(3),
        length=5,
        topics=[
            "lstm.equations",
            "gates.definition",
            "lstm.gates-roles",
            "lstm.param-count",
            "gru.candidate",
        ],  # not the drill, whose variant has no fixed answer
    )
    # (confidence, right?) per answer, in the order asked
    plan = [(4, False), (3, True), (1, True), (None, False), (3, False)]
    asked = []
    for confidence, right in plan:
        presented = mock.next_question()
        assert presented is not None
        asked.append(presented.question_id)
        if confidence is not None:
            mock.set_confidence(confidence)
        answers = CORE_RIGHT if right else CORE_WRONG
        result = mock.submit(answers[presented.question_id])
        assert isinstance(result, MockAnswer) and result.feedback.correct is right
        assert result.confidence == confidence
    report = mock.finish()
    rows = {row.level: row for row in report.calibration_rows}
    assert [row.label for row in report.calibration_rows] == [
        "guessing",
        "unsure",
        "fairly sure",
        "certain",
    ]
    assert (rows[1].answers, rows[1].correct, rows[1].accuracy) == (1, 1, 1.0)
    assert (rows[2].answers, rows[2].accuracy) == (0, None)
    assert (rows[3].answers, rows[3].correct, rows[3].accuracy) == (2, 1, 0.5)
    assert (rows[4].answers, rows[4].correct, rows[4].accuracy) == (1, 0, 0.0)
    assert report.rated == 4 and report.unrated == 1
    assert report.sure_and_wrong == 2
    assert [a.feedback.question_id for a in report.confident_and_wrong] == [asked[0], asked[4]]
    assert report.calibration_line == (
        "When sure you were right 1 of 3 (33%) · 2 sure and wrong · 1 answer without a confidence"
    )


def test_confidence_is_per_question_and_validated(context: QuizContext, clock: FixedClock) -> None:
    mock = MockInterview(
        context.catalog.questions, context.store, clock, random.Random(0), length=2
    )
    with pytest.raises(ValueError, match="1-4"):
        mock.set_confidence(5)
    first = mock.next_question()
    mock.set_confidence(2)
    mock.submit(CORE_RIGHT.get(first.question_id, "1"))
    second = mock.next_question()
    mock.submit(CORE_RIGHT.get(second.question_id, "1"))  # no level said: None, not the last one
    report = mock.finish()
    assert [a.confidence for a in report.answers] == [2, None]
    assert report.unrated == 1 and report.sure_and_wrong == 0
    assert (
        MockInterview(context.catalog.questions, context.store, clock, random.Random(0), length=1)
        .finish()
        .calibration_line.startswith("No confidence given")
    )


def _mock(
    context: QuizContext,
    clock: FixedClock,
    *,
    length: int = 3,
    topics: list[str] | None = None,
) -> MockInterview:
    return MockInterview(
        context.catalog.questions,
        context.store,
        clock,
        random.Random(5),
        length=length,
        topics=topics,
        time_limit_s=60.0,
    )


def _answer_for(presented: PresentedQuestion) -> str:
    if presented.question_id in CORE_RIGHT:
        return CORE_RIGHT[presented.question_id]
    assert presented.variant is not None  # the drill: its drawn answer
    return format_answer(presented.variant.answer)


def test_time_up_grades_what_was_typed_as_submitted(
    context: QuizContext, clock: FixedClock
) -> None:
    mock = _mock(context, clock)
    presented = mock.next_question()
    assert presented is not None
    clock.advance(seconds=61)
    report = mock.finish(typed=_answer_for(presented))
    assert report.timed_out and not report.ended_early
    assert [a.feedback.question_id for a in report.answers] == [presented.question_id]
    assert report.answers[0].feedback.correct is True
    assert report.total == 3 and report.correct == 1
    assert report.score_line == "1 of 3 right (2 not answered, counted wrong)"
    assert context.store.total_reviews() == 1  # the typed answer is logged; the others are not
    assert report.total_seconds == 60.0  # the limit, not the moment the report was made


def test_time_up_with_nothing_typed_counts_the_question_wrong_and_lists_it(
    context: QuizContext, clock: FixedClock
) -> None:
    mock = _mock(context, clock, length=2)
    first = mock.next_question()
    assert first is not None
    mock.submit(_answer_for(first))
    second = mock.next_question()
    assert second is not None
    clock.advance(seconds=61)
    report = mock.finish(typed="   ")
    assert report.score_line == "1 of 2 right (1 not answered, counted wrong)"
    (missing,) = report.unanswered
    assert missing.feedback.question_id == second.question_id
    assert missing.reason == "time ran out before an answer"
    assert missing.feedback.correct is False and missing.feedback.expected
    assert missing.feedback.note == "Not answered: time ran out before an answer."
    assert [f.question_id for f in report.all_feedback] == [first.question_id, second.question_id]
    topics = {s.topic: (s.correct, s.total) for s in report.per_topic}
    for topic in second.question.topics:
        assert topics[topic][1] >= 1  # the unanswered question counts in its topics


def test_an_unreadable_answer_at_the_end_is_kept_and_counted_wrong(
    context: QuizContext, clock: FixedClock
) -> None:
    mock = _mock(context, clock, length=1, topics=["lstm.param-count"])
    assert mock.next_question() is not None
    report = mock.finish(typed="two thousand")
    (missing,) = report.unanswered
    assert missing.typed == "two thousand" and missing.feedback.answer_given == "two thousand"
    assert missing.reason.startswith("ended early; what was typed could not be read (")
    assert report.ended_early and context.store.total_reviews() == 0


def test_ending_early_lists_what_would_have_come_next(
    context: QuizContext, clock: FixedClock
) -> None:
    mock = _mock(context, clock, length=2, topics=["lstm.equations"])
    opener = mock.next_question()
    assert opener is not None and opener.question_id == "core.choice"
    mock.submit("a")
    report = mock.finish()  # the follow-up was pending, never shown
    assert [u.feedback.question_id for u in report.unanswered] == ["core.short"]
    assert report.unanswered[0].reason == "not reached: ended early"
    assert report.ended_early


def test_the_length_is_what_can_be_asked(context: QuizContext, clock: FixedClock) -> None:
    """One question (and no follow-ups) in the topic: a mock of 3 is a mock of 1."""
    mock = _mock(context, clock, length=3, topics=["lstm.param-count"])
    assert mock.length == 1
    presented = mock.next_question()
    assert presented is not None
    mock.submit("2560")
    assert mock.next_question() is None
    report = mock.finish()
    assert report.unanswered == () and report.score_line == "1 of 1 right"


def test_readable_says_why_without_recording(context: QuizContext, clock: FixedClock) -> None:
    mock = _mock(context, clock, length=1, topics=["lstm.param-count"])
    mock.next_question()
    problem = mock.readable("lots")
    assert isinstance(problem, AnswerProblem)
    assert mock.readable("2560") is None
    assert context.store.total_reviews() == 0 and not mock.answers

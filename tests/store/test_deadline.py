"""The interview date in the schedule: no interval past the date, every question in time, plain
FSRS again from the day on, and a setting to switch it off."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from quizapp.core.context import QuizContext
from quizapp.store import AnswerRecord, FixedClock, Store
from quizapp.store.deadline import (
    MAX_NEW_PER_DAY,
    Deadline,
    day_start,
    new_per_day_needed,
    todays_new_per_day,
)
from quizapp.store.records import Settings
from tests.helpers import START, record_answer

DAY = date(2026, 3, 9)  # the interview, seven days after START (2026-03-02 09:00 UTC)


def _set(context: QuizContext, day: date | None, *, fit: bool = True) -> None:
    settings = context.store.settings
    settings.interview_date = day.isoformat() if day else None
    settings.fit_to_interview = fit
    context.store.save_settings(settings)


def test_no_interval_ends_after_the_date() -> None:
    deadline = Deadline(DAY)
    last = day_start(date(2026, 3, 8))
    far = datetime(2026, 4, 1, tzinfo=UTC)
    assert deadline.due_for(far, START) == last  # the card comes back on the last study day
    near = datetime(2026, 3, 5, 9, tzinfo=UTC)
    assert deadline.due_for(near, START) == near  # due before it: FSRS's own date
    on_last = datetime(2026, 3, 8, 10, tzinfo=UTC)
    assert deadline.due_for(far, on_last) == far  # answered on the last study day: plain FSRS


def test_the_new_count_is_fitted_to_the_days_left() -> None:
    deadline = Deadline(DAY)
    assert deadline.new_per_day(380, START) == 64 == new_per_day_needed(380, 7)  # 6 new days
    assert deadline.new_per_day(5, START) == 1  # lowered too
    assert deadline.new_per_day(10, datetime(2026, 3, 8, 9, tzinfo=UTC)) == 10  # tomorrow: all
    assert deadline.new_per_day(10_000, START) == MAX_NEW_PER_DAY
    assert deadline.new_per_day(10, datetime(2026, 3, 9, 8, tzinfo=UTC)) is None  # the day
    assert deadline.new_per_day(10, datetime(2026, 3, 12, tzinfo=UTC)) is None  # after it


def test_the_setting_switches_it_off_and_a_bad_date_is_no_deadline() -> None:
    settings = Settings(interview_date=DAY.isoformat(), new_per_day=20)
    assert Deadline.from_settings(settings) == Deadline(DAY)
    assert todays_new_per_day(settings, 380, START) == 64
    settings.fit_to_interview = False
    assert Deadline.from_settings(settings) is None
    assert todays_new_per_day(settings, 380, START) == 20
    assert Deadline.from_settings(Settings(interview_date="soon")) is None
    assert Deadline.from_settings(Settings()) is None


def test_an_easy_answer_on_day_one_comes_back_before_the_interview(
    context: QuizContext, clock: FixedClock
) -> None:
    """The issue's case: rated Easy on day 1, the card came back the day after the date."""
    _set(context, DAY)
    record_answer(context, "core.choice", rating=4)
    card = context.store.card("core.choice")
    assert card is not None and card.due == day_start(date(2026, 3, 8))
    _set(context, None)  # the same answer with no date: FSRS's own interval, past the day
    context.store.undo(_last_review(context))
    record_answer(context, "core.choice", rating=4)
    plain = context.store.card("core.choice")
    assert plain is not None and plain.due.date() > DAY


def test_after_the_date_the_schedule_is_plain_fsrs(
    context: QuizContext, clock: FixedClock, tmp_path: Path
) -> None:
    _set(context, DAY)
    clock.set(datetime(2026, 3, 10, 9, tzinfo=UTC))
    record_answer(context, "core.choice", rating=4)
    after = context.store.card("core.choice")
    with Store.open(tmp_path / "plain", FixedClock(clock.now())) as plain:
        plain.record_answer(_copy_of_last(context))
        expected = plain.card("core.choice")
    assert after is not None and expected is not None and after.due == expected.due


def test_setting_a_date_brings_cards_scheduled_past_it_back_in_time(
    context: QuizContext, clock: FixedClock
) -> None:
    record_answer(context, "core.choice", rating=4)  # no date yet: days away
    before = context.store.card("core.choice")
    assert before is not None and before.due > day_start(date(2026, 3, 4))
    _set(context, date(2026, 3, 5))
    card = context.store.card("core.choice")
    assert card is not None and card.due == day_start(date(2026, 3, 4))


def test_todays_queue_introduces_the_fitted_count(context: QuizContext, clock: FixedClock) -> None:
    settings = context.store.settings
    settings.new_per_day = 1
    context.store.save_settings(settings)
    ids = list(context.catalog.questions)
    assert len(context.store.due_queue(ids)) == 1
    _set(context, date(2026, 3, 4))  # in two days: one day for new questions, then reviews
    assert len(context.store.due_queue(ids)) == len(ids)
    _set(context, date(2026, 3, 4), fit=False)
    assert len(context.store.due_queue(ids)) == 1


@pytest.mark.parametrize("value", [1, "yes", None])
def test_fit_to_interview_must_be_a_flag(context: QuizContext, value: object) -> None:
    settings = context.store.settings
    settings.fit_to_interview = value  # type: ignore[assignment]
    with pytest.raises(ValueError, match="true or false"):
        context.store.save_settings(settings)


# -- helpers ------------------------------------------------------------------------------
def _last_review(context: QuizContext) -> int:
    (review_id,) = context.store.connection.execute("SELECT max(id) FROM reviews").fetchone()
    return int(review_id)


def _copy_of_last(context: QuizContext) -> AnswerRecord:
    """The answer ``record_answer(context, "core.choice", rating=4)`` gave, for another store."""
    return AnswerRecord(
        time=context.clock.now(),
        question_id="core.choice",
        bank_id="core",
        content_hash="h",
        variant_seed=None,
        answer_given="x",
        correct=True,
        rating=4,
        duration_ms=4000,
    )

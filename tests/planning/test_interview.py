"""The interview-date planner: fsrs projections on the day, readiness, load and today's effect."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Card, Rating

from quizapp.core.context import QuizContext
from quizapp.planning import interview as planner
from quizapp.store import FixedClock
from tests.helpers import record_answer

QUESTIONS = 7  # in CORE_BANK
AT_9 = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)  # the interview moment for 2026-03-12


def set_date(context: QuizContext, value: str | None) -> None:
    settings = context.store.settings
    settings.interview_date = value
    context.store.save_settings(settings)


def test_no_date_is_a_clear_result(context: QuizContext) -> None:
    result = planner.plan(context.catalog, context.store, context.clock)
    assert result.status == "no_date" and not result.has_projection
    assert "Settings" in result.message and "YYYY-MM-DD" in result.message
    assert planner.today_line(context.catalog, context.store, context.clock) is None


def test_a_past_date_says_so(context: QuizContext) -> None:
    set_date(context, "2026-02-27")  # the clock is 2026-03-02
    result = planner.plan(context.catalog, context.store, context.clock)
    assert result.status == "past" and result.days_left == -3
    assert "has passed" in result.message and "3 days ago" in result.message
    line = planner.today_line(context.catalog, context.store, context.clock)
    assert line is not None and "has passed" in line


def test_an_unreadable_stored_date_is_reported(context: QuizContext) -> None:
    set_date(context, "next friday")
    result = planner.plan(context.catalog, context.store, context.clock)
    assert result.status == "invalid" and "YYYY-MM-DD" in result.message


def test_parse_interview_date() -> None:
    assert planner.parse_interview_date(" 2026-04-15 ") == date(2026, 4, 15)
    assert planner.parse_interview_date("") is None
    assert planner.parse_interview_date(None) is None
    for bad in ("2026-13-01", "15/04/2026", "soon"):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            planner.parse_interview_date(bad)


def test_projection_is_fsrs_retrievability_at_the_date(
    context: QuizContext, clock: FixedClock
) -> None:
    record_answer(context, "core.choice")  # Good, then Good again after the learning step
    clock.advance(minutes=10)
    record_answer(context, "core.choice")
    record_answer(context, "core.multi", rating=1)  # Again
    clock.advance(days=1)
    record_answer(context, "core.short")
    set_date(context, "2026-03-12")
    result = planner.plan(context.catalog, context.store, clock)
    assert result.status == "ready" and result.interview_at == AT_9
    scheduler = context.store.scheduler
    studied = ("core.choice", "core.multi", "core.short")
    for qid in studied:
        card = context.store.fsrs_card(qid)
        expected = scheduler.get_card_retrievability(card, AT_9)  # type: ignore[arg-type]
        assert 0 < expected < 1
        assert result.recall[qid] == pytest.approx(expected)
        assert context.store.retrievability(qid, AT_9) == pytest.approx(expected)
    # unseen questions count as 0 recall, and are counted
    assert result.unseen == QUESTIONS - 3 and result.total == QUESTIONS
    assert all(result.recall[qid] == 0 for qid in result.recall if qid not in studied)
    assert result.overall_recall == pytest.approx(sum(result.recall.values()) / QUESTIONS)
    by_topic = {t.topic: t for t in result.topics}
    equations = by_topic["lstm.equations"]  # core.choice only
    assert equations.expected_recall == pytest.approx(result.recall["core.choice"])
    assert equations.unseen == 0 and equations.questions == 1
    assert by_topic["lstm.param-count"].unseen == 1
    assert by_topic["lstm.param-count"].expected_recall == 0
    # readiness: projected recall at least the desired retention
    target = context.store.settings.desired_retention
    assert equations.ready == int(result.recall["core.choice"] >= target)
    ready = sum(1 for v in result.recall.values() if v >= target)
    assert result.overall_readiness == pytest.approx(ready / QUESTIONS)
    # weakest first
    recalls = [t.expected_recall for t in result.topics]
    assert recalls == sorted(recalls)


def test_days_left_and_daily_load(context: QuizContext, clock: FixedClock) -> None:
    set_date(context, "2026-03-12")  # clock: 2026-03-02 09:00
    result = planner.plan(context.catalog, context.store, clock)
    assert result.days_left == 10
    load = result.load
    assert load is not None and load.feasible
    assert load.new_days == 9 and load.new_per_day == math.ceil(QUESTIONS / 9) == 1
    assert "until 2026-03-10" in load.message and "the schedule does it" in load.message
    assert load.fitted and not load.raise_advised
    assert len(load.reviews_by_day) == 10 and load.reviews_before == 0

    clock.set(datetime(2026, 3, 11, 23, 30, tzinfo=UTC))  # late the day before
    result = planner.plan(context.catalog, context.store, clock)
    assert result.days_left == 1 and result.load.new_per_day == QUESTIONS
    assert planner.days_phrase(1) == "tomorrow"

    clock.set(datetime(2026, 3, 12, 7, 0, tzinfo=UTC))
    result = planner.plan(context.catalog, context.store, clock)
    assert result.days_left == 0 and not result.load.feasible
    assert "interview is today" in result.load.message


def test_daily_load_arithmetic() -> None:
    assert planner.new_per_day_needed(0, 5) == 0
    assert planner.new_per_day_needed(100, 11) == 10
    assert planner.new_per_day_needed(101, 11) == 11
    assert planner.new_per_day_needed(7, 1) == 7  # tomorrow: all of them today
    assert planner.new_per_day_needed(7, 2) == 7


def test_load_beyond_the_cap_cannot_be_done(
    context: QuizContext, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(planner, "MAX_NEW_PER_DAY", 2)
    set_date(context, "2026-03-05")  # 3 days left, 2 for new questions: 4 a day needed
    load = planner.plan(context.catalog, context.store, clock).load
    assert load.new_per_day == 4 and not load.feasible
    assert "Cannot be done" in load.message and "see 4" in load.message


def test_a_low_setting_is_told_to_rise(context: QuizContext, clock: FixedClock) -> None:
    settings = context.store.settings
    settings.new_per_day = 1
    settings.interview_date = "2026-03-05"
    settings.fit_to_interview = False  # the schedule keeps the setting: the plan advises
    context.store.save_settings(settings)
    load = planner.plan(context.catalog, context.store, clock).load
    assert load.feasible and load.new_per_day == 4 and load.raise_advised
    assert "raise New questions per day from 1 to 4" in load.message


def test_reviews_due_before_the_date_by_day(context: QuizContext, clock: FixedClock) -> None:
    record_answer(context, "core.choice")
    clock.advance(minutes=10)
    record_answer(context, "core.choice")  # graduates: due in a few days
    record_answer(context, "core.multi", rating=1)  # due again in minutes: today
    due = context.store.card("core.choice").due
    set_date(context, "2026-03-12")
    load = planner.plan(context.catalog, context.store, clock).load
    expected = [0] * 10
    expected[0] += 1
    expected[(due.date() - clock.now().date()).days] += 1
    assert list(load.reviews_by_day) == expected
    assert load.reviews_before == 2 and load.reviews_per_day == 1

    set_date(context, "2026-03-03")  # tomorrow: the graduated card falls after it
    assert due == datetime(2026, 3, 4, 9, 10, tzinfo=UTC)  # pinned: no fuzz
    load = planner.plan(context.catalog, context.store, clock).load
    assert load.reviews_by_day == (1,)


def test_todays_session_is_projected_with_fsrs(context: QuizContext, clock: FixedClock) -> None:
    record_answer(context, "core.choice", rating=1)
    clock.advance(minutes=30)  # core.choice is due again
    settings = context.store.settings
    settings.new_per_day = 2
    settings.interview_date = "2026-03-12"
    settings.fit_to_interview = False  # today's new count is the setting's
    context.store.save_settings(settings)
    result = planner.plan(context.catalog, context.store, clock)
    effect = result.today
    assert effect.reviews == 1 and effect.new == 1  # one new already introduced today
    scheduler = context.store.scheduler
    now = clock.now()
    studied = context.store.fsrs_card("core.choice")
    assert studied is not None
    reviewed, _ = scheduler.review_card(studied, Rating.Good, now)
    fresh, _ = scheduler.review_card(Card(card_id=1, due=now), Rating.Good, now)
    queue = context.store.due_queue(list(context.catalog.questions), now)
    new_id = next(qid for qid in queue if qid != "core.choice")
    after = dict(result.recall)
    after["core.choice"] = scheduler.get_card_retrievability(reviewed, AT_9)
    after[new_id] = scheduler.get_card_retrievability(fresh, AT_9)
    assert effect.recall_without == pytest.approx(result.overall_recall)
    assert effect.recall_with == pytest.approx(sum(after.values()) / QUESTIONS)
    assert effect.recall_with > effect.recall_without
    line = planner.today_line(context.catalog, context.store, clock)
    assert line == (
        f"Interview in 10 days: projected recall {effect.recall_without:.0%} → "
        f"{effect.recall_with:.0%} after today's session (1 review, 1 new)"
    )


def test_nothing_to_do_today(context: QuizContext, clock: FixedClock) -> None:
    settings = context.store.settings
    settings.new_per_day = 0
    settings.interview_date = (clock.now().date() + timedelta(days=2)).isoformat()
    settings.fit_to_interview = False
    context.store.save_settings(settings)
    line = planner.today_line(context.catalog, context.store, clock)
    assert line == "Interview in 2 days: projected recall 0% · nothing to do in today's session"

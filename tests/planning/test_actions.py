"""The planner's recommendations as operations: raise the new count, practise the weakest
topics, cram what is below target on the last day."""

from __future__ import annotations

from datetime import UTC, datetime

from quizapp.core.context import QuizContext
from quizapp.planning import actions
from quizapp.planning import interview as planner
from quizapp.store import FixedClock
from tests.helpers import record_answer


def _settings(context: QuizContext, *, day: str, new: int = 20, fit: bool = True) -> None:
    settings = context.store.settings
    settings.interview_date = day
    settings.new_per_day = new
    settings.fit_to_interview = fit
    context.store.save_settings(settings)


def test_raise_the_new_count_is_offered_and_applied(context: QuizContext) -> None:
    _settings(context, day="2026-03-05", new=1, fit=False)  # 7 unseen, 2 new days: 4 a day
    plan = planner.plan(context.catalog, context.store, context.clock)
    offered = actions.plan_actions(plan, context.catalog)
    assert offered[0].kind == "raise_new" and "from 1 to 4" in offered[0].label
    assert actions.raise_new_per_day(context.store, plan) == 4
    assert context.store.settings.new_per_day == 4
    plan = planner.plan(context.catalog, context.store, context.clock)
    assert "raise_new" not in {a.kind for a in actions.plan_actions(plan, context.catalog)}


def test_with_the_schedule_fitted_there_is_nothing_to_raise(context: QuizContext) -> None:
    _settings(context, day="2026-03-05", new=1)
    plan = planner.plan(context.catalog, context.store, context.clock)
    kinds = [a.kind for a in actions.plan_actions(plan, context.catalog)]
    assert "raise_new" not in kinds and kinds == ["practise_weakest"]


def test_weakest_topics_with_no_history_follow_the_syllabus(context: QuizContext) -> None:
    _settings(context, day="2026-03-12")
    plan = planner.plan(context.catalog, context.store, context.clock)
    rank = {topic: k for k, topic in enumerate(context.catalog.syllabus)}
    weakest = [t.topic for t in plan.topics]
    assert weakest == sorted(weakest, key=lambda t: rank.get(t, len(rank)))  # not alphabetical
    assert plan.topics[0].title == context.catalog.topic_title(plan.topics[0].topic)
    queue = actions.weakest_topics_queue(plan, context.catalog)
    by_topic = context.catalog.questions_by_topic()
    expected = {q for t in plan.topics[: actions.WEAKEST] for q in by_topic[t.topic]}
    assert set(queue) == expected and len(queue) == len(expected)


def test_weakest_questions_come_lowest_recall_first(
    context: QuizContext, clock: FixedClock
) -> None:
    record_answer(context, "core.multi", rating=1)
    _settings(context, day="2026-03-12")
    plan = planner.plan(context.catalog, context.store, clock)
    queue = actions.weakest_topics_queue(plan, context.catalog, topics=len(plan.topics))
    recalls = [plan.recall[q] for q in queue]
    assert recalls == sorted(recalls)


def test_cram_below_target_on_the_last_day(context: QuizContext, clock: FixedClock) -> None:
    record_answer(context, "core.choice", rating=3)
    record_answer(context, "core.multi", rating=1)
    _settings(context, day="2026-03-12")
    plan = planner.plan(context.catalog, context.store, clock)
    assert "cram_below_target" not in {a.kind for a in actions.plan_actions(plan, context.catalog)}
    clock.set(datetime(2026, 3, 11, 18, tzinfo=UTC))  # the day before
    plan = planner.plan(context.catalog, context.store, clock)
    below = actions.below_target_queue(plan)
    assert below and all(0 < plan.recall[q] < plan.desired_retention for q in below)
    recalls = [plan.recall[q] for q in below]
    assert recalls == sorted(recalls)
    cram = [a for a in actions.plan_actions(plan, context.catalog) if a.kind == "cram_below_target"]
    assert cram and cram[0].questions == len(below)
    assert f"{len(below)} question" in cram[0].label


def test_no_date_no_actions(context: QuizContext) -> None:
    plan = planner.plan(context.catalog, context.store, context.clock)
    assert actions.plan_actions(plan, context.catalog) == ()

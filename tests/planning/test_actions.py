"""The planner's recommended actions: when each is offered, and what it holds."""

from __future__ import annotations

import pytest

from quizapp.core.context import QuizContext
from quizapp.planning import interview as planner
from quizapp.planning.actions import PlanAction, apply_new_per_day, recommended
from tests.helpers import record_answer


def actions(context: QuizContext, day: str, new_per_day: int = 20) -> dict[str, PlanAction]:
    settings = context.store.settings
    settings.interview_date = day
    settings.new_per_day = new_per_day
    context.store.save_settings(settings)
    plan = planner.plan(context.catalog, context.store, context.clock)
    return {a.kind: a for a in recommended(plan, context.store.settings, context.catalog)}


def test_no_date_no_actions(context: QuizContext) -> None:
    plan = planner.plan(context.catalog, context.store, context.clock)
    assert recommended(plan, context.store.settings, context.catalog) == ()


def test_raise_new_is_offered_only_when_the_setting_falls_short(context: QuizContext) -> None:
    # 7 unseen, interview in 3 days: 2 days for new questions, 4 a day
    assert actions(context, "2026-03-05", new_per_day=2)["raise_new"].new_per_day == 4
    assert "raise_new" not in actions(context, "2026-03-05", new_per_day=4)
    applied = apply_new_per_day(context.store, PlanAction("raise_new", new_per_day=4))
    assert applied.new_per_day == context.store.settings.new_per_day == 4
    with pytest.raises(ValueError, match="raise_new"):
        apply_new_per_day(context.store, PlanAction("weakest"))


def test_the_weakest_need_history_and_hold_fading_questions_lowest_first(
    context: QuizContext,
) -> None:
    assert "weakest" not in actions(context, "2026-03-09")  # nothing studied: no weakest
    record_answer(context, "core.choice", 1)  # lstm.equations, forgotten
    record_answer(context, "core.short", 4)  # lstm.gates-roles, easy: ready on the day?
    record_answer(context, "core.multi", 2)  # gates.definition, hard
    weakest = actions(context, "2026-03-09")["weakest"]
    plan = planner.plan(context.catalog, context.store, context.clock)
    recall = [plan.recall[q] for q in weakest.question_ids]
    assert set(weakest.question_ids) <= {"core.choice", "core.short", "core.multi"}
    assert all(0 < r < plan.desired_retention for r in recall)
    assert weakest.question_ids[0] == "core.choice"
    assert recall == sorted(recall)  # lowest projected recall first
    assert len(weakest.topics) <= 3


def test_cram_on_the_last_day_only_studied_first(context: QuizContext) -> None:
    record_answer(context, "core.numeric", 1)
    assert "cram" not in actions(context, "2026-03-05")  # three days out: not yet
    cram = actions(context, "2026-03-03")["cram"]  # tomorrow
    assert cram.question_ids[0] == "core.numeric"
    assert set(cram.question_ids) == set(context.catalog.questions)
    assert "cram" in actions(context, "2026-03-02")  # and on the day itself


def test_raise_new_says_when_even_the_most_does_not_cover_them_all(
    context: QuizContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizapp.planning import actions as actions_module

    raised = actions(context, "2026-03-03", new_per_day=1)["raise_new"]  # 7 unseen, 1 day
    assert raised.covers_all and raised.new_per_day == 7
    monkeypatch.setattr(planner, "MAX_NEW_PER_DAY", 3)  # the plan's limit ...
    monkeypatch.setattr(actions_module, "MAX_NEW_PER_DAY", 3)  # ... and the action's
    capped = actions(context, "2026-03-03", new_per_day=1)["raise_new"]
    assert capped.new_per_day == 3 and not capped.covers_all

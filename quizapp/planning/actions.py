"""What the planner recommends, as actions the learner can take with one key.

Each action is worked out from a ``Plan`` (``quizapp.planning.interview``) and is plain data:
the planner screen offers it, and ``apply_new_per_day`` or a practice session over its
``question_ids`` carries it out. The rules:

- **Raise the new count**: offered when the daily load needs more new questions a day than the
  setting gives; applying it saves the needed count (at most ``MAX_NEW_PER_DAY``, and then it
  says it does not cover them all) in Settings.
- **Practise the weakest topics**: the ``WEAKEST`` topics of lowest projected recall among those
  with at least one question studied (with no history there is no weakest topic: today's
  review introduces new questions instead), their studied questions below the target recall,
  lowest first. A practice session: logged, the schedule left alone.
- **Cram what is below target**: offered on the last study day and on the interview day; every
  question whose projected recall on the day is below the target, studied ones first (lowest
  first), then the unseen ones in catalog order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from quizapp.core.catalog import Catalog
from quizapp.planning.interview import MAX_NEW_PER_DAY, Plan
from quizapp.store import Settings, Store

WEAKEST = 3  # topics practised at once: enough to matter, few enough for one sitting
ActionKind = Literal["raise_new", "weakest", "cram"]


@dataclass(frozen=True)
class PlanAction:
    kind: ActionKind
    new_per_day: int | None = None  # raise_new: the count to save
    covers_all: bool = True  # raise_new: False when even that count cannot introduce them all
    topics: tuple[str, ...] = ()  # weakest: the topic ids, weakest first
    question_ids: tuple[str, ...] = ()  # weakest, cram: the practice queue, in order


def recommended(plan: Plan, settings: Settings, catalog: Catalog) -> tuple[PlanAction, ...]:
    """The actions this plan calls for, in the order the planner lists them."""
    if not plan.has_projection:
        return ()
    actions: list[PlanAction] = []
    load = plan.load
    if load is not None and plan.unseen and load.new_per_day > settings.new_per_day:
        wanted = min(load.new_per_day, MAX_NEW_PER_DAY)
        if wanted > settings.new_per_day:
            actions.append(PlanAction("raise_new", new_per_day=wanted, covers_all=load.feasible))
    weakest = _weakest(plan, catalog)
    if weakest is not None:
        actions.append(weakest)
    if plan.days_left <= 1:
        below = _below_target(plan, list(catalog.questions))
        if below:
            actions.append(PlanAction("cram", question_ids=tuple(below)))
    return tuple(actions)


def apply_new_per_day(store: Store, action: PlanAction) -> Settings:
    """Save the raised new count; the next review's queue uses it."""
    if action.kind != "raise_new" or action.new_per_day is None:
        raise ValueError("only a raise_new action sets the new count")
    settings = replace(store.settings, new_per_day=action.new_per_day)
    store.save_settings(settings)
    return settings


def _weakest(plan: Plan, catalog: Catalog) -> PlanAction | None:
    by_topic = catalog.questions_by_topic()
    target = plan.desired_retention
    chosen: list[str] = []
    queue: list[str] = []
    for topic in plan.topics:  # weakest first
        if topic.unseen == topic.questions or topic.ready == topic.questions:
            continue
        members = by_topic.get(topic.topic, [])
        fading = [q for q in members if 0.0 < plan.recall.get(q, 0.0) < target]
        if not fading:
            continue
        chosen.append(topic.topic)
        queue += sorted((q for q in fading if q not in queue), key=lambda q: plan.recall[q])
        if len(chosen) == WEAKEST:
            break
    if not chosen:
        return None
    return PlanAction("weakest", topics=tuple(chosen), question_ids=tuple(queue))


def _below_target(plan: Plan, question_ids: list[str]) -> list[str]:
    target = plan.desired_retention
    studied = [q for q in question_ids if 0.0 < plan.recall.get(q, 0.0) < target]
    unseen = [q for q in question_ids if plan.recall.get(q, 0.0) == 0.0]
    return sorted(studied, key=lambda q: plan.recall[q]) + unseen

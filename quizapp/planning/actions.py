"""What the planner recommends, as operations the planner screen binds to keys.

A ``Plan`` says what the week needs; ``plan_actions`` turns it into the few things the learner
can do about it right now, each one call away:

- **Raise the new count** (``raise_new_per_day``): offered when the interview date does not
  fit the schedule itself (``Settings.fit_to_interview`` off) and the setting is below what
  sees every question in time; it saves that count as the setting.
- **Practise the weakest topics** (``weakest_topics_queue``): a practice (cram) session over
  the questions of the ``WEAKEST`` topics with the lowest projected recall, lowest first; the
  schedule is left alone. With no history the weakest are the first of the syllabus.
- **Cram what is below target** (``below_target_queue``): on the last study day and the
  interview day, every question seen whose projected recall is below the desired retention,
  lowest first, as a practice session.

Each queue is a list of question ids for ``ReviewSession(..., queue=..., mode="cram")``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from quizapp.core.catalog import Catalog
from quizapp.core.formatting import count_of
from quizapp.planning.interview import Plan
from quizapp.store import Store

WEAKEST = 3  # topics in a "practise the weakest topics" session
ActionKind = Literal["raise_new", "practise_weakest", "cram_below_target"]


@dataclass(frozen=True)
class PlanAction:
    """One thing the planner offers: what it does, in a line for the key bar's neighbour."""

    kind: ActionKind
    label: str
    questions: int = 0  # how many questions the session holds (0 for a setting)


def plan_actions(plan: Plan, catalog: Catalog) -> tuple[PlanAction, ...]:
    """The actions that apply to ``plan`` now, most useful first."""
    if not plan.has_projection or plan.load is None:
        return ()
    actions: list[PlanAction] = []
    if plan.load.raise_advised:
        actions.append(
            PlanAction(
                "raise_new",
                f"Raise new questions per day from {plan.load.setting} to {plan.load.new_per_day}",
            )
        )
    below = below_target_queue(plan)
    if plan.days_left <= 1 and below:
        actions.append(
            PlanAction(
                "cram_below_target",
                f"Cram the {count_of(len(below), 'question')} below "
                f"{plan.desired_retention:.0%} projected recall",
                len(below),
            )
        )
    weakest = weakest_topics_queue(plan, catalog)
    if weakest:
        titles = ", ".join(t.title for t in plan.topics[:WEAKEST])
        actions.append(
            PlanAction(
                "practise_weakest",
                f"Practise the weakest topics ({titles}): {count_of(len(weakest), 'question')}",
                len(weakest),
            )
        )
    return tuple(actions)


def raise_new_per_day(store: Store, plan: Plan) -> int:
    """Save the plan's new questions a day as the setting; returns the new setting."""
    if plan.load is None:
        raise ValueError("the plan has no daily load: set an interview date first")
    settings = store.settings
    settings.new_per_day = max(settings.new_per_day, plan.load.new_per_day)
    store.save_settings(settings)
    return settings.new_per_day


def weakest_topics_queue(plan: Plan, catalog: Catalog, topics: int = WEAKEST) -> list[str]:
    """The questions of the ``topics`` weakest topics, lowest projected recall first (each
    once; ties in the order the topics are listed, weakest first)."""
    by_topic = catalog.questions_by_topic()
    order: dict[str, None] = {}
    for topic in plan.topics[:topics]:
        order.update(dict.fromkeys(by_topic.get(topic.topic, ())))
    position = {qid: k for k, qid in enumerate(order)}
    return sorted(order, key=lambda qid: (plan.recall.get(qid, 0.0), position[qid]))


def below_target_queue(plan: Plan) -> list[str]:
    """Every question seen whose projected recall is below the desired retention, lowest
    first (unseen ones are for the new-question queue, not a cram)."""
    seen_below = [
        (recall, qid)
        for qid, recall in plan.recall.items()
        if 0.0 < recall < plan.desired_retention
    ]
    return [qid for _, qid in sorted(seen_below)]

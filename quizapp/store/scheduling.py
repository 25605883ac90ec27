"""From a graded answer to an FSRS rating, and the FSRS scheduler itself.

The policy for auto-graded answers (the learner can override it on the feedback screen):
- wrong -> Again
- right after a hint, or slower than twice the learner's median answer time -> Hard
- right and faster than half the median (once there is a median) -> Easy
- otherwise right -> Good
A code question is rated when the learner passes or gives up (``code_rating``): given up or
never passed -> Again; passed after a failed check or a hint -> Hard; passed on the first
check -> Good. Writing code takes minutes, so answer time says nothing here.
Fuzzing is off: fsrs draws fuzz from Python's global random state, and a schedule that tests
can pin exactly is worth more than spreading a handful of cards by a day.

``review`` is the one step from an answer to a card's next state: FSRS's, then the interview
date's rule (``quizapp.store.deadline``) when one is in force.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fsrs import Card, Rating, Scheduler

from quizapp.store.deadline import Deadline

SLOW_FACTOR = 2.0
FAST_FACTOR = 0.5


def rating_for(
    *, correct: bool, used_hint: bool, duration_ms: int, median_ms: float | None
) -> Rating:
    if not correct:
        return Rating.Again
    if used_hint:
        return Rating.Hard
    if median_ms:
        if duration_ms > SLOW_FACTOR * median_ms:
            return Rating.Hard
        if duration_ms < FAST_FACTOR * median_ms:
            return Rating.Easy
    return Rating.Good


def code_rating(*, passed: bool, failed_checks: int, used_hint: bool) -> Rating:
    if not passed:
        return Rating.Again
    if failed_checks or used_hint:
        return Rating.Hard
    return Rating.Good


def make_scheduler(
    desired_retention: float, parameters: Sequence[float] | None = None
) -> Scheduler:
    if not 0.7 <= desired_retention <= 0.99:
        raise ValueError(
            f"desired retention must be between 0.70 and 0.99; got {desired_retention}"
        )
    if parameters:
        return Scheduler(
            parameters=tuple(parameters),
            desired_retention=desired_retention,
            enable_fuzzing=False,
        )
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def review(
    scheduler: Scheduler, card: Card, rating: int, when: datetime, deadline: Deadline | None
) -> Card:
    """The card after an answer rated ``rating`` at ``when``, kept to the deadline if any."""
    updated, _log = scheduler.review_card(card, Rating(rating), when)
    if deadline is not None:
        updated.due = deadline.due_for(updated.due, when)
    return updated

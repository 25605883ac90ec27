"""Fit FSRS parameters to the learner's own review log with fsrs's optimizer (an extra).

Only scheduled answers count (mode review or practice): cram and mock answers never moved the
schedule, so they would teach the optimizer the wrong thing. The fit is judged by its log loss
(``log_loss``: how well the parameters predict what the learner recalled) before and after.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizapp.store.clock import from_db
from quizapp.store.store import Store

if TYPE_CHECKING:
    from fsrs import ReviewLog

# fsrs's optimizer trains on whole review histories; with fewer reviews than this the fitted
# parameters are noise, and FSRS's own guidance is to wait for about a thousand.
MIN_REVIEWS = 1000
INSTALL_HINT = 'pip install "quizapp[optimizer]"  (installs fsrs[optimizer]: torch, pandas, tqdm)'


@dataclass(frozen=True)
class OptimizeOutcome:
    ok: bool
    message: str
    parameters: list[float] | None = None
    loss_before: float | None = None  # log loss of the parameters in use before the fit
    loss_after: float | None = None


def log_loss(logs: Sequence[ReviewLog], parameters: Sequence[float]) -> float:
    """Mean binary cross-entropy of FSRS's predicted recall against what the learner did
    (Again = forgotten), over reviews on a later day than the card's previous one: the
    quantity fsrs's optimizer minimises. NaN when no review qualifies."""
    from fsrs import Card, Rating, Scheduler

    scheduler = Scheduler(parameters=tuple(parameters), enable_fuzzing=False)
    histories: dict[int, list[ReviewLog]] = {}
    for log in logs:
        histories.setdefault(log.card_id, []).append(log)
    total, counted = 0.0, 0
    for card_id, history in histories.items():
        history.sort(key=lambda log: log.review_datetime)
        card = Card(card_id=card_id, due=history[0].review_datetime)
        for log in history:
            if card.last_review and (log.review_datetime - card.last_review).days > 0:
                p = scheduler.get_card_retrievability(card, log.review_datetime)
                p = min(max(p, 1e-12), 1 - 1e-12)
                total -= math.log(1 - p) if log.rating == Rating.Again else math.log(p)
                counted += 1
            card, _ = scheduler.review_card(card, log.rating, log.review_datetime)
    return total / counted if counted else math.nan


def scheduled_review_count(store: Store) -> int:
    return int(
        store.connection.execute(
            "SELECT count(*) FROM reviews WHERE mode IN ('review', 'practice')"
        ).fetchone()[0]
    )


def optimize(store: Store, *, minimum: int = MIN_REVIEWS) -> OptimizeOutcome:
    count = scheduled_review_count(store)
    if count < minimum:
        return OptimizeOutcome(
            False,
            f"{count} scheduled reviews stored; the optimizer needs at least {minimum} "
            f"({minimum - count} more). Keep reviewing and run it again.",
        )
    try:
        from fsrs import Optimizer, Rating, ReviewLog

        probe = Optimizer([])  # the stub raises ImportError when the extra is missing
        del probe
    except ImportError:
        return OptimizeOutcome(False, f"the FSRS optimizer is not installed: {INSTALL_HINT}")
    from fsrs.scheduler import DEFAULT_PARAMETERS

    ids: dict[str, int] = {}
    logs = []
    for qid, time, rating, duration in store.connection.execute(
        "SELECT question_id, time, rating, duration_ms FROM reviews "
        "WHERE mode IN ('review', 'practice') ORDER BY id"
    ):
        card_id = ids.setdefault(qid, len(ids) + 1)
        logs.append(ReviewLog(card_id, Rating(rating), from_db(time), duration))
    settings = store.settings
    before = log_loss(logs, settings.fsrs_parameters or DEFAULT_PARAMETERS)
    parameters = [float(p) for p in Optimizer(logs).compute_optimal_parameters()]
    after = log_loss(logs, parameters)
    settings.fsrs_parameters = parameters
    store.save_settings(settings)
    return OptimizeOutcome(
        True,
        f"fitted FSRS parameters to {count} reviews and saved them",
        parameters,
        before,
        after,
    )

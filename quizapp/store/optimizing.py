"""Fit FSRS parameters to the learner's own review log with fsrs's optimizer (an extra).

Only scheduled answers count (mode review or practice): cram and mock answers never moved the
schedule, so they would teach the optimizer the wrong thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.store.clock import from_db
from quizapp.store.store import Store

# fsrs's optimizer trains on whole review histories; with fewer reviews than this the fitted
# parameters are noise, and FSRS's own guidance is to wait for about a thousand.
MIN_REVIEWS = 1000
INSTALL_HINT = 'pip install "quizapp[optimizer]"  (installs fsrs[optimizer]: torch, pandas, tqdm)'


@dataclass(frozen=True)
class OptimizeOutcome:
    ok: bool
    message: str
    parameters: list[float] | None = None


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
    ids: dict[str, int] = {}
    logs = []
    for qid, time, rating, duration in store.connection.execute(
        "SELECT question_id, time, rating, duration_ms FROM reviews "
        "WHERE mode IN ('review', 'practice') ORDER BY id"
    ):
        card_id = ids.setdefault(qid, len(ids) + 1)
        logs.append(ReviewLog(card_id, Rating(rating), from_db(time), duration))
    parameters = [float(p) for p in Optimizer(logs).compute_optimal_parameters()]
    settings = store.settings
    settings.fsrs_parameters = parameters
    store.save_settings(settings)
    return OptimizeOutcome(
        True, f"fitted FSRS parameters to {count} reviews and saved them", parameters
    )

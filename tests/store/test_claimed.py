""" "I was right": a rejected answer counted as right keeps every total in step and is flagged."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from quizapp.store import FixedClock, Store, StoreError
from quizapp.store.aggregates import TOTALS, rebuild_totals
from quizapp.store.stats import summary


def _totals(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every total row that counts something (a deletion leaves zeroed rows behind)."""
    db = store.connection
    return {
        t: sorted(row for row in db.execute(f"SELECT * FROM {t}") if row[1])  # answers > 0
        for t in TOTALS
    }


def _rebuilt(store: Store) -> dict[str, list[tuple[object, ...]]]:
    db = store.connection
    db.execute("BEGIN")
    rebuild_totals(db)
    rebuilt = _totals(store)
    db.execute("ROLLBACK")
    return rebuilt


def test_a_claimed_answer_counts_right_everywhere_and_is_counted_per_question(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    for day in range(3):  # a card in the review state, so the claim counts for retention too
        answer("q1", rating=3, topics=("t",))
        clock.advance(days=4 + 3 * day)
    wrong = answer("q1", rating=1, topics=("t", "u"))
    answer("q2", rating=1, topics=("u",))
    topics = {t.topic: t for t in summary(store, {"q1": ["t", "u"], "q2": ["u"]}).topics}
    assert (topics["t"].correct, topics["u"].correct) == (3, 0)
    store.rerate(wrong, 3)
    store.mark_claimed(wrong)
    row = store.connection.execute(
        "SELECT correct, claimed, rating FROM reviews WHERE id = ?", (wrong,)
    ).fetchone()
    assert row == (1, 1, 3)
    assert store.claimed_counts() == {"q1": 1}
    assert _totals(store) == _rebuilt(store)  # per day, per question, per topic: all in step
    topics = {t.topic: t for t in summary(store, {"q1": ["t", "u"], "q2": ["u"]}).topics}
    assert (topics["t"].correct, topics["t"].answers) == (4, 4)
    assert (topics["u"].correct, topics["u"].answers) == (1, 2)
    assert store.card("q1").lapses == 0  # re-rated Good: the lapse the Again made is gone


def test_taking_a_claimed_answer_back_takes_its_totals_back(
    store: Store, answer: Callable[..., int]
) -> None:
    review = answer("q1", rating=1, topics=("t",))
    store.mark_claimed(review)
    store.undo(review)
    assert store.claimed_counts() == {}
    assert _totals(store) == _rebuilt(store)


def test_a_claim_on_an_answer_answered_again_since_is_refused(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    first = answer("q1", rating=1)
    clock.advance(minutes=10)
    answer("q1", rating=3)  # another window answered it again
    with pytest.raises(StoreError, match="answered again since"):
        store.mark_claimed(first)
    assert store.claimed_counts() == {}


def test_unscheduled_answers_can_be_claimed(store: Store, answer: Callable[..., int]) -> None:
    review = answer("q1", rating=1, mode="cram")
    store.mark_claimed(review)
    assert store.claimed_counts() == {"q1": 1} and store.card("q1") is None

"""The store: exact FSRS schedules, undo, re-rating, modes, identity, queue, settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from quizapp.store import FixedClock, Settings, Store, StoreError, rating_for
from tests.helpers import START


def test_pinned_ratings_give_fsrs_intervals_exactly(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    scheduler = Scheduler(desired_retention=0.9, enable_fuzzing=False)
    card = Card(card_id=1, due=START)
    for rating, wait in [
        (3, timedelta(minutes=10)),
        (3, timedelta(days=2)),
        (1, timedelta(days=9)),
        (3, timedelta(minutes=10)),
        (4, timedelta(days=3)),
    ]:
        card, _ = scheduler.review_card(card, Rating(rating), clock.now())
        answer(rating=rating)
        assert store.card("q1").due == card.due
        assert store.card("q1").stability == pytest.approx(card.stability)
        clock.advance(wait)


def test_literal_schedule_for_good_good(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    answer(rating=3)
    assert store.card("q1").due == START + timedelta(minutes=10)
    clock.advance(minutes=10)
    answer(rating=3)
    card = store.card("q1")
    assert card.state == 2 and card.reps == 2 and card.lapses == 0
    assert (card.due - clock.now()).days >= 1


def test_lapses_count_only_forgotten_reviews(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    answer(rating=1)  # a learning card failed is not a lapse
    assert store.card("q1").lapses == 0
    answer(rating=3)
    clock.advance(minutes=10)
    answer(rating=3)
    clock.advance(days=5)
    answer(rating=1)
    assert store.card("q1").lapses == 1


def test_leeches_at_eight_lapses(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    for _ in range(8):
        answer(rating=3)
        clock.advance(minutes=10)
        answer(rating=3)
        clock.advance(days=3)
        answer(rating=1)
        clock.advance(minutes=10)
    card = store.card("q1")
    assert card.lapses == 8 and card.is_leech
    assert store.leech_ids() == ["q1"]


def test_undo_restores_card_and_removes_row(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    first = answer(rating=3)
    before = store.card("q1")
    clock.advance(minutes=10)
    second = answer(rating=1)
    undone = store.undo(second)
    assert undone.rating == 1
    assert store.card("q1") == before
    assert store.total_reviews() == 1
    store.undo(first)
    assert store.card("q1") is None and store.total_reviews() == 0
    with pytest.raises(StoreError, match="no longer stored"):
        store.undo(first)


def test_rerate_reschedules_from_the_prior_state(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    review_id = answer(rating=3)
    store.rerate(review_id, 4)
    direct = Scheduler(enable_fuzzing=False).review_card(
        Card(card_id=1, due=START), Rating.Easy, START
    )[0]
    assert store.card("q1").due == direct.due
    row = store.connection.execute("SELECT rating FROM reviews").fetchone()
    assert row == (4,)


@pytest.mark.parametrize("mode", ["cram", "mock"])
def test_cram_and_mock_are_logged_but_do_not_schedule(
    store: Store, answer: Callable[..., int], mode: str
) -> None:
    answer(rating=3, mode=mode)
    assert store.card("q1") is None
    assert store.total_reviews() == 1


def test_identity_is_the_question_id(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    answer("q1", rating=3, content_hash="old", bank_id="a")
    clock.advance(minutes=10)
    answer("q1", rating=3, content_hash="new", bank_id="b")  # reworded and moved
    card = store.card("q1")
    assert card.reps == 2
    hashes = [
        r[0] for r in store.connection.execute("SELECT content_hash FROM reviews ORDER BY id")
    ]
    assert hashes == ["old", "new"]
    clock.advance(days=60)
    assert store.due_queue(["q2"]) == ["q2"]  # q1 removed from the banks: kept, not served


def test_due_queue_mixes_reviews_and_new_within_allowance(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    for qid in ("r1", "r2", "r3"):
        answer(qid, rating=3)
    clock.advance(hours=1)
    queue = store.due_queue(["r1", "r2", "r3", "n1", "n2", "n3", "n4"], new_per_day=5)
    assert sorted(queue) == ["n1", "n2", "r1", "r2", "r3"]  # 3 new already introduced today
    assert queue[0] == "r1"
    assert store.due_queue(["n1"], new_per_day=0) == []


def test_rating_policy() -> None:
    assert rating_for(correct=False, used_hint=False, duration_ms=1, median_ms=10) == Rating.Again
    assert rating_for(correct=True, used_hint=True, duration_ms=1, median_ms=10) == Rating.Hard
    assert rating_for(correct=True, used_hint=False, duration_ms=30, median_ms=10) == Rating.Hard
    assert rating_for(correct=True, used_hint=False, duration_ms=4, median_ms=10) == Rating.Easy
    assert rating_for(correct=True, used_hint=False, duration_ms=10, median_ms=10) == Rating.Good
    assert rating_for(correct=True, used_hint=False, duration_ms=10, median_ms=None) == Rating.Good


def test_median_needs_ten_answers(store: Store, answer: Callable[..., int]) -> None:
    for k in range(9):
        answer(f"q{k}", duration_ms=1000 * (k + 1))
    assert store.median_duration_ms() is None
    answer("q9", duration_ms=10_000)
    assert store.median_duration_ms() == 5500


def test_settings_round_trip_and_validation(
    store: Store, tmp_path: Path, clock: FixedClock
) -> None:
    settings = store.settings
    assert settings.desired_retention == 0.9 and settings.new_per_day == 20
    settings.desired_retention = 0.85
    settings.theme = "nord"
    store.save_settings(settings)
    with Store.open(tmp_path / "data", clock) as again:
        assert again.settings.desired_retention == 0.85 and again.settings.theme == "nord"
    with pytest.raises(ValueError, match="desired retention"):
        store.save_settings(Settings(desired_retention=1.5))


def test_naive_datetimes_are_refused() -> None:
    from datetime import datetime

    with pytest.raises(ValueError, match="naive"):
        FixedClock(datetime(2026, 1, 1))


def test_status_counts(store: Store, clock: FixedClock, answer: Callable[..., int]) -> None:
    answer("a", rating=3)
    clock.advance(minutes=10)
    answer("a", rating=3)
    answer("b", rating=1)
    # a graduated (Good twice, ten minutes apart): learned. b was just failed: back in a
    # minute, in its learning step, so neither due nor learned yet
    assert store.status_counts({"all": ["a", "b", "c"]}) == {"all": (0, 1, 1, 1)}
    clock.advance(minutes=1)
    assert store.status_counts({"all": ["a", "b", "c"]}) == {"all": (1, 1, 0, 1)}
    clock.advance(days=30)
    assert store.status_counts({"all": ["a", "b", "c"]}) == {"all": (2, 1, 0, 0)}


def test_the_learning_horizon_outlasts_every_learning_step() -> None:
    """Home finds cards in their steps among those due within LEARNING_HORIZON: every step of
    the scheduler the store uses must be shorter."""
    from quizapp.store.queues import LEARNING_HORIZON
    from quizapp.store.scheduling import make_scheduler

    scheduler = make_scheduler(0.9)
    steps = (*scheduler.learning_steps, *scheduler.relearning_steps)
    assert steps and max(steps) < LEARNING_HORIZON

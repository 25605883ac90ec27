"""Statistics: heatmap days, topics, true retention, forecast, streaks."""

from __future__ import annotations

from collections.abc import Callable

from quizapp.store import FixedClock, Store
from quizapp.store.stats import summary


def test_summary_figures(store: Store, clock: FixedClock, answer: Callable[..., int]) -> None:
    answer("a", rating=3, topics=("t1",))
    answer("b", rating=1, topics=("t1", "t2"))
    clock.advance(days=1)
    answer("a", rating=3, topics=("t1",))
    answer("c", rating=3, mode="cram", topics=("t2",))
    stats = summary(store, {"a": ["t1"], "b": ["t1", "t2"], "c": ["t2"]})
    assert stats.total_reviews == 4
    assert stats.reviews_per_day == {"2026-03-02": 2, "2026-03-03": 2}
    by_topic = {t.topic: t for t in stats.topics}
    assert by_topic["t1"].answers == 3 and by_topic["t1"].correct == 2
    assert by_topic["t2"].accuracy == 0.5
    assert stats.current_streak == 2 and stats.longest_streak == 2
    assert sum(stats.due_forecast) == 2 and len(stats.due_forecast) == 30
    assert stats.to_dict()["total_reviews"] == 4


def test_true_retention_counts_first_review_of_the_day_of_review_cards(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    answer("a", rating=3)
    clock.advance(minutes=10)
    answer("a", rating=3)  # now in review state
    clock.advance(days=3)
    answer("a", rating=1)  # first review of the day, forgotten
    clock.advance(minutes=10)
    answer("a", rating=3)  # not first of the day
    stats = summary(store, {"a": ["t"]})
    assert stats.true_retention_n == 1 and stats.true_retention == 0.0


def test_streak_breaks(store: Store, clock: FixedClock, answer: Callable[..., int]) -> None:
    answer("a")
    clock.advance(days=2)
    answer("b")
    clock.advance(days=1)
    answer("c")
    stats = summary(store)
    assert stats.current_streak == 2 and stats.longest_streak == 2
    clock.advance(days=3)
    assert summary(store).current_streak == 0


def test_undo_keeps_aggregates_consistent(store: Store, answer: Callable[..., int]) -> None:
    answer("a", rating=3, topics=("t",))
    store.undo(answer("a", rating=1, topics=("t",)))
    stats = summary(store, {"a": ["t"]})
    assert stats.total_reviews == 1 and stats.topics[0].correct == 1


def test_topics_no_longer_taught_are_left_out(store: Store, answer: Callable[..., int]) -> None:
    answer("a", rating=3, topics=("old.topic",))
    assert [t.topic for t in summary(store).topics] == ["old.topic"]
    assert summary(store, {"a": ["new.topic"]}).topics == []


def test_retention_per_topic_counts_review_state_answers(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    answer("a", rating=3, topics=("t",))
    clock.advance(minutes=10)
    answer("a", rating=3, topics=("t",))
    clock.advance(days=4)
    answer("a", rating=3, topics=("t",))  # the card was in review state: counts for retention
    topic = summary(store, {"a": ["t"]}).topics[0]
    assert topic.answers == 3 and topic.retention_n == 1 and topic.retention == 1.0


def test_trigger_kept_totals_equal_a_rebuild_from_the_log(
    store: Store, clock: FixedClock, answer: Callable[..., int]
) -> None:
    """Answers, undo and modes keep the totals exactly what rebuilding them gives (the path
    imports, salvage and the benchmark data take)."""
    from quizapp.store.aggregates import TOTALS, rebuild_totals

    ids = []
    for day in range(6):
        for k, qid in enumerate(("a", "b", "c", "a")):
            mode = "cram" if k == 2 and day % 2 else "review"
            ids.append(answer(qid, rating=1 + (day + k) % 4, mode=mode, topics=("t", qid)))
            clock.advance(minutes=11)
        clock.advance(days=2)
    store.undo(ids[-1])
    db = store.connection
    kept = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in TOTALS}
    db.execute("BEGIN")
    rebuild_totals(db)
    rebuilt = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in TOTALS}
    db.execute("ROLLBACK")
    assert sum(row[3] for row in kept["review_days"]) > 0  # retention counted on some days
    kept["question_totals"] = [r for r in kept["question_totals"] if r[1] > 0]
    assert kept == rebuilt

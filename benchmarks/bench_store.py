"""Store rows: due queue and stats summary over 100,000 cards and 1,000,000 reviews.

Each is a ratio to a bare ``SELECT count(*) FROM reviews`` in the same run; absolute
milliseconds are reported too (targets: due queue < 50 ms, stats < 300 ms).
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from benchmarks.common import Row, best_of_interleaved
from quizapp.store import FixedClock, Store
from quizapp.store.clock import to_db
from quizapp.store.stats import summary

QUESTIONS, REVIEWS = 100_000, 1_000_000
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def populate(data_dir: Path, questions: int = QUESTIONS, reviews: int = REVIEWS) -> Store:
    """A store with ``questions`` cards and ``reviews`` review rows over the past year."""
    store = Store.open(data_dir, FixedClock(NOW))
    rng = np.random.default_rng(0)
    db = store.connection
    db.execute("BEGIN")
    due_offsets = rng.integers(-5 * 86400, 60 * 86400, size=questions)
    db.executemany(
        "INSERT INTO cards VALUES (?, 2, NULL, 10.0, 5.0, ?, ?, 3, ?)",
        (
            (
                f"q{k}",
                to_db(NOW + timedelta(seconds=int(due_offsets[k]))),
                to_db(NOW - timedelta(days=3)),
                int(k % 9 == 0) * 8,
            )
            for k in range(questions)
        ),
    )
    seconds = np.sort(rng.integers(0, 365 * 86400, size=reviews))
    qids = rng.integers(0, questions, size=reviews)
    correct = rng.random(reviews) < 0.85
    start = NOW - timedelta(days=365)
    db.executemany(
        "INSERT INTO reviews (time, question_id, bank_id, content_hash, answer, correct, rating, "
        "duration_ms, mode, first_of_day, was_review) "
        "VALUES (?, ?, 'b', 'h', 'x', ?, ?, 3000, 'review', 1, 1)",
        (
            (
                to_db(start + timedelta(seconds=int(seconds[k]))),
                f"q{qids[k]}",
                int(correct[k]),
                3 if correct[k] else 1,
            )
            for k in range(reviews)
        ),
    )
    db.execute(
        "INSERT INTO review_topics SELECT id, "
        "'topic' || (CAST(substr(question_id, 2) AS INTEGER) % 50), correct, 1 FROM reviews"
    )
    db.execute("COMMIT")
    return store


def rows() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        store = populate(Path(tmp))
        ids = [f"q{k}" for k in range(QUESTIONS)] + [f"new{k}" for k in range(100)]
        topics = {f"q{k}": [f"topic{k % 50}"] for k in range(QUESTIONS)}

        def count() -> None:
            store.connection.execute("SELECT count(*) FROM reviews").fetchone()

        def due() -> None:
            store.due_queue(ids, NOW, new_per_day=20)

        def stats() -> None:
            summary(store, topics, NOW)

        due_s, base_1 = best_of_interleaved(due, count, repeats=5)
        stats_s, base_2 = best_of_interleaved(stats, count, repeats=5)
        store.close()
    return [
        Row(
            "store: due queue (100k cards, 1M reviews)",
            due_s,
            base_1,
            "SELECT count(*) FROM reviews",
            notes=f"absolute {due_s * 1e3:.1f} ms (target < 50 ms)",
            extra={"ms": due_s * 1e3},
        ),
        Row(
            "store: stats summary (100k cards, 1M reviews)",
            stats_s,
            base_2,
            "SELECT count(*) FROM reviews",
            notes=f"absolute {stats_s * 1e3:.1f} ms (target < 300 ms)",
            extra={"ms": stats_s * 1e3},
        ),
    ]


if __name__ == "__main__":
    began = time.perf_counter()
    for row in rows():
        print(row)
    print(f"{time.perf_counter() - began:.1f}s")

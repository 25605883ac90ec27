"""The trigger-kept totals (per day, per question, per topic), rebuilt from the review log.

Answers keep the totals current through triggers (see migrations). A bulk load (an import, a
salvage, benchmark data) runs with the triggers dropped and rebuilds the totals once at the end,
which is what the triggers would have left, in a fraction of the time: a test holds the two
paths to the same rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

TOTALS = ("review_days", "question_totals", "topic_totals", "mode_days", "topic_modes")

# counts for retention: a scheduled review of a card that was in the review state
_RETAINED = "(was_review AND mode = 'review')"

# counts for true retention: the day's first review of a card in the review state
_FIRST = f"(first_of_day AND {_RETAINED})"

_REBUILD = (
    "INSERT INTO review_days (day, reviews, correct, retention_n, retention_correct) "
    f"SELECT substr(time, 1, 10), count(*), sum(correct), sum({_FIRST}), "
    f"sum({_FIRST} * correct) FROM reviews GROUP BY 1",
    "INSERT INTO question_totals (question_id, answers, correct, retention_n, retention_correct) "
    f"SELECT question_id, count(*), sum(correct), sum({_RETAINED}), sum({_RETAINED} * correct) "
    "FROM reviews GROUP BY 1",
    "INSERT INTO topic_totals (topic, answers, correct, retention_n, retention_correct) "
    "SELECT topic, count(*), sum(correct), sum(counts_for_retention), "
    "sum(counts_for_retention * correct) FROM review_topics GROUP BY 1",
    "INSERT INTO mode_days (day, mode, answers, correct) "
    "SELECT substr(time, 1, 10), mode, count(*), sum(correct) FROM reviews GROUP BY 1, 2",
    "INSERT INTO topic_modes (topic, mode, answers, correct) "
    "SELECT rt.topic, r.mode, count(*), sum(rt.correct) "
    "FROM review_topics AS rt JOIN reviews AS r ON r.id = rt.review_id GROUP BY 1, 2",
)


def rebuild_totals(connection: sqlite3.Connection) -> None:
    """Recompute every total from the log (inside the caller's transaction)."""
    for table in TOTALS:
        connection.execute(f"DELETE FROM {table}")
    for statement in _REBUILD:
        connection.execute(statement)


@contextmanager
def totals_rebuilt_after(connection: sqlite3.Connection) -> Iterator[None]:
    """Insert or delete log rows with the triggers off; rebuild the totals once afterwards.

    Runs inside the caller's transaction, so a failure rolls the triggers back with the rows.
    """
    triggers = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name IN ('reviews', 'review_topics') ORDER BY name"
    ).fetchall()
    for name, _ in triggers:
        connection.execute(f'DROP TRIGGER "{name}"')
    yield
    rebuild_totals(connection)
    for _, sql in triggers:
        connection.execute(sql)

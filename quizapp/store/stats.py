"""Statistics the TUI and ``quizapp stats`` share, computed from trigger-kept aggregates.

Per-day and per-question totals are maintained by triggers (see migrations), so a summary over
a million reviews reads a few thousand rows. The store knows no banks: callers pass the
question -> topics mapping.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from quizapp.store.clock import require_utc, to_db
from quizapp.store.store import Store


@dataclass(frozen=True)
class TopicStat:
    topic: str
    answers: int
    correct: int
    retention_n: int  # scheduled reviews of cards that were in review state
    retention_correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    @property
    def retention(self) -> float | None:
        return self.retention_correct / self.retention_n if self.retention_n else None


@dataclass(frozen=True)
class StatsSummary:
    total_reviews: int
    reviews_per_day: dict[str, int]  # ISO day -> answers, for the heatmap
    accuracy_per_day: dict[str, float]
    topics: list[TopicStat]
    true_retention: float | None  # first review of the day of review-state cards, last 30 days
    true_retention_n: int
    due_forecast: list[
        int
    ]  # cards due on each of the next 30 days (index 0: today, overdue included)
    current_streak: int
    longest_streak: int
    leeches: list[str]
    cards_learned: int
    generated_at: str = field(default="")
    # answers and right ones per mode (review, cram, mock), counted apart, in the period
    modes: dict[str, tuple[int, int]] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)  # question id -> "I was right" uses

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["topics"] = [
            {**asdict(t), "accuracy": t.accuracy, "retention": t.retention} for t in self.topics
        ]
        return data


def summary(
    store: Store,
    question_topics: Mapping[str, Sequence[str]] | None = None,
    now: datetime | None = None,
    days: int = 365,
) -> StatsSummary:
    now = require_utc(now or store.clock.now())
    db = store.connection
    since = (now - timedelta(days=days - 1)).date().isoformat()
    day_rows = db.execute(
        "SELECT day, reviews, correct FROM review_days WHERE day >= ? ORDER BY day", (since,)
    ).fetchall()
    all_days = [d for (d,) in db.execute("SELECT day FROM review_days ORDER BY day")]
    current, longest = _streaks(all_days, now.date())
    total = db.execute("SELECT coalesce(sum(reviews), 0) FROM review_days").fetchone()[0]

    rows = db.execute(
        "SELECT topic, answers, correct, retention_n, retention_correct FROM topic_totals "
        "WHERE answers > 0"
    ).fetchall()
    wanted = None
    if question_topics is not None:  # only topics the loaded banks still teach
        wanted = {topic for topics in question_topics.values() for topic in topics}
    topics = sorted(
        (TopicStat(*row) for row in rows if wanted is None or row[0] in wanted),
        key=lambda s: (s.accuracy if s.accuracy is not None else 2.0, s.topic),
    )

    ret_n, ret_c = _true_retention_counts(db, to_db(now - timedelta(days=30)))

    forecast = _due_forecast(db, now.date())
    learned = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    modes = {
        str(mode): (int(n), int(c))
        for mode, n, c in db.execute(
            "SELECT mode, sum(answers), sum(correct) FROM mode_days WHERE day >= ? GROUP BY 1",
            (since,),
        )
    }
    claims = {
        str(qid): int(n)
        for qid, n in db.execute(
            "SELECT question_id, count(*) FROM reviews WHERE claimed = 1 GROUP BY 1"
        )
    }
    return StatsSummary(
        total_reviews=int(total),
        reviews_per_day={d: n for d, n, _ in day_rows},
        accuracy_per_day={d: c / n for d, n, c in day_rows if n},
        topics=topics,
        true_retention=ret_c / ret_n if ret_n else None,
        true_retention_n=int(ret_n),
        due_forecast=forecast,
        current_streak=current,
        longest_streak=longest,
        leeches=store.leech_ids(),
        cards_learned=int(learned),
        generated_at=to_db(now),
        modes=modes,
        claims=claims,
    )


def _due_forecast(db: sqlite3.Connection, today: date) -> list[int]:
    """Cards due on each of the next 30 days (today's count includes the overdue): one index
    range count per day, no row per card."""
    edges = [(today + timedelta(days=k)).isoformat() for k in range(1, 31)]
    counts = [
        int(db.execute("SELECT count(*) FROM cards WHERE due < ?", (edges[0],)).fetchone()[0])
    ]
    for low, high in itertools.pairwise(edges):
        counts.append(
            int(
                db.execute(
                    "SELECT count(*) FROM cards WHERE due >= ? AND due < ?", (low, high)
                ).fetchone()[0]
            )
        )
    return counts


def _true_retention_counts(db: sqlite3.Connection, since: str) -> tuple[int, int]:
    """First reviews of the day of review-state cards since ``since``: whole days from the
    per-day totals, the part of ``since``'s own day from the log (one day's rows)."""
    day = since[:10]
    whole_n, whole_c = db.execute(
        "SELECT coalesce(sum(retention_n), 0), coalesce(sum(retention_correct), 0) "
        "FROM review_days WHERE day > ?",
        (day,),
    ).fetchone()
    part_n, part_c = db.execute(
        "SELECT count(*), coalesce(sum(correct), 0) FROM reviews WHERE time >= ? AND time < ? "
        "AND first_of_day = 1 AND was_review = 1 AND mode = 'review'",
        (since, day + "T99"),
    ).fetchone()
    return int(whole_n + part_n), int(whole_c + part_c)


def _streaks(days: list[str], today: date) -> tuple[int, int]:
    """Current streak (ending today or yesterday) and longest run of consecutive review days."""
    if not days:
        return 0, 0
    parsed = [date.fromisoformat(d) for d in days]
    longest = run = 1
    for previous, current in itertools.pairwise(parsed):
        run = run + 1 if (current - previous).days == 1 else 1
        longest = max(longest, run)
    current_streak = 0
    if (today - parsed[-1]).days <= 1:
        current_streak = 1
        for previous, current in zip(reversed(parsed[:-1]), reversed(parsed[1:]), strict=False):
            if (current - previous).days != 1:
                break
            current_streak += 1
    return current_streak, longest

"""Progress a real learner has, for the TUI rows: weeks of daily reviews of the built-in banks.

``simulate`` replays a learner through the store's own API: each day at the same hour it takes
that day's queue (``Store.due_queue``, new questions up to the allowance, in bank order) and
answers every question in it with a seeded mix of ratings, a few tens of seconds apart, so each
review carries the card state FSRS really gave it and a question id of the loaded catalog.
The last day (yesterday) begins with ``first``, rated Again half an hour before the session:
today its card is the most overdue, so it is the first question of today's review
(``first_question`` checks it). That is how a start-up row pins its first question's kind
without a hook in the app.

``data_dir_from`` lays out a data directory per run from a prepared one: the progress copied
by SQLite's backup API (never a file copy of a live WAL database), the catalog cache copied
too for a warm start or left out for a cold one.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizapp.banks.frozen import QuestionRecord
from quizapp.paths import cache_dir, database_path
from quizapp.store import AnswerRecord, FixedClock, Store

# Ratings of a learner who mostly knows the material: Again, Hard, Good, Easy.
RATING_WEIGHTS = (0.12, 0.13, 0.65, 0.10)
FIRST_LEAD = timedelta(minutes=30)  # ``first`` is answered this long before the last session


@dataclass(frozen=True)
class History:
    """What ``simulate`` wrote: reviews per day and in all, and today's first question."""

    days: int
    reviews: int
    per_day: tuple[int, ...]
    first: str | None
    now: datetime


def simulate(
    data_dir: Path,
    questions: dict[str, QuestionRecord],
    *,
    days: int = 45,
    first: str | None = None,
    now: datetime | None = None,
    seed: int = 0,
) -> History:
    """``days`` days of review sessions ending yesterday, at the hour of ``now``."""
    now = now or datetime.now(UTC)
    if first is not None and first not in questions:
        raise KeyError(f"{first!r} is not a question of the catalog")
    rng = random.Random(seed)
    ids = list(questions)
    clock = FixedClock(now - timedelta(days=days))
    per_day: list[int] = []
    with Store.open(data_dir, clock) as store:
        for back in range(days, 0, -1):
            when = now - timedelta(days=back)
            clock.set(when)
            answered = 0
            session = store.start_session("review", when - FIRST_LEAD)
            if back == 1 and first is not None:
                # Before the day's queue, so its card falls due (in minutes: a relearning
                # step) before any card the learner reviews after it.
                _answer(store, questions[first], when - FIRST_LEAD, 1, session)
                answered += 1
            queue = [qid for qid in store.due_queue(ids, when) if qid != first or back > 1]
            for qid in queue:
                rating = rng.choices((1, 2, 3, 4), RATING_WEIGHTS)[0]
                _answer(store, questions[qid], when, rating, session)
                answered += 1
                when += timedelta(seconds=rng.uniform(15, 75))
            store.end_session(session, when)
            per_day.append(answered)
    return History(days, sum(per_day), tuple(per_day), first, now)


def _answer(
    store: Store, question: QuestionRecord, when: datetime, rating: int, session: int
) -> None:
    store.record_answer(
        AnswerRecord(
            time=when,
            question_id=question.id,
            bank_id=question.bank_id,
            content_hash=question.content_hash,
            variant_seed=None,
            answer_given="(simulated)",
            correct=rating > 1,
            rating=rating,
            duration_ms=20_000,
            mode="review",
            session_id=session,
            topics=tuple(question.topics),
        )
    )


def due_today(
    data_dir: Path, questions: dict[str, QuestionRecord], ids: list[str], now: datetime
) -> None:
    """Progress whose review today is exactly ``ids``, in that order: each answered Again
    an hour or more before ``now`` (the first the longest ago), and no new questions a day."""
    with Store.open(data_dir, FixedClock(now)) as store:
        settings = store.settings
        settings.new_per_day = 0
        store.save_settings(settings)
        session = store.start_session("review", now - timedelta(hours=2))
        for k, qid in enumerate(ids):
            _answer(
                store, questions[qid], now - timedelta(hours=2) + timedelta(seconds=k), 1, session
            )


def first_question(data_dir: Path, questions: dict[str, QuestionRecord], now: datetime) -> str:
    """The first question of the review the app would start at ``now``."""
    with Store.open(data_dir, FixedClock(now)) as store:
        queue = store.due_queue(list(questions), now)
    if not queue:
        raise ValueError("nothing is due: the review would not start")
    return queue[0]


def kinds_reviewed(data_dir: Path, questions: dict[str, QuestionRecord]) -> Counter[str]:
    """How many reviews of each kind the progress holds (a numeric template as 'template')."""
    with closing(sqlite3.connect(database_path(data_dir))) as connection:
        ids = [qid for (qid,) in connection.execute("SELECT question_id FROM reviews")]
    return Counter(kind_of(questions[qid]) for qid in ids if qid in questions)


def kind_of(question: QuestionRecord) -> str:
    """The kind as the rows count it: a numeric question drawn from a template is 'template'."""
    if question.kind == "numeric" and getattr(question, "template", None):
        return "template"
    return question.kind


def data_dir_from(prepared: Path, target: Path, *, warm: bool) -> Path:
    """A new data directory holding ``prepared``'s progress, and its catalog cache if ``warm``."""
    target.mkdir(parents=True)
    source = database_path(prepared)
    if source.exists():
        with (
            closing(sqlite3.connect(source)) as src,
            closing(sqlite3.connect(database_path(target))) as dst,
        ):
            src.backup(dst)
    if warm:
        shutil.copytree(cache_dir(prepared), cache_dir(target))
    return target

"""The ``Store``: every answer kept, every schedule computed by FSRS, nothing lost.

Each answer is one committed transaction (review row + card update) that completes before
``record_answer`` returns, so feedback shown means progress saved, whatever happens next.
Question ids are the identity: a reworded question keeps its card (the review row records the
new content hash), a removed one keeps its history but is no longer scheduled (the due queue
takes the current ids), a moved one keeps its card (cards are keyed by question id alone).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.paths import database_path
from quizapp.store.cards import (
    CARD_COLUMNS,
    REVIEW_STATE,
    SELECT_CARD,
    CardRow,
    card_row,
    card_state,
    from_fsrs,
    next_counts,
    to_fsrs,
)
from quizapp.store.clock import Clock, SystemClock, from_db, require_utc, to_db
from quizapp.store.database import connect, mark_closed, open_database
from quizapp.store.records import (
    LEECH_LAPSES,
    MODES,
    UNSCHEDULED_MODES,
    AnswerRecord,
    CardState,
    Settings,
)

if TYPE_CHECKING:  # fsrs loads on the first answer, not at start-up (~2 ms of imports)
    from fsrs import Card, Scheduler

MEDIAN_WINDOW = 200  # recent answers whose durations define "slow" and "fast"


LOOKUP_LIMIT = 5_000  # due_queue: look cards up by id up to this many, else scan the table


class Store:
    """Progress in SQLite. Open with ``Store.open(data_dir, clock)``; close when done."""

    def __init__(self, connection: sqlite3.Connection, clock: Clock, path: Path) -> None:
        self.connection = connection
        self.clock = clock
        self.path = path
        self.notice: str | None = None  # e.g. "the old file was corrupt and moved to ..."
        self._lock = getattr(self, "_lock", None) or threading.RLock()
        self._settings = self._load_settings()
        self._scheduler_cache: Scheduler | None = None
        self._median_cache: float | None = None

    @classmethod
    def open(cls, data_dir: Path, clock: Clock | None = None) -> Store:
        clock = clock or SystemClock()
        path = database_path(Path(data_dir))
        connection, notice = open_database(path, clock)
        store = cls(connection, clock, path)
        store.notice = notice
        return store

    def close(self) -> None:
        with self._lock:  # never in the middle of a transaction
            self.connection.close()
        mark_closed(self.path)

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """This store's data on a connection of the calling thread's own, for worker threads.

        A SQLite connection shared across threads crashes the process when one thread closes
        it while another is mid-query (quitting while Home was still counting did); with WAL,
        a reader's snapshot runs beside the main connection's writes.
        """
        connection = connect(self.path)
        try:
            yield Store(connection, self.clock, self.path)
        finally:
            connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------------
    def _write(self) -> _Transaction:
        return _Transaction(self.connection, self._lock)

    # -- settings ------------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return Settings(**vars(self._settings))

    def save_settings(self, settings: Settings) -> None:
        from quizapp.store.scheduling import make_scheduler

        make_scheduler(settings.desired_retention, settings.fsrs_parameters)  # validates
        if settings.new_per_day < 0:
            raise ValueError("new questions per day cannot be negative")
        with self._write():
            for key, value in vars(settings).items():
                self.connection.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value)),
                )
        self._settings = Settings(**vars(settings))
        self._scheduler_cache = None

    def _load_settings(self) -> Settings:
        stored = dict(self.connection.execute("SELECT key, value FROM settings").fetchall())
        defaults = Settings()
        values = {k: json.loads(v) for k, v in stored.items() if hasattr(defaults, k)}
        return Settings(**{**vars(defaults), **values})

    @property
    def _scheduler(self) -> Scheduler:
        if self._scheduler_cache is None:
            from quizapp.store.scheduling import make_scheduler

            self._scheduler_cache = make_scheduler(
                self._settings.desired_retention, self._settings.fsrs_parameters
            )
        return self._scheduler_cache

    # -- sessions ------------------------------------------------------------------------------
    def start_session(self, mode: str, started: datetime | None = None) -> int:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}; got {mode!r}")
        with self._write():
            cursor = self.connection.execute(
                "INSERT INTO sessions (started, mode) VALUES (?, ?)",
                (to_db(started or self.clock.now()), mode),
            )
        return int(cursor.lastrowid or 0)

    def end_session(self, session_id: int, ended: datetime | None = None) -> None:
        with self._write():
            self.connection.execute(
                "UPDATE sessions SET ended = ? WHERE id = ?",
                (to_db(ended or self.clock.now()), session_id),
            )

    # -- cards ---------------------------------------------------------------------------------
    def card(self, question_id: str) -> CardState | None:
        row = self._card_row(question_id)
        return card_state(question_id, row) if row else None

    def fsrs_card(self, question_id: str) -> Card | None:
        row = self._card_row(question_id)
        return to_fsrs(row) if row else None

    def retrievability(self, question_id: str, when: datetime) -> float | None:
        card = self.fsrs_card(question_id)
        if card is None:
            return None
        return float(self._scheduler.get_card_retrievability(card, require_utc(when)))

    @property
    def scheduler(self) -> Scheduler:
        return self._scheduler

    # -- answering -----------------------------------------------------------------------------
    def record_answer(self, record: AnswerRecord) -> int:
        """Write one answer (and, in scheduled modes, the card's next state); return its id."""
        if record.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}; got {record.mode!r}")
        if record.rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1-4; got {record.rating}")
        when = require_utc(record.time)
        with self._write():
            previous = self._card_row(record.question_id)
            if record.mode not in UNSCHEDULED_MODES:
                self._apply_rating(record.question_id, previous, record.rating, when)
            day = to_db(when)[:10]
            first_of_day = self.connection.execute(
                "SELECT NOT EXISTS (SELECT 1 FROM reviews WHERE question_id = ? "
                "AND time >= ? AND time < ?)",
                (record.question_id, day, day + "T99"),
            ).fetchone()[0]
            was_review = previous is not None and previous["state"] == REVIEW_STATE
            cursor = self.connection.execute(
                "INSERT INTO reviews (time, question_id, bank_id, content_hash, variant_seed, "
                "answer, correct, rating, duration_ms, mode, session_id, prev_card, "
                "first_of_day, was_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    to_db(when),
                    record.question_id,
                    record.bank_id,
                    record.content_hash,
                    record.variant_seed,
                    record.answer_given,
                    int(record.correct),
                    record.rating,
                    max(0, int(record.duration_ms)),
                    record.mode,
                    record.session_id,
                    json.dumps(previous) if previous is not None else None,
                    int(first_of_day),
                    int(was_review),
                ),
            )
            review_id = int(cursor.lastrowid or 0)
            counts = int(was_review and record.mode == "review")
            self.connection.executemany(
                "INSERT OR IGNORE INTO review_topics VALUES (?, ?, ?, ?)",
                [(review_id, topic, int(record.correct), counts) for topic in record.topics],
            )
        self._median_cache = None
        return review_id

    def rerate_last(self, rating: int) -> None:
        """Change the rating of the last answer; the card is rescheduled from its prior state."""
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1-4; got {rating}")
        with self._write():
            row = self._last_review()
            if row is None:
                raise ValueError("there is no answer to re-rate")
            if row["mode"] not in UNSCHEDULED_MODES:
                previous = json.loads(row["prev_card"]) if row["prev_card"] else None
                self._apply_rating(row["question_id"], previous, rating, from_db(row["time"]))
            self.connection.execute(
                "UPDATE reviews SET rating = ? WHERE id = ?", (rating, row["id"])
            )

    def undo_last(self) -> AnswerRecord | None:
        """Take back the last answer, as Anki's undo: the row goes, the card returns as it was."""
        with self._write():
            row = self._last_review()
            if row is None:
                return None
            if row["mode"] not in UNSCHEDULED_MODES:
                if row["prev_card"]:
                    self._put_card(row["question_id"], json.loads(row["prev_card"]))
                else:
                    self.connection.execute(
                        "DELETE FROM cards WHERE question_id = ?", (row["question_id"],)
                    )
            self.connection.execute("DELETE FROM reviews WHERE id = ?", (row["id"],))
        self._median_cache = None
        return AnswerRecord(
            time=from_db(row["time"]),
            question_id=row["question_id"],
            bank_id=row["bank_id"],
            content_hash=row["content_hash"],
            variant_seed=row["variant_seed"],
            answer_given=row["answer"],
            correct=bool(row["correct"]),
            rating=row["rating"],
            duration_ms=row["duration_ms"],
            mode=row["mode"],
            session_id=row["session_id"],
        )

    def median_duration_ms(self) -> float | None:
        """Median time of the learner's recent right answers: the yardstick for slow and fast."""
        if self._median_cache is None:
            durations = [
                r[0]
                for r in self.connection.execute(
                    "SELECT duration_ms FROM reviews WHERE correct = 1 AND duration_ms > 0 "
                    "ORDER BY id DESC LIMIT ?",
                    (MEDIAN_WINDOW,),
                )
            ]
            if len(durations) < 10:
                return None
            import statistics  # the only use: once per session

            self._median_cache = float(statistics.median(durations))
        return self._median_cache

    def _apply_rating(
        self, question_id: str, previous: CardRow | None, rating: int, when: datetime
    ) -> None:
        from fsrs import Card, Rating

        card = to_fsrs(previous) if previous is not None else Card(card_id=1, due=when)
        updated, _ = self._scheduler.review_card(card, Rating(rating), when)
        self._put_card(question_id, from_fsrs(updated, *next_counts(previous, rating)))

    def _put_card(self, question_id: str, row: CardRow) -> None:
        self.connection.execute(
            f"INSERT OR REPLACE INTO cards (question_id, {', '.join(CARD_COLUMNS)}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (question_id, *(row[c] for c in CARD_COLUMNS)),
        )

    def _card_row(self, question_id: str) -> CardRow | None:
        row = self.connection.execute(
            f"SELECT {SELECT_CARD} FROM cards WHERE question_id = ?", (question_id,)
        ).fetchone()
        return card_row(row) if row else None

    def _last_review(self) -> dict[str, Any] | None:
        cursor = self.connection.execute("SELECT * FROM reviews ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cursor.description], row, strict=True))

    # -- queues --------------------------------------------------------------------------------
    def due_queue(
        self,
        question_ids: Sequence[str],
        now: datetime | None = None,
        new_per_day: int | None = None,
    ) -> list[str]:
        """Today's queue: due reviews (most overdue first) with new questions spread among them.

        New questions come in the order given (bank order), up to the day's allowance
        (``new_per_day``, default from settings) minus those already introduced today.
        Questions no longer in the banks are simply not in ``question_ids`` and never served.
        """
        now = require_utc(now or self.clock.now())
        due, known = self._due_and_known(question_ids, to_db(now))
        allowance = self._settings.new_per_day if new_per_day is None else new_per_day
        allowance -= self.new_introduced_on(now)
        new: list[str] = []
        if allowance > 0:
            if known is None:
                known = {qid for (qid,) in self.connection.execute("SELECT question_id FROM cards")}
            for qid in question_ids:
                if qid not in known:
                    new.append(qid)
                    if len(new) >= allowance:
                        break
        return _interleave(due, new)

    def _due_and_known(
        self, question_ids: Sequence[str], cutoff: str
    ) -> tuple[list[str], set[str] | None]:
        """Ids among ``question_ids`` due by ``cutoff`` (most overdue first), and those with a card.

        A few thousand ids are looked up by primary key (json_each), so a start-up on the
        built-in banks does not read every card the database holds; for more, scanning the
        table is cheaper than that many lookups (145 ms against 17 ms at 100,000).
        """
        if len(question_ids) <= LOOKUP_LIMIT:
            rows = self.connection.execute(
                "SELECT c.question_id, c.due FROM json_each(?) AS j "
                "JOIN cards AS c ON c.question_id = j.value",
                (json.dumps(list(question_ids)),),
            ).fetchall()
            due = [qid for qid, when in sorted(rows, key=lambda row: row[1]) if when <= cutoff]
            return due, {qid for qid, _ in rows}
        wanted = set(question_ids)
        due = [
            qid
            for (qid,) in self.connection.execute(
                "SELECT question_id FROM cards WHERE due <= ? ORDER BY due", (cutoff,)
            )
            if qid in wanted
        ]
        return due, None  # read only if new questions are wanted today

    def new_introduced_on(self, when: datetime) -> int:
        day = to_db(when)[:10]
        return int(
            self.connection.execute(
                "SELECT count(*) FROM reviews WHERE time >= ? AND time < ? "
                "AND mode NOT IN ('cram', 'mock') AND prev_card IS NULL",
                (day, day + "T99"),
            ).fetchone()[0]
        )

    def status_counts(
        self, groups: Mapping[str, Iterable[str]], now: datetime | None = None
    ) -> dict[str, tuple[int, int, int]]:
        """(due, new, learned) per group of question ids, for the home screen."""
        now_text = to_db(require_utc(now or self.clock.now()))
        dues = dict(self.connection.execute("SELECT question_id, due FROM cards").fetchall())
        counts: dict[str, tuple[int, int, int]] = {}
        for name, ids in groups.items():
            due = new = learned = 0
            for qid in ids:
                when = dues.get(qid)
                if when is None:
                    new += 1
                elif when <= now_text:
                    due += 1
                else:
                    learned += 1
            counts[name] = (due, new, learned)
        return counts

    def leeches(self) -> list[CardState]:
        rows = self.connection.execute(
            f"SELECT question_id, {SELECT_CARD} FROM cards WHERE lapses >= ? "
            "ORDER BY lapses DESC, question_id",
            (LEECH_LAPSES,),
        ).fetchall()
        return [card_state(row[0], card_row(row[1:])) for row in rows]

    def total_reviews(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM reviews").fetchone()[0])


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT: the write lock first, so concurrent writers wait, not fail.

    Threads sharing one connection take turns through a per-connection lock; other
    connections (other instances of quizapp) wait on SQLite's busy timeout.
    """

    def __init__(self, connection: sqlite3.Connection, lock: threading.RLock) -> None:
        self.connection = connection
        self.lock = lock

    def __enter__(self) -> None:
        self.lock.acquire()
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.lock.release()
            raise

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            self.connection.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.lock.release()


def _interleave(due: list[str], new: list[str]) -> list[str]:
    """Spread new questions evenly through the reviews, starting with a review."""
    if not new or not due:
        return due + new
    out: list[str] = []
    gap = (len(due) + len(new)) / len(new)
    next_new = gap - 1
    d = n = 0
    for position in range(len(due) + len(new)):
        if n < len(new) and (position >= next_new or d >= len(due)):
            out.append(new[n])
            n += 1
            next_new += gap
        else:
            out.append(due[d])
            d += 1
    return out

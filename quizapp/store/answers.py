"""The review log: answers written, re-rated and taken back, each with its card's schedule.

A mixin of ``Store`` (one job: the log and the FSRS state it drives). Undo and re-rating name
the review they change, the session's own: a second instance answering on the same data is
never touched, and an answer that a later one was scheduled from is refused, not rewound.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.i18n import N_, _
from quizapp.store.cards import (
    CARD_COLUMNS,
    REVIEW_STATE,
    SELECT_CARD,
    CardRow,
    card_row,
    card_values,
    from_fsrs,
    next_counts,
    to_fsrs,
)
from quizapp.store.clock import Clock, from_db, require_utc, to_db
from quizapp.store.deadline import Deadline
from quizapp.store.errors import Fault, StoreError
from quizapp.store.records import MODES, UNSCHEDULED_MODES, AnswerRecord, Settings
from quizapp.store.vanished import FileId, file_id, rescue
from quizapp.store.writing import Transaction, guarded

if TYPE_CHECKING:  # fsrs loads on the first answer, not at start-up (~2 ms of imports)
    from fsrs import Scheduler

MEDIAN_WINDOW = 200  # recent answers whose durations define "slow" and "fast"
ANSWER_KEPT = N_("this answer was not saved; every answer before it is kept")
READ_KEPT = N_("nothing was changed")


class AnswerLog:
    """Needs the store's connection, lock, path and settings."""

    connection: sqlite3.Connection
    path: Path
    clock: Clock
    _file_id: FileId | None
    damage_seen: bool
    settings_problems: list[str]
    _lock: threading.RLock
    _settings: Settings
    _scheduler_cache: Scheduler | None
    _median_cache: float | None

    @property
    def scheduler(self) -> Scheduler:
        if self._scheduler_cache is None:
            from quizapp.store.scheduling import make_scheduler

            settings = self._settings
            try:
                self._scheduler_cache = make_scheduler(
                    settings.desired_retention, settings.fsrs_parameters
                )
            except ValueError as exc:  # fitted parameters out of fsrs's bounds
                self.settings_problems.append(f"FSRS parameters {exc}; using the defaults")
                self._scheduler_cache = make_scheduler(settings.desired_retention)
        return self._scheduler_cache

    @guarded(N_("saving your answer"), ANSWER_KEPT)
    def record_answer(self, record: AnswerRecord) -> int:
        """Write one answer (and, in scheduled modes, the card's next state); return its id."""
        if record.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}; got {record.mode!r}")
        check_rating(record.rating)
        when = require_utc(record.time)
        with self.transaction():
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

    @guarded(N_("changing the rating"), N_("the answer is kept with its old rating"))
    def rerate(self, review_id: int, rating: int) -> None:
        """Change the rating of answer ``review_id``; its card is rescheduled from the state
        it had before that answer."""
        check_rating(rating)
        with self.transaction():
            row = self._review_to_change(review_id, N_("re-rate"))
            if row["mode"] not in UNSCHEDULED_MODES:
                previous = card_row_from_json(row["prev_card"])
                self._apply_rating(row["question_id"], previous, rating, from_db(row["time"]))
            self.connection.execute(
                "UPDATE reviews SET rating = ? WHERE id = ?", (rating, review_id)
            )

    @guarded(N_("taking the answer back"), N_("the answer is kept as it was"))
    def undo(self, review_id: int) -> AnswerRecord:
        """Take back answer ``review_id``, as Anki's undo: the row goes, the card returns to the
        state it had before."""
        with self.transaction():
            row = self._review_to_change(review_id, N_("undo"))
            if row["mode"] not in UNSCHEDULED_MODES:
                previous = card_row_from_json(row["prev_card"])
                if previous is not None:
                    self._put_card(row["question_id"], previous)
                else:
                    self.connection.execute(
                        "DELETE FROM cards WHERE question_id = ?", (row["question_id"],)
                    )
            self.connection.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
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

    @guarded(N_("counting the answer as right"), N_("the answer is kept as it was graded"))
    def mark_claimed(self, review_id: int) -> None:
        """The learner says rejected answer ``review_id`` was right ("I was right"): it counts
        as right from now on and is flagged, so statistics can tell how often each question's
        grading was overruled. The rating is changed apart, with ``rerate``."""
        with self.transaction():
            self._review_to_change(review_id, N_("count as right"))
            self.connection.execute(
                "UPDATE reviews SET correct = 1, claimed = 1 WHERE id = ?", (review_id,)
            )

    @guarded(N_("reading the answers you counted as right"), READ_KEPT)
    def claimed_counts(self) -> dict[str, int]:
        """Question id -> how many of its answers the learner counted as right over the grader."""
        rows = self.connection.execute(
            "SELECT question_id, count(*) FROM reviews WHERE claimed = 1 GROUP BY question_id"
        )
        return {str(qid): int(n) for qid, n in rows}

    def _review_to_change(self, review_id: int, verb: str) -> dict[str, Any]:
        """The review row, if it is still the last answer to its question (a later one, from
        another window, was scheduled from this one's result: changing this would undo it)."""
        cursor = self.connection.execute("SELECT * FROM reviews WHERE id = ?", (review_id,))
        values = cursor.fetchone()
        if values is None:
            raise StoreError(
                _("cannot {verb} answer {review_id}: it is no longer stored").format(
                    verb=_(verb), review_id=review_id
                ),
                kept=_(READ_KEPT),
                todo=_("it may have been taken back in another quizapp window"),
            )
        row = dict(zip([d[0] for d in cursor.description], values, strict=True))
        later = self.connection.execute(
            "SELECT 1 FROM reviews WHERE question_id = ? AND id > ? AND mode NOT IN "
            "('cram', 'mock') LIMIT 1",
            (row["question_id"], review_id),
        ).fetchone()
        if later is not None and row["mode"] not in UNSCHEDULED_MODES:
            raise StoreError(
                _(
                    "cannot {verb} this answer: the question was answered again since "
                    "(in another quizapp window)"
                ).format(verb=_(verb)),
                kept=_("both answers are kept as they were"),
            )
        return row

    @guarded(N_("reading recent answer times"), READ_KEPT)
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
        from fsrs import Card

        from quizapp.store.scheduling import review

        card = to_fsrs(previous) if previous is not None else Card(card_id=1, due=when)
        deadline = Deadline.from_settings(self._settings)
        updated = review(self.scheduler, card, rating, when, deadline)
        self._put_card(question_id, from_fsrs(updated, *next_counts(previous, rating)))

    def _put_card(self, question_id: str, row: CardRow) -> None:
        self.connection.execute(
            f"INSERT OR REPLACE INTO cards (question_id, {SELECT_CARD}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (question_id, *card_values(row)),
        )

    def _card_row(self, question_id: str) -> CardRow | None:
        row = self.connection.execute(
            f"SELECT {SELECT_CARD} FROM cards WHERE question_id = ?", (question_id,)
        ).fetchone()
        return card_row(row) if row else None

    def transaction(self) -> Transaction:
        """One write transaction (BEGIN IMMEDIATE): the answer paths' and bulk changes'."""
        self.check_file()
        return Transaction(self.connection, self._lock)

    def check_file(self) -> None:
        """The file at the path is still the one open, else ``StoreError`` (``vanished``)."""
        if file_id(self.path) == self._file_id:
            return
        with self._lock:
            self.connection, error = rescue(self.connection, self.path, self.clock.now())
            if error.fault is not Fault.REPLACED:  # written back: carry on with it
                self._file_id = file_id(self.path)
        raise error


def card_row_from_json(text: str | None) -> CardRow | None:
    """A review's ``prev_card`` (None: the answer introduced the card)."""
    return card_row([json.loads(text)[c] for c in CARD_COLUMNS]) if text else None


def check_rating(rating: int) -> None:
    if rating not in (1, 2, 3, 4):
        raise ValueError(f"rating must be 1-4; got {rating}")

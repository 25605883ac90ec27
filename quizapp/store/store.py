"""The ``Store``: every answer kept, every schedule computed by FSRS, nothing lost.

Each answer is one committed transaction (review row + card update) that completes before
``record_answer`` returns, so feedback shown means progress saved, whatever happens next.
Question ids are the identity: a reworded question keeps its card (the review row records the
new content hash), a removed one keeps its history but is no longer scheduled (the due queue
takes the current ids), a moved one keeps its card (cards are keyed by question id alone).
Undo and re-rating name the review they change (the session's own), so a second instance
answering on the same data is never touched. Every public method raises ``StoreError`` (never
``sqlite3.Error``) when the database fails.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.i18n import N_, _
from quizapp.paths import database_path
from quizapp.store.answers import READ_KEPT, AnswerLog
from quizapp.store.cards import (
    card_state,
    to_fsrs,
)
from quizapp.store.clock import Clock, SystemClock, require_utc, to_db
from quizapp.store.code_attempts import CodeAttemptLog
from quizapp.store.database import (
    connect,
    integrity_problem,
    open_database,
    replace_damaged,
)
from quizapp.store.deadline import Deadline, day_start
from quizapp.store.errors import Fault, StoreError, describe
from quizapp.store.instances import Instance
from quizapp.store.queues import CardIds
from quizapp.store.records import (
    LEECH_LAPSES,
    MODES,
    CardState,
    Settings,
)
from quizapp.store.recovery import Recovery
from quizapp.store.settings_rules import settings_from_stored, settings_problems
from quizapp.store.today import TodayQueues
from quizapp.store.vanished import file_id
from quizapp.store.writing import guarded

if TYPE_CHECKING:  # fsrs loads on the first answer, not at start-up (~2 ms of imports)
    from fsrs import Card, Scheduler


class Store(AnswerLog, CodeAttemptLog, TodayQueues):
    """Progress in SQLite. Open with ``Store.open(data_dir, clock)``; close when done.

    ``recovery`` says whether (and where) a damaged database was moved aside recently;
    ``needs_check`` is true after another process ended without closing: run
    ``check_integrity()`` off the first-screen path (any thread), then, on the owning thread,
    ``put_aside(problem)`` if it found one (``verify()`` does both, for the CLI).
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        clock: Clock,
        path: Path,
        *,
        card_ids: CardIds | None = None,
        instance: Instance | None = None,
    ) -> None:
        self.connection = connection
        self.clock = clock
        self.path = path
        self._file_id = file_id(path)  # checked before each write and reader (``vanished``)
        self.recovery: Recovery | None = None
        self.damage_seen = False  # a damaged page was met: leave the crash marker behind
        self.settings_problems: list[str] = []
        self._instance = instance
        self._card_ids = card_ids or CardIds()
        self._lock = threading.RLock()
        self._settings = self._load_settings()
        self._scheduler_cache: Scheduler | None = None
        self._median_cache: float | None = None

    @classmethod
    def open(cls, data_dir: Path, clock: Clock | None = None) -> Store:
        clock = clock or SystemClock()
        path = database_path(Path(data_dir))
        opened = open_database(path, clock.now())
        try:
            store = cls(opened.connection, clock, path, instance=opened.instance)
        except sqlite3.Error as exc:
            opened.connection.close()
            opened.instance.close(clean=False)  # a damaged settings page: check fully next time
            raise describe(exc, path, _("reading the settings"), _(READ_KEPT)) from exc
        store.recovery = opened.recovery
        return store

    def warm_up(self) -> threading.Thread:
        """Read every card's id ahead, on a thread of its own (``open_context`` calls it)."""
        return self._card_ids.warm(self.path)

    @property
    def notice(self) -> str | None:
        """What the learner must be told on opening (a recovery, settings put back), if any."""
        lines = [self.recovery.message] if self.recovery else []
        lines += self.settings_problems
        return "\n".join(lines) or None

    def close(self) -> None:
        with self._lock:  # never in the middle of a transaction
            self.keep_summaries()  # never raises: at worst the next start works it out
            self.connection.close()
        if self._instance is not None:
            self._instance.close(clean=not self.damage_seen)

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """This store's data on a connection of the calling thread's own, for worker threads:
        a connection shared across threads crashes the process when one thread closes it while
        another is mid-query (quitting while Home counted did); WAL lets it read beside writes.
        """
        if file_id(self.path) != self._file_id:  # written back on the owning thread only
            raise StoreError(
                _("{name} was deleted or replaced while quizapp was running").format(
                    name=self.path.name
                ),
                kept=_("quizapp still has your progress open"),
                todo=_("go back: the next answer (or Home) writes it back or says where it went"),
                fault=Fault.IO,
                path=self.path,
            )
        connection = connect(self.path, read_only=True)
        try:
            yield Store(connection, self.clock, self.path, card_ids=self._card_ids)
        finally:
            connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the full check, off the first-screen path --------------------------------------------
    @property
    def needs_check(self) -> bool:
        """A process had this database open and ended without closing it."""
        return self._instance is not None and self._instance.unclean_exit

    def check_integrity(self) -> str | None:
        """``PRAGMA quick_check`` on its own connection (safe from any thread): the problem
        found, or None. Passing clears the crash markers it was run for."""
        try:
            problem = integrity_problem(self.path)
        except (sqlite3.Error, OSError) as exc:
            doing = _("checking the progress database")
            raise describe(exc, self.path, doing, _(READ_KEPT)) from exc
        if problem is None and self._instance is not None:
            with self._lock:
                self._instance.checked()
        return problem

    def put_aside(self, problem: str) -> Recovery:
        """Move the damaged database aside and carry on with a fresh one holding what could be
        salvaged (on the thread that owns this store). Refused while another instance has it."""
        if self._instance is None:
            raise ValueError("only the store that opened the database can replace it")
        with self._lock:
            self.connection.close()
            try:
                connection, recovery = replace_damaged(
                    self.path, self.clock.now(), self._instance, Exception(problem)
                )
            except BaseException:
                self.connection = connect(self.path)  # carry on as before: nothing moved
                raise
            self.connection = connection
            self._file_id = file_id(self.path)
            self._card_ids = CardIds()
            self.damage_seen = False
            self.reload()
            self.recovery = recovery
        return recovery

    def verify(self) -> Recovery | None:
        """The full check, and the move aside if it fails (the CLI runs it inline)."""
        problem = self.check_integrity()
        return self.put_aside(problem) if problem else None

    # -- settings ------------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return Settings(**vars(self._settings))

    @guarded(N_("saving the settings"), N_("the settings were not changed"))
    def save_settings(self, settings: Settings) -> None:
        from quizapp.store.scheduling import make_scheduler

        problems = settings_problems(settings)
        if problems:
            raise ValueError("; ".join(problems))
        make_scheduler(settings.desired_retention, settings.fsrs_parameters)  # validates
        deadline = Deadline.from_settings(settings)
        with self.transaction():
            for key, value in vars(settings).items():
                self.connection.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value)),
                )
            if deadline is not None and deadline != Deadline.from_settings(self._settings):
                self._keep_to(deadline)
        self._settings = Settings(**vars(settings))
        self._scheduler_cache = None
        self.settings_problems = []

    def _keep_to(self, deadline: Deadline) -> None:
        """Cards already scheduled past a newly set interview date come back on the last
        study day instead, as an answer given now would (``Deadline.due_for``)."""
        now = self.clock.now()
        if deadline.days_left(now) < 1:
            return  # the interview is today or over: plain FSRS
        cap = to_db(day_start(deadline.last_study_day))
        self.connection.execute(
            "UPDATE cards SET due = ? WHERE due > ? AND (last_review IS NULL OR last_review < ?)",
            (cap, cap, cap),
        )

    def reload(self) -> None:
        """Read settings again (after an import or a recovery replaced them)."""
        self._settings = self._load_settings()
        self._scheduler_cache = None
        self._median_cache = None

    def _load_settings(self) -> Settings:
        stored = dict(self.connection.execute("SELECT key, value FROM settings").fetchall())
        settings, self.settings_problems = settings_from_stored(stored)
        return settings

    # -- sessions ------------------------------------------------------------------------------
    @guarded(N_("starting a session"), READ_KEPT)
    def start_session(self, mode: str, started: datetime | None = None) -> int:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}; got {mode!r}")
        with self.transaction():
            cursor = self.connection.execute(
                "INSERT INTO sessions (started, mode) VALUES (?, ?)",
                (to_db(started or self.clock.now()), mode),
            )
        return int(cursor.lastrowid or 0)

    @guarded(N_("ending the session"), N_("every answer of it is kept"))
    def end_session(self, session_id: int, ended: datetime | None = None) -> None:
        with self.transaction():
            self.connection.execute(
                "UPDATE sessions SET ended = ? WHERE id = ?",
                (to_db(ended or self.clock.now()), session_id),
            )

    # -- cards ---------------------------------------------------------------------------------
    @guarded(N_("reading a card"), READ_KEPT)
    def card(self, question_id: str) -> CardState | None:
        row = self._card_row(question_id)
        return card_state(question_id, row) if row else None

    @guarded(N_("reading a card"), READ_KEPT)
    def fsrs_card(self, question_id: str) -> Card | None:
        row = self._card_row(question_id)
        return to_fsrs(row) if row else None

    def retrievability(self, question_id: str, when: datetime) -> float | None:
        card = self.fsrs_card(question_id)
        if card is None:
            return None
        return float(self.scheduler.get_card_retrievability(card, require_utc(when)))

    @guarded(N_("reading leeches"), READ_KEPT)
    def leech_ids(self) -> list[str]:
        """Questions forgotten ``LEECH_LAPSES`` times or more, most lapsed first."""
        return [
            qid
            for (qid,) in self.connection.execute(
                "SELECT question_id FROM cards WHERE lapses >= ? ORDER BY lapses DESC, question_id",
                (LEECH_LAPSES,),
            )
        ]

    @guarded(N_("counting reviews"), READ_KEPT)
    def total_reviews(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM reviews").fetchone()[0])

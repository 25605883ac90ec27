"""Today's queue and Home's counts, as the store serves them (a mixin of ``Store``).

Each reads in one transaction (``snapshot``): the card counters and the cards they stamp
agree. What a call worked out of a big catalog is summarised in the database afterwards by
the store's own connection (``keep_summaries``; readers are read-only, so theirs wait for the
store's next call or its close), so the next start's first call need not read every card id.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from quizapp.i18n import N_
from quizapp.store import summaries
from quizapp.store.answers import READ_KEPT
from quizapp.store.clock import Clock, require_utc, to_db
from quizapp.store.deadline import todays_new_per_day
from quizapp.store.instances import Instance
from quizapp.store.queues import (
    CardIds,
    DueBy,
    NewOrder,
    TodayQueue,
    due_ids,
    later_today,
    status_counts,
    unseen_ids,
)
from quizapp.store.records import Settings
from quizapp.store.vanished import FileId, file_id
from quizapp.store.writing import guarded


class TodayQueues:
    """Needs the store's connection, lock, path, clock, settings and card ids."""

    connection: sqlite3.Connection
    clock: Clock
    path: Path
    damage_seen: bool
    _file_id: FileId | None
    _instance: Instance | None
    _card_ids: CardIds
    _settings: Settings
    _lock: threading.RLock

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one consistent state of the database, whatever others write."""
        with self._lock:
            if self.connection.in_transaction:  # already inside one: that one holds
                yield
                return
            self.connection.execute("BEGIN")
            try:
                yield
            finally:
                if self.connection.in_transaction:
                    self.connection.execute("COMMIT")

    @guarded(N_("building today's queue"), READ_KEPT)
    def due_queue(
        self,
        question_ids: Sequence[str],
        now: datetime | None = None,
        new_per_day: int | None = None,
        order: NewOrder | None = None,
    ) -> list[str]:
        """Today's queue: due reviews (most overdue first) with new questions spread among them.

        New questions come in the order ``order`` gives the unseen ones (default: the order of
        ``question_ids``), up to the day's allowance minus those already introduced today: the
        interview date's count (``quizapp.store.deadline``) or the setting, unless
        ``new_per_day`` says otherwise. Questions no longer in the banks are simply not in
        ``question_ids`` and never served.
        """
        return self._today(question_ids, now, new_per_day, order, later=False).served

    @guarded(N_("building today's queue"), READ_KEPT)
    def today_queue(
        self,
        question_ids: Sequence[str],
        now: datetime | None = None,
        new_per_day: int | None = None,
        order: NewOrder | None = None,
    ) -> TodayQueue:
        """``due_queue``'s reviews and new questions apart, and the learning steps that come
        back later today: what Home, the statistics and the planner call "today"."""
        return self._today(question_ids, now, new_per_day, order, later=True)

    def _today(
        self,
        question_ids: Sequence[str],
        now: datetime | None,
        new_per_day: int | None,
        order: NewOrder | None,
        *,
        later: bool,
    ) -> TodayQueue:
        now = require_utc(now or self.clock.now())
        by = DueBy.at(now)
        with self.snapshot():
            due = due_ids(self.connection, self._card_ids, question_ids, by)
            unseen = unseen_ids(self.connection, self._card_ids, question_ids)
            introduced = self.introduced_on(now)
            if new_per_day is None:
                left = len(unseen.members) + len(introduced)
                new_per_day = todays_new_per_day(self._settings, left, now)
            allowance = new_per_day - len(introduced)
            coming = later_today(self.connection, self._card_ids, question_ids, by) if later else 0
        self.keep_summaries()
        new: list[str] = []
        if allowance > 0 and unseen.members:
            if order is not None:
                new = list(itertools.islice(order(unseen.members, introduced), allowance))
            else:
                new = unseen.ordered[:allowance]
        return TodayQueue(due, new, coming)

    @guarded(N_("reading today's new questions"), READ_KEPT)
    def introduced_on(self, when: datetime) -> frozenset[str]:
        """The questions first answered (in a scheduled mode) on ``when``'s UTC day."""
        day = to_db(when)[:10]
        return frozenset(
            qid
            for (qid,) in self.connection.execute(
                "SELECT question_id FROM reviews WHERE time >= ? AND time < ? "
                "AND mode NOT IN ('cram', 'mock') AND prev_card IS NULL",
                (day, day + "T99"),
            )
        )

    @guarded(N_("counting due questions"), READ_KEPT)
    def status_counts(
        self, groups: Mapping[str, Iterable[str]], now: datetime | None = None
    ) -> dict[str, tuple[int, int, int, int]]:
        """(due, new, learning, learned) per group of question ids, for the home screen."""
        by = DueBy.at(require_utc(now or self.clock.now()))
        with self.snapshot():
            counts = status_counts(self.connection, self._card_ids, groups, by)
        self.keep_summaries()
        return counts

    def keep_summaries(self) -> None:
        """Write what was worked out since into the database's summaries, by the store that
        opened it (a reader's connection is read-only, so it leaves them to this one). Best
        effort: a busy database or a failure only means the next start works them out."""
        if self._instance is None:
            return
        with self._lock:  # never inside another thread's transaction on this connection
            unsaved = self._card_ids.unsaved()
            if not unsaved or file_id(self.path) != self._file_id:
                return  # a file put in its place is not the one these were worked out from
            if summaries.write(self.connection, {key: made for _, key, made in unsaved}):
                for memo, _, made in unsaved:
                    memo.summarised = len(made.positions)
            else:
                self._card_ids.not_saved(memo for memo, _, _ in unsaved)

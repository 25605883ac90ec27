"""Today's queue and Home's counts, in SQL and set operations, never a Python object per card.

What is due (``DueBy``, the one rule of the queue, Home's counts and the statistics' "today"):
a card in the review state is due for the whole UTC day its due time falls on, as Anki does, so
the morning's session holds every review of the day; a card in its learning steps is due at its
due time (minutes away), or its step would be skipped. The due cards come from the
``(due, question_id, state)`` index alone, cut at the end of the day: only what is due today
is read, and never a card's row. The one question that needs more, "which of these questions
were never answered?", is answered by what is known of the catalog (``CardIds.unseen``): kept
from the last call while the card counters say no card id came or went; else, while none went,
the ids known unseen that still have no card (looked up one by one, here or from the summary
the last start left in the database, ``quizapp.store.summaries``); else from the set of every
card id the store keeps (``CardIds.current``): read once, then brought up to date from the rows
added since (an answer's ``INSERT OR REPLACE`` always gives its card a higher rowid) unless a
card was deleted (undo of a first answer, an import), which a trigger counts; then it is read
again. What the catalog's passes work out is kept beside it (``quizapp.store.queue_memo``).
"""

from __future__ import annotations

import itertools
import json
import math
import operator
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import msgspec

from quizapp.store import summaries
from quizapp.store.cards import REVIEW_STATE
from quizapp.store.clock import require_utc, to_db
from quizapp.store.deadline import day_start, utc_day
from quizapp.store.queue_memo import CatalogMemo, GroupsMemo, Known, Unseen
from quizapp.store.summaries import RECHECK_LIMIT, CardStamp, Summary, card_stamp

# (the unseen questions of a queue's catalog, those of it introduced today) -> the unseen ones
# in the order they are to be introduced, lazily (the queue takes the day's allowance).
# ``quizapp.core.ordering`` gives the syllabus's.
NewOrder = Callable[[frozenset[str], frozenset[str]], Iterable[str]]
LOOKUP_LIMIT = 5_000  # up to this many ids, cards are looked up by id instead of by due date
# the due rule in SQL, on a card row ``c`` with parameters (day_end, now)
_DUE = f"(c.due < ? AND (c.state = {REVIEW_STATE} OR c.due <= ?))"


# Longer than any learning or relearning step (fsrs's are 1 and 10 minutes; a test pins it):
# a card in its steps that is not due now is due within it, so Home finds such cards on the
# due index's next day instead of reading every card's state.
LEARNING_HORIZON = timedelta(days=1)


class DueBy(msgspec.Struct, frozen=True):
    """The moment a queue is built for, as the database compares times."""

    now: str
    day_end: str  # the next UTC day's 00:00
    steps_end: str  # a card in its learning steps and not due now is due before this

    @classmethod
    def at(cls, when: datetime) -> DueBy:
        when = require_utc(when)
        day_end = day_start(utc_day(when)) + timedelta(days=1)
        return cls(to_db(when), to_db(day_end), to_db(when + LEARNING_HORIZON))

    @property
    def params(self) -> tuple[str, str]:
        return (self.day_end, self.now)


class CardIds:
    """The ids of every question with a card, shared by a store and its readers (any thread),
    and what is known of the last catalog and groups asked about (Home and the session pass
    the same), each kept with the card stamp and due list it was worked out from."""

    def __init__(self) -> None:
        self._ids: frozenset[str] = frozenset()
        self._stamp: tuple[int, int] | None = None  # (max rowid, card deletions)
        self._catalog = CatalogMemo([])
        self._groups = GroupsMemo({})
        self._reading = threading.Lock()  # held while the set is read (the read-ahead's ~20 ms)
        self._lock = threading.Lock()  # held for a moment: the kept answers (others go on)
        self._due: tuple[sqlite3.Connection, tuple[object, ...], list[str]] | None = None
        self._unsaved: list[CatalogMemo] = []  # known unseen ids the database has no summary of

    def current(self, connection: sqlite3.Connection) -> frozenset[str]:
        """The set as of ``connection``'s view."""
        max_rowid, deletions = connection.execute(
            "SELECT (SELECT coalesce(max(rowid), 0) FROM cards), "
            "(SELECT value FROM store_counters WHERE name = 'card_deletions')"
        ).fetchone()
        stamp = (int(max_rowid), int(deletions or 0))
        with self._reading:
            if self._stamp is None or stamp[1] != self._stamp[1] or stamp[0] < self._stamp[0]:
                self._ids = _all_card_ids(connection)
            elif stamp != self._stamp:
                rows = connection.execute(
                    "SELECT question_id FROM cards WHERE rowid > ?", (self._stamp[0],)
                )
                self._ids = self._ids.union(qid for (qid,) in rows)
            self._stamp = stamp
            return self._ids

    def warm(self, path: Path) -> threading.Thread:
        """Read the set on a thread of its own, on a read-only connection of its own (never
        creating the file), so the first due queue or Home count finds it built (unless a
        summary may serve it: reading the set would only slow the start down): the app
        starts this as it opens the store and loads the catalog and the screen meanwhile (the
        read runs in SQLite, outside the GIL). A failure is left for the first real call."""

        def read() -> None:
            try:
                connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            except sqlite3.Error:
                return
            try:
                if not summaries.any_current(connection):  # else the first call reads one
                    self.current(connection)
            except sqlite3.Error:
                pass
            finally:
                connection.close()

        thread = threading.Thread(target=read, name="quizapp-card-ids", daemon=True)
        thread.start()
        return thread

    def due_everywhere(self, connection: sqlite3.Connection, by: DueBy) -> list[str]:
        """Every due card's id, most overdue first, kept while nothing was written: Home's
        visit asks for it twice (its counts, then today's queue) on one connection."""
        (version,) = connection.execute("PRAGMA data_version").fetchone()
        key = (connection.total_changes, version, by)  # own writes, others' commits, the time
        with self._lock:
            kept = self._due
            if kept is not None and kept[0] is connection and kept[1] == key:
                return kept[2]
        query = f"SELECT question_id FROM cards AS c WHERE {_DUE} ORDER BY due"
        due = list(map(operator.itemgetter(0), connection.execute(query, by.params).fetchall()))
        with self._lock:
            # the connection itself is kept, not its id(): a later one could reuse the id
            self._due = (connection, key, due)
        return due

    def catalog(self, question_ids: Sequence[str]) -> CatalogMemo:
        """What is known of ``question_ids``, kept while the same list is passed again."""
        wanted = question_ids if isinstance(question_ids, list) else list(question_ids)
        with self._lock:
            for kept in (self._catalog, self._groups.catalog):
                # identical strings compare by identity: ~1 ms at 100k
                if kept.ids is wanted or kept.ids == wanted:
                    break
            else:
                kept = CatalogMemo(list(wanted))
            self._catalog = kept
            return kept

    def unseen(
        self,
        connection: sqlite3.Connection,
        memo: CatalogMemo,
        every: Callable[[frozenset[str]], Unseen] | None = None,
    ) -> Known:
        """``memo``'s ids with no card, as of ``connection``'s view (the caller holds one read
        transaction, so the stamp and the cards agree). ``every`` works them out from every
        card id (default: one pass over the catalog)."""
        stamp = card_stamp(connection)
        known = memo.known
        if known is not None and known.stamp == stamp:
            return known
        if known is None or not _recheckable(known, stamp):
            known = self._summarised(connection, memo, stamp)
        if known is not None:
            known = _recheck(connection, known, stamp)
        else:
            known = Known(stamp, (every or memo.unseen_of)(self.current(connection)))
        with self._lock:
            memo.known = known
            count = len(known.unseen.ordered)
            if count != memo.summarised and count <= RECHECK_LIMIT and memo not in self._unsaved:
                self._unsaved.append(memo)
        return known

    def _summarised(
        self, connection: sqlite3.Connection, memo: CatalogMemo, stamp: CardStamp
    ) -> Known | None:
        """The summary the database holds of ``memo``'s ids, if it can serve ``stamp``."""
        stored = summaries.read(connection, memo.key())
        memo.summarised = -1
        if stored is None:
            return None
        positions = stored.positions
        if positions and (positions[-1] >= len(memo.ids) or positions[0] < 0):
            return None  # not this catalog's (a collision, a hand-edited row): work it out
        known = Known(stored.stamp, Unseen.of([memo.ids[p] for p in positions]), positions)
        if not _recheckable(known, stamp):
            return None
        memo.summarised = len(positions)
        return known

    def unsaved(self) -> list[tuple[CatalogMemo, str, Summary]]:
        """Summaries of what was worked out and the database has not got, taken (the store's
        own connection writes them: ``TodayQueues.keep_summaries``, which gives back those it
        could not write, ``not_saved``)."""
        with self._lock:
            memos, self._unsaved = self._unsaved, []
        out = []
        for memo in memos:
            known = memo.known
            if known is not None and summaries.summarisable(memo.ids):
                out.append((memo, memo.key(), Summary(known.stamp, memo.positions(known))))
        return out

    def not_saved(self, memos: Iterable[CatalogMemo]) -> None:
        with self._lock:
            self._unsaved += [memo for memo in memos if memo not in self._unsaved]

    def group_counts(
        self, connection: sqlite3.Connection, lists: dict[str, list[str]], due: list[str]
    ) -> tuple[list[int], list[int]]:
        """Per group, how many ids have no card and how many are in ``due`` (the caller holds
        one read transaction); what that tells of the catalog the groups make up is kept for
        today's queue."""
        with self._lock:
            kept = self._groups.lists
            if kept != lists or list(kept) != list(lists):  # dicts compare without order
                self._groups = GroupsMemo(lists)
            groups = self._groups
        known = self.unseen(connection, groups.catalog, groups.unseen_of)
        return groups.counts(known, due)


def _recheckable(known: Known, stamp: CardStamp) -> bool:
    """Whether ``known`` can be brought to ``stamp`` by looking its unseen ids up."""
    return stamp.may_follow(known.stamp) and len(known.unseen.ordered) <= RECHECK_LIMIT


def _recheck(connection: sqlite3.Connection, known: Known, stamp: CardStamp) -> Known:
    """``known`` as of ``stamp`` (no card deleted since): its unseen ids that still have none."""
    still = summaries.still_unseen(connection, known.unseen.ordered)
    if all(still):
        return Known(stamp, known.unseen, known.positions)
    ordered = list(itertools.compress(known.unseen.ordered, still))
    positions = (
        None if known.positions is None else list(itertools.compress(known.positions, still))
    )
    return Known(stamp, Unseen.of(ordered), positions)


def _all_card_ids(connection: sqlite3.Connection) -> frozenset[str]:
    """Every card id in one string split in C (half the time of 100,000 row tuples). The
    separator is a literal: ``char(10)`` would be called once per row, doubling the read."""
    count, joined = connection.execute(
        "SELECT count(*), group_concat(question_id, '\n') FROM cards"
    ).fetchone()
    ids = frozenset(joined.split("\n")) if joined else frozenset()
    if len(ids) != count:  # an id holding a newline: read row by row
        ids = frozenset(qid for (qid,) in connection.execute("SELECT question_id FROM cards"))
    return ids


def due_ids(
    connection: sqlite3.Connection, card_ids: CardIds, question_ids: Sequence[str], by: DueBy
) -> list[str]:
    """Ids among ``question_ids`` due (``DueBy``), most overdue first."""
    if len(question_ids) <= LOOKUP_LIMIT:
        rows = connection.execute(
            "SELECT c.question_id, c.due FROM json_each(?) AS j "
            f"JOIN cards AS c ON c.question_id = j.value WHERE {_DUE}",
            (json.dumps(list(question_ids)), *by.params),
        ).fetchall()
        return [qid for qid, _ in sorted(rows, key=lambda row: row[1])]
    return card_ids.catalog(question_ids).due_among(card_ids.due_everywhere(connection, by))


def unseen_ids(
    connection: sqlite3.Connection, card_ids: CardIds, question_ids: Sequence[str]
) -> Unseen:
    """The ids among ``question_ids`` that have no card (never answered in a scheduled mode);
    the caller holds one read transaction."""
    if len(question_ids) <= LOOKUP_LIMIT:
        known = summaries.with_cards(connection, question_ids)
        ordered = [qid for qid in question_ids if qid not in known]
        return Unseen(frozenset(ordered), ordered)
    return card_ids.unseen(connection, card_ids.catalog(question_ids)).unseen


def later_today(
    connection: sqlite3.Connection, card_ids: CardIds, question_ids: Sequence[str], by: DueBy
) -> int:
    """Cards among ``question_ids`` in their learning steps that come back later today."""
    query = (
        f"SELECT c.question_id FROM cards AS c WHERE c.due > ? AND c.due < ? "
        f"AND c.state != {REVIEW_STATE}"
    )
    wanted = card_ids.catalog(question_ids).members()
    return sum(1 for (qid,) in connection.execute(query, (by.now, by.day_end)) if qid in wanted)


def status_counts(
    connection: sqlite3.Connection,
    card_ids: CardIds,
    groups: Mapping[str, Iterable[str]],
    by: DueBy,
) -> dict[str, tuple[int, int, int, int]]:
    """(due, new, learning, learned) per group of question ids; the caller holds one read
    transaction. Learning: in fsrs's learning or relearning steps and not due now (a question
    answered for the first time, or wrong, comes back within minutes); learned: every other
    answered card that is not due."""
    lists = {name: list(ids) for name, ids in groups.items()}
    stepping = frozenset(
        qid
        for (qid,) in connection.execute(
            f"SELECT question_id FROM cards WHERE due > ? AND due < ? AND state != {REVIEW_STATE}",
            (by.now, by.steps_end),
        )
    )
    if sum(len(ids) for ids in lists.values()) > LOOKUP_LIMIT:
        due_list = card_ids.due_everywhere(connection, by)
        unseen, due = card_ids.group_counts(connection, lists, due_list)
        seen = [len(ids) - n for ids, n in zip(lists.values(), unseen, strict=True)]
    else:
        everything = [qid for ids in lists.values() for qid in ids]
        known = dict(
            connection.execute(
                f"SELECT c.question_id, {_DUE} FROM json_each(?) AS j "
                "JOIN cards AS c ON c.question_id = j.value",
                (*by.params, json.dumps(everything)),
            ).fetchall()
        )
        due_now = {qid for qid, is_due in known.items() if is_due}
        seen = [sum(map(known.__contains__, ids)) for ids in lists.values()]
        due = [sum(map(due_now.__contains__, ids)) for ids in lists.values()]
    # one pass per group only when some card is in its steps (an id listed twice counts twice)
    stepping_n = [sum(map(stepping.__contains__, ids)) if stepping else 0 for ids in lists.values()]
    return {
        name: (due_n, len(ids) - seen_n, steps_n, seen_n - due_n - steps_n)
        for (name, ids), seen_n, due_n, steps_n in zip(
            lists.items(), seen, due, stepping_n, strict=True
        )
    }


class TodayQueue(msgspec.Struct, frozen=True):
    """Today's work among some question ids: due now, new now, learning steps later today."""

    due: list[str]  # most overdue first
    new: list[str]  # in the order they are introduced
    later: int = 0  # cards in their learning steps that come back before the day ends

    @property
    def served(self) -> list[str]:
        """What a review session asks now, in order."""
        return interleave(self.due, self.new)


def interleave(due: list[str], new: list[str]) -> list[str]:
    """Spread new questions evenly through the reviews, starting with a review: the n-th new
    question goes at the first position at or past ``(n + 1) * gap - 1`` (or where the
    reviews run out). A slice of reviews per new question, not a step per position."""
    if not new or not due:
        return due + new
    out: list[str] = []
    gap = (len(due) + len(new)) / len(new)
    next_new = gap - 1
    d = 0
    for question in new:
        reviews = min(len(due) - d, max(0, math.ceil(next_new) - len(out)))
        out += due[d : d + reviews]
        d += reviews
        out.append(question)
        next_new += gap
    out += due[d:]
    return out

"""Today's queue and Home's counts, in SQL and set operations, never a Python object per card.

What is due (``DueBy``, the one rule of the queue, Home's counts and the statistics' "today"):
a card in the review state is due for the whole UTC day its due time falls on, as Anki does, so
the morning's session holds every review of the day; a card in its learning steps is due at its
due time (minutes away), or its step would be skipped. The due cards come from the
``(due, question_id)`` index, cut at the end of the day: only what is due today is read.
The one question that needs every card id, "which of these questions were never answered?",
is answered by the set of card ids the store keeps (``CardIds``): read once, then brought up
to date from the rows added since (an answer's ``INSERT OR REPLACE`` always gives its card a
higher rowid) unless a card was deleted (undo of a first answer, an import), which a trigger
counts; then it is read again.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from quizapp.store.cards import REVIEW_STATE
from quizapp.store.clock import require_utc, to_db
from quizapp.store.deadline import day_start, utc_day

# (the unseen questions of a queue's catalog, those of it introduced today) -> the unseen ones
# in the order they are to be introduced, lazily (the queue takes the day's allowance).
# ``quizapp.core.ordering`` gives the syllabus's.
NewOrder = Callable[[frozenset[str], frozenset[str]], Iterable[str]]
LOOKUP_LIMIT = 5_000  # up to this many ids, cards are looked up by id instead of by due date
# the due rule in SQL, on a card row ``c`` with parameters (day_end, now)
_DUE = f"(c.due < ? AND (c.state = {REVIEW_STATE} OR c.due <= ?))"


@dataclass(frozen=True)
class DueBy:
    """The moment a queue is built for, as the database compares times."""

    now: str
    day_end: str  # the next UTC day's 00:00

    @classmethod
    def at(cls, when: datetime) -> DueBy:
        when = require_utc(when)
        return cls(to_db(when), to_db(day_start(utc_day(when)) + timedelta(days=1)))

    @property
    def params(self) -> tuple[str, str]:
        return (self.day_end, self.now)


class CardIds:
    """The ids of every question with a card, shared by a store and its readers (any thread),
    and the last catalog it was asked about, as a set (Home and the session pass the same)."""

    def __init__(self) -> None:
        self._ids: frozenset[str] = frozenset()
        self._stamp: tuple[int, int] | None = None  # (max rowid, card deletions)
        self._catalog = _Catalog([])
        self._groups = _Groups({})
        self._lock = threading.Lock()
        self._due: tuple[sqlite3.Connection, tuple[object, ...], list[str]] | None = None

    def current(self, connection: sqlite3.Connection) -> frozenset[str]:
        """The set as of ``connection``'s view."""
        max_rowid, deletions = connection.execute(
            "SELECT (SELECT coalesce(max(rowid), 0) FROM cards), "
            "(SELECT value FROM store_counters WHERE name = 'card_deletions')"
        ).fetchone()
        stamp = (int(max_rowid), int(deletions or 0))
        with self._lock:
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
        creating the file), so the first due queue or Home count finds it built: the app
        starts this as it opens the store and loads the catalog and the screen meanwhile (the
        read runs in SQLite, outside the GIL). A failure is left for the first real call."""

        def read() -> None:
            try:
                connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            except sqlite3.Error:
                return
            try:
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
        due = [
            qid
            for (qid,) in connection.execute(
                f"SELECT question_id FROM cards AS c WHERE {_DUE} ORDER BY due", by.params
            )
        ]
        with self._lock:
            # the connection itself is kept, not its id(): a later one could reuse the id
            self._due = (connection, key, due)
        return due

    def catalog(self, question_ids: Sequence[str]) -> _Catalog:
        """What is known of ``question_ids``, kept while the same list is passed again."""
        wanted = question_ids if isinstance(question_ids, list) else list(question_ids)
        with self._lock:
            # identical strings compare by identity: ~1 ms at 100k
            if self._catalog.ids != wanted:
                self._catalog = _Catalog(list(wanted))
            return self._catalog

    def groups(self, lists: dict[str, list[str]]) -> _Groups:
        """What is known of Home's groups, kept while equal groups are passed again."""
        with self._lock:
            if self._groups.lists != lists:
                self._groups = _Groups(lists)
            return self._groups


class _Catalog:
    """One catalog's answers to the queue's questions, each kept for the card-id set or due
    list it was worked out from (compared by identity, or by value for a due list, so a write
    that changes either is never served a stale answer). Every answer is one C-level pass
    over the ids: the card-id set is read ahead, a Python frame per id would cost 100k frames.
    """

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self._members: frozenset[str] | None = None
        self._unseen: tuple[frozenset[str], Unseen] | None = None
        self._due: tuple[list[str], list[str]] | None = None

    def members(self) -> frozenset[str]:
        if self._members is None:
            self._members = frozenset(self.ids)
        return self._members

    def unseen(self, cards: frozenset[str]) -> Unseen:
        kept = self._unseen
        if kept is not None and kept[0] is cards:
            return kept[1]
        ordered = list(itertools.filterfalse(cards.__contains__, self.ids))
        unseen = Unseen(frozenset(ordered), ordered)
        self._unseen = (cards, unseen)
        return unseen

    def due_among(self, due: list[str]) -> list[str]:
        """The ids of ``due`` (most overdue first) that are in this catalog."""
        kept = self._due
        if kept is not None and (kept[0] is due or kept[0] == due):
            return kept[1]
        if self._members is not None:
            inside: Container[str] = self._members
        else:  # the few due ids met among the catalog's: half the time of a set of it
            inside = set(due).intersection(self.ids) if due else frozenset()
        among = [qid for qid in due if qid in inside]
        self._due = (due, among)
        return among


class _Groups:
    """Home's groups of ids and their seen and due counts, kept like ``_Catalog``'s."""

    def __init__(self, lists: dict[str, list[str]]) -> None:
        self.lists = lists
        self._seen: tuple[frozenset[str], list[int]] | None = None
        self._due: tuple[list[str], list[int]] | None = None

    def seen(self, cards: frozenset[str]) -> list[int]:
        """How many ids of each group have a card (an id listed twice counts twice)."""
        kept = self._seen
        if kept is not None and kept[0] is cards:
            return kept[1]
        seen = [sum(map(cards.__contains__, ids)) for ids in self.lists.values()]
        self._seen = (cards, seen)
        return seen

    def due(self, due: list[str]) -> list[int]:
        """How many ids of each group are in ``due``."""
        kept = self._due
        if kept is not None and (kept[0] is due or kept[0] == due):
            return kept[1]
        members = frozenset(due)
        counts = [
            sum(map(members.__contains__, ids)) if members else 0 for ids in self.lists.values()
        ]
        self._due = (due, counts)
        return counts


@dataclass(frozen=True)
class Unseen:
    """The ids of a catalog that have no card: as a set, and in the catalog's order (an id
    listed twice there is listed twice here)."""

    members: frozenset[str]
    ordered: list[str]


def _all_card_ids(connection: sqlite3.Connection) -> frozenset[str]:
    """Every card id in one string split in C (half the time of 100,000 row tuples)."""
    count, joined = connection.execute(
        "SELECT count(*), group_concat(question_id, char(10)) FROM cards"
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
    """The ids among ``question_ids`` that have no card (never answered in a scheduled mode)."""
    if len(question_ids) <= LOOKUP_LIMIT:
        known = {
            qid
            for (qid,) in connection.execute(
                "SELECT c.question_id FROM json_each(?) AS j "
                "JOIN cards AS c ON c.question_id = j.value",
                (json.dumps(list(question_ids)),),
            )
        }
        ordered = [qid for qid in question_ids if qid not in known]
        return Unseen(frozenset(ordered), ordered)
    catalog = card_ids.catalog(question_ids)
    return catalog.unseen(card_ids.current(connection))


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
) -> dict[str, tuple[int, int, int]]:
    """(due, new, learned) per group of question ids."""
    lists = {name: list(ids) for name, ids in groups.items()}
    if sum(len(ids) for ids in lists.values()) > LOOKUP_LIMIT:
        kept = card_ids.groups(lists)
        seen = kept.seen(card_ids.current(connection))
        due = kept.due(card_ids.due_everywhere(connection, by))
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
    return {
        name: (due_n, len(ids) - seen_n, seen_n - due_n)
        for (name, ids), seen_n, due_n in zip(lists.items(), seen, due, strict=True)
    }


@dataclass(frozen=True)
class TodayQueue:
    """Today's work among some question ids: due now, new now, learning steps later today."""

    due: list[str]  # most overdue first
    new: list[str]  # in the order they are introduced
    later: int = 0  # cards in their learning steps that come back before the day ends

    @property
    def served(self) -> list[str]:
        """What a review session asks now, in order."""
        return interleave(self.due, self.new)


def interleave(due: list[str], new: list[str]) -> list[str]:
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

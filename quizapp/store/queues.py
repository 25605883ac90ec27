"""Today's queue and Home's counts, in SQL and set operations, never a Python object per card.

The due cards come from the ``(due, question_id)`` index, cut at ``now``: only what is due is
read. The one question that needs every card id, "which of these questions were never
answered?", is answered by the set of card ids the store keeps (``CardIds``): read once, then
brought up to date from the rows added since (an answer's ``INSERT OR REPLACE`` always gives
its card a higher rowid) unless a card was deleted (undo of a first answer, an import), which a
trigger counts; then it is read again.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
from collections.abc import Container, Iterable, Mapping, Sequence

LOOKUP_LIMIT = 5_000  # up to this many ids, cards are looked up by id instead of by due date


class CardIds:
    """The ids of every question with a card, shared by a store and its readers (any thread),
    and the last catalog it was asked about, as a set (Home and the session pass the same)."""

    def __init__(self) -> None:
        self._ids: frozenset[str] = frozenset()
        self._stamp: tuple[int, int] | None = None  # (max rowid, card deletions)
        self._catalog: tuple[list[str], frozenset[str]] = ([], frozenset())
        self._lock = threading.Lock()

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

    def as_set(self, question_ids: Sequence[str]) -> frozenset[str]:
        """``question_ids`` as a set, kept while the same list is passed again."""
        with self._lock:
            kept, members = self._catalog
            if kept != question_ids:  # identical strings compare by identity: ~0.1 ms at 100k
                members = frozenset(question_ids)
                self._catalog = (list(question_ids), members)
            return members


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
    connection: sqlite3.Connection, card_ids: CardIds, question_ids: Sequence[str], cutoff: str
) -> list[str]:
    """Ids among ``question_ids`` due by ``cutoff``, most overdue first."""
    if len(question_ids) <= LOOKUP_LIMIT:
        rows = connection.execute(
            "SELECT c.question_id, c.due FROM json_each(?) AS j "
            "JOIN cards AS c ON c.question_id = j.value WHERE c.due <= ?",
            (json.dumps(list(question_ids)), cutoff),
        ).fetchall()
        return [qid for qid, _ in sorted(rows, key=lambda row: row[1])]
    wanted = card_ids.as_set(question_ids)
    return [qid for qid in _due_everywhere(connection, cutoff) if qid in wanted]


def new_ids(
    connection: sqlite3.Connection, card_ids: CardIds, question_ids: Sequence[str], limit: int
) -> list[str]:
    """The first ``limit`` of ``question_ids`` (in their order) that have no card."""
    if limit <= 0:
        return []
    if len(question_ids) <= LOOKUP_LIMIT:
        known = {
            qid
            for (qid,) in connection.execute(
                "SELECT c.question_id FROM json_each(?) AS j "
                "JOIN cards AS c ON c.question_id = j.value",
                (json.dumps(list(question_ids)),),
            )
        }
        return list(itertools.islice((q for q in question_ids if q not in known), limit))
    missing = card_ids.as_set(question_ids) - card_ids.current(connection)
    return list(itertools.islice(filter(missing.__contains__, question_ids), limit))


def status_counts(
    connection: sqlite3.Connection,
    card_ids: CardIds,
    groups: Mapping[str, Iterable[str]],
    cutoff: str,
) -> dict[str, tuple[int, int, int]]:
    """(due, new, learned) per group of question ids."""
    lists = {name: list(ids) for name, ids in groups.items()}
    cards: Container[str]
    if sum(len(ids) for ids in lists.values()) <= LOOKUP_LIMIT:
        everything = [qid for ids in lists.values() for qid in ids]
        known = dict(
            connection.execute(
                "SELECT c.question_id, c.due <= ? FROM json_each(?) AS j "
                "JOIN cards AS c ON c.question_id = j.value",
                (cutoff, json.dumps(everything)),
            ).fetchall()
        )
        due = {qid for qid, is_due in known.items() if is_due}
        cards = known
    else:
        due = set(_due_everywhere(connection, cutoff))
        cards = card_ids.current(connection)
    counts: dict[str, tuple[int, int, int]] = {}
    for name, ids in lists.items():
        seen = sum(map(cards.__contains__, ids))  # C loops: no Python frame per id
        due_here = sum(map(due.__contains__, ids))
        counts[name] = (due_here, len(ids) - seen, seen - due_here)
    return counts


def _due_everywhere(connection: sqlite3.Connection, cutoff: str) -> list[str]:
    return [
        qid
        for (qid,) in connection.execute(
            "SELECT question_id FROM cards WHERE due <= ? ORDER BY due", (cutoff,)
        )
    ]


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

"""What a start's first due queue or Home count reads instead of every card id: per catalog,
the positions of its ids that had no card, kept in the database (migration 9).

At 100,000 cards, the set of card ids costs ~40 ms of a fresh process's CPU to build, and the
catalog's pass over it ~10 ms more: that was most of the first call of a start. A summary is
keyed by a digest of the catalog's id list (order and repeats included) and stamped with the
card counters (``CardStamp``: additions and deletions, each counted by a trigger in the
transaction that makes it). While no card was deleted since, the ids that have no card now
are those of the summary that still have none: one indexed look-up per summarised id
(``still_unseen``), which also drops what was answered since, here or in another process. A
deletion (an undo of a first answer, an import) or a summary from a later state than the
database's (a file put back from a copy) means it is not used; nothing here is copied by
backups or salvage. Summaries are written by the store's own connection (readers are
read-only), best effort: a busy database or a failure only means the next start works it out.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

import msgspec

RECHECK_LIMIT = 5_000  # more unseen ids than this: worked out from the card ids instead
KEPT = 4  # summaries kept (catalogs seen lately: the whole catalog, a filtered one, ...)
WRITE_BUSY_MS = 100  # how long a summary's write waits for another process's transaction


class CardStamp(msgspec.Struct, frozen=True):
    """The card counters: equal stamps mean the same set of card ids."""

    additions: int
    deletions: int

    def may_follow(self, earlier: CardStamp) -> bool:
        """Whether this state can be ``earlier``'s with cards only added since."""
        return self.deletions == earlier.deletions and self.additions >= earlier.additions


def card_stamp(connection: sqlite3.Connection) -> CardStamp:
    counters = dict(
        connection.execute(
            "SELECT name, value FROM store_counters "
            "WHERE name IN ('card_additions', 'card_deletions')"
        ).fetchall()
    )
    return CardStamp(int(counters["card_additions"]), int(counters["card_deletions"]))


def catalog_key(ids: Sequence[str]) -> str:
    """A digest of the list: its length and its ids one per line. Two lists alike here have
    the same text and the same length, so the same ids, unless an id holds a line break: a
    list with one is never summarised (``summarisable``), so none is found under its key."""
    import hashlib  # big catalogs only: a start on a small one does without (~2 ms)

    text = f"{len(ids)}\n" + "\n".join(ids)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def summarisable(ids: Sequence[str]) -> bool:
    """No id holds a line break (which would make two lists read alike)."""
    return "\n".join(ids).count("\n") == max(len(ids) - 1, 0)


class Summary(msgspec.Struct, frozen=True):
    stamp: CardStamp
    positions: list[int]  # ascending, into the catalog's list


def read(connection: sqlite3.Connection, key: str) -> Summary | None:
    row = connection.execute(
        "SELECT additions, deletions, unseen FROM catalog_summaries WHERE catalog = ?", (key,)
    ).fetchone()
    if row is None:
        return None
    additions, deletions, unseen = row
    return Summary(CardStamp(int(additions), int(deletions)), json.loads(unseen))


def any_current(connection: sqlite3.Connection) -> bool:
    """Whether some summary may serve the set of card ids as it is (the read-ahead then
    leaves the card ids unread)."""
    row = connection.execute(
        "SELECT 1 FROM catalog_summaries AS s, store_counters AS d, store_counters AS a "
        "WHERE d.name = 'card_deletions' AND a.name = 'card_additions' "
        "AND s.deletions = d.value AND s.additions <= a.value LIMIT 1"
    ).fetchone()
    return row is not None


def with_cards(connection: sqlite3.Connection, ids: Sequence[str]) -> set[str]:
    """Those of ``ids`` that have a card (one indexed look-up each)."""
    rows = connection.execute(
        "SELECT c.question_id FROM json_each(?) AS j JOIN cards AS c ON c.question_id = j.value",
        (json.dumps(list(ids)),),
    )
    return {qid for (qid,) in rows}


def still_unseen(connection: sqlite3.Connection, ids: Sequence[str]) -> list[bool]:
    """For each of ``ids``, whether it still has no card."""
    carded = with_cards(connection, ids) if ids else set()
    return [qid not in carded for qid in ids] if carded else [True] * len(ids)


def write(connection: sqlite3.Connection, summaries: dict[str, Summary]) -> bool:
    """Keep ``summaries`` (and the latest few others), in a transaction of their own; False
    when the database was busy or failed (nothing is changed then). Never raises
    ``sqlite3.Error``: a summary is never worth failing the call that made it."""
    try:
        if not summaries or connection.in_transaction:
            return False
        (busy_ms,) = connection.execute("PRAGMA busy_timeout").fetchone()
        connection.execute(f"PRAGMA busy_timeout = {WRITE_BUSY_MS}")
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                connection.executemany(
                    "INSERT OR REPLACE INTO catalog_summaries (catalog, additions, deletions, "
                    "unseen) VALUES (?, ?, ?, ?)",
                    [
                        (key, s.stamp.additions, s.stamp.deletions, json.dumps(s.positions))
                        for key, s in summaries.items()
                    ],
                )
                connection.execute(
                    "DELETE FROM catalog_summaries WHERE rowid NOT IN "
                    "(SELECT rowid FROM catalog_summaries ORDER BY rowid DESC LIMIT ?)",
                    (KEPT,),
                )
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        finally:
            connection.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
    except sqlite3.Error:
        return False
    return True

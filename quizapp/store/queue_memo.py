"""What the queue and Home's counts work out about a catalog, kept for the inputs they came from.

At 100,000 ids every answer here is a pass over the catalog in C (``filterfalse``, ``filter``,
``compress``, ``map`` over a set's ``__contains__``): a Python frame per id would cost ten
times more. Each answer is kept beside what it was worked out from: the catalog's ids
(compared by value), the card counters (``CardStamp``: equal stamps, the same card ids) and the
due list (by value). So an answer is served again only for equal inputs, and a write by this
connection, a commit by another process or the passing of the moment is never served a stale
one. How the unseen ids are worked out (kept, rechecked, read from a summary, or from every
card id) is ``queues.CardIds.unseen``'s.

Home counts its groups (the banks) first, then asks for today's queue over the whole catalog:
the groups share one ``CatalogMemo`` of their ids one after the other, which is Home's catalog,
so the queue finds the unseen ids worked out already and the due ones taught by the groups.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Container

import msgspec

from quizapp.store.summaries import CardStamp, catalog_key


class Unseen(msgspec.Struct, frozen=True):
    """The ids of a catalog that have no card: as a set, and in the catalog's order (an id
    listed twice there is listed twice here)."""

    members: frozenset[str]
    ordered: list[str]

    @classmethod
    def of(cls, ordered: list[str]) -> Unseen:
        return cls(frozenset(ordered), ordered)


class Known(msgspec.Struct):
    """A catalog's unseen ids as of a card stamp, and where they sit in it once known."""

    stamp: CardStamp
    unseen: Unseen
    positions: list[int] | None = None  # ascending indices into the catalog's list


def unseen_in(ids: list[str], cards: frozenset[str]) -> list[str]:
    """The ids with no card in ``cards``, in order: the one pass over a catalog's ids that
    meets the big set of card ids."""
    return list(itertools.filterfalse(cards.__contains__, ids))


class CatalogMemo:
    """One catalog (a list of ids): its set, its unseen ids, the due ids in it."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.known: Known | None = None
        self.summarised = -1  # how many unseen ids its stored summary holds (-1: none read)
        self._key: str | None = None
        self._members: frozenset[str] | None = None
        self._due: tuple[list[str], list[str]] | None = None

    def key(self) -> str:
        """The digest its summary is stored under (``summaries.catalog_key``), once."""
        if self._key is None:
            self._key = catalog_key(self.ids)
        return self._key

    def members(self) -> frozenset[str]:
        if self._members is None:
            self._members = frozenset(self.ids)
        return self._members

    def unseen_of(self, cards: frozenset[str]) -> Unseen:
        """The ids with no card in ``cards`` (a pass over the catalog)."""
        return Unseen.of(unseen_in(self.ids, cards))

    def positions(self, known: Known) -> list[int]:
        """Where ``known``'s unseen ids sit in the catalog (a pass over it, once)."""
        if known.positions is None:
            inside = known.unseen.members.__contains__
            known.positions = list(itertools.compress(itertools.count(), map(inside, self.ids)))
        return known.positions

    def due_among(self, due: list[str]) -> list[str]:
        """The ids of ``due`` (most overdue first) that are in this catalog."""
        kept = self._due
        if kept is not None and (kept[0] is due or kept[0] == due):
            return kept[1]
        inside: Container[str]
        if self._members is not None:
            inside = self._members
        else:  # the few due ids met among the catalog's: half the time of a set of it
            inside = set(due).intersection(self.ids) if due else frozenset()
        among = [qid for qid in due if qid in inside]
        self._due = (due, among)
        return among

    def knows_due(self, due: list[str]) -> bool:
        kept = self._due
        return kept is not None and (kept[0] is due or kept[0] == due)

    def learn_due(self, due: list[str], among: list[str]) -> None:
        """Keep the due ids among these ids, worked out elsewhere."""
        self._due = (due, among)


class GroupsMemo:
    """Groups of ids (Home's banks): per group, how many of its ids have no card and how many
    are due; ``catalog`` is their ids one after the other."""

    def __init__(self, lists: dict[str, list[str]]) -> None:
        self.lists = lists
        self.catalog = CatalogMemo(list(itertools.chain.from_iterable(lists.values())))
        ends = list(itertools.accumulate(len(ids) for ids in lists.values()))
        self._bounds = list(zip([0, *ends][:-1], ends, strict=True))
        self._unseen: tuple[Unseen, list[int]] | None = None
        self._due: tuple[list[str], list[list[str]]] | None = None

    def unseen_of(self, cards: frozenset[str]) -> Unseen:
        """The catalog's unseen ids, one pass over each group (their counts kept)."""
        per_group = [unseen_in(ids, cards) for ids in self.lists.values()]
        unseen = Unseen.of(list(itertools.chain.from_iterable(per_group)))
        self._unseen = (unseen, [len(ids) for ids in per_group])
        return unseen

    def counts(self, known: Known, due: list[str]) -> tuple[list[int], list[int]]:
        """How many ids of each group have no card, and how many are due (an id listed twice
        counts twice); the due ids of the catalog are taught to it."""
        due_in = self._due_in(due)
        if not self.catalog.knows_due(due):
            inside = set(itertools.chain.from_iterable(due_in))
            self.catalog.learn_due(due, [qid for qid in due if qid in inside])
        return self._unseen_counts(known), [len(ids) for ids in due_in]

    def _unseen_counts(self, known: Known) -> list[int]:
        kept = self._unseen
        if kept is not None and kept[0] is known.unseen:
            return kept[1]
        positions = self.catalog.positions(known)
        counts = [
            bisect.bisect_left(positions, end) - bisect.bisect_left(positions, start)
            for start, end in self._bounds
        ]
        self._unseen = (known.unseen, counts)
        return counts

    def _due_in(self, due: list[str]) -> list[list[str]]:
        kept = self._due
        if kept is not None and (kept[0] is due or kept[0] == due):
            return kept[1]
        members = frozenset(due)
        due_in = [
            list(filter(members.__contains__, ids)) if members else []
            for ids in self.lists.values()
        ]
        self._due = (due, due_in)
        return due_in

"""What the queue and Home's counts work out about a catalog, kept for the inputs they came from.

At 100,000 ids every answer here is a pass over the catalog in C (``filterfalse``, ``filter``,
``map`` over a set's ``__contains__``): a Python frame per id would cost ten times more. Each
answer is kept beside what it was worked out from: the catalog's ids (compared by value), the
set of card ids (by identity: ``CardIds`` gives a new set whenever a card is added or deleted)
and the due list (by value). So an answer is served again only for equal inputs, and a write
by this connection, a commit by another process or the passing of the moment (each gives a new
card-id set or due list) is never served a stale one.

Home counts its groups (the banks) first, then asks for today's queue over the whole catalog:
when the catalog is the groups one after the other, as Home's is, the groups' passes answer the
queue's questions too (``GroupsMemo.teach``), so a visit walks the catalog twice, not four times.
"""

from __future__ import annotations

import itertools
from collections.abc import Container
from dataclasses import dataclass


@dataclass(frozen=True)
class Unseen:
    """The ids of a catalog that have no card: as a set, and in the catalog's order (an id
    listed twice there is listed twice here)."""

    members: frozenset[str]
    ordered: list[str]


def unseen_in(ids: list[str], cards: frozenset[str]) -> list[str]:
    """The ids with no card in ``cards``, in order: the one pass over a catalog's ids that
    meets the big set of card ids."""
    return list(itertools.filterfalse(cards.__contains__, ids))


class CatalogMemo:
    """One catalog (a list of ids): its set, its unseen ids, the due ids in it."""

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
        """The ids with no card in ``cards``."""
        kept = self._unseen
        if kept is not None and kept[0] is cards:
            return kept[1]
        ordered = unseen_in(self.ids, cards)
        unseen = Unseen(frozenset(ordered), ordered)
        self._unseen = (cards, unseen)
        return unseen

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

    def knows(self, cards: frozenset[str], due: list[str]) -> bool:
        """Whether both answers for these inputs are kept already."""
        unseen, due_among = self._unseen, self._due
        return (
            unseen is not None
            and unseen[0] is cards
            and due_among is not None
            and (due_among[0] is due or due_among[0] == due)
        )

    def learn(
        self, cards: frozenset[str], unseen: Unseen, due: list[str], among: list[str]
    ) -> None:
        """Keep answers worked out elsewhere for exactly these ids."""
        self._unseen = (cards, unseen)
        self._due = (due, among)


class GroupsMemo:
    """Groups of ids (Home's banks): per group, its ids with no card and its due ids."""

    def __init__(self, lists: dict[str, list[str]]) -> None:
        self.lists = lists
        self._unseen: tuple[frozenset[str], list[list[str]]] | None = None
        self._due: tuple[list[str], list[list[str]]] | None = None
        self._ids: list[str] | None = None

    @property
    def ids(self) -> list[str]:
        """The groups' ids one after the other."""
        if self._ids is None:
            self._ids = list(itertools.chain.from_iterable(self.lists.values()))
        return self._ids

    def counts(self, cards: frozenset[str], due: list[str]) -> tuple[list[int], list[int]]:
        """How many ids of each group have no card, and how many are due (an id listed twice
        counts twice)."""
        unseen, due_in = self._unseen_in(cards), self._due_in(due)
        return [len(ids) for ids in unseen], [len(ids) for ids in due_in]

    def teach(self, catalog: CatalogMemo, cards: frozenset[str], due: list[str]) -> None:
        """Give ``catalog`` the answers these groups hold, when it is them one after another."""
        if catalog.knows(cards, due) or (catalog.ids is not self.ids and catalog.ids != self.ids):
            return
        ordered = list(itertools.chain.from_iterable(self._unseen_in(cards)))
        inside = set(itertools.chain.from_iterable(self._due_in(due)))
        among = [qid for qid in due if qid in inside]
        catalog.learn(cards, Unseen(frozenset(ordered), ordered), due, among)

    def _unseen_in(self, cards: frozenset[str]) -> list[list[str]]:
        kept = self._unseen
        if kept is not None and kept[0] is cards:
            return kept[1]
        unseen = [unseen_in(ids, cards) for ids in self.lists.values()]
        self._unseen = (cards, unseen)
        return unseen

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

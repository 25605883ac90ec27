"""The order new questions are introduced in, and the one meaning of "today".

New questions (``NewOrder``), a pure function of the catalog and of which questions are unseen:

1. **Streams.** The built-in banks are one stream, taught in syllabus order; each bank of the
   learner's own (the user banks folder, ``--bank``, ``import-csv``) is a stream of its own.
2. **Within a stream**, questions are dealt round-robin over topics: round one takes each
   topic's first question, topics in syllabus order (``Catalog.syllabus``: the vanilla RNN and
   its gradients first; a bank's own topics after, as they appear), round two each topic's
   second, and so on. A question belongs to the first topic it lists; a topic's questions go
   easier first (``difficulty``), then in file order.
3. **Follow-ups** come after the question they follow: in its topic's turn, a question that
   another question of its stream lists under ``follow_ups`` waits until every such question
   has been dealt; the turn goes to the topic's next question that is ready.
4. **Fair shares.** Each day's new questions are dealt from the streams in proportion to the
   questions each had unseen at the start of the day: a stream's j-th such question stands at
   j / (its count), the streams merged by that position, ties to the learner's banks first, in
   bank order, then the built-in stream. So every bank of the learner's with unseen questions
   gets one of each day's first new questions, and a share of the rest by its size.

"Today" (``today``) is the store's ``today_queue`` over the whole catalog in this order: the
reviews due now, the new questions left for today, the learning steps due later today. Home,
the statistics and the planner all read it, so they never disagree about today.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.banks.frozen import QuestionRecord

if TYPE_CHECKING:
    from quizapp.core.catalog import Catalog
    from quizapp.store import Store
    from quizapp.store.queues import TodayQueue


@dataclass(frozen=True)
class NewOrder:
    """The catalog's questions as streams, each in introduction order; call it with the unseen
    ids (and those introduced today) to get the unseen ones in the order they come."""

    streams: tuple[tuple[str, ...], ...]  # the learner's banks first, the built-in stream last

    @classmethod
    def of(cls, catalog: Catalog) -> NewOrder:
        builtin = {bank.id for bank in catalog.banks if bank.builtin}
        by_bank = catalog.questions_by_bank()
        own = [by_bank[b.id] for b in catalog.banks if b.id not in builtin and b.id in by_bank]
        shipped = [qid for b in catalog.banks if b.id in builtin for qid in by_bank.get(b.id, [])]
        rank = {topic: k for k, topic in enumerate(catalog.syllabus)}
        streams = [stream_order(ids, catalog.questions, rank) for ids in own]
        if shipped:
            streams.append(stream_order(shipped, catalog.questions, rank))
        return cls(tuple(tuple(stream) for stream in streams))

    def __call__(
        self, unseen: frozenset[str], introduced_today: frozenset[str] = frozenset()
    ) -> Iterator[str]:
        at_day_start = unseen | introduced_today
        heap: list[tuple[float, int, int]] = []
        pending: list[list[str]] = []
        for k, stream in enumerate(self.streams):
            left = [qid for qid in stream if qid in at_day_start]
            pending.append(left)
            if left:
                heap.append((0.0, k, 0))
        heapq.heapify(heap)
        while heap:
            _, k, j = heapq.heappop(heap)
            left = pending[k]
            if j + 1 < len(left):
                heapq.heappush(heap, ((j + 1) / len(left), k, j + 1))
            if left[j] in unseen:
                yield left[j]


def stream_order(
    ids: Sequence[str], questions: Mapping[str, QuestionRecord], rank: Mapping[str, int]
) -> list[str]:
    """One stream's questions in introduction order (rules 2 and 3 of the module)."""
    position = {qid: k for k, qid in enumerate(ids)}
    by_topic: dict[str, list[str]] = defaultdict(list)
    for qid in ids:
        by_topic[questions[qid].topics[0]].append(qid)
    seen_at = {topic: k for k, topic in enumerate(by_topic)}
    topics = sorted(by_topic, key=lambda t: (rank.get(t, len(rank)), seen_at[t]))
    lanes = [
        sorted(by_topic[t], key=lambda q: (questions[q].difficulty, position[q])) for t in topics
    ]
    return _deal(lanes, questions)


def _deal(lanes: list[list[str]], questions: Mapping[str, QuestionRecord]) -> list[str]:
    """Round-robin over the lanes, each turn a lane's first question whose parents (in this
    stream) are dealt; a lane with none ready waits its next turn. If no lane can deal (a
    cycle of follow-ups), the first question left goes, and the rounds go on."""
    members = {qid for lane in lanes for qid in lane}
    parents: dict[str, set[str]] = defaultdict(set)
    for lane in lanes:
        for qid in lane:
            for child in questions[qid].follow_ups:
                if child in members and child != qid:
                    parents[child].add(qid)
    left = [list(lane) for lane in lanes]
    dealt: list[str] = []
    placed: set[str] = set()
    while any(left):
        progress = False
        for lane in left:
            ready = next((q for q in lane if parents[q] <= placed), None)
            if ready is not None:
                lane.remove(ready)
                dealt.append(ready)
                placed.add(ready)
                progress = True
        if not progress:  # a cycle: break it where the rounds stand
            lane = next(lane for lane in left if lane)
            first = lane.pop(0)
            dealt.append(first)
            placed.add(first)
    return dealt


def today(
    catalog: Catalog, store: Store, now: datetime, new_per_day: int | None = None
) -> TodayQueue:
    """Today's work over the whole catalog, new questions in ``NewOrder``."""
    return store.today_queue(
        list(catalog.questions), now, new_per_day=new_per_day, order=catalog.new_order
    )

"""What a session did, for the screen that ends it: right and wrong by kind and by topic, the
questions missed (to review them again), and when each question answered comes back.

A pure reading of the session's feedback and the store's cards after it. "Comes back" is the
card's due time in the schedule: a practice (cram) or mock answer leaves it as it was, and a
question never reviewed has none. A flashcard counts as right when rated Hard or better, as
the statistics count it; a question asked twice counts by its last answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from quizapp.core.catalog import Catalog
from quizapp.core.presentation import Feedback
from quizapp.store import Store

KIND_NAMES = {
    "choice": "choice",
    "multi": "multiple answer",
    "short": "short answer",
    "flashcard": "flashcard",
    "numeric": "numeric",
    "spot_the_mistake": "spot the mistake",
}


@dataclass(frozen=True)
class Tally:
    """Right and wrong answers of one kind or one topic."""

    key: str  # the kind or topic id
    title: str  # what a screen calls it
    right: int
    wrong: int

    @property
    def answered(self) -> int:
        return self.right + self.wrong


@dataclass(frozen=True)
class Missed:
    """A question answered wrong: what was asked, what was given, what was expected."""

    question_id: str
    prompt: str  # the prompt's first line
    answer_given: str
    expected: str
    comes_back: datetime | None  # None: not in the schedule (never reviewed)


@dataclass(frozen=True)
class SessionSummary:
    answered: int
    right: int
    by_kind: tuple[Tally, ...]  # in the order kinds were first answered
    by_topic: tuple[Tally, ...]  # weakest (most wrong, then fewest right) first
    missed: tuple[Missed, ...]  # in the order they were answered
    comes_back: tuple[tuple[str, datetime], ...]  # every scheduled question, soonest first

    @property
    def wrong(self) -> int:
        return self.answered - self.right

    @property
    def missed_ids(self) -> list[str]:
        """The queue for "review the missed ones" (each once)."""
        return list(dict.fromkeys(m.question_id for m in self.missed))


def summarise(feedback: Sequence[Feedback], catalog: Catalog, store: Store) -> SessionSummary:
    """The summary of a session that gave ``feedback`` (``ReviewSession.answered``)."""
    last: dict[str, Feedback] = {}
    for item in feedback:
        last[item.question_id] = item  # a question asked twice counts by its last answer
    answers = list(last.values())
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    topics: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in answers:
        right = _right(item)
        kinds[item.presented.kind][0 if right else 1] += 1
        for topic in item.presented.question.topics:
            topics[topic][0 if right else 1] += 1
    dues = {qid: card.due for qid in last if (card := store.card(qid)) is not None}
    return SessionSummary(
        answered=len(answers),
        right=sum(1 for item in answers if _right(item)),
        by_kind=_tallies(kinds.items(), lambda kind: KIND_NAMES.get(kind, kind), weakest=False),
        by_topic=_tallies(topics.items(), catalog.topic_title, weakest=True),
        missed=tuple(
            Missed(
                question_id=item.question_id,
                prompt=_first_line(item.presented.prompt),
                answer_given=item.answer_given,
                expected=item.expected,
                comes_back=dues.get(item.question_id),
            )
            for item in answers
            if not _right(item)
        ),
        comes_back=tuple(sorted(dues.items(), key=_by_due)),
    )


def _right(item: Feedback) -> bool:
    return bool(item.correct) if item.correct is not None else item.rating > 1


def _by_due(pair: tuple[str, datetime]) -> tuple[datetime, str]:
    return pair[1], pair[0]


def _tallies(
    counts: Iterable[tuple[str, list[int]]], title: Callable[[str], str], *, weakest: bool
) -> tuple[Tally, ...]:
    rows = [Tally(key, title(key), right, wrong) for key, (right, wrong) in counts]
    if weakest:
        rows.sort(key=lambda t: (-t.wrong, t.right, t.key))
    return tuple(rows)


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")

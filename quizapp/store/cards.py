"""A card as the database keeps it (one row shape), and its two translations: fsrs and CardState.

The same row shape is stored in ``cards`` and, as JSON, in each review's ``prev_card`` (the
state undo and re-rating return to), so one decoder serves both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from quizapp.store.clock import from_db, to_db
from quizapp.store.records import CardState

if TYPE_CHECKING:  # fsrs loads on the first answer, not at start-up
    from fsrs import Card

CARD_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
SELECT_CARD = ", ".join(CARD_COLUMNS)
REVIEW_STATE = 2  # fsrs.State.Review (a test pins it)
AGAIN = 1  # fsrs.Rating.Again


class CardRow(TypedDict):
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str
    last_review: str | None
    reps: int
    lapses: int


def card_row(values: Sequence[Any]) -> CardRow:
    """A row read as ``SELECT {SELECT_CARD}`` (in that column order)."""
    state, step, stability, difficulty, due, last_review, reps, lapses = values
    return CardRow(
        state=int(state),
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=str(due),
        last_review=last_review,
        reps=int(reps),
        lapses=int(lapses),
    )


def card_values(row: CardRow) -> tuple[object, ...]:
    """The row's values in ``CARD_COLUMNS`` order, for an INSERT."""
    return (
        row["state"],
        row["step"],
        row["stability"],
        row["difficulty"],
        row["due"],
        row["last_review"],
        row["reps"],
        row["lapses"],
    )


def card_state(question_id: str, row: CardRow) -> CardState:
    return CardState(
        question_id=question_id,
        state=row["state"],
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=from_db(row["due"]),
        last_review=from_db(row["last_review"]) if row["last_review"] else None,
        reps=row["reps"],
        lapses=row["lapses"],
    )


def to_fsrs(row: CardRow) -> Card:
    from fsrs import Card, State

    return Card(
        card_id=1,
        state=State(row["state"]),
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=from_db(row["due"]),
        last_review=from_db(row["last_review"]) if row["last_review"] else None,
    )


def from_fsrs(card: Card, reps: int, lapses: int) -> CardRow:
    return CardRow(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=to_db(card.due),
        last_review=to_db(card.last_review) if card.last_review else None,
        reps=reps,
        lapses=lapses,
    )


def next_counts(previous: CardRow | None, rating: int) -> tuple[int, int]:
    """Reps and lapses after a scheduled answer: a lapse is a review-state card forgotten."""
    if previous is None:
        return 1, 0
    lapsed = rating == AGAIN and previous["state"] == REVIEW_STATE
    return previous["reps"] + 1, previous["lapses"] + int(lapsed)

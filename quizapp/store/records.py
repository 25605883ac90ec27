"""What the store keeps, as plain dataclasses the core fills in and the TUI reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import msgspec

Mode = Literal["review", "practice", "cram", "mock"]
MODES: tuple[str, ...] = ("review", "practice", "cram", "mock")
# Answers in these modes are logged but leave the FSRS schedule alone (and stay out of
# optimisation and retention figures): cramming a topic or a mock interview is not a review.
UNSCHEDULED_MODES: frozenset[str] = frozenset({"cram", "mock"})


class AnswerRecord(msgspec.Struct, frozen=True):
    """One answer, as written to the review log."""

    time: datetime
    question_id: str
    bank_id: str
    content_hash: str
    variant_seed: int | None
    answer_given: str
    correct: bool
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    duration_ms: int
    mode: str = "review"
    session_id: int | None = None
    topics: tuple[str, ...] = ()  # the question's topics, for per-topic statistics


class CardState(msgspec.Struct, frozen=True):
    """A question's schedule: the FSRS card plus the counts fsrs does not keep."""

    question_id: str
    state: int  # fsrs.State: 1 Learning, 2 Review, 3 Relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int

    @property
    def is_leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES


LEECH_LAPSES = 8  # as Anki: a card forgotten this often needs rewriting, not more reviews


@dataclass
class Settings:
    """The learner's preferences, stored in the database beside their progress."""

    desired_retention: float = 0.90
    new_per_day: int = 20
    theme: str = "textual-dark"
    interview_date: str | None = None  # ISO date, for the planner and the schedule
    fit_to_interview: bool = True  # the schedule keeps to the interview date (store.deadline)
    fsrs_parameters: list[float] | None = None  # fitted by `quizapp optimize`
    language: str | None = None  # a code of quizapp.i18n.LANGUAGES; None follows the locale

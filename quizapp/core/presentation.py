"""What a learner is shown, and what they are told afterwards: plain data, no terminal.

The TUI renders these objects; tests assert on them. Everything a screen needs is here, so
screens hold no quiz rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from quizapp.banks.frozen import QuestionRecord
from quizapp.i18n import N_, _

if TYPE_CHECKING:  # templates load NumPy: only a drawn variant brings them in
    from quizapp.templates.base import Variant


class OptionView(msgspec.Struct, frozen=True):
    """One option of a choice, multi or spot-the-mistake question, in display order."""

    label: str  # "a", "b", ... (the learner may also type the 1-based number)
    text: str
    correct: bool
    feedback: str | None


class WorkedStepView(msgspec.Struct, frozen=True):
    """One line of a worked solution: what was computed, how, and its value."""

    label: str
    formula: str
    value: str


class PresentedQuestion(msgspec.Struct, frozen=True):
    """A question as it is asked this time: options shuffled, numeric variant drawn."""

    question: QuestionRecord
    prompt: str  # Markdown, with a numeric variant's givens laid out
    options: tuple[OptionView, ...] = ()
    variant: Variant | None = None  # drawn for a template-backed numeric question
    variant_seed: int | None = None
    expected_form: str | None = None  # numeric: "a number" / "a vector of 2 numbers", rounding
    position: int = 1  # 1-based place in this session
    total: int = 1
    due_left: int = 0
    shown_at: datetime | None = None
    hints_shown: int = 0

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def question_id(self) -> str:
        return self.question.id

    @property
    def hints(self) -> tuple[str, ...]:
        return self.question.hints

    @property
    def progress_line(self) -> str:
        return _("Question {position} of {total}").format(position=self.position, total=self.total)


class AnswerProblem(msgspec.Struct, frozen=True):
    """An answer that could not be read. It is not counted as wrong; the learner tries again."""

    message: str


class Diagnosis(msgspec.Struct, frozen=True):
    """A wrong answer recognised as a known wrong method (or another convention's answer)."""

    mistake_id: str
    name: str  # what the learner did, e.g. "the forget gate was left out"
    explanation: str  # what the step does instead, or which convention the answer fits
    step: str | None = None  # label of the worked step where the method went astray
    convention: bool = False  # right under another framework or convention

    @property
    def headline(self) -> str:
        if self.convention:
            return _("Right under another convention: {mistake}.").format(mistake=self.name)
        return _("Looks like {mistake}.").format(mistake=self.name)


class CodeFeedback(msgspec.Struct, frozen=True):
    """How a code question ended: the checks it took, the last verdict, the reference."""

    drill_id: str
    checks: int  # how many times the code was checked in this asking
    passed: bool
    gave_up: bool
    cases_total: int
    verdict_kind: str  # the last check's verdict kind ("" when never checked)
    verdict_report: str  # the last check's verdict as text ("" when never checked)
    reference: str  # the drill's reference solution, a complete file


class Feedback(msgspec.Struct, frozen=True):
    """The verdict on one answer, with everything needed to learn from it."""

    presented: PresentedQuestion
    answer_given: str
    correct: bool | None  # None: a flashcard the learner rates themselves
    expected: str  # the right answer, formatted for display
    explanation: str
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy: what was recorded (the learner may change it)
    option_feedback: tuple[tuple[OptionView, bool], ...] = ()  # (option, picked by the learner)
    worked_steps: tuple[WorkedStepView, ...] = ()
    matched: str | None = None  # short answers: which accepted answer matched
    note: str | None = None  # e.g. "close: accepted with a typo", "that is the Keras count"
    review_id: int | None = None
    duration_ms: int = 0
    used_hint: bool = False
    diagnosis: Diagnosis | None = None
    code: CodeFeedback | None = None  # a code question: how it ended, and the reference
    claimed: bool = False  # rejected by the grader, counted right by the learner ("I was right")

    @property
    def question_id(self) -> str:
        return self.presented.question_id


def counts_right(feedback: Feedback) -> bool:
    """Right by the grader (or by the learner's claim); a flashcard when recalled (Hard or
    better), as the review log counts it."""
    if feedback.correct is None:
        return feedback.rating > 1
    return feedback.correct


# English source strings (``_`` translates them where they are shown).
RATING_NAMES = {1: N_("Again"), 2: N_("Hard"), 3: N_("Good"), 4: N_("Easy")}

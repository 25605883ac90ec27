"""What a mock interview reports: every answer (and every question left unanswered), the
score per topic, and how well the learner's confidence matched their answers.

Calibration: the sure-and-wrong answers (fairly sure or certain, and wrong) are the costly case
in an interview; accuracy per confidence level shows whether "certain" means right.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.core.presentation import Feedback
from quizapp.i18n import N_, _, ngettext

# English source strings: screens show them through ``_``.
CONFIDENCE_LEVELS = {1: N_("guessing"), 2: N_("unsure"), 3: N_("fairly sure"), 4: N_("certain")}
SURE_LEVEL = 3  # "fairly sure" and above: a wrong answer given with this much confidence costs


@dataclass(frozen=True)
class MockAnswer:
    """One interview answer, graded silently; shown only in the report."""

    feedback: Feedback
    topics: tuple[str, ...]
    seconds: float
    confidence: int | None = None
    follow_up_of: str | None = None


@dataclass(frozen=True)
class MockUnanswered:
    """A question the interview counted as wrong without an answer (never recorded)."""

    feedback: Feedback  # the expected answer and explanation, for the report's detail view
    reason: str  # "time ran out before an answer", "not reached: ended early", ...
    typed: str = ""  # what was in the answer box, if it could not be read


@dataclass(frozen=True)
class TopicScore:
    topic: str
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class CalibrationRow:
    """How often the learner was right when they said they were this sure."""

    level: int
    label: str
    answers: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True)
class MockReport:
    answers: tuple[MockAnswer, ...]
    per_topic: tuple[TopicScore, ...]  # weakest first, unanswered questions counted wrong
    weakest_topics: tuple[str, ...]
    total_seconds: float
    timed_out: bool
    unanswered: tuple[MockUnanswered, ...] = ()
    calibration: dict[int, tuple[int, int]] = field(default_factory=dict)  # conf -> (right, n)

    @property
    def correct(self) -> int:
        return sum(1 for a in self.answers if a.feedback.correct)

    @property
    def total(self) -> int:
        """Every question the interview counted: answered, and not answered."""
        return len(self.answers) + len(self.unanswered)

    @property
    def ended_early(self) -> bool:
        return bool(self.unanswered) and not self.timed_out

    @property
    def score_line(self) -> str:
        line = _("{right} of {total} right").format(right=self.correct, total=self.total)
        if self.unanswered:
            line = _("{right} of {total} right ({count} not answered, counted wrong)").format(
                right=self.correct, total=self.total, count=len(self.unanswered)
            )
        return line

    @property
    def all_feedback(self) -> tuple[Feedback, ...]:
        """Every question in the order asked (then the ones never reached), as feedback."""
        return tuple(a.feedback for a in self.answers) + tuple(u.feedback for u in self.unanswered)

    @property
    def wrong_answers(self) -> tuple[MockAnswer, ...]:
        return tuple(a for a in self.answers if not a.feedback.correct)

    @property
    def confident_and_wrong(self) -> tuple[MockAnswer, ...]:
        """The costly case in an interview: sure of an answer that was wrong."""
        return tuple(a for a in self.wrong_answers if (a.confidence or 0) >= SURE_LEVEL)

    # -- confidence calibration ----------------------------------------------------------------
    @property
    def calibration_rows(self) -> tuple[CalibrationRow, ...]:
        """Answers and accuracy for every confidence level, guessing to certain (0 if unused)."""
        rows = []
        for level, label in sorted(CONFIDENCE_LEVELS.items()):
            correct, answers = self.calibration.get(level, (0, 0))
            rows.append(CalibrationRow(level, label, answers=answers, correct=correct))
        return tuple(rows)

    @property
    def rated(self) -> int:
        """Answers given with a confidence level."""
        return sum(1 for a in self.answers if a.confidence is not None)

    @property
    def unrated(self) -> int:
        return len(self.answers) - self.rated

    @property
    def sure_and_wrong(self) -> int:
        """How many answers were wrong although the learner was fairly sure or certain."""
        return len(self.confident_and_wrong)

    @property
    def calibration_line(self) -> str:
        """One sentence on calibration, for the report's headline of the section."""
        if not self.rated:
            return _("No confidence given: say how sure you are before answering next time.")
        sure = [a for a in self.answers if (a.confidence or 0) >= SURE_LEVEL]
        right = sum(1 for a in sure if a.feedback.correct)
        if sure:
            parts = [
                _("When sure you were right {right} of {total} ({share})").format(
                    right=right, total=len(sure), share=f"{right / len(sure):.0%}"
                )
            ]
        else:
            parts = [_("Never fairly sure or certain")]
        parts.append(_("{count} sure and wrong").format(count=self.sure_and_wrong))
        if self.unrated:
            parts.append(
                ngettext(
                    "{count} answer without a confidence",
                    "{count} answers without a confidence",
                    self.unrated,
                ).format(count=self.unrated)
            )
        return " · ".join(parts)

"""Turn a learner's raw answer to a presented question into a verdict, per kind.

This is the one place that knows which grading function fits which kind; the grading functions
themselves live in ``quizapp.grading`` and know nothing of sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp import grading
from quizapp.core.formatting import format_answer
from quizapp.core.presentation import AnswerProblem, Diagnosis, OptionView, PresentedQuestion


@dataclass(frozen=True)
class Verdict:
    correct: bool
    expected: str
    picked: tuple[int, ...] = ()
    matched: str | None = None
    note: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    diagnosis: Diagnosis | None = None


def expected_answer(presented: PresentedQuestion) -> str:
    """The right answer as a learner should read it."""
    question = presented.question
    kind = presented.kind
    if presented.options:
        right = [f"{o.label}) {o.text}" for o in presented.options if o.correct]
        return "; ".join(right)
    if kind == "numeric":
        answer = presented.variant.answer if presented.variant is not None else question.answer
        return format_answer(answer)
    if kind == "flashcard":
        return str(question.answer)
    answers = list(getattr(question, "answers", None) or [])
    return answers[0] if answers else ""


def grade(presented: PresentedQuestion, raw: str) -> Verdict | AnswerProblem:
    """Grade ``raw``; an unreadable answer is an ``AnswerProblem``, never an exception."""
    question = presented.question
    kind = presented.kind
    expected = expected_answer(presented)
    if presented.options and (kind != "spot_the_mistake" or _looks_like_pick(raw, presented)):
        picked = grading.parse_choice_input(raw, len(presented.options))
        if isinstance(picked, grading.ParseProblem):
            return AnswerProblem(picked.message)
        if kind in ("choice", "spot_the_mistake") and len(picked) != 1:
            return AnswerProblem("Pick exactly one option, by its letter or number.")
        chosen = set(picked)
        right = {i for i, option in enumerate(presented.options) if option.correct}
        return Verdict(correct=chosen == right, expected=expected, picked=tuple(sorted(chosen)))
    if kind in ("short", "spot_the_mistake"):
        if not raw.strip():
            return AnswerProblem("Type an answer (or press the hint key for a hint).")
        match = grading.check_short(raw, list(question.answers or []), list(_keywords(question)))
        return Verdict(
            correct=match.correct,
            expected=expected,
            matched=match.matched,
            note=_short_note(match),
        )
    if kind == "numeric":
        answer = presented.variant.answer if presented.variant is not None else question.answer
        tolerance = (
            presented.variant.tolerance
            if presented.variant is not None
            else question.effective_tolerance
        )
        expected_len = None if isinstance(answer, int | float) else len(answer)
        values = grading.parse_numeric_answer(raw, expected_len=expected_len)
        if isinstance(values, grading.ParseProblem):
            return AnswerProblem(values.message)
        got: float | list[float] = values[0] if expected_len is None else list(values)
        correct = grading.check_numeric(got, answer, tolerance)
        return Verdict(
            correct=correct,
            expected=expected,
            details={"values": list(values)},
            diagnosis=None if correct else diagnose(presented, got, tolerance),
        )
    raise ValueError(f"{kind} questions are not graded from typed text")


def diagnose(presented: PresentedQuestion, got: Any, tolerance: Any) -> Diagnosis | None:
    """The first known wrong method whose answer matches the learner's, within tolerance.

    Template variants compute their own (``Variant.mistakes``); a fixed numeric question may
    list them in its bank (``mistakes:``). Both are checked to lie outside the tolerance of the
    right answer, so a match is never also a right answer.
    """
    if presented.variant is not None:
        known = presented.variant.mistakes
    else:
        known = getattr(presented.question, "mistakes", None) or ()
    for mistake in known:
        if grading.check_numeric(got, mistake.answer, tolerance):
            return Diagnosis(
                mistake_id=getattr(mistake, "id", None) or "bank",
                name=mistake.name,
                explanation=mistake.explanation,
                step=getattr(mistake, "step", None),
                convention=bool(getattr(mistake, "convention", False)),
            )
    return None


def _looks_like_pick(raw: str, presented: PresentedQuestion) -> bool:
    """A spot-the-mistake answer is a pick when it reads as one, else typed text."""
    if not getattr(presented.question, "answers", None):
        return True
    return not isinstance(
        grading.parse_choice_input(raw, len(presented.options)), grading.ParseProblem
    )


def _keywords(question: Any) -> list[str]:
    return list(getattr(question, "keywords", None) or [])


def _short_note(match: Any) -> str | None:
    if match.correct and getattr(match, "distance", 0):
        return f"Accepted with a small typo (the answer is '{match.matched}')."
    return None


def option_feedback(
    presented: PresentedQuestion, picked: tuple[int, ...]
) -> tuple[tuple[OptionView, bool], ...]:
    return tuple((option, i in picked) for i, option in enumerate(presented.options))

"""Turn a learner's raw answer to a presented question into a verdict, per kind.

This is the one place that knows which grading function fits which kind; the grading functions
themselves live in ``quizapp.grading`` and know nothing of sessions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizapp import grading
from quizapp.banks.frozen import (
    FlashcardRecord,
    MultiRecord,
    NumericRecord,
    ShortRecord,
    SpotTheMistakeRecord,
)
from quizapp.core.formatting import format_answer
from quizapp.core.presentation import AnswerProblem, Diagnosis, OptionView, PresentedQuestion
from quizapp.i18n import N_, _, join_names
from quizapp.tolerance import ToleranceLike

WRONG_OPTION_CLAIM = N_("That is a wrong option's claim.")


@dataclass(frozen=True)
class Verdict:
    correct: bool
    expected: str
    picked: tuple[int, ...] = ()
    matched: str | None = None
    note: str | None = None
    diagnosis: Diagnosis | None = None


def expected_answer(presented: PresentedQuestion) -> str:
    """The right answer as a learner should read it."""
    if presented.options:
        return "; ".join(f"{o.label}) {o.text}" for o in presented.options if o.correct)
    match presented.question:
        case NumericRecord() as question:
            return format_answer(_target(presented, question)[0])
        case FlashcardRecord(answer=answer):
            return answer
        case ShortRecord(answers=answers) | SpotTheMistakeRecord(answers=answers):
            return answers[0] if answers else ""
        case _:
            return ""


def grade(presented: PresentedQuestion, raw: str) -> Verdict | AnswerProblem:
    """Grade ``raw``; an unreadable answer is an ``AnswerProblem``, never an exception."""
    question = presented.question
    expected = expected_answer(presented)
    if presented.options and _read_as_pick(raw, presented):
        picked = grading.parse_choice_input(raw, len(presented.options))
        if isinstance(picked, grading.ParseProblem):
            return AnswerProblem(picked.message)
        if not isinstance(question, MultiRecord) and len(picked) != 1:
            return AnswerProblem(_("Pick exactly one option, by its letter or number."))
        chosen = set(picked)
        right = {i for i, option in enumerate(presented.options) if option.correct}
        return Verdict(correct=chosen == right, expected=expected, picked=tuple(sorted(chosen)))
    match question:
        case ShortRecord() | SpotTheMistakeRecord():
            if not raw.strip():
                return AnswerProblem(_("Type an answer (or press the hint key for a hint)."))
            return _grade_text(question, raw, expected)
        case NumericRecord():
            answer, tolerance = _target(presented, question)
            expected_len = None if isinstance(answer, int | float) else len(answer)
            values = grading.parse_numeric_answer(raw, expected_len=expected_len)
            if isinstance(values, grading.ParseProblem):
                return AnswerProblem(values.message)
            got: float | list[float] = values[0] if expected_len is None else list(values)
            correct = grading.check_numeric(got, answer, tolerance)
            return Verdict(
                correct=correct,
                expected=expected,
                diagnosis=None if correct else diagnose(presented, got, tolerance),
            )
        case _:
            raise ValueError(f"{question.kind} questions are not graded from typed text")


def _grade_text(question: ShortRecord | SpotTheMistakeRecord, raw: str, expected: str) -> Verdict:
    """A typed key term (short) or a typed correction (spot the mistake), fairly.

    Short answers match an accepted answer or alias (``grading.check_short``: typos, filler
    words, any order for lists, never a rival term). A spot-the-mistake correction is right
    when it matches one of its ``answers`` or its right option whole, or names every keyword
    (``grading.check_keywords``) without repeating a wrong option.
    """
    wrong: tuple[str, ...] = ()
    if isinstance(question, SpotTheMistakeRecord):
        wrong = tuple(o.text for o in question.options if not o.correct)
    if isinstance(question, ShortRecord):
        short = grading.check_short(
            raw,
            question.answers,
            question.keywords,
            aliases=question.aliases,
            rivals=question.rivals,
        )
    else:  # the right option typed out is right too; a wrong one typed out is a rival
        right = tuple(o.text for o in question.options if o.correct)
        short = grading.check_short(
            raw, (*question.answers, *right), rivals=(*question.rivals, *wrong)
        )
    if short.correct:
        note = None
        if short.distance:
            note = _("Accepted with a small typo (the answer is '{answer}').").format(
                answer=short.matched
            )
        return Verdict(correct=True, expected=expected, matched=short.matched, note=note)
    if isinstance(question, SpotTheMistakeRecord) and question.keywords:
        named = grading.check_keywords(
            raw,
            question.keywords,
            distractors=(*wrong, question.statement),  # the mistake said back is no fix
            rivals=question.rivals,
        )
        if named.correct:
            return Verdict(correct=True, expected=expected, note=_("It names the mistake."))
        if named.distractor is not None:
            return Verdict(correct=False, expected=expected, note=_(WRONG_OPTION_CLAIM))
        missing = [k.split("|")[0].strip() for k in named.missing]
        return Verdict(correct=False, expected=expected, note=_not_named(missing))
    note = None
    if short.rival is not None and short.rival in wrong:
        note = _(WRONG_OPTION_CLAIM)
    elif short.rival is not None:
        note = _("That reads as '{rival}', a different term, not as a typo of the answer.")
        note = note.format(rival=short.rival)
    elif short.near is not None:
        note = _(
            "Close to '{near}', but more than a typo away. If that is what you meant, "
            "say you were right and it counts."
        ).format(near=short.near)
    elif short.missing_keywords:
        note = _not_named(list(short.missing_keywords))
    return Verdict(correct=False, expected=expected, note=note)


def _not_named(terms: list[str]) -> str:
    """The note for key terms the answer leaves out, in the learner's language."""
    return _("It does not name {terms}.").format(terms=join_names(f"'{t}'" for t in terms))


def _target(
    presented: PresentedQuestion, question: NumericRecord
) -> tuple[float | Sequence[float], ToleranceLike]:
    """The right answer and its tolerance: the drawn variant's, else the bank's."""
    if presented.variant is not None:
        return presented.variant.answer, presented.variant.tolerance
    if question.answer is None:  # the model requires an answer where there is no template
        raise ValueError(f"{question.id} has neither an answer nor a drawn variant")
    return question.answer, question.effective_tolerance


def diagnose(
    presented: PresentedQuestion, got: float | Sequence[float], tolerance: ToleranceLike
) -> Diagnosis | None:
    """The first known wrong method whose answer matches the learner's, within tolerance.

    Template variants compute their own (``Variant.mistakes``); a fixed numeric question may
    list them in its bank (``mistakes:``). Both are checked to lie outside the tolerance of the
    right answer, so a match is never also a right answer.
    """
    if presented.variant is not None:
        for mistake in presented.variant.mistakes:
            if grading.check_numeric(got, mistake.answer, tolerance):
                return Diagnosis(
                    mistake.id, mistake.name, mistake.explanation, mistake.step, mistake.convention
                )
    elif isinstance(presented.question, NumericRecord):
        for known in presented.question.mistakes:
            if grading.check_numeric(got, known.answer, tolerance):
                return Diagnosis("bank", known.name, known.explanation, None, known.convention)
    return None


def _read_as_pick(raw: str, presented: PresentedQuestion) -> bool:
    """A spot-the-mistake answer is a pick when it reads as one, else typed text."""
    question = presented.question
    if not isinstance(question, SpotTheMistakeRecord) or not (
        question.answers or question.keywords
    ):
        return True
    return not isinstance(
        grading.parse_choice_input(raw, len(presented.options)), grading.ParseProblem
    )


def option_feedback(
    presented: PresentedQuestion, picked: tuple[int, ...]
) -> tuple[tuple[OptionView, bool], ...]:
    return tuple((option, i in picked) for i, option in enumerate(presented.options))

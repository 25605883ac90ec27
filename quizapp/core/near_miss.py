"""Was a rejected answer close? The feedback screen then suggests "I was right".

The grader decides right or wrong; this only says when a rejection deserves a second look, so
the learner can overrule it with one key (``ReviewSession.claim_correct``). It errs towards
suggesting: a needless suggestion costs a glance, a missing one costs a false "Again".

- **Typed text** (short answers, spot-the-mistake in words): an accepted answer appears whole
  in the answer ("sigmoid function" holds "sigmoid"), or every word of one is matched by a word
  of the answer at most one edit away (a transposition counts as one: "tahn", "bonud"), or the
  whole answer is a few edits from one (a fifth of its length, at least two).
- **Numbers**: every value within 2% of the expected one (or 0.005 of a value near zero):
  usually a rounding step taken differently.
- **Another convention**: the diagnosis says the answer is right under another framework's
  convention.
A pick of the wrong option, or a known wrong method, is never close.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import OSA  # optimal string alignment: a transposition is one edit

from quizapp import grading
from quizapp.banks.frozen import NumericRecord, ShortRecord, SpotTheMistakeRecord
from quizapp.core.presentation import Feedback
from quizapp.i18n import _

RELATIVE = 0.02
ABSOLUTE = 0.005


def near_miss(feedback: Feedback) -> str | None:
    """One sentence on why the rejected answer may be right after all, or None."""
    if feedback.correct is not False or not feedback.answer_given.strip():
        return None
    diagnosis = feedback.diagnosis
    if diagnosis is not None:
        return _("It is right under another convention.") if diagnosis.convention else None
    question = feedback.presented.question
    match question:
        case ShortRecord() | SpotTheMistakeRecord() if not _is_pick(feedback):
            return _near_text(feedback.answer_given, question.answers)
        case NumericRecord():
            return _near_number(feedback)
    return None


def _is_pick(feedback: Feedback) -> bool:
    options = feedback.presented.options
    if not options:
        return False
    picked = grading.parse_choice_input(feedback.answer_given, len(options))
    return not isinstance(picked, grading.ParseProblem)


def _near_text(given: str, accepted: Sequence[str]) -> str | None:
    words = grading.normalize_text(given).split()
    if not words:
        return None
    for answer in accepted:
        target = grading.normalize_text(answer).split()
        if not target:
            continue
        if _contains(words, target):
            return _("Your answer contains an accepted one ('{answer}').").format(answer=answer)
        if all(any(_one_edit(w, t) for w in words) for t in target):
            return _("Close to '{answer}': a typo?").format(answer=answer)
        whole, joined = " ".join(words), " ".join(target)
        if OSA.distance(whole, joined) <= max(2, len(joined) // 5):
            return _("Close to '{answer}': a typo?").format(answer=answer)
    return None


def _contains(words: list[str], target: list[str]) -> bool:
    size = len(target)
    return any(words[i : i + size] == target for i in range(len(words) - size + 1))


def _one_edit(word: str, target: str) -> bool:
    """Equal, or one edit apart when the target word is long enough to have typos (4+)."""
    return word == target or (len(target) >= 4 and OSA.distance(word, target) <= 1)


def _near_number(feedback: Feedback) -> str | None:
    presented = feedback.presented
    question = presented.question
    assert isinstance(question, NumericRecord)
    if presented.variant is not None:
        expected: float | Sequence[float] = presented.variant.answer
    elif question.answer is not None:
        expected = question.answer
    else:
        return None
    targets = [float(expected)] if isinstance(expected, int | float) else list(expected)
    expected_len = None if isinstance(expected, int | float) else len(targets)
    values = grading.parse_numeric_answer(feedback.answer_given, expected_len=expected_len)
    if isinstance(values, grading.ParseProblem) or len(values) != len(targets):
        return None
    pairs = zip(values, targets, strict=True)
    if all(abs(v - e) <= max(RELATIVE * abs(e), ABSOLUTE) for v, e in pairs):
        share = f"{RELATIVE:.0%}"
        return _("Within {share} of the expected value: rounded another way?").format(share=share)
    return None

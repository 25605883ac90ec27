"""An answer the app cannot read is explained in the learner's language: every message the
number and option parsers give, in Chinese, with no English prose left in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.catalog import load_catalog
from quizapp.core.grader import Verdict, grade
from quizapp.core.presentation import PresentedQuestion
from quizapp.grading import ParseProblem, parse_choice_input, parse_numeric_answer
from quizapp.i18n import using_language
from tests.i18n.latin import english_runs

NUMBERS = [
    ("", None),  # nothing typed
    ("x" * 3000, None),  # too long
    ("abc", 2),  # not a number
    ("1 2", None),  # two numbers for one
    ("1", 4),  # one number for four
    ("1", 9),  # one for nine: the example ends with "…"
]
PICKS = [("", 4), ("z", 4), ("q", 3)]


@pytest.mark.parametrize(("text", "length"), NUMBERS)
def test_a_number_it_cannot_read_is_explained_in_chinese(text: str, length: int | None) -> None:
    with using_language("zh"):
        problem = parse_numeric_answer(text, expected_len=length)
    assert isinstance(problem, ParseProblem)
    assert "应" in problem.message or "请" in problem.message
    assert not english_runs(problem.message), problem.message


@pytest.mark.parametrize(("text", "count"), PICKS)
def test_a_pick_it_cannot_read_is_explained_in_chinese(text: str, count: int) -> None:
    with using_language("zh"):
        problem = parse_choice_input(text, count)
    assert isinstance(problem, ParseProblem)
    assert f"1-{count}" in problem.message and "选择" in problem.message
    assert not english_runs(problem.message), problem.message


def test_the_english_messages_are_unchanged() -> None:
    with using_language("en"):
        problem = parse_numeric_answer("1", expected_len=4)
        pick = parse_choice_input("z", 4)
    assert isinstance(problem, ParseProblem) and isinstance(pick, ParseProblem)
    assert problem.message == "Expected a vector of 4 numbers, like 0.12, -0.5, 0.3, 1.0; got 1."
    assert pick.message == "'z' is not an option. Pick by number (1-4) or letter (a-d)."


def test_the_notes_on_a_typed_answer_are_in_chinese(tmp_path: Path) -> None:
    """Typo accepted, near miss, missing key terms: the note the feedback shows."""
    catalog = load_catalog(tmp_path).in_language("zh")  # as --lang zh serves them
    short = catalog.questions["gru.candidate-uses-reset"]
    spot = catalog.questions["attention.not-supervised-mistake"]
    typed = [
        (short, "resett gate", True),  # a typo of the answer
        (short, "rzsxt", False),  # near the answer, but more than a typo away
        (spot, "the decoder is too small", False),  # names none of the key terms
    ]
    with using_language("zh"):
        for question, raw, right in typed:
            verdict = grade(PresentedQuestion(question=question, prompt=question.prompt), raw)
            assert isinstance(verdict, Verdict) and verdict.correct is right, raw
            assert verdict.note and not english_runs(verdict.note, quoted=(raw,)), verdict.note
            assert "“" in verdict.note or "没有提到" in verdict.note, verdict.note

"""An answer the app cannot read is explained in the learner's language: every message the
number and option parsers give, in Chinese, with no English prose left in it."""

from __future__ import annotations

import pytest

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

"""Answer parsing and checking: forgiving where it should be, never raising on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.grading import (
    ParseProblem,
    check_numeric,
    check_short,
    parse_choice_input,
    parse_numeric_answer,
)
from quizapp.templates import Tolerance


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.73", 0.73),
        (".73", 0.73),
        ("7.3e-1", 0.73),
        ("-0.5", -0.5),
        ("3/4", 0.75),
        (" 3 / 4 ", 0.75),
        ("−0.5", -0.5),
        ("０.５", 0.5),
        ("+2", 2.0),
        ("[0.25]", 0.25),
    ],
)
def test_scalars(text: str, value: float) -> None:
    assert parse_numeric_answer(text) == [pytest.approx(value)]


@pytest.mark.parametrize("text", ["[0.1, 0.2]", "0.1, 0.2", "0.1 0.2", "(0.1; 0.2)", "1/10, 1/5"])
def test_vectors(text: str) -> None:
    assert parse_numeric_answer(text, expected_len=2) == [pytest.approx(0.1), pytest.approx(0.2)]


@pytest.mark.parametrize(
    ("text", "expected_len", "fragment"),
    [
        ("abc", None, "Could not read 'abc'"),
        ("", None, "Type a single number"),
        ("1 2", None, "got 2 numbers"),
        ("1", 3, "a vector of 3 numbers"),
        ("1/0", None, "Could not read"),
        ("nan", None, "Could not read"),
        ("__import__('os')", None, "Could not read"),
        ("1e999", None, "Could not read"),
    ],
)
def test_friendly_problems(text: str, expected_len: int | None, fragment: str) -> None:
    problem = parse_numeric_answer(text, expected_len)
    assert isinstance(problem, ParseProblem) and fragment in problem.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.integers(1, 5)))
def test_parser_never_raises(text: str, expected_len: int | None) -> None:
    result = parse_numeric_answer(text, expected_len)
    assert isinstance(result, list | ParseProblem)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.integers(1, 8))
def test_choice_parser_never_raises(text: str, count: int) -> None:
    result = parse_choice_input(text, count)
    assert isinstance(result, ParseProblem) or all(0 <= i < count for i in result)


def test_tolerances() -> None:
    assert check_numeric(0.734, 0.73, Tolerance(abs=0.005))
    assert not check_numeric(0.74, 0.73, Tolerance(abs=0.005))
    assert check_numeric(101, 100, Tolerance(rel=0.02))
    assert check_numeric(0.12349, 0.1235, Tolerance(sig_figs=3))
    assert not check_numeric(0.126, 0.1235, Tolerance(sig_figs=3))
    assert check_numeric([1, 2], [1.001, 2.0], Tolerance(abs=0.01))
    assert not check_numeric([1], [1, 2], Tolerance(abs=1))
    assert check_numeric(2560, 2560, Tolerance(abs=0)) and not check_numeric(
        2561, 2560, Tolerance(abs=0)
    )


@pytest.mark.parametrize(
    ("given_text", "correct"),
    [
        ("Forget gate", True),
        ("forget-gate!", True),
        ("ＦＯＲＧＥＴ ＧＡＴＥ", True),
        ("  forget   gate ", True),
        ("foget gate", True),
        ("fget gat", False),
        ("input gate", False),
        ("", False),
    ],
)
def test_short_answers(given_text: str, correct: bool) -> None:
    assert check_short(given_text, ["forget gate", "the forget gate"]).correct is correct


def test_a_leading_article_does_not_matter() -> None:
    assert check_short("cell state", ["the cell state"]).correct
    assert check_short("The hidden state", ["hidden state"]).correct
    assert check_short("an input gate", ["input gate"]).correct
    assert not check_short("the", ["the cell state"]).correct
    assert check_short("a", ["a"]).correct  # an answer that is only an article stays itself
    assert not check_short("the output gate", ["the input gate"]).correct


def test_short_answers_keywords_and_short_words() -> None:
    assert not check_short("tan", ["tanh"]).correct  # 4 letters: one typo allowed, 'tan' is one
    assert check_short("tanh", ["tanh"]).correct
    assert not check_short("sig", ["σ"]).correct
    match = check_short("cell state", ["cell state"], keywords=["additive"])
    assert not match.correct and match.missing_keywords == ("additive",)


@pytest.mark.parametrize(
    ("text", "picked"),
    [
        ("2", [1]),
        ("b", [1]),
        ("B)", [1]),
        ("1,3", [0, 2]),
        ("a c", [0, 2]),
        ("ac", [0, 2]),
        ("a and c", [0, 2]),
    ],
)
def test_choice_input(text: str, picked: list[int]) -> None:
    assert parse_choice_input(text, 4) == picked


def test_choice_input_problems() -> None:
    for text in ("", "z", "9", "0", "hello"):
        assert isinstance(parse_choice_input(text, 4), ParseProblem)


@pytest.mark.parametrize("text", ["፩", "𐩀", "٣", "²", "1፩"])
def test_choice_input_other_digits_are_not_options(text: str) -> None:
    """str.isdigit() is true of these; int() refuses "፩" and "𐩀" (ValueError before)."""
    result = parse_choice_input(text, 4)
    assert isinstance(result, ParseProblem) and "is not an option" in result.message


@pytest.mark.parametrize(("text", "picked"), [("２", [1]), ("ｂ", [1]), ("１，３", [0, 2])])
def test_choice_input_full_width(text: str, picked: list[int]) -> None:
    assert parse_choice_input(text, 4) == picked


@pytest.mark.parametrize("text", ["٣", "፩", "𐩀", "10²", "½"])
def test_numbers_are_ascii_or_full_width_digits(text: str) -> None:
    """No digit of another script is read as a value, and "10²" is not read as 102 (NFKC)."""
    result = parse_numeric_answer(text)
    assert isinstance(result, ParseProblem) and "Could not read" in result.message


def test_full_width_numbers() -> None:
    assert parse_numeric_answer("０.５") == [0.5]
    assert parse_numeric_answer("－０.２５，　１", 2) == [-0.25, 1.0]

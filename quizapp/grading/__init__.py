"""Parsing and checking answers: pure functions, no terminal, never ``eval``.

Every parser returns a value or a ``ParseProblem`` whose message says what form is expected;
nothing here raises on user text. Numbers (``numbers``), option picks (``choices``) and typed
text in English and Chinese (``text``: typos, filler words, rivals, Han rules) are graded here
and nowhere else.
"""

from __future__ import annotations

from quizapp.grading.choices import parse_choice_input
from quizapp.grading.numbers import parse_numeric_answer
from quizapp.grading.problem import MAX_ANSWER_CHARS, ParseProblem
from quizapp.grading.text import (
    FILLER_WORDS,
    NEGATIONS,
    ZH_NEGATIONS,
    KeywordMatch,
    ShortMatch,
    allowed_typos,
    check_keywords,
    check_short,
    has_han,
    normalize_text,
    text_forms,
    typo_distance,
)
from quizapp.tolerance import check_numeric

__all__ = [
    "FILLER_WORDS",
    "MAX_ANSWER_CHARS",
    "NEGATIONS",
    "ZH_NEGATIONS",
    "KeywordMatch",
    "ParseProblem",
    "ShortMatch",
    "allowed_typos",
    "check_keywords",
    "check_numeric",
    "check_short",
    "has_han",
    "normalize_text",
    "parse_choice_input",
    "parse_numeric_answer",
    "text_forms",
    "typo_distance",
]

"""What a parser says when it cannot read an answer, and how long an answer may be."""

from __future__ import annotations

from dataclasses import dataclass

MAX_ANSWER_CHARS = 2000  # longer text is cut (typed answers) or refused (numbers, picks)


@dataclass(frozen=True)
class ParseProblem:
    message: str

"""What a parser says when it cannot read an answer, and how long an answer may be."""

from __future__ import annotations

from dataclasses import dataclass

MAX_ANSWER_CHARS = 2000  # longer text is cut (typed answers) or refused (numbers, picks)


@dataclass(frozen=True)
class ParseProblem:
    message: str


# Full-width forms (an East Asian keyboard's "ｂ", "２", "，") as their ASCII letters, digits
# and punctuation; the ideographic space and comma as a space and a comma. Numbers and picks
# use this, not NFKC: NFKC reads "10²" as "102".
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 32, 0x3001: 44}

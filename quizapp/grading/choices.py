"""Picks of choice options as a learner types them: ``2``, ``b``, ``1,3``, ``a c``."""

from __future__ import annotations

import re
import string

from quizapp.grading.problem import FULL_WIDTH, ParseProblem
from quizapp.i18n import _


def parse_choice_input(text: str, option_count: int) -> list[int] | ParseProblem:
    """``2``, ``b``, ``1,3``, ``a c`` -> 0-based option indices (sorted, unique).

    Only ASCII digits and letters name options (and their full-width forms): any other
    digit or letter is "not an option", never an error."""
    letters = string.ascii_lowercase[:option_count]
    hint = _("Pick by number (1-{count}) or letter (a-{last}).").format(
        count=option_count, last=letters[-1] if letters else "a"
    )
    if not isinstance(text, str) or not text.strip():
        return ParseProblem(hint)
    cleaned = text.translate(FULL_WIDTH).casefold().strip()
    if len(cleaned) > 200:
        return ParseProblem(hint)
    cleaned = re.sub(r"\band\b", " ", cleaned)
    tokens = [t for t in re.split(r"[\s,;/+&]+|(?<=[a-z])(?=[a-z])", cleaned) if t]
    picked: set[int] = set()
    for token in tokens:
        token = token.strip(").:")
        # ASCII digits only: str.isdigit() is true of "፩" and "𐩀", which int() refuses
        if token.isascii() and token.isdigit() and 1 <= int(token) <= option_count:
            picked.add(int(token) - 1)
        elif len(token) == 1 and token in letters:
            picked.add(letters.index(token))
        else:
            return ParseProblem(
                _("'{token}' is not an option.").format(token=token[:20]) + " " + hint
            )
    if not picked:
        return ParseProblem(hint)
    return sorted(picked)

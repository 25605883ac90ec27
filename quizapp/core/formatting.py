"""Numbers and answers as a learner reads them: short, aligned, never in scientific noise."""

from __future__ import annotations

import math
from collections.abc import Sequence

from quizapp.i18n import _


def format_number(value: float, decimals: int = 4) -> str:
    """Round for display; integers stay integers, huge or tiny values use e-notation."""
    if not math.isfinite(value):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    if value != 0 and (abs(value) >= 1e6 or abs(value) < 10 ** (-decimals)):
        return f"{value:.{decimals - 1}e}"
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_answer(value: float | Sequence[float], decimals: int = 4) -> str:
    """A scalar as a number, a vector as ``[a, b, c]``."""
    if isinstance(value, int | float):
        return format_number(float(value), decimals)
    return "[" + ", ".join(format_number(float(v), decimals) for v in value) + "]"


def expected_form(answer: float | Sequence[float], answer_form: str | None = None) -> str:
    """What the learner should type, e.g. 'a vector of 2 numbers, like 0.12, -0.5'."""
    if answer_form:
        return answer_form
    if isinstance(answer, int | float):
        if float(answer).is_integer():
            return _("a whole number, like {example}").format(example="2560")
        return _("a number, like {example}").format(example=_("0.73 or 3/4"))
    example = ", ".join(["0.12", "-0.5", "0.3", "1.0"][: len(answer)] or ["0.1"])
    return _("a vector of {count} numbers, like {example}").format(
        count=len(answer), example=example
    )


def count_of(n: int, noun: str, plural: str | None = None) -> str:
    """'1 bank', '7 banks': screens never say '1 banks'."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"

"""Numbers as a learner types them: scalars, fractions and vectors, never ``eval``."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from quizapp.grading.problem import FULL_WIDTH, MAX_ANSWER_CHARS, ParseProblem
from quizapp.i18n import _, ngettext

# ASCII digits only (re.ASCII): "٣" or "፩" is refused with a message, never read as a value
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$", re.ASCII)
_FRACTION = re.compile(
    r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*/\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))$", re.ASCII
)
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "—": "-", "﹣": "-", "－": "-"})


def parse_numeric_answer(text: str, expected_len: int | None = None) -> list[float] | ParseProblem:
    """Read ``0.73``, ``.73``, ``7.3e-1``, ``-0.5``, ``3/4``, and vectors as ``[0.1, 0.2]``,
    ``0.1, 0.2`` or ``0.1 0.2``.

    ``expected_len`` None means a scalar is expected; otherwise a vector of that length.
    """
    form = _form(expected_len)
    if not isinstance(text, str):
        return ParseProblem(_("Expected {form}.").format(form=form))
    # full-width forms only, not NFKC: NFKC reads "10²" as "102"
    cleaned = text.translate(FULL_WIDTH).translate(_MINUS_SIGNS).strip()
    if not cleaned:
        return ParseProblem(_("Type {form}.").format(form=form))
    if len(cleaned) > MAX_ANSWER_CHARS:
        return ParseProblem(_("That answer is too long; expected {form}.").format(form=form))
    if cleaned[0] in "([" and cleaned[-1] in ")]":
        cleaned = cleaned[1:-1].strip()
    parts = [p for p in re.split(r"[\s,;]+", cleaned) if p]
    # "3 / 4" splits into three parts: glue fractions back together
    parts = _join_fractions(parts)
    values: list[float] = []
    for part in parts:
        value = _parse_scalar(part)
        if value is None:
            shown = part if len(part) <= 20 else part[:20] + "…"
            message = _("Could not read '{part}' as a number; expected {form}.")
            return ParseProblem(message.format(part=shown, form=form))
        values.append(value)
    if expected_len is None and len(values) != 1:
        got = ngettext(
            "Expected {form}; got {count} number.",
            "Expected {form}; got {count} numbers.",
            len(values),
        )
        return ParseProblem(got.format(form=form, count=len(values)))
    if expected_len is not None and len(values) != expected_len:
        return ParseProblem(_("Expected {form}; got {count}.").format(form=form, count=len(values)))
    return values


def _form(expected_len: int | None) -> str:
    if expected_len is None:
        return _("a single number, like 0.73, -0.5, 7.3e-1 or 3/4")
    if expected_len == 1:
        return _("one number, like 0.73")
    example = ", ".join(["0.12", "-0.5", "0.3", "1.0", "0.25"][:expected_len])
    if expected_len > 5:
        example += ", …"
    return _("a vector of {count} numbers, like {example}").format(
        count=expected_len, example=example
    )


def _join_fractions(parts: list[str]) -> list[str]:
    joined: list[str] = []
    k = 0
    while k < len(parts):
        if k + 2 < len(parts) and parts[k + 1] == "/":
            joined.append(parts[k] + "/" + parts[k + 2])
            k += 3
        elif k + 1 < len(parts) and (
            parts[k].endswith("/") or (parts[k + 1].startswith("/") and len(parts[k + 1]) > 1)
        ):
            joined.append(parts[k] + parts[k + 1])
            k += 2
        else:
            joined.append(parts[k])
            k += 1
    return joined


def _parse_scalar(part: str) -> float | None:
    if _NUMBER.match(part):
        value = float(part)
        return value if math.isfinite(value) else None
    match = _FRACTION.match(part)
    if match:
        try:
            value = float(Fraction(match.group(1)) / Fraction(match.group(2)))
        except (ZeroDivisionError, ValueError, OverflowError):
            return None
        return value if math.isfinite(value) else None
    return None

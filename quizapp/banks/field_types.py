"""The value types of the bank format, strict the way YAML needs them.

pydantic in strict mode already refuses ``correct: 'yes'`` and ``correct: 1``; these types add
what it does not: text that is not blank, a difficulty that is not a boolean (``true == 1`` in
Python), and answers that are finite numbers or non-empty vectors of them, never a quoted
``"0.5"``. Each carries its JSON Schema, so the editor refuses the same values.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
Identifier = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=120)]


def _not_blank(text: str) -> str:
    if not text.strip():
        raise PydanticCustomError("blank_text", "must not be empty or only spaces")
    return text


# Text with something in it: "" and "   " are errors (JSON Schema: one non-space character)
Text = Annotated[
    str, AfterValidator(_not_blank), WithJsonSchema({"type": "string", "pattern": r"\S"})
]


def _not_a_boolean(value: Any) -> Any:
    """YAML's ``true`` is a boolean; pydantic's Literal[1, 2, 3] would take it for 1."""
    if isinstance(value, bool):
        raise PydanticCustomError("literal_error", "Input should be 1, 2 or 3")
    return value


Difficulty = Annotated[Literal[1, 2, 3], BeforeValidator(_not_a_boolean)]


def _number(value: Any, item: int | None = None) -> float:
    """``value`` as a finite float; for a vector's ``item`` (1-based) the message says which."""
    where = "" if item is None else f"item {item}: "
    got = "" if item is None else f"; got {value!r}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = ""
        if isinstance(value, str) and _reads_as_number(value):
            hint = "the quotes make it text: write the number without them"
        what = "a number" if item is not None else "a number or a list of numbers"
        raise PydanticCustomError(
            "number_type",
            "{where}Input should be {what}{got}",
            {"where": where, "what": what, "got": got, "hint": hint},
        )
    if not math.isfinite(value):
        raise PydanticCustomError(
            "finite_number",
            "{where}Input should be a finite number{got}",
            {"where": where, "got": got},
        )
    return float(value)


def _reads_as_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number_or_vector(value: Any) -> float | list[float]:
    """A finite number, or a non-empty list of them (a vector answer)."""
    if not isinstance(value, list):
        return _number(value)
    if not value:
        raise PydanticCustomError("too_short", "a vector needs at least one number")
    return [_number(entry, k) for k, entry in enumerate(value, start=1)]


_NUMBER = {"type": "number"}
NumberOrVector = Annotated[
    float | list[float],
    PlainValidator(_number_or_vector),
    WithJsonSchema({"anyOf": [_NUMBER, {"type": "array", "items": _NUMBER, "minItems": 1}]}),
]

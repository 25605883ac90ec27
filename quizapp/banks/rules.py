"""Rules across a model's fields, each said once: as a check and as JSON Schema.

A field's type is pydantic's to check; a rule that ties fields together (exactly one
tolerance, answer or template, one correct option) is a ``Rule`` on the model: its ``check``
reads the raw YAML mapping, so it runs beside every field error of the same model (one
``quizapp validate`` run reports both), and its ``schema`` is the same rule in JSON Schema,
which ``quizapp schema`` puts into the model's definition so an editor flags it too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

Where = tuple[str | int, ...]  # a path inside the model's mapping; () is the mapping itself


@dataclass(frozen=True)
class Breach:
    message: str
    at: Where = ()


@dataclass(frozen=True)
class Rule:
    check: Callable[[Mapping[str, Any]], Breach | None]
    schema: dict[str, Any]


def breaches(rules: tuple[Rule, ...], data: Any) -> list[Breach]:
    """What the rules find in ``data``; nothing when it is not a mapping (a type error then)."""
    if not rules or not isinstance(data, Mapping):
        return []
    return [breach for rule in rules if (breach := rule.check(data)) is not None]


def merged_error(
    title: str, found: list[Breach], data: Any, field_errors: ValidationError | None
) -> ValidationError:
    """One ValidationError with the field errors and the rules' breaches together.

    Field errors are carried over as they were (type, message, context), so the loader words
    them the same as when no rule fired.
    """
    lines: list[InitErrorDetails] = []
    for error in field_errors.errors() if field_errors is not None else ():
        context = {**(error.get("ctx") or {}), "message": error["msg"]}
        lines.append(
            {
                "type": PydanticCustomError(error["type"], "{message}", context),
                "loc": error["loc"],
                "input": error["input"],
            }
        )
    for breach in found:
        lines.append(
            {
                "type": PydanticCustomError("bank_rule", "{message}", {"message": breach.message}),
                "loc": breach.at,
                "input": data,
            }
        )
    return ValidationError.from_exception_data(title, lines)


# -- the rules the bank format has --------------------------------------------------------
def _given(data: Mapping[str, Any], key: str) -> bool:
    return data.get(key) is not None


def _not_null(key: str) -> dict[str, Any]:
    return {"required": [key], "properties": {key: {"not": {"type": "null"}}}}


def _words(keys: tuple[str, ...]) -> str:
    return ", ".join(keys[:-1]) + " or " + keys[-1]


def exactly_one_of(*keys: str, what: str) -> Rule:
    """Exactly one of ``keys`` given (not null)."""

    def check(data: Mapping[str, Any]) -> Breach | None:
        found = sum(1 for key in keys if _given(data, key))
        if found == 1:
            return None
        return Breach(f"{what} gives exactly one of {_words(keys)}; found {found}")

    return Rule(check, {"oneOf": [_not_null(key) for key in keys]})


def either(first: str, second: str, *, what: str) -> Rule:
    """``first`` or ``second``, not both and not neither."""

    def check(data: Mapping[str, Any]) -> Breach | None:
        if _given(data, first) != _given(data, second):
            return None
        return Breach(f"{what} has either '{first}' or '{second}', not both or neither")

    return Rule(check, {"oneOf": [_not_null(first), _not_null(second)]})


def only_with(trigger: str, keys: tuple[str, ...], *, message: str) -> Rule:
    """``keys`` stay empty unless ``trigger`` is given."""
    return _kept_empty(trigger, keys, when_given=False, message=message)


def only_without(trigger: str, keys: tuple[str, ...], *, message: str) -> Rule:
    """``keys`` stay empty when ``trigger`` is given."""
    return _kept_empty(trigger, keys, when_given=True, message=message)


# maxItems and maxProperties each apply to their own type only: one schema empties either
_EMPTY = {"maxItems": 0, "maxProperties": 0}


def _kept_empty(trigger: str, keys: tuple[str, ...], *, when_given: bool, message: str) -> Rule:
    def check(data: Mapping[str, Any]) -> Breach | None:
        if _given(data, trigger) != when_given:
            return None
        offending = next((key for key in keys if data.get(key)), None)
        return None if offending is None else Breach(message, (offending,))

    branch = "then" if when_given else "else"
    return Rule(
        check,
        {"if": _not_null(trigger), branch: {"properties": {key: _EMPTY for key in keys}}},
    )


def _correct_count(data: Mapping[str, Any]) -> int | None:
    """How many options say ``correct: true``; None when there are none to count, or when an
    option's ``correct`` is not a boolean (its type error is the message then)."""
    options = data.get("options")
    if not isinstance(options, list) or not options:
        return None
    marks = [o.get("correct", False) for o in options if isinstance(o, Mapping)]
    if not all(isinstance(mark, bool) for mark in marks):
        return None
    return sum(1 for mark in marks if mark)


_CORRECT = {"required": ["correct"], "properties": {"correct": {"const": True}}}


def correct_options(kind: str, *, exactly_one: bool, options_optional: bool = False) -> Rule:
    """Options marked ``correct: true``: exactly one, or at least one."""
    need = "exactly one correct option" if exactly_one else "at least one correct option"

    def check(data: Mapping[str, Any]) -> Breach | None:
        found = _correct_count(data)
        if found is None or found == 1 or (found > 1 and not exactly_one):
            return None
        return Breach(f"a {kind} question needs {need}; found {found}", ("options",))

    counted: dict[str, Any] = {"contains": _CORRECT, "minContains": 1}
    if exactly_one:
        counted["maxContains"] = 1
    if options_optional:  # an empty list (or none) is another rule's business
        counted = {"if": {"minItems": 1}, "then": counted}
    return Rule(check, {"properties": {"options": counted}})


def at_least_one_of(first: str, second: str, *, message: str) -> Rule:
    """A non-empty list under ``first`` or under ``second`` (or both)."""

    def check(data: Mapping[str, Any]) -> Breach | None:
        return None if data.get(first) or data.get(second) else Breach(message)

    return Rule(
        check,
        {
            "anyOf": [
                {"required": [key], "properties": {key: {"minItems": 1}}} for key in (first, second)
            ]
        },
    )


def _value_kind(value: Any) -> str | None:
    """'number' or 'array' (JSON Schema's names) for an answer; None for anything else."""
    if isinstance(value, list):
        return "array"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "number"
    return None


def same_shape_as(key: str, items: str, item_key: str) -> Rule:
    """Each ``items[k].item_key`` is a number when ``key`` is one, a list when it is a list
    (their lengths are the loader's to compare: JSON Schema cannot)."""

    def check(data: Mapping[str, Any]) -> Breach | None:
        want, entries = _value_kind(data.get(key)), data.get(items)
        if want is None or not isinstance(entries, list):
            return None
        for k, entry in enumerate(entries):
            got = _value_kind(entry.get(item_key)) if isinstance(entry, Mapping) else None
            if got is not None and got != want:
                shape = "a number" if want == "number" else "a list of numbers"
                message = f"a mistake's answer must have the same shape as the answer ({shape})"
                return Breach(message, (items, k, item_key))
        return None

    return Rule(
        check,
        {
            "allOf": [
                {
                    "if": {"required": [key], "properties": {key: {"type": kind}}},
                    "then": {
                        "properties": {items: {"items": {"properties": {item_key: {"type": kind}}}}}
                    },
                }
                for kind in ("number", "array")
            ]
        },
    )

"""What each stored setting may hold: one rule per key, for saving, loading and importing.

Settings live in the database as JSON text per key. A value that breaks its rule (written by
hand, or imported by an older quizapp that did not check) is never allowed to stop the app:
loading falls back to the default for that key and says so; saving and importing refuse it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any, TypeGuard

from quizapp.store.records import Settings

FSRS_PARAMETER_COUNT = 21  # fsrs 6; the scheduler checks each one's bounds
MAX_NEW_PER_DAY = 10_000


def _retention(value: object) -> str | None:
    if not _is_number(value) or not 0.70 <= float(value) <= 0.99:
        return "must be between 0.70 and 0.99"
    return None


def _new_per_day(value: object) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return "must be a whole number"
    if not 0 <= value <= MAX_NEW_PER_DAY:
        return f"must be from 0 to {MAX_NEW_PER_DAY}"
    return None


def _theme(value: object) -> str | None:
    if not isinstance(value, str) or not 0 < len(value) <= 100:
        return "must be a theme name (text)"
    return None


def _interview_date(value: object) -> str | None:
    # any text: the planner reads it and says when it is not a date (YYYY-MM-DD)
    if value is not None and (not isinstance(value, str) or len(value) > 100):
        return "must be a date (YYYY-MM-DD) or null"
    return None


def _flag(value: object) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _fsrs_parameters(value: object) -> str | None:
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != FSRS_PARAMETER_COUNT
        or not all(_is_number(p) for p in value)
    ):
        return f"must be a list of {FSRS_PARAMETER_COUNT} finite numbers or null"
    return None


def _language(value: object) -> str | None:
    from quizapp.i18n import LANGUAGES

    if value is not None and value not in LANGUAGES:
        return f"must be one of {', '.join(LANGUAGES)} or null (follow the locale)"
    return None


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


RULES: dict[str, Callable[[object], str | None]] = {
    "desired_retention": _retention,
    "new_per_day": _new_per_day,
    "theme": _theme,
    "interview_date": _interview_date,
    "fit_to_interview": _flag,
    "fsrs_parameters": _fsrs_parameters,
    "language": _language,
}
assert set(RULES) == {f.name for f in fields(Settings)}, "a setting without a rule"


def setting_problem(key: str, value: object) -> str | None:
    """Why ``value`` cannot be setting ``key`` (unknown keys are kept and ignored)."""
    rule = RULES.get(key)
    return rule(value) if rule is not None else None


def settings_problems(settings: Settings) -> list[str]:
    problems = []
    for key, value in vars(settings).items():
        problem = setting_problem(key, value)
        if problem:
            problems.append(f"{key.replace('_', ' ')} {problem}")
    return problems


def settings_from_stored(stored: Mapping[str, str]) -> tuple[Settings, list[str]]:
    """Settings from the stored JSON texts, defaults where a value is broken (listed)."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, text in stored.items():
        if key not in RULES:
            continue
        try:
            value = json.loads(text)
        except (TypeError, ValueError):
            problems.append(f"setting {key} is not JSON ({str(text)[:40]!r}); using the default")
            continue
        problem = setting_problem(key, value)
        if problem:
            problems.append(f"setting {key} {problem}; using the default")
            continue
        if key == "desired_retention":
            value = float(value)
        values[key] = value
    return Settings(**values), problems

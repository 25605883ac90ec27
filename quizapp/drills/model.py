"""What a drill is: a task, its hidden cases, the engine's answers and the wrong methods.

A drill never holds learner code: it describes a function to write (signature, shapes,
conventions), provides starter and reference files, draws seeded cases, asks the engine for
the expected outputs and computes each named wrong method's outputs, so a returned value can be
matched to the mistake that produced it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Array = np.ndarray
# What crosses to the learner's function and back: arrays, lists of arrays, plain numbers, text.
Value = Array | list[Array] | float | int | str | bool
Outputs = Mapping[str, Value]

OutputKind = Literal["array", "arrays", "number", "integer"]


@dataclass(frozen=True)
class Output:
    """One returned value: its name (in the docstring and the verdict) and what it holds."""

    name: str
    kind: OutputKind = "array"


@dataclass(frozen=True)
class Returns:
    """How the function returns its outputs.

    ``form``: "value" (one output), "tuple" (the outputs in order) or "dict" (keyed by name).
    ``intermediates``: names, in computation order, of values the learner *may* return as one
    extra dict (after the outputs), e.g. the gates; the verdict then names the first that
    diverges.
    """

    outputs: tuple[Output, ...]
    form: Literal["value", "tuple", "dict"] = "value"
    intermediates: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.outputs)


@dataclass(frozen=True)
class Case:
    """One hidden case: a label saying what it probes and the arguments in signature order."""

    label: str
    args: Mapping[str, Value]


@dataclass(frozen=True)
class Expected:
    """The engine's outputs for a case, and its intermediates (for the divergence report)."""

    outputs: Outputs
    intermediates: Mapping[str, Array] = field(default_factory=dict)


@dataclass(frozen=True)
class LearnerError:
    """An exception raised by the learner's code, as the child process described it.

    ``category``: the built-in class it is an instance of when that matters to the verdict
    (MemoryError for NumPy's _ArrayMemoryError, FloatingPointError...), else "".
    """

    type_name: str
    message: str
    line: int | None = None
    traceback: str = ""
    category: str = ""


@dataclass(frozen=True)
class WrongMethod:
    """A named mistake: ``compute`` gives its outputs on a case (to match returned values);
    ``recognise`` spots it from an exception instead (an overflow, a division by zero).

    ``convention``: the result is right under another convention or framework, so feedback
    says which instead of only "wrong".
    """

    id: str
    name: str
    explanation: str
    compute: Callable[[Case], Outputs | None] | None = None
    recognise: Callable[[LearnerError, Case], bool] | None = None
    convention: bool = False


@dataclass(frozen=True)
class Tolerance:
    """|returned - expected| <= abs + rel * |expected|, element-wise (NaN equals only NaN)."""

    rel: float = 1e-9
    abs: float = 1e-12


@dataclass(frozen=True)
class Drill:
    """One drill variant; ``id`` names the family and the variant, e.g. ``gru-step.keep.after``.

    ``starter`` and ``reference`` are complete Python files; ``cases()`` is seeded, so the same
    drill always checks the same cases. ``strict_floats``: the learner's code runs under
    ``np.errstate(over/divide/invalid="raise")``, so an overflowing exp is an error, not a
    warning next to a right-looking number.
    """

    id: str
    title: str
    function: str
    signature: str
    summary: str
    returns: Returns
    starter: str
    reference: str
    cases: Callable[[], list[Case]]
    expected: Callable[[Case], Expected]
    mistakes: tuple[WrongMethod, ...] = ()
    tolerance: Tolerance = Tolerance()
    strict_floats: bool = True
    topics: tuple[str, ...] = ()
    tags: Mapping[str, str] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

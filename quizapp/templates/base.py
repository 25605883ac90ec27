"""What every numeric template returns, and the small helpers templates share.

A template draws small readable numbers from a seed (weights to one decimal), asks the engine
for the exact answer computed from those rounded numbers, and returns the answer, a tolerance
fit for hand computation, and the worked solution as ordered steps. Same seed, same variant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict


@dataclass(frozen=True)
class Tolerance:
    """Exactly one of abs, rel or sig_figs: the same names the bank format uses."""

    abs: float | None = None
    rel: float | None = None
    sig_figs: int | None = None

    def describe(self) -> str:
        if self.abs is not None:
            return "exact" if self.abs == 0 else f"within ±{self.abs:g}"
        if self.rel is not None:
            return (
                f"within {self.rel:.0%}" if self.rel >= 0.01 else f"within a relative {self.rel:g}"
            )
        return f"to {self.sig_figs} significant figures"


@dataclass(frozen=True)
class WorkedStep:
    label: str
    formula: str
    value: float | list[float] | str


@dataclass(frozen=True)
class Variant:
    givens: dict[str, Any]
    prompt: str
    answer: float | list[float]
    tolerance: Tolerance
    steps: list[WorkedStep]
    answer_form: str
    seed: int = 0
    extras: dict[str, Any] = field(default_factory=dict)


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Template:
    """Subclasses set name, summary, topics and Params, and implement ``build``."""

    name: ClassVar[str]
    summary: ClassVar[str]
    topics: ClassVar[tuple[str, ...]]
    params_model: ClassVar[type[Params]] = Params

    def draw(self, seed: int, params: dict[str, Any] | None = None) -> Variant:
        parsed = self.params_model.model_validate(params or {})
        rng = np.random.default_rng([int(seed), _name_salt(self.name)])
        variant = self.build(rng, parsed)
        return Variant(**{**variant.__dict__, "seed": int(seed)})

    def build(self, rng: np.random.Generator, params: Any) -> Variant:  # pragma: no cover
        raise NotImplementedError


def _name_salt(name: str) -> int:
    return sum((k + 1) * ord(c) for k, c in enumerate(name))


def draw_rounded(
    rng: np.random.Generator, shape: Any, low: float, high: float, decimals: int = 1
) -> np.ndarray:
    """Uniform numbers rounded for hand computation; -0.0 becomes 0.0."""
    values = np.round(rng.uniform(low, high, size=shape), decimals)
    return values + 0.0


def as_list(value: Any) -> Any:
    """Plain Python floats (nested lists for matrices), never NumPy types."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return float(array)
    return array.tolist()


def fmt(value: Any, decimals: int = 4) -> str:
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return _num(float(array), decimals)
    if array.ndim == 1:
        return "[" + ", ".join(_num(float(v), decimals) for v in array) + "]"
    rows = ["[" + ", ".join(_num(float(v), decimals) for v in row) + "]" for row in array]
    return "[" + ", ".join(rows) + "]"


def _num(value: float, decimals: int) -> str:
    if value.is_integer():
        return str(int(value))
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def matrix_block(named: Sequence[tuple[str, Any]]) -> str:
    """Small matrices and vectors as an aligned code block, one per line."""
    width = max(len(name) for name, _ in named)
    lines = []
    for name, value in named:
        array = np.asarray(value, dtype=float)
        if array.ndim == 2 and array.shape[0] > 1:
            rows = [fmt(row, 2) for row in array]
            lines.append(f"{name:<{width}} = [{rows[0]}")
            lines.extend(f"{'':<{width}}    {row}" for row in rows[1:-1])
            lines.append(f"{'':<{width}}    {rows[-1]}]")
        else:
            lines.append(f"{name:<{width}} = {fmt(array if array.ndim < 2 else array[0], 2)}")
    return "```\n" + "\n".join(lines) + "\n```"


def vector_form(length: int, decimals: int = 3) -> str:
    if length == 1:
        return f"a number, to {decimals} decimals"
    return f"a vector of {length} numbers, to {decimals} decimals"

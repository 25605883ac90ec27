"""Drill families and their parameters: how a bank names one variant without naming code.

A bank's code question says ``drill: gru-step`` and ``params: {update: keep, reset: after}``;
the family is the part of the drill id before the first dot, and the parameters are the
variant's tags (``Drill.tags``: cell, layout, update, reset, framework, ...). A parameter whose
value differs between a family's variants must be given; one that every variant shares may be
given (``layout: rows``, to say it in the bank) and must then be that value. Every family's
variants cover every combination of its parameters' values (the tests check it), so parameters
that pass these rules always select exactly one registered variant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from quizapp.drills.model import Drill


@dataclass(frozen=True)
class Family:
    """One drill family: its variants in registry order and the values each parameter takes."""

    name: str
    variants: tuple[Drill, ...]
    params: Mapping[str, tuple[str, ...]]  # parameter -> its values, in first-seen order

    @property
    def required(self) -> tuple[str, ...]:
        """The parameters that tell the variants apart."""
        return tuple(key for key, values in self.params.items() if len(values) > 1)

    def select(self, params: Mapping[str, str]) -> Drill | None:
        """The variant whose tags agree with every given parameter, when exactly one does."""
        found = [d for d in self.variants if all(d.tags.get(k) == v for k, v in params.items())]
        if len(found) != 1 or any(key not in params for key in self.required):
            return None
        return found[0]


def build_families(drills: Mapping[str, Drill]) -> dict[str, Family]:
    grouped: dict[str, list[Drill]] = {}
    for drill in drills.values():
        grouped.setdefault(drill.family, []).append(drill)
    families = {}
    for name, members in grouped.items():
        params: dict[str, list[str]] = {}
        for drill in members:
            for key, value in drill.tags.items():
                values = params.setdefault(key, [])
                if value not in values:
                    values.append(value)
        families[name] = Family(name, tuple(members), {k: tuple(v) for k, v in params.items()})
    return families


@cache
def families() -> dict[str, Family]:
    """Every registered family, by name, in registry order."""
    from quizapp.drills import DRILLS

    return build_families(DRILLS)

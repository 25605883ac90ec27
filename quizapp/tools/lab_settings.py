"""The gradient lab's knobs: every setting, its valid range, and the ladder a key steps along.

What each knob means (and why the radius is the spectral radius) is told in
``quizapp.tools.lab``, which computes the curves for these settings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from quizapp.i18n import N_, _

CellKind = Literal["rnn", "lstm", "gru"]
CellChoice = Literal["all", "rnn", "lstm", "gru"]
Nonlinearity = Literal["tanh", "relu"]
CELL_KINDS: tuple[CellKind, ...] = ("rnn", "lstm", "gru")
CELL_CHOICES: tuple[CellChoice, ...] = ("all", *CELL_KINDS)
MIN_LENGTH, MAX_LENGTH = 2, 200
MIN_HIDDEN, MAX_HIDDEN = 2, 16
MIN_RADIUS, MAX_RADIUS = 0.05, 3.0


@dataclass(frozen=True)
class LabSettings:
    """Every knob of the lab; invalid values raise ValueError with a readable message."""

    cell: CellChoice = "all"
    length: int = 100
    hidden: int = 8
    radius: float = 1.0
    nonlinearity: Nonlinearity = "tanh"
    forget_bias: float = 1.0
    clip: float | None = None
    input_scale: float = 1.0
    seed: int = 0

    def __post_init__(self) -> None:
        if self.cell not in CELL_CHOICES:
            raise ValueError(
                _("cell must be one of {choices}; got {value}").format(
                    choices=", ".join(CELL_CHOICES), value=repr(self.cell)
                )
            )
        if not MIN_LENGTH <= self.length <= MAX_LENGTH:
            raise ValueError(_between("T", MIN_LENGTH, MAX_LENGTH, self.length))
        if not MIN_HIDDEN <= self.hidden <= MAX_HIDDEN:
            raise ValueError(_between(_("hidden size"), MIN_HIDDEN, MAX_HIDDEN, self.hidden))
        if not MIN_RADIUS <= self.radius <= MAX_RADIUS:
            raise ValueError(_between(_("spectral radius"), MIN_RADIUS, MAX_RADIUS, self.radius))
        if self.nonlinearity not in ("tanh", "relu"):
            raise ValueError(
                _("nonlinearity must be tanh or relu; got {value}").format(
                    value=repr(self.nonlinearity)
                )
            )
        if not -10.0 <= self.forget_bias <= 10.0:
            raise ValueError(_between(_("forget bias"), -10, 10, self.forget_bias))
        if self.clip is not None and not 0.0 < self.clip <= 1e6:
            raise ValueError(
                _("clipping threshold must be positive (or off); got {value}").format(
                    value=self.clip
                )
            )
        if not 0.0 <= self.input_scale <= 10.0:
            raise ValueError(_between(_("input scale"), 0, 10, self.input_scale))
        if not 0 <= self.seed <= 2**31:
            raise ValueError(
                _("seed must be a non-negative integer; got {value}").format(value=self.seed)
            )

    @property
    def cells(self) -> tuple[CellKind, ...]:
        """The cells this setting computes: one, or all three side by side."""
        return CELL_KINDS if self.cell == "all" else (self.cell,)

    def replace(self, **changes: Any) -> LabSettings:
        return dataclasses.replace(self, **changes)


# knob values that are words, not numbers or identifiers (rnn, tanh stay as they are)
WORDS = {"all": N_("all"), "off": N_("off")}


def _between(name: str, low: float, high: float, value: object) -> str:
    return _("{name} must be between {low} and {high}; got {value}").format(
        name=name, low=low, high=high, value=value
    )


# -- knobs, for a keyboard UI: each moves along a ladder of sensible values ------------------
def _number(value: Any) -> str:
    if value is None:
        return "off"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class Knob:
    """One setting as the lab screen shows it: a label and the values left/right step through."""

    name: str  # the LabSettings field
    label: str  # a msgid: the screen shows ``_(label)``
    choices: tuple[Any, ...] = ()  # empty: an integer stepped by 1 (the seed)
    fmt: Callable[[Any], str] = _number
    help: str = ""

    def step(self, settings: LabSettings, direction: int) -> LabSettings:
        """Settings with this knob moved ``direction`` places along its ladder (clamped)."""
        value = getattr(settings, self.name)
        if not self.choices:
            return settings.replace(**{self.name: max(0, min(2**31, value + direction))})
        index = _nearest_index(self.choices, value)
        index = max(0, min(len(self.choices) - 1, index + direction))
        return settings.replace(**{self.name: self.choices[index]})

    def shown(self, settings: LabSettings) -> str:
        """The value as the screen shows it ('off', 'all' and the like translated)."""
        shown = self.fmt(getattr(settings, self.name))
        return _(WORDS[shown]) if shown in WORDS else shown


def _nearest_index(choices: tuple[Any, ...], value: Any) -> int:
    if value in choices:
        return choices.index(value)
    numeric = [(k, c) for k, c in enumerate(choices) if isinstance(c, int | float)]
    if value is None or not numeric:
        return 0
    return min(numeric, key=lambda item: abs(item[1] - value))[0]


RADIUS_CHOICES = (
    0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1,
    1.15, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2.0, 2.25, 2.5, 2.75, 3.0,
)  # fmt: skip

KNOBS: tuple[Knob, ...] = (
    Knob("cell", N_("cell"), CELL_CHOICES, help="one cell or all three on the same inputs"),
    Knob("length", "T", (2, 5, 10, 20, 30, 50, 75, 100, 150, 200), help="sequence length"),
    Knob("hidden", N_("hidden H"), (2, 4, 8, 12, 16), help="hidden size"),
    Knob("radius", N_("radius ρ"), RADIUS_CHOICES, help="spectral radius of each W_hh block"),
    Knob("nonlinearity", "RNN φ", ("tanh", "relu"), help="the vanilla RNN's nonlinearity"),
    Knob(
        "forget_bias",
        N_("forget bias"),
        (-2.0, -1.0, 0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0),
        help="LSTM forget-gate bias b_f",
    ),
    Knob(
        "clip",
        N_("clip at"),
        (None, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0),
        help="clip_grad_norm max_norm (off = no clipping)",
    ),
    Knob("input_scale", N_("input scale"), (0.0, 0.1, 0.5, 1.0, 2.0, 5.0), help="x_t ~ N(0, s²)"),
    Knob("seed", N_("seed"), help="weights and inputs"),
)
KNOB_BY_NAME = {knob.name: knob for knob in KNOBS}

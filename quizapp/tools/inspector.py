"""The step inspector: one LSTM or GRU step on the learner's own small numbers.

The learner types x_t, h_{t-1} (and c_{t-1} for the LSTM) as comma-separated numbers; the
weights come from a seed (``LSTMCell.random`` / ``GRUCell.random``, PyTorch's initialisation
U(-1/√H, 1/√H)) or are typed in the textbook layout, one row per gate unit:
``W_h row, W_x row, b`` with rows separated by ';'. Every number shown is read from the
engine's ``step()`` result (``engine.steps``).

The GRU is PyTorch's: update "keep", h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h~ (Cho et al., d2l,
PyTorch, Keras), and reset "after", h~ = tanh(W_in x + b_in + r ⊙ (W_hn h_{t-1} + b_hn)).

Bad input raises ``InspectorError`` whose message names the field and says what was expected,
for the screen to show as it is. NumPy and the engine are imported when a step is computed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from quizapp.i18n import N_, _

if TYPE_CHECKING:
    from engine.gru import GRUCell
    from engine.lstm import LSTMCell
    from engine.steps import GRUStep, LSTMStep

InspectorKind = Literal["lstm", "gru"]
MAX_INPUT = 3
MAX_HIDDEN = 3
LIMIT = 1e6
SEED_LIMIT = 2**32 - 1

# msgids where a line holds words (``Inspection.equations`` translates them)
LSTM_EQUATIONS = (
    N_("a = W_x x_t + W_h h_{t-1} + b per gate;  i, f, o = σ(a);  g = tanh(a)"),
    "c_t = f ⊙ c_{t-1} + i ⊙ g     h_t = o ⊙ tanh(c_t)",
)
GRU_EQUATIONS = (
    "r, z = σ(W_x x_t + W_h h_{t-1} + b)",
    N_("h~ = tanh(W_xn x_t + b_in + r ⊙ (W_hn h_{t-1} + b_hn))   (reset after)"),
    N_("h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h~   (PyTorch/Keras: z keeps the old state)"),
)


class InspectorError(ValueError):
    """A message for the learner: which field is wrong and what it should look like."""


@dataclass(frozen=True)
class GateView:
    """One row of the inspector: a gate (or state) per hidden unit, with the range of its bar."""

    symbol: str  # "i", "f", "g", "o", "r", "z", "h~", "c_t", "tanh(c_t)", "h_t"
    name: str  # N_("input gate"): a msgid, the screen shows ``_(name)``
    activation: str  # "σ", "tanh", "" (a state)
    low: float  # the bar's range: 0..1 for σ, -1..1 for tanh-valued
    high: float
    values: tuple[float, ...]
    pre: tuple[float, ...] | None = None  # the pre-activation, for gates


@dataclass(frozen=True)
class WeightRow:
    """One row of the stacked weights: gate ``symbol`` for hidden unit ``unit``."""

    symbol: str
    unit: int
    w_h: tuple[float, ...]
    w_x: tuple[float, ...]
    b_ih: float
    b_hh: float


@dataclass(frozen=True)
class Inspection:
    kind: InspectorKind
    x: tuple[float, ...]
    h_prev: tuple[float, ...]
    c_prev: tuple[float, ...] | None
    seed: int | None  # None: typed weights
    cell: Any  # engine LSTMCell | GRUCell
    step: Any  # engine LSTMStep | GRUStep
    gates: tuple[GateView, ...]
    states: tuple[GateView, ...]
    weights: tuple[WeightRow, ...]

    @property
    def input_size(self) -> int:
        return len(self.x)

    @property
    def hidden_size(self) -> int:
        return len(self.h_prev)

    @property
    def equations(self) -> tuple[str, ...]:
        """The step's equations in the interface's language (the formulas as written)."""
        lines = LSTM_EQUATIONS if self.kind == "lstm" else GRU_EQUATIONS
        return tuple(_(line) for line in lines)


def parse_numbers(
    text: str, name: str, *, minimum: int = 1, maximum: int = MAX_HIDDEN
) -> tuple[float, ...]:
    """'0.5, -1' -> (0.5, -1.0); anything else a friendly InspectorError naming ``name``."""
    stripped = text.strip().strip("[]()").strip()
    if not stripped:
        raise InspectorError(
            _("{name}: type numbers separated by commas, e.g. 0.5, -1").format(name=name)
        )
    values = []
    for token in stripped.split(","):
        try:
            value = float(token.strip())
        except ValueError:
            raise InspectorError(
                _("{name}: expected numbers separated by commas (got {text})").format(
                    name=name, text=repr(text.strip())
                )
            ) from None
        if not math.isfinite(value):
            raise InspectorError(
                _("{name}: {token} is not a finite number").format(name=name, token=token.strip())
            )
        if abs(value) > LIMIT:
            raise InspectorError(_("{name}: keep numbers between -1e6 and 1e6").format(name=name))
        values.append(value)
    if not minimum <= len(values) <= maximum:
        if minimum != maximum:
            span = _("{minimum} to {maximum}").format(minimum=minimum, maximum=maximum)
        else:
            span = str(minimum)
        raise InspectorError(
            _("{name}: expected {span} numbers; got {count}").format(
                name=name, span=span, count=len(values)
            )
        )
    return tuple(values)


def parse_seed(text: str) -> int:
    try:
        seed = int(text.strip())
    except ValueError:
        raise InspectorError(_("seed: a whole number, e.g. 0")) from None
    if not 0 <= seed <= SEED_LIMIT:
        raise InspectorError(
            _("seed: a whole number between 0 and {limit}").format(limit=SEED_LIMIT)
        )
    return seed


def parse_weights(text: str, kind: InspectorKind, input_size: int, hidden: int) -> tuple[Any, Any]:
    """Typed weights, textbook layout: G*H rows ';'-separated, each ``W_h row, W_x row, b``.

    Returns (W (G*H, H+I) acting on [h, x], b (G*H,)); rows in PyTorch's gate order
    (i f g o for the LSTM, r z n for the GRU), unit by unit within a gate.
    """
    import numpy as np

    gates = 4 if kind == "lstm" else 3
    order = "i f g o" if kind == "lstm" else "r z n"
    rows_text = [row for row in text.replace("\n", ";").split(";") if row.strip()]
    if len(rows_text) != gates * hidden:
        raise InspectorError(
            _(
                "weights: expected {rows} rows ({order} × {hidden} units) "
                "separated by ';'; got {count}"
            ).format(rows=gates * hidden, order=order, hidden=hidden, count=len(rows_text))
        )
    width = hidden + input_size + 1
    rows = []
    for k, row in enumerate(rows_text, start=1):
        try:
            name = _("weights row {number}").format(number=k)
            rows.append(parse_numbers(row, name, minimum=width, maximum=width))
        except InspectorError as exc:
            raise InspectorError(
                _("{problem} (each row: {hidden} for h, {inputs} for x, 1 bias)").format(
                    problem=exc, hidden=hidden, inputs=input_size
                )
            ) from None
    matrix = np.array(rows)
    return matrix[:, :-1], matrix[:, -1]


def seeded_cell(kind: InspectorKind, input_size: int, hidden: int, seed: int) -> LSTMCell | GRUCell:
    """The engine's random cell for this seed (PyTorch layout; the GRU resets after)."""
    import numpy as np

    from engine.gru import GRUCell
    from engine.lstm import LSTMCell

    rng = np.random.default_rng(seed)
    if kind == "lstm":
        return LSTMCell.random(input_size, hidden, rng)
    return GRUCell.random(input_size, hidden, rng, update="keep", reset="after")


def typed_cell(kind: InspectorKind, weight: Any, bias: Any) -> LSTMCell | GRUCell:
    """A cell from textbook weights W acting on [h, x] and one bias."""
    from engine.gru import GRUCell
    from engine.lstm import LSTMCell

    if kind == "lstm":
        return LSTMCell.from_textbook(weight, bias)
    hidden = weight.shape[0] // 3
    # the same PyTorch cell as the seeded one (reset after), with b_hh = 0
    return GRUCell(weight[:, hidden:], weight[:, :hidden], bias, None, update="keep", reset="after")


def _cell_kind(text: str) -> InspectorKind:
    if text == "lstm":
        return "lstm"
    if text == "gru":
        return "gru"
    raise InspectorError(_("cell: lstm or gru; got {text}").format(text=repr(text)))


def inspect_step(
    kind_text: str,
    x_text: str,
    h_text: str,
    c_text: str = "",
    seed_text: str = "0",
    weights_text: str = "",
) -> Inspection:
    """Parse the learner's fields, run one engine step, and lay out every gate and state."""
    from engine.lstm import LSTMCell

    kind = _cell_kind(kind_text)
    x = parse_numbers(x_text, "x_t", maximum=MAX_INPUT)
    h_prev = parse_numbers(h_text, "h_{t-1}", maximum=MAX_HIDDEN)
    hidden = len(h_prev)
    c_prev = None
    if kind == "lstm":
        c_prev = parse_numbers(c_text, "c_{t-1}", maximum=MAX_HIDDEN)
        if len(c_prev) != hidden:
            raise InspectorError(
                _(
                    "c_{{t-1}}: needs {hidden} numbers, one per hidden unit like h_{{t-1}}; "
                    "got {count}"
                ).format(hidden=hidden, count=len(c_prev))
            )
    seed: int | None
    if weights_text.strip():
        weight, bias = parse_weights(weights_text, kind, len(x), hidden)
        cell = typed_cell(kind, weight, bias)
        seed = None
    else:
        seed = parse_seed(seed_text)
        cell = seeded_cell(kind, len(x), hidden, seed)
    gates: tuple[GateView, ...]
    states: tuple[GateView, ...]
    step: LSTMStep | GRUStep
    if isinstance(cell, LSTMCell):
        step = cell.step(list(x), list(h_prev), list(c_prev or ()))
        gates = (
            _gate("i", N_("input gate"), "σ", step.i, step.a_i),
            _gate("f", N_("forget gate"), "σ", step.f, step.a_f),
            _gate("g", N_("candidate"), "tanh", step.g, step.a_g),
            _gate("o", N_("output gate"), "σ", step.o, step.a_o),
        )
        states = (
            _state("c_t", N_("cell state"), step.c),
            _state("tanh(c_t)", N_("squashed cell"), step.tanh_c),
            _state("h_t", N_("hidden state"), step.h),
        )
        symbols = "ifgo"
    else:
        step = cell.step(list(x), list(h_prev))
        gates = (
            _gate("r", N_("reset gate"), "σ", step.r, step.a_r),
            _gate("z", N_("update gate"), "σ", step.z, step.a_z),
            _gate("h~", N_("candidate"), "tanh", step.n, step.a_n),
        )
        states = (_state("h_t", N_("hidden state"), step.h),)
        symbols = "rzn"
    return Inspection(
        kind=kind,
        x=x,
        h_prev=h_prev,
        c_prev=c_prev,
        seed=seed,
        cell=cell,
        step=step,
        gates=gates,
        states=states,
        weights=_weight_rows(cell, symbols),
    )


def _floats(values: Any) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def _gate(symbol: str, name: str, activation: str, values: Any, pre: Any) -> GateView:
    low = 0.0 if activation == "σ" else -1.0
    return GateView(symbol, name, activation, low, 1.0, _floats(values), _floats(pre))


def _state(symbol: str, name: str, values: Any) -> GateView:
    """States drawn on [-1, 1]: h and tanh(c) live there; c_t may overshoot (its bar clamps)."""
    return GateView(symbol, name, "", -1.0, 1.0, _floats(values))


def _weight_rows(cell: Any, symbols: str) -> tuple[WeightRow, ...]:
    hidden = cell.hidden_size
    rows = []
    for g, symbol in enumerate(symbols):
        for unit in range(hidden):
            r = g * hidden + unit
            rows.append(
                WeightRow(
                    symbol="h~" if symbol == "n" else symbol,
                    unit=unit,
                    w_h=_floats(cell.weight_hh[r]),
                    w_x=_floats(cell.weight_ih[r]),
                    b_ih=float(cell.bias_ih[r]),
                    b_hh=float(cell.bias_hh[r]),
                )
            )
    return tuple(rows)

"""What the cell drills share: the hidden cases' sizes, seeded weights, layouts, slipped steps.

Cases are drawn in PyTorch's layout (batch-first rows, weight_ih (G·H, I), weight_hh (G·H, H),
two biases (G·H,)); a column-vector drill converts them to the textbook's layout (one column
per example, W (G·H, H + I) on [h_prev; x], one bias (G·H, 1)). The slipped steps redo a step
by hand with one deliberate mistake each; with no slip they equal the engine (the tests check).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from engine.activations import sigmoid
from quizapp.drills.common import float_arrays, one_decimal
from quizapp.drills.model import Array, Case, Outputs, Value
from quizapp.i18n import N_

RowsStep = Callable[[dict[str, Array]], dict[str, Array] | None]


@dataclass(frozen=True)
class Size:
    """One hidden case's shape: I inputs, H hidden units, B examples, and how it is drawn."""

    label: str
    inputs: int
    hidden: int
    batch: int
    hand: bool = False
    zero_state: bool = False
    scale: float = 1.0


STEP_SIZES = (
    Size(N_("hand-sized"), 2, 3, 1, hand=True),
    Size(N_("hand-sized, a batch of 2"), 3, 2, 2, hand=True),
    Size(N_("random sizes"), 5, 4, 3),
    Size(N_("random sizes, one input feature"), 1, 6, 2),
    Size(N_("a batch of 8"), 4, 3, 8),
    Size(N_("one hidden unit"), 3, 1, 4),
    Size(N_("zero states"), 3, 4, 2, zero_state=True),
    Size(N_("large pre-activations, |a| in the thousands"), 3, 3, 2, scale=30.0),
)


def draw_weights(rng: np.random.Generator, size: Size, gates: int) -> dict[str, Array]:
    """PyTorch's four parameters of a cell with ``gates`` stacked blocks."""
    rows, n_in, h = gates * size.hidden, size.inputs, size.hidden
    if size.hand:
        return {
            "W_ih": one_decimal(rng, (rows, n_in), 1.0),
            "W_hh": one_decimal(rng, (rows, h), 1.0),
            "b_ih": one_decimal(rng, rows, 0.5),
            "b_hh": one_decimal(rng, rows, 0.5),
        }
    s = 0.6 * size.scale
    weights = {
        "W_ih": rng.normal(0.0, s, (rows, n_in)),
        "W_hh": rng.normal(0.0, s, (rows, h)),
        "b_ih": rng.normal(0.0, 0.3 * size.scale, rows),
        "b_hh": rng.normal(0.0, 0.3 * size.scale, rows),
    }
    if size.scale > 1:  # every block gets pre-activations past ±709, where exp overflows
        weights["b_ih"] += np.where(np.arange(rows) % 2 == 0, -3000.0, 3000.0)
    return weights


def draw_inputs(rng: np.random.Generator, size: Size, steps: int | None = None) -> Array:
    """x (B, I), or xs (T, B, I) when ``steps`` is given."""
    shape = (size.batch, size.inputs) if steps is None else (steps, size.batch, size.inputs)
    if size.hand:
        return one_decimal(rng, shape, 1.0)
    return rng.normal(0.0, size.scale, shape)


def draw_state(rng: np.random.Generator, size: Size, spread: float = 1.0) -> Array:
    """h (B, H) in (−1, 1), or c with a wider ``spread``; zeros for a zero-state case."""
    shape = (size.batch, size.hidden)
    if size.zero_state:
        return np.zeros(shape)
    if size.hand:
        return one_decimal(rng, shape, 0.9 * spread)
    return rng.uniform(-0.95, 0.95, shape) * spread


def permute_blocks(array: Array, order: str, canonical: str) -> Array:
    """Blocks rearranged so the engine (which reads ``canonical``) computes what a learner
    computes who reads these ``canonical`` blocks as if they were stacked in ``order``: the
    engine's block for gate k is the block the learner takes for k."""
    blocks = np.split(array, len(canonical), axis=0)
    return np.concatenate([blocks[order.index(name)] for name in canonical], axis=0)


# -- layouts ----------------------------------------------------------------------------------
def torch_to_columns(args: Mapping[str, Value], names: tuple[str, ...]) -> dict[str, Value]:
    """Rows args (x, states..., W_ih, W_hh, b_ih, b_hh) as the textbook's columns:
    each state transposed, W = [W_hh | W_ih] on [h_prev; x], b = b_ih + b_hh as (G·H, 1)."""
    out: dict[str, Value] = {name: np.asarray(args[name]).T.copy() for name in names}
    w_ih, w_hh = np.asarray(args["W_ih"]), np.asarray(args["W_hh"])
    out["W"] = np.concatenate([w_hh, w_ih], axis=1)
    out["b"] = (np.asarray(args["b_ih"]) + np.asarray(args["b_hh"]))[:, None]
    return out


def columns_to_torch(args: Mapping[str, Value], names: tuple[str, ...]) -> dict[str, Array]:
    """The inverse: rows states and PyTorch's four parameters (b_hh = 0)."""
    hidden = np.asarray(args[names[1]]).shape[0]
    w = np.asarray(args["W"])
    b = np.asarray(args["b"])[:, 0]
    out = {name: np.asarray(args[name]).T for name in names}
    out.update(W_ih=w[:, hidden:], W_hh=w[:, :hidden], b_ih=b, b_hh=np.zeros_like(b))
    return out


@dataclass(frozen=True)
class Layout:
    """How a drill lays out one step's arrays, and the way to and from PyTorch's rows.

    ``states``: the per-example arguments (x, h_prev, ...) in signature order. Rows keep
    PyTorch's names; columns are the textbook's: one column per example, W on [h_prev; x]
    (or W_xh, W_hh for the vanilla RNN) and one bias column.
    """

    name: str
    states: tuple[str, ...]
    to_layout: Callable[[Mapping[str, Value], tuple[str, ...]], dict[str, Value]]
    to_rows: Callable[[Mapping[str, Value], tuple[str, ...]], dict[str, Array]]
    transpose_outputs: bool

    def case(self, label: str, rows_args: Mapping[str, Value]) -> Case:
        return Case(label, self.to_layout(rows_args, self.states))

    def rows(self, case: Case) -> dict[str, Array]:
        return self.to_rows(case.args, self.states)

    def outputs(self, rows_outputs: dict[str, Array]) -> Outputs:
        if not self.transpose_outputs:
            return dict(rows_outputs)
        return {name: value.T.copy() for name, value in rows_outputs.items()}

    def lift(self, step: RowsStep) -> Callable[[Case], Outputs | None]:
        """A wrong method written on rows, as a function of this layout's case."""

        def compute(case: Case) -> Outputs | None:
            result = step(self.rows(case))
            return None if result is None else self.outputs(result)

        return compute


def _same(args: Mapping[str, Value], names: tuple[str, ...]) -> dict[str, Value]:
    del names
    return dict(args)


def _as_rows(args: Mapping[str, Value], names: tuple[str, ...]) -> dict[str, Array]:
    del names
    return float_arrays(args)


ROWS = Layout("rows", (), _same, _as_rows, transpose_outputs=False)


def columns(states: tuple[str, ...]) -> Layout:
    """The textbook's column layout with W on the concatenation [h_prev; x]."""
    return Layout("columns", states, torch_to_columns, columns_to_torch, transpose_outputs=True)


# -- slipped steps (rows) ------------------------------------------------------------------------
def lstm_by_hand(
    p: dict[str, Array],
    *,
    swap_activations: bool = False,
    forget_gate: bool = True,
    old_cell_in_h: bool = False,
    tanh_c: bool = True,
) -> dict[str, Array]:
    """One LSTM step on rows args (x, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh): h and c."""
    H = p["h_prev"].shape[1]
    a = p["x"] @ p["W_ih"].T + p["b_ih"] + p["h_prev"] @ p["W_hh"].T + p["b_hh"]
    gate, squash = (np.tanh, sigmoid) if swap_activations else (sigmoid, np.tanh)
    i, f, o = gate(a[:, :H]), gate(a[:, H : 2 * H]), gate(a[:, 3 * H :])
    g = squash(a[:, 2 * H : 3 * H])
    c_prev = p["c_prev"]
    c = (f * c_prev if forget_gate else c_prev) + i * g
    cell = c_prev if old_cell_in_h else c
    h = o * (np.tanh(cell) if tanh_c else cell)
    return {"h": h, "c": c}


def gru_by_hand(
    p: dict[str, Array], update: str, reset: str, *, swap_activations: bool = False
) -> Array:
    """One GRU step on rows args (x, h_prev, W_ih, W_hh, b_ih, b_hh) under a convention."""
    H = p["h_prev"].shape[1]
    h_prev = p["h_prev"]
    gi = p["x"] @ p["W_ih"].T + p["b_ih"]
    gh = h_prev @ p["W_hh"].T + p["b_hh"]
    gate, squash = (np.tanh, sigmoid) if swap_activations else (sigmoid, np.tanh)
    r = gate(gi[:, :H] + gh[:, :H])
    z = gate(gi[:, H : 2 * H] + gh[:, H : 2 * H])
    if reset == "after":
        hn = gh[:, 2 * H :]
        n = squash(gi[:, 2 * H :] + r * hn)
    else:
        n = squash(gi[:, 2 * H :] + (r * h_prev) @ p["W_hh"][2 * H :].T + p["b_hh"][2 * H :])
    result: Array = z * h_prev + (1 - z) * n if update == "keep" else (1 - z) * h_prev + z * n
    return result

"""Gradients of every cell and convention against central finite differences (no torch)."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from tests.engine.helpers import numeric_grad

Cell = engine.LSTMCell | engine.GRUCell | engine.RNNCell

CONVENTIONS = [
    ("lstm", {}),
    ("lstm_peep", {}),
    ("gru", {"update": "keep", "reset": "after"}),
    ("gru", {"update": "keep", "reset": "before"}),
    ("gru", {"update": "take", "reset": "after"}),
    ("gru", {"update": "take", "reset": "before"}),
    ("rnn", {"nonlinearity": "tanh"}),
    ("rnn", {"nonlinearity": "relu"}),
]


def _cell(
    kind: str, conventions: dict[str, str], rng: np.random.Generator, n_in: int, hidden: int
) -> Cell:
    if kind.startswith("lstm"):
        cell = engine.LSTMCell.random(n_in, hidden, rng, scale=0.9)
        if kind == "lstm_peep":
            cell = engine.LSTMCell(
                cell.weight_ih,
                cell.weight_hh,
                cell.bias_ih,
                cell.bias_hh,
                peepholes={k: rng.normal(size=hidden) for k in "ifo"},
            )
        return cell
    if kind == "gru":
        return engine.GRUCell.random(n_in, hidden, rng, scale=0.9, **conventions)
    return engine.RNNCell.random(n_in, hidden, rng, scale=0.9, **conventions)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("kind", "conventions"), CONVENTIONS)
def test_backward_matches_finite_differences(
    kind: str, conventions: dict[str, str], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    n_in, hidden, steps = 3, 2, 4
    cell = _cell(kind, conventions, rng, n_in, hidden)
    xs = rng.normal(size=(steps, n_in))
    h0 = rng.normal(size=hidden)
    c0 = rng.normal(size=hidden)
    upstream = rng.normal(size=hidden)
    per_step = rng.normal(size=(steps, hidden))

    def loss() -> float:
        if isinstance(cell, engine.LSTMCell):
            hs = np.array([s.h for s in cell.forward(xs, h0, c0)])
        else:
            hs = np.array([s.h for s in cell.forward(xs, h0)])
        return float(np.sum(upstream * hs[-1]) + np.sum(per_step * hs))

    if isinstance(cell, engine.LSTMCell):
        grads = cell.backward(xs, h0, c0, upstream, grad_hs=per_step)
    else:
        grads = cell.backward(xs, h0, upstream, grad_hs=per_step)
    targets = {
        "weight_ih": cell.weight_ih,
        "weight_hh": cell.weight_hh,
        "bias_ih": cell.bias_ih,
        "bias_hh": cell.bias_hh,
        "xs": xs,
        "h0": h0,
    }
    if isinstance(cell, engine.LSTMCell):
        targets["c0"] = c0
        if cell.peepholes is not None:
            targets.update({f"peephole_{k}": cell.peepholes[k] for k in "ifo"})
    for name, array in targets.items():
        np.testing.assert_allclose(grads[name], numeric_grad(loss, array), atol=1e-6, err_msg=name)

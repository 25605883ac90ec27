"""Jacobians of the hidden state across steps: where vanishing and exploding come from.

Column-vector convention: J_t = dh_t/dh_{t-1} has rows indexed by h_t, so for a tanh RNN
J_t = diag(1 - h_t^2) W_hh. d2l writes row vectors and gets the transpose. Over T steps the
chain rule multiplies them: dh_T/dh_0 = J_T ... J_1, whose spectral norm (largest singular
value) shrinks or grows roughly geometrically. For the LSTM the cell state has a direct path
dc_t/dc_{t-1} = diag(f_t) (plus indirect terms through h), which forget gates near 1 keep open.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from engine.gru import GRUCell
from engine.lstm import LSTMCell
from engine.rnn import RNNCell
from engine.validation import Array, as_float64, as_sequence

Cell = RNNCell | LSTMCell | GRUCell


def step_jacobians(
    cell: Cell, xs: ArrayLike, h0: ArrayLike | None = None, c0: ArrayLike | None = None
) -> list[Array]:
    """J_t = dh_t/dh_{t-1} for t = 1..T of one sequence (single example), each (H, H).

    For the LSTM this is the total derivative of h_t with respect to h_{t-1} holding c_{t-1}
    fixed; ``lstm_state_jacobians`` gives the full (h, c) blocks.
    """
    if isinstance(cell, LSTMCell):
        return [blocks[0][0] for blocks in lstm_state_jacobians(cell, xs, h0, c0)]
    X, _ = as_sequence(xs, cell.input_size, "xs", allow_nonfinite=cell.allow_nonfinite)
    if X.shape[1] != 1:
        raise ValueError(f"Jacobians take one sequence (T, {cell.input_size}); got {X.shape}")
    H = cell.hidden_size
    steps = cell.forward(X[:, 0], h0)
    h_prev = (
        np.zeros(H) if h0 is None else as_float64(h0, "h0", allow_nonfinite=cell.allow_nonfinite)
    )
    jacobians = []
    for t, step in enumerate(steps):
        # Row k of J_t is the gradient of h_t[k]: one backward step per unit, batched.
        jacobians.append(_one_step_jacobian(cell, X[t, 0], h_prev))
        h_prev = step.h
    return jacobians


def _one_step_jacobian(cell: RNNCell | GRUCell, x: Array, h_prev: Array) -> Array:
    H = cell.hidden_size
    x_batch = np.repeat(x[None, None, :], H, axis=1)  # (1, H, I): one copy per output unit
    h_batch = np.repeat(h_prev[None, :], H, axis=0)
    grads = cell.backward(x_batch, h_batch, np.eye(H))
    return grads["h0"]  # row k: d h_t[k] / d h_prev


def lstm_state_jacobians(
    cell: LSTMCell, xs: ArrayLike, h0: ArrayLike | None = None, c0: ArrayLike | None = None
) -> list[tuple[tuple[Array, Array], tuple[Array, Array]]]:
    """For each step, ((dh_t/dh_{t-1}, dh_t/dc_{t-1}), (dc_t/dh_{t-1}, dc_t/dc_{t-1}))."""
    X, _ = as_sequence(xs, cell.input_size, "xs", allow_nonfinite=cell.allow_nonfinite)
    if X.shape[1] != 1:
        raise ValueError(f"Jacobians take one sequence (T, {cell.input_size}); got {X.shape}")
    H = cell.hidden_size
    h_prev = np.zeros(H) if h0 is None else as_float64(h0, "h0")
    c_prev = np.zeros(H) if c0 is None else as_float64(c0, "c0")
    eye = np.eye(H)
    out = []
    for t in range(X.shape[0]):
        x_batch = np.repeat(X[t : t + 1], H, axis=1)
        hb, cb = np.repeat(h_prev[None], H, 0), np.repeat(c_prev[None], H, 0)
        from_h = cell.backward(x_batch, hb, cb, eye)  # rows: d h_t[k] / d(h, c)_prev
        from_c = cell.backward(x_batch, hb, cb, None, grad_c_T=eye)
        out.append(((from_h["h0"], from_h["c0"]), (from_c["h0"], from_c["c0"])))
        step = cell.step(X[t, 0], h_prev, c_prev)
        h_prev, c_prev = step.h, step.c
    return out


def jacobian_product(jacobians: Sequence[ArrayLike]) -> Array:
    """dh_T/dh_0 = J_T J_{T-1} ... J_1 (column convention: later steps on the left)."""
    if not jacobians:
        raise ValueError("need at least one Jacobian")
    product = as_float64(jacobians[0], "J_1", allow_nonfinite=True)
    for k, jac in enumerate(jacobians[1:], start=2):
        product = as_float64(jac, f"J_{k}", allow_nonfinite=True) @ product
    return product


def gradient_norms(
    cell: Cell, xs: ArrayLike, h0: ArrayLike | None = None, c0: ArrayLike | None = None
) -> Array:
    """||dh_T/dh_k||_2 (spectral norm) for k = 0..T-1: how much of step k reaches the end.

    For the LSTM the state is (h, c), so the chain multiplies the full 2H x 2H state
    Jacobians and reads the h_T / h_k block (c_k held fixed); ``cell_path_norms`` reads the
    c_T / c_k block.
    """
    return _chain_norms(cell, xs, h0, c0, block="h")


def cell_path_norms(
    cell: LSTMCell, xs: ArrayLike, h0: ArrayLike | None = None, c0: ArrayLike | None = None
) -> Array:
    """||dc_T/dc_k||_2 for k = 0..T-1 of an LSTM, all paths included (direct and through h)."""
    if not isinstance(cell, LSTMCell):
        raise ValueError("only the LSTM has a cell state")
    return _chain_norms(cell, xs, h0, c0, block="c")


def _chain_norms(
    cell: Cell, xs: ArrayLike, h0: ArrayLike | None, c0: ArrayLike | None, block: str
) -> Array:
    if isinstance(cell, LSTMCell):
        jacobians = [
            np.block([[a, b], [c, d]]) for (a, b), (c, d) in lstm_state_jacobians(cell, xs, h0, c0)
        ]
    else:
        jacobians = step_jacobians(cell, xs, h0)
    T = len(jacobians)
    size = jacobians[0].shape[0]
    H = cell.hidden_size
    rows = slice(0, H) if block == "h" else slice(H, 2 * H)
    norms = np.empty(T)
    product = np.eye(size)
    for k in range(T - 1, -1, -1):
        product = product @ jacobians[k]  # d state_T / d state_k = J_T ... J_{k+1}
        norms[k] = np.linalg.norm(product[rows, rows] if size > H else product, 2)
    return norms


def rnn_jacobian(
    h_t: ArrayLike, weight_hh: ArrayLike, nonlinearity: str = "tanh", a_t: ArrayLike | None = None
) -> Array:
    """dh_t/dh_{t-1} = diag(phi'(a_t)) W_hh; for tanh phi' = 1 - h_t^2 (column convention)."""
    h = as_float64(h_t, "h_t")
    w = as_float64(weight_hh, "weight_hh")
    if nonlinearity == "tanh":
        slope = 1.0 - h * h
    elif nonlinearity == "relu":
        slope = (as_float64(a_t if a_t is not None else h, "a_t") > 0).astype(np.float64)
    else:
        raise ValueError(f"nonlinearity must be 'tanh' or 'relu'; got {nonlinearity!r}")
    return slope[:, None] * w


def cell_state_path(forget_gates: ArrayLike) -> Array:
    """The direct LSTM cell path dC_T/dC_0 = prod_t diag(f_t): returned as its diagonal.

    ``forget_gates`` is (T, H) (or (T,) for one unit). Indirect terms through h are ignored,
    which is the point: this path alone is the additive "conveyor belt".
    """
    f = as_float64(forget_gates, "forget_gates")
    if f.ndim == 1:
        f = f[:, None]
    if np.any((f < 0) | (f > 1)):
        raise ValueError("forget gate values must lie in [0, 1]")
    return np.prod(f, axis=0)

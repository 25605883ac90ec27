"""Two whiteboard derivations made numeric, term by term, from the engine's own BPTT.

1. dL/dW_hh of an RNN as a double sum (Pascanu, Mikolov & Bengio 2013, sec. 2, eqs. 3-5):

       L = sum_t L_t,   dL/dW_hh = sum_t sum_{k<=t} (dL_t/dh_t) (dh_t/dh_k) (d+h_k/dW_hh),

   with dh_t/dh_k = J_t ... J_(k+1) (identity when k = t) and the "immediate" derivative
   d+h_k/dW_hh[i][j] = phi'(a_k[i]) * h_(k-1)[j], h_(k-1) held fixed. ``rnn_weight_gradient_terms``
   returns every (t, k) term; their sum is ``RNNCell.backward``'s weight_hh gradient.

2. The LSTM's full dc_t/dc_(t-1) (no peepholes). c_(t-1) reaches c_t directly, through
   f_t * c_(t-1), and indirectly, through h_(t-1) = o_(t-1) * tanh(c_(t-1)), which feeds the
   forget gate, the input gate and the candidate of step t:

       dc_t/dc_(t-1) = diag(f_t) + (dc_t/dh_(t-1)) diag(o_(t-1) * (1 - tanh(c_(t-1))^2)),
       dc_t/dh_(t-1) = diag(c_(t-1) f(1-f)) W_hf + diag(g i(1-i)) W_hi + diag(i (1-g^2)) W_hg.

   ``lstm_cell_jacobian`` takes dc_t/dh_(t-1) and the direct block from the engine's
   ``lstm_state_jacobians`` (its backward pass) and splits the indirect part by gate. o_(t-1)
   depends on h_(t-2) and x_(t-1), not on c_(t-1), so it is held fixed; this is the Jacobian
   through which BPTT carries dL/dc_t back to dL/dc_(t-1). The shortcut diag(f_t) drops the
   indirect part; the original LSTM's truncated gradient (Hochreiter & Schmidhuber 1997) did so.

Column-vector convention throughout: J[i][j] = d out[i] / d in[j].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from engine.jacobians import _lstm_run_and_blocks, jacobian_product, step_jacobians
from engine.lstm import LSTMCell
from engine.rnn import RNNCell
from engine.validation import Array, as_float64


def rnn_weight_gradient_terms(
    cell: RNNCell, xs: ArrayLike, h0: ArrayLike | None, grad_hs: ArrayLike
) -> Array:
    """Terms (T, T, H, H) of dL/dW_hh for L = sum_t grad_hs[t] . h_t; [t-1, k-1] is zero for k > t.

    ``xs`` is one sequence (T, I); ``grad_hs`` (T, H) holds dL_t/dh_t, the loss's direct
    gradient at each step (a linear loss, so it does not depend on the weights).
    """
    X = as_float64(xs, "xs")
    if X.ndim != 2:
        raise ValueError(f"xs must be one sequence (T, {cell.input_size}); got {X.shape}")
    T, H = X.shape[0], cell.hidden_size
    G = as_float64(grad_hs, "grad_hs")
    if G.shape != (T, H):
        raise ValueError(f"grad_hs must have shape {(T, H)}; got {G.shape}")
    h_start = np.zeros(H) if h0 is None else as_float64(h0, "h0")
    states = cell.forward(X, h_start)
    jacobians = step_jacobians(cell, X, h_start)
    previous = [h_start] + [s.h for s in states[:-1]]
    terms = np.zeros((T, T, H, H))
    for k in range(T):
        slope = _slope(cell, states[k].a, states[k].h)
        immediate = slope[:, None] * previous[k][None, :]  # d+h_k[i]/dW[i][j]
        for t in range(k, T):
            reach = jacobian_product(jacobians[k + 1 : t + 1]) if t > k else np.eye(H)
            back = reach.T @ G[t]  # dL_t/dh_k
            terms[t, k] = back[:, None] * immediate
    return terms


def _slope(cell: RNNCell, a: Array, h: Array) -> Array:
    if cell.nonlinearity == "tanh":
        return 1.0 - h * h
    return (a > 0).astype(np.float64)


@dataclass(frozen=True)
class CellJacobian:
    """dc_t/dc_(t-1) of an LSTM step and its parts, each (H, H), column convention."""

    direct: Array  # diag(f_t): the shortcut
    via_forget: Array  # diag(c_prev f(1-f)) W_hf diag(dh/dc)
    via_input: Array  # diag(g i(1-i)) W_hi diag(dh/dc)
    via_candidate: Array  # diag(i (1-g^2)) W_hg diag(dh/dc)
    dh_prev_dc_prev: Array  # (H,): o_(t-1) * (1 - tanh(c_(t-1))^2), the diagonal of dh/dc
    total: Array  # direct + indirect, from the engine's backward pass

    @property
    def indirect(self) -> Array:
        return self.total - self.direct


def lstm_cell_jacobian(
    cell: LSTMCell, x: ArrayLike, c_prev: ArrayLike, o_prev: ArrayLike
) -> CellJacobian:
    """The full dc_t/dc_(t-1) at one step, with h_(t-1) = o_prev * tanh(c_prev)."""
    if cell.peepholes is not None:
        raise ValueError("lstm_cell_jacobian is for the LSTM without peepholes")
    H = cell.hidden_size
    c0 = as_float64(c_prev, "c_prev").reshape(H)
    o0 = as_float64(o_prev, "o_prev").reshape(H)
    if np.any((o0 < 0) | (o0 > 1)):
        raise ValueError("o_prev is an output gate: its values lie in [0, 1]")
    x_t = as_float64(x, "x").reshape(cell.input_size)
    tanh_c = np.tanh(c0)
    h0 = o0 * tanh_c
    dh_dc = o0 * (1.0 - tanh_c**2)
    run, (_, _, dc_dh_steps, dc_dc_steps) = _lstm_run_and_blocks(cell, x_t[None], h0, c0)
    dc_dh, dc_dc = dc_dh_steps[0], dc_dc_steps[0]  # the step's gates from the same pass
    i, f, g = run["i"][0, 0], run["f"][0, 0], run["g"][0, 0]
    W = cell.weight_hh
    w_i, w_f, w_g = W[:H], W[H : 2 * H], W[2 * H : 3 * H]
    return CellJacobian(
        direct=dc_dc,
        via_forget=(c0 * f * (1 - f))[:, None] * w_f * dh_dc[None, :],
        via_input=(g * i * (1 - i))[:, None] * w_i * dh_dc[None, :],
        via_candidate=(i * (1 - g * g))[:, None] * w_g * dh_dc[None, :],
        dh_prev_dc_prev=dh_dc,
        total=dc_dc + dc_dh * dh_dc[None, :],
    )

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

from engine.base import previous
from engine.gru import GRUCell
from engine.lstm import LSTMCell
from engine.rnn import RNNCell
from engine.validation import Array, as_float64

Cell = RNNCell | LSTMCell | GRUCell


def step_jacobians(
    cell: Cell, xs: ArrayLike, h0: ArrayLike | None = None, c0: ArrayLike | None = None
) -> list[Array]:
    """J_t = dh_t/dh_{t-1} for t = 1..T of one sequence (single example), each (H, H).

    Closed forms from one forward pass, all steps at once (rows index h_t):

        RNN:  J_t = diag(phi'(a_t)) W_hh
        GRU:  J_t = diag(z) + diag(h_prev - n) Z' + diag(1 - z) N'        (update "keep";
              "take" swaps z and 1 - z), with Z' = diag(z(1 - z)) W_hz, R' = diag(r(1 - r)) W_hr,
              N' = diag(1 - n²) (diag(r) W_hn + diag(hn) R')                 (reset "after")
              N' = diag(1 - n²) W_hn (diag(r) + diag(h_prev) R')             (reset "before")

    For the LSTM this is the total derivative of h_t with respect to h_{t-1} holding c_{t-1}
    fixed; ``lstm_state_jacobians`` gives the full (h, c) blocks.

    >>> import numpy as np
    >>> from engine import RNNCell
    >>> cell = RNNCell([[1.0]], [[0.5]])                 # h_1 = tanh(1 + 0.5 · 0)
    >>> [round(float(j[0, 0]), 6) for j in step_jacobians(cell, [[1.0]])]  # 0.5 (1 - h_1²)
    [0.209987]
    """
    if isinstance(cell, LSTMCell):
        return [blocks[0][0] for blocks in lstm_state_jacobians(cell, xs, h0, c0)]
    X = _one_sequence(cell, xs)
    h_start = cell._state(h0, 1)
    run = cell._run(X, h_start)
    if isinstance(cell, RNNCell):
        return list(cell.slopes(run)[:, 0, :, None] * cell.weight_hh)
    return list(_gru_jacobians(cell, run, h_start))


def _one_sequence(cell: Cell, xs: ArrayLike) -> Array:
    X, _ = cell._sequence(xs)
    if X.shape[1] != 1:
        raise ValueError(f"Jacobians take one sequence (T, {cell.input_size}); got {X.shape}")
    return X


def _gru_jacobians(cell: GRUCell, run: dict[str, Array], h_start: Array) -> Array:
    """dh_t/dh_{t-1} of every step as one (T, H, H) array (see ``step_jacobians``)."""
    H = cell.hidden_size
    r, z, hn, n = (run[k][:, 0] for k in ("r", "z", "hn", "n"))  # (T, H)
    h_prev = previous(run["h"], h_start)[:, 0]
    w_r, w_z, w_n = (cell.weight_hh[k * H : (k + 1) * H] for k in range(3))
    diagonal = np.arange(H)
    d_r = (r * (1.0 - r))[:, :, None] * w_r
    d_z = (z * (1.0 - z))[:, :, None] * w_z
    if cell.reset == "after":
        d_an = r[:, :, None] * w_n + hn[:, :, None] * d_r
    else:
        d_rh = h_prev[:, :, None] * d_r  # d(r ⊙ h_prev)/dh_prev = diag(r) + diag(h_prev) R'
        d_rh[:, diagonal, diagonal] += r
        d_an = w_n @ d_rh
    d_n = (1.0 - n * n)[:, :, None] * d_an
    if cell.update == "keep":
        jac = (h_prev - n)[:, :, None] * d_z + (1.0 - z)[:, :, None] * d_n
        jac[:, diagonal, diagonal] += z
    else:
        jac = (n - h_prev)[:, :, None] * d_z + z[:, :, None] * d_n
        jac[:, diagonal, diagonal] += 1.0 - z
    return jac


def lstm_state_jacobians(
    cell: LSTMCell, xs: ArrayLike, h0: ArrayLike | None = None, c0: ArrayLike | None = None
) -> list[tuple[tuple[Array, Array], tuple[Array, Array]]]:
    """For each step, ((dh_t/dh_{t-1}, dh_t/dc_{t-1}), (dc_t/dh_{t-1}, dc_t/dc_{t-1})).

    Closed forms from one forward pass (rows index the step's output; p_* are the peepholes,
    zero without them; σ' = s(1 - s) for a gate s):

        dc/dh_prev = diag(c_prev f') W_hf + diag(g i') W_hi + diag(i (1 - g²)) W_hg
        dc/dc_prev = diag(f + c_prev f' p_f + g i' p_i)
        dh/dh_prev = diag(tanh(c) o') W_ho + diag(k) dc/dh_prev
        dh/dc_prev = diag(k) dc/dc_prev,      k = tanh(c) o' p_o + o (1 - tanh²(c))
    """
    blocks = _lstm_blocks(cell, xs, h0, c0)
    return [((hh, hc), (ch, cc)) for hh, hc, ch, cc in zip(*blocks, strict=True)]


def _lstm_blocks(
    cell: LSTMCell, xs: ArrayLike, h0: ArrayLike | None, c0: ArrayLike | None
) -> tuple[Array, Array, Array, Array]:
    """dh/dh_prev, dh/dc_prev, dc/dh_prev, dc/dc_prev of every step, each (T, H, H)."""
    return _lstm_run_and_blocks(cell, xs, h0, c0)[1]


def _lstm_run_and_blocks(
    cell: LSTMCell, xs: ArrayLike, h0: ArrayLike | None, c0: ArrayLike | None
) -> tuple[dict[str, Array], tuple[Array, Array, Array, Array]]:
    """The forward pass (``LSTMCell._run``: every step field, (T, 1, H)) and the blocks of
    ``_lstm_blocks`` computed from it, for a caller that needs both from one pass."""
    X = _one_sequence(cell, xs)
    H = cell.hidden_size
    h_start, c_start = cell._state(h0, 1, "h"), cell._state(c0, 1, "c")
    run = cell._run(X, h_start, c_start)
    i, f, g, o, tc = (run[k][:, 0] for k in ("i", "f", "g", "o", "tanh_c"))
    c_prev = previous(run["c"], c_start)[:, 0]
    zeros = np.zeros(H)
    peep = cell.peepholes or {"i": zeros, "f": zeros, "o": zeros}
    w_i, w_f, w_g, w_o = (cell.weight_hh[k * H : (k + 1) * H] for k in range(4))
    di, df, do = i * (1.0 - i), f * (1.0 - f), o * (1.0 - o)
    dc_dh = (
        (c_prev * df)[:, :, None] * w_f
        + (g * di)[:, :, None] * w_i
        + (i * (1.0 - g * g))[:, :, None] * w_g
    )
    dc_dc = f + c_prev * df * peep["f"] + g * di * peep["i"]  # the diagonal, (T, H)
    k = tc * do * peep["o"] + o * (1.0 - tc * tc)
    dh_dh = (tc * do)[:, :, None] * w_o + k[:, :, None] * dc_dh
    T = X.shape[0]
    diagonal = np.arange(H)
    dh_dc, dc_dc_full = np.zeros((T, H, H)), np.zeros((T, H, H))
    dh_dc[:, diagonal, diagonal] = k * dc_dc
    dc_dc_full[:, diagonal, diagonal] = dc_dc
    return run, (dh_dh, dh_dc, dc_dh, dc_dc_full)


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
        hh, hc, ch, cc = _lstm_blocks(cell, xs, h0, c0)
        jacobians = np.block([[hh, hc], [ch, cc]])  # (T, 2H, 2H): the state is (h, c)
    else:
        jacobians = np.asarray(step_jacobians(cell, xs, h0))
    T, size, _ = jacobians.shape
    H = cell.hidden_size
    products = np.empty_like(jacobians)
    product = np.eye(size)
    for k in range(T - 1, -1, -1):
        product = product @ jacobians[k]  # d state_T / d state_k = J_T ... J_{k+1}
        products[k] = product
    if size > H:
        rows = slice(0, H) if block == "h" else slice(H, 2 * H)
        products = products[:, rows, rows]
    norms: Array = np.linalg.norm(products, 2, axis=(1, 2))  # spectral norms, one batched SVD
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
    path: Array = np.prod(f, axis=0)
    return path

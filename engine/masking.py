"""Padded batches: the state after each sequence's own last step, as packing gives it.

A right-padded batch holds sequences of lengths L_b <= T. ``pack_padded_sequence`` makes
PyTorch's recurrent layers stop each sequence at its own length, so h_n[b] = h_{L_b}[b]; the
unpacked outputs past L_b are zeros. A cell only looks back, so running over the padding and
reading step L_b gives the same numbers: the padded steps' states are computed and not used.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from engine.gru import GRUCell
from engine.lstm import LSTMCell
from engine.rnn import RNNCell
from engine.validation import Array, as_float64


def as_lengths(lengths: ArrayLike, batch: int, steps: int) -> np.ndarray:
    """Integer lengths (B,), each in 1..T: a zero-length sequence has no last state."""
    array = np.asarray(lengths)
    if array.shape != (batch,) or array.dtype.kind not in "iu":
        raise ValueError(f"lengths must be {batch} integers; got {array!r}")
    if array.min() < 1 or array.max() > steps:
        raise ValueError(f"lengths must lie in 1..{steps}; got {array.tolist()}")
    return array.astype(np.int64)


def last_valid(outputs: ArrayLike, lengths: ArrayLike, batch_first: bool = False) -> Array:
    """outputs[L_b - 1, b] for each b: (T, B, H) outputs, or (B, T, H) with batch_first."""
    out = as_float64(outputs, "outputs", allow_nonfinite=True)
    if out.ndim != 3:
        raise ValueError(f"outputs must be 3-D; got shape {out.shape}")
    if batch_first:
        out = out.transpose(1, 0, 2)
    steps, batch, _ = out.shape
    index = as_lengths(lengths, batch, steps) - 1
    picked: Array = out[index, np.arange(batch)]
    return picked


def packed_final_state(
    cell: RNNCell | GRUCell | LSTMCell,
    xs: ArrayLike,
    lengths: ArrayLike,
    h0: ArrayLike | None = None,
    c0: ArrayLike | None = None,
    batch_first: bool = False,
) -> Array | tuple[Array, Array]:
    """h_n of a packed padded batch (and c_n for an LSTM), each (B, H).

    ``xs`` is (T, B, I), or (B, T, I) with ``batch_first``; padding values do not matter.
    """
    X = as_float64(xs, "xs")
    if X.ndim != 3:
        raise ValueError(f"xs must be 3-D; got shape {X.shape}")
    if batch_first:
        X = X.transpose(1, 0, 2)
    if isinstance(cell, LSTMCell):
        steps = cell.forward(X, h0, c0)
        hs = np.stack([s.h for s in steps])
        cs = np.stack([s.c for s in steps])
        return last_valid(hs, lengths), last_valid(cs, lengths)
    states = cell.forward(X, h0)
    return last_valid(np.stack([s.h for s in states]), lengths)

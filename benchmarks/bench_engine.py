"""Engine row: LSTM forward + backward, T=50, input 16, hidden 32, float64, vs torch.nn.LSTM."""

from __future__ import annotations

import numpy as np

import engine
from benchmarks.common import Row, best_of_interleaved

T, INPUT, HIDDEN = 50, 16, 32


def rows() -> list[Row]:
    rng = np.random.default_rng(0)
    cell = engine.LSTMCell.random(INPUT, HIDDEN, rng)
    xs = rng.normal(size=(T, INPUT))
    h0, c0 = np.zeros(HIDDEN), np.zeros(HIDDEN)
    upstream = rng.normal(size=HIDDEN)

    def ours() -> None:
        cell.backward(xs, h0, c0, upstream)  # runs the forward pass, then BPTT

    name = "engine: LSTM fwd+bwd T=50 x16 h32 (vs torch.nn.LSTM)"
    try:
        import torch
    except ImportError:
        return [Row(name, None, None, "torch.nn.LSTM", notes="torch not installed: no baseline")]
    torch.set_num_threads(1)
    module = torch.nn.LSTM(INPUT, HIDDEN).double()
    X = torch.tensor(xs[:, None, :])
    grad = torch.tensor(upstream[None, None, :])

    def theirs() -> None:
        module.zero_grad(set_to_none=True)
        _, (h_n, _) = module(X)
        h_n.backward(grad)

    subject, baseline = best_of_interleaved(ours, theirs, repeats=15, number=5)
    return [Row(name, subject, baseline, "torch.nn.LSTM fwd+bwd, 1 thread", target=0.5)]

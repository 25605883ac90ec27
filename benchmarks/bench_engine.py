"""Engine rows: forward + backward of RNN, LSTM and GRU at four sizes, each against torch.

One row per (cell, T, input, hidden): the engine's ``backward`` (which runs the forward pass,
then exact BPTT, and returns every parameter gradient plus dxs and dh0) against the same
``torch.nn`` module in float64 running forward and ``h_n.backward``. Both sides run on one
thread: torch by ``set_num_threads(1)``, NumPy's OpenBLAS by measuring in a child process
started with ``OPENBLAS_NUM_THREADS=1`` (the variable is read when NumPy loads; on a busy
shared machine a threaded BLAS is also two to three times slower than a single thread). The
verdict is the median of per-round ratios over interleaved rounds (min-max beside it);
target <= 0.5.

``python -m benchmarks.bench_engine`` prints the rows as JSON (the child's side).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

import engine
from benchmarks.common import Row, median_of_interleaved

SIZES = ((50, 16, 32), (50, 64, 128), (200, 64, 256), (1000, 32, 64))  # (T, input, hidden)
CELLS = ("rnn", "lstm", "gru")
TARGET = 0.5
ROUNDS = 11
ROUND_SECONDS = 0.04  # each side's round repeats its call until about this long


SINGLE_THREAD = {
    name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
}


def rows() -> list[Row]:
    if importlib.util.find_spec("torch") is None:
        return [
            Row(_name(c, *s), None, None, "torch.nn", notes="torch not installed: no baseline")
            for c in CELLS
            for s in SIZES
        ]
    if all(os.environ.get(k) == v for k, v in SINGLE_THREAD.items()):
        return measure()
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_engine"],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, **SINGLE_THREAD},
        capture_output=True,
        text=True,
        check=True,
    )
    return [Row(**data) for data in json.loads(child.stdout)]


def measure() -> list[Row]:
    """Every row, in this process (whose BLAS threads the caller has set)."""
    return [_row(cell, *size) for size in SIZES for cell in CELLS]


def _name(cell: str, T: int, inputs: int, hidden: int) -> str:
    return f"engine: {cell.upper()} fwd+bwd T={T} x{inputs} h{hidden} (vs torch.nn)"


def _row(cell: str, T: int, inputs: int, hidden: int) -> Row:
    ours, theirs = _subjects(cell, T, inputs, hidden)
    number = _calls_per_round(ours, theirs)
    spread = median_of_interleaved(ours, theirs, rounds=ROUNDS, number=number)
    extra = spread.extra()
    return Row(
        _name(cell, T, inputs, hidden),
        extra["subject_s_median"],
        extra["baseline_s_median"],
        f"torch.nn.{_TORCH_NAMES[cell]} float64 fwd+bwd, 1 thread",
        target=TARGET,
        value=extra["ratio_median"],
        notes=spread.describe(),
        extra=extra,
    )


_TORCH_NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


def _subjects(
    cell: str, T: int, inputs: int, hidden: int
) -> tuple[Callable[[], object], Callable[[], object]]:
    """The engine's backward and torch's forward + backward on the same weights and inputs."""
    import torch as th

    th.set_num_threads(1)
    rng = np.random.default_rng(0)
    xs = rng.normal(size=(T, inputs))
    h0 = np.zeros(hidden)
    upstream = rng.normal(size=hidden)
    module = getattr(th.nn, _TORCH_NAMES[cell])(inputs, hidden).double()
    weights = {k: v.detach().numpy().copy() for k, v in module.named_parameters()}
    args = [weights[f"{k}_l0"] for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    if cell == "lstm":
        lstm = engine.LSTMCell.from_torch(*args)

        def ours() -> object:
            return lstm.backward(xs, h0, h0, upstream)
    else:
        rnn_or_gru = (engine.RNNCell if cell == "rnn" else engine.GRUCell).from_torch(*args)

        def ours() -> object:
            return rnn_or_gru.backward(xs, h0, upstream)

    X = th.tensor(xs[:, None, :])
    grad = th.tensor(upstream[None, None, :])

    def theirs() -> object:
        module.zero_grad(set_to_none=True)
        _, state = module(X)
        h_n = state[0] if cell == "lstm" else state
        h_n.backward(grad)
        return None

    return ours, theirs


def _calls_per_round(*fns: Callable[[], object]) -> int:
    """Enough calls that the faster side's round lasts about ROUND_SECONDS."""
    fastest = math.inf
    for fn in fns:
        fn()
        start = time.perf_counter()
        fn()
        fastest = min(fastest, time.perf_counter() - start)
    return max(1, round(ROUND_SECONDS / max(fastest, 1e-6)))


if __name__ == "__main__":
    print(json.dumps([dataclasses.asdict(row) for row in measure()]))

"""The closed-form step Jacobians equal the backward pass row by row, in every convention.

``step_jacobians`` and ``lstm_state_jacobians`` write dh_t/dh_{t-1} (and the LSTM's c blocks)
from one forward pass. The reference here seeds the exact BPTT of ``backward`` with one unit
vector per output row, over a single step from the recorded state: an independent route to the
same matrices, which the finite-difference tests in turn pin to the function itself.
"""

from __future__ import annotations

import numpy as np
import pytest

import engine
from tests.engine.test_finite_differences import CONVENTIONS, _cell


def _by_backward(cell: engine.GRUCell | engine.RNNCell, x: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Rows k: dh_t[k] / dh_{t-1}, by one backward step per output unit."""
    H = cell.hidden_size
    xs = np.repeat(x[None, None, :], H, axis=1)  # (1, H, I): one copy per output unit
    rows: np.ndarray = cell.backward(xs, np.repeat(h[None], H, axis=0), np.eye(H))["h0"]
    return rows


def _lstm_by_backward(
    cell: engine.LSTMCell, x: np.ndarray, h: np.ndarray, c: np.ndarray, seed_c: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Rows k: d(h_t or c_t)[k] / d(h, c)_{t-1}, by one backward step per output unit."""
    H = cell.hidden_size
    xs = np.repeat(x[None, None, :], H, axis=1)
    hb, cb = np.repeat(h[None], H, axis=0), np.repeat(c[None], H, axis=0)
    if seed_c:
        grads = cell.backward(xs, hb, cb, None, grad_c_T=np.eye(H))
    else:
        grads = cell.backward(xs, hb, cb, np.eye(H))
    return grads["h0"], grads["c0"]


@pytest.mark.parametrize(("kind", "conventions"), CONVENTIONS)
@pytest.mark.parametrize("seed", range(3))
def test_step_jacobians_equal_backward_rows(
    kind: str, conventions: dict[str, str], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    cell = _cell(kind, conventions, rng, n_in=2, hidden=3)
    xs = rng.normal(size=(6, 2))
    h = rng.normal(size=3)
    if not isinstance(cell, engine.LSTMCell):
        steps = cell.forward(xs, h)
        closed = engine.step_jacobians(cell, xs, h)
        assert len(closed) == 6
        for t, jac in enumerate(closed):
            reference = _by_backward(cell, xs[t], h)
            np.testing.assert_allclose(jac, reference, rtol=1e-12, atol=1e-13)
            h = steps[t].h
        return
    c = rng.normal(size=3)
    lstm_steps = cell.forward(xs, h, c)
    blocks = engine.lstm_state_jacobians(cell, xs, h, c)
    for t, ((hh, hc), (ch, cc)) in enumerate(blocks):
        from_h = _lstm_by_backward(cell, xs[t], h, c, seed_c=False)
        from_c = _lstm_by_backward(cell, xs[t], h, c, seed_c=True)
        for got, want in zip((hh, hc, ch, cc), (*from_h, *from_c), strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-13)
        h, c = lstm_steps[t].h, lstm_steps[t].c
    np.testing.assert_array_equal(
        engine.step_jacobians(cell, xs), [b[0][0] for b in engine.lstm_state_jacobians(cell, xs)]
    )


@pytest.mark.parametrize(("kind", "conventions"), CONVENTIONS)
def test_chain_norms_are_the_spectral_norms_of_the_products(
    kind: str, conventions: dict[str, str]
) -> None:
    rng = np.random.default_rng(5)
    cell = _cell(kind, conventions, rng, n_in=2, hidden=3)
    xs = rng.normal(size=(7, 2))
    if isinstance(cell, engine.LSTMCell):
        full = [
            np.block([[a, b], [c, d]]) for (a, b), (c, d) in engine.lstm_state_jacobians(cell, xs)
        ]
        blocks = {"h": slice(0, 3), "c": slice(3, 6)}
        for name, norms in (
            ("h", engine.gradient_norms(cell, xs)),
            ("c", engine.cell_path_norms(cell, xs)),
        ):
            for k in range(7):
                product = engine.jacobian_product(full[k:])[blocks[name], blocks[name]]
                assert norms[k] == pytest.approx(np.linalg.norm(product, 2), rel=1e-12)
        return
    jacobians = engine.step_jacobians(cell, xs)
    norms = engine.gradient_norms(cell, xs)
    for k in range(7):
        assert norms[k] == pytest.approx(
            np.linalg.norm(engine.jacobian_product(jacobians[k:]), 2), rel=1e-12
        )


def test_one_sequence_only() -> None:
    cell = engine.GRUCell.random(2, 3, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"one sequence \(T, 2\)"):
        engine.step_jacobians(cell, np.zeros((4, 2, 2)))

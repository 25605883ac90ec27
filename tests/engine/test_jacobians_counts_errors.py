"""Jacobians, parameter-count figures from topics.md, clipping arithmetic and bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import engine
from tests.engine.helpers import numeric_grad


def test_rnn_step_jacobian_is_diag_one_minus_h_squared_times_w_hh() -> None:
    rng = np.random.default_rng(0)
    cell = engine.RNNCell.random(2, 3, rng, scale=1.0)
    xs = rng.normal(size=(4, 2))
    jacobians = engine.step_jacobians(cell, xs)
    steps = cell.forward(xs)
    for t, jac in enumerate(jacobians):
        np.testing.assert_allclose(jac, engine.rnn_jacobian(steps[t].h, cell.weight_hh), atol=1e-12)


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn"])
def test_gradient_norms_equal_norm_of_finite_difference_jacobian(kind: str) -> None:
    rng = np.random.default_rng(1)
    cls = {"lstm": engine.LSTMCell, "gru": engine.GRUCell, "rnn": engine.RNNCell}[kind]
    cell = cls.random(2, 3, rng, scale=1.0)
    xs = rng.normal(size=(5, 2))
    h0 = rng.normal(size=3)
    norms = engine.gradient_norms(cell, xs, h0)
    assert norms.shape == (5,)

    def h_T(h_start: np.ndarray) -> np.ndarray:
        last_h: np.ndarray = cell.forward(xs, h_start)[-1].h
        return last_h

    def h_T_entry(row: int, start: np.ndarray) -> Callable[[], float]:
        return lambda: float(h_T(start)[row])

    jac = np.zeros((3, 3))
    for row in range(3):
        start = h0.copy()
        jac[row] = numeric_grad(h_T_entry(row, start), start)
    assert norms[0] == pytest.approx(np.linalg.norm(jac, 2), rel=1e-5)


def test_vanishing_and_exploding_regimes() -> None:
    rng = np.random.default_rng(2)
    small = engine.RNNCell(np.zeros((4, 1)), 0.3 * np.eye(4), nonlinearity="tanh")
    big = engine.RNNCell(np.zeros((4, 1)), 3.0 * np.eye(4), nonlinearity="relu")
    xs = np.zeros((20, 1))
    h0 = rng.uniform(0.1, 0.2, size=4)
    assert engine.gradient_norms(small, xs, h0)[0] < 1e-9
    assert engine.gradient_norms(big, xs, h0)[0] > 1e9


def test_cell_state_path_is_product_of_forget_gates() -> None:
    f = np.full((50, 2), 0.9)
    np.testing.assert_allclose(engine.cell_state_path(f), 0.9**50)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        engine.cell_state_path([1.5])


def test_jacobian_product_order() -> None:
    a, b = np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([[0.0, 1.0], [1.0, 0.0]])
    np.testing.assert_allclose(engine.jacobian_product([a, b]), b @ a)


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        (("lstm", 10, 20), {}, 2560),
        (("lstm", 10, 20), {"num_layers": 2}, 5920),
        (("lstm", 10, 20), {"bidirectional": True}, 5120),
        (("lstm", 10, 20), {"num_layers": 2, "bidirectional": True}, 15040),
        (("lstm", 10, 20), {"framework": "keras"}, 2480),
        (("lstm", 10, 20), {"framework": "textbook"}, 2480),
        (("gru", 10, 20), {}, 1920),
        (("gru", 10, 20), {"framework": "keras"}, 1920),
        (("gru", 10, 20), {"framework": "keras", "reset_after": False}, 1860),
        (("gru", 10, 20), {"framework": "textbook"}, 1860),
        (("rnn", 10, 20), {}, 640),
        (("rnn", 10, 20), {"framework": "keras"}, 620),
    ],
)
def test_param_counts_from_topics(
    args: tuple[str, int, int], kwargs: dict[str, Any], expected: int
) -> None:
    assert engine.param_count(*args, **kwargs) == expected


def test_param_count_ratio_is_4_3_1() -> None:
    counts = [engine.param_count(c, 7, 5, framework="textbook") for c in ("lstm", "gru", "rnn")]
    assert counts[0] * 1 == counts[2] * 4 and counts[1] == counts[2] * 3


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("cnn", 1, 1), {}, "cell must be"),
        (("lstm", 1, 1), {"framework": "jax"}, "framework must be"),
        (("lstm", 10, 20), {"proj_size": 20}, "proj_size"),
        (("gru", 10, 20), {"proj_size": 5}, "only for PyTorch's LSTM"),
        (("lstm", 0, 20), {}, "input_size"),
    ],
)
def test_param_count_rejects_nonsense(
    args: tuple[str, int, int], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        engine.param_count(*args, **kwargs)


def test_clip_grad_norm_arithmetic_and_inputs_untouched() -> None:
    g = [np.array([3.0, 4.0])]
    clipped, total = engine.clip_grad_norm(g, 1.0)
    assert total == 5.0
    np.testing.assert_allclose(clipped[0], np.array([3.0, 4.0]) / (5.0 + 1e-6))
    np.testing.assert_array_equal(g[0], [3.0, 4.0])
    unclipped, _ = engine.clip_grad_norm(g, 10.0)
    np.testing.assert_array_equal(unclipped[0], [3.0, 4.0])


def test_clip_by_value_can_change_direction() -> None:
    clipped = engine.clip_grad_value([np.array([10.0, 1.0])], 1.0)[0]
    np.testing.assert_array_equal(clipped, [1.0, 1.0])


def test_shape_errors_name_expected_and_received() -> None:
    cell = engine.LSTMCell.random(3, 2, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"x must have shape \(3,\) or \(B, 3\); got \(4,\)"):
        cell.step(np.zeros(4))
    with pytest.raises(ValueError, match=r"weight_hh must have shape \(8, 2\); got \(8, 3\)"):
        engine.LSTMCell(np.zeros((8, 3)), np.zeros((8, 3)))
    with pytest.raises(ValueError, match=r"xs must have shape \(T, 3\)"):
        cell.forward(np.zeros((2, 2, 2, 2)))
    gru = engine.GRUCell.random(1, 2, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"h must have shape \(2,\)"):
        gru.step(np.zeros(1), np.zeros(5))
    with pytest.raises(ValueError, match="update must be"):
        engine.GRUCell.random(1, 2, np.random.default_rng(0), update="sideways")


def test_nonfinite_input_is_rejected_unless_allowed() -> None:
    w_ih, w_hh = np.ones((1, 1)), np.full((1, 1), np.inf)
    with pytest.raises(ValueError, match="NaN or inf"):
        engine.RNNCell(w_ih, w_hh)
    cell = engine.RNNCell(w_ih, w_hh, nonlinearity="relu", allow_nonfinite=True)
    assert np.isinf(cell.step(np.ones(1), np.ones(1)).h[0])
    ok = engine.RNNCell.random(1, 1, np.random.default_rng(0))
    with pytest.raises(ValueError, match="x contains NaN"):
        ok.step(np.array([np.nan]))


def test_batches_equal_stacked_single_runs() -> None:
    rng = np.random.default_rng(7)
    cell = engine.GRUCell.random(2, 3, rng, reset="before", update="take")
    xs = rng.normal(size=(4, 5, 2))
    h0 = rng.normal(size=(5, 3))
    batch = cell.forward(xs, h0)[-1].h
    single = np.stack([cell.forward(xs[:, b], h0[b])[-1].h for b in range(5)])
    np.testing.assert_allclose(batch, single, atol=1e-14)


def test_deterministic_from_generator() -> None:
    a = engine.LSTMCell.random(2, 2, np.random.default_rng(42))
    b = engine.LSTMCell.random(2, 2, np.random.default_rng(42))
    np.testing.assert_array_equal(a.weight_ih, b.weight_ih)


def test_lstm_cell_path_norm_matches_finite_differences() -> None:
    rng = np.random.default_rng(8)
    cell = engine.LSTMCell.random(2, 2, rng, scale=1.0)
    xs = rng.normal(size=(4, 2))
    h0, c0 = rng.normal(size=2), rng.normal(size=2)
    norms = engine.cell_path_norms(cell, xs, h0, c0)

    def c_T_entry(row: int, start: np.ndarray) -> Callable[[], float]:
        return lambda: float(cell.forward(xs, h0, start)[-1].c[row])

    jac = np.zeros((2, 2))
    for row in range(2):
        start = c0.copy()
        jac[row] = numeric_grad(c_T_entry(row, start), start)
    assert norms[0] == pytest.approx(np.linalg.norm(jac, 2), rel=1e-5)

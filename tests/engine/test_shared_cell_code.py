"""What the three cells share through RecurrentCell: initialisation and the shape of a state's
gradient, the same for RNN, LSTM and GRU (Keras export: test_conventions)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import engine

CellClass = type[engine.RNNCell] | type[engine.LSTMCell] | type[engine.GRUCell]
CELLS: list[tuple[CellClass, dict[str, Any]]] = [
    (engine.RNNCell, {"nonlinearity": "relu"}),
    (engine.LSTMCell, {}),
    (engine.GRUCell, {"update": "take", "reset": "before"}),
]


@pytest.mark.parametrize(("cls", "conventions"), CELLS)
def test_random_draws_torchs_init_in_parameter_order(
    cls: CellClass, conventions: dict[str, Any]
) -> None:
    cell = cls.random(2, 3, np.random.default_rng(7), **conventions)
    rng = np.random.default_rng(7)
    bound, rows = 1 / np.sqrt(3), cls.gates * 3
    for name, shape in (
        ("weight_ih", (rows, 2)),
        ("weight_hh", (rows, 3)),
        ("bias_ih", (rows,)),
        ("bias_hh", (rows,)),
    ):
        np.testing.assert_array_equal(getattr(cell, name), rng.uniform(-bound, bound, shape))
    for key, value in conventions.items():
        assert getattr(cell, key) == value
    scaled = cls.random(2, 3, np.random.default_rng(7), scale=0.1, **conventions)
    assert np.abs(scaled.weight_hh).max() <= 0.1


@pytest.mark.parametrize(("cls", "conventions"), CELLS)
def test_a_states_gradient_has_the_shape_the_state_was_given(
    cls: CellClass, conventions: dict[str, Any]
) -> None:
    rng = np.random.default_rng(3)
    cell = cls.random(2, 3, rng, **conventions)
    xs = rng.normal(size=(4, 5, 2))  # a batch of 5
    upstream = rng.normal(size=(5, 3))
    h = rng.normal(size=3)
    states = (h, h) if cls is engine.LSTMCell else (h,)
    batched = tuple(np.repeat(s[None], 5, axis=0) for s in states)

    def grads(*given: np.ndarray | None) -> dict[str, np.ndarray]:
        if isinstance(cell, engine.LSTMCell):
            h0, c0 = given
            return cell.backward(xs, h0, c0, upstream)
        (h0,) = given
        return cell.backward(xs, h0, upstream)

    per_example = grads(*batched)
    assert per_example["h0"].shape == (5, 3)
    from_vector = grads(*states)  # one state repeated across the batch: the gradient sums
    np.testing.assert_allclose(from_vector["h0"], per_example["h0"].sum(axis=0), atol=1e-12)
    omitted = grads(*(None for _ in states))  # zeros, one row per example
    assert omitted["h0"].shape == (5, 3)
    assert list(per_example)[:5] == ["weight_ih", "weight_hh", "bias_ih", "bias_hh", "xs"]

"""The whiteboard derivations of engine.derivations equal BPTT: the double sum adds up to the
engine's (and torch's) dL/dW_hh, and the full dc_t/dc_(t-1) equals torch's Jacobian and finite
differences, split by gate exactly."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest

import engine
from engine.derivations import lstm_cell_jacobian, rnn_weight_gradient_terms

if TYPE_CHECKING:  # torch is optional: the tests that need it skip without it
    from torch import Tensor
    from torch.nn import LSTMCell as TorchLSTMCell


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@pytest.mark.parametrize(("I", "H", "T"), [(1, 1, 3), (2, 3, 4), (3, 2, 1)])
def test_double_sum_terms_add_up_to_bptt(nonlinearity: str, I: int, H: int, T: int) -> None:
    rng = np.random.default_rng(1)
    for _ in range(5):
        cell = engine.RNNCell.random(I, H, rng, scale=1.0, nonlinearity=nonlinearity)
        xs, h0, g = rng.normal(size=(T, I)), rng.normal(size=H), rng.normal(size=(T, H))
        terms = rnn_weight_gradient_terms(cell, xs, h0, g)
        ref = cell.backward(xs, h0, grad_hs=g)["weight_hh"]
        np.testing.assert_allclose(terms.sum(axis=(0, 1)), ref, rtol=1e-10, atol=1e-12)
        assert not np.any(terms[np.triu_indices(T, 1)])  # no term with k > t


def test_double_sum_terms_match_torch_autograd_per_loss() -> None:
    """Row t of the table is dL_t/dW_hh alone: compare it with torch for each t."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    I, H, T = 2, 2, 3
    cell = engine.RNNCell.random(I, H, rng, scale=1.0)
    xs, h0, g = rng.normal(size=(T, I)), rng.normal(size=H), rng.normal(size=(T, H))
    terms = rnn_weight_gradient_terms(cell, xs, h0, g)
    for t in range(T):
        w_hh = torch.tensor(cell.weight_hh, requires_grad=True)
        h = torch.tensor(h0)
        for step in range(t + 1):
            x = torch.tensor(xs[step])
            bias = torch.tensor(cell.bias_ih + cell.bias_hh)
            h = torch.tanh(torch.tensor(cell.weight_ih) @ x + w_hh @ h + bias)
        (torch.tensor(g[t]) @ h).backward()
        np.testing.assert_allclose(terms[t].sum(axis=0), w_hh.grad.numpy(), atol=1e-12)


def _lstm(H: int, I: int, rng: np.random.Generator, scale: float = 1.0) -> engine.LSTMCell:
    return engine.LSTMCell.random(I, H, rng, scale=scale)


def _c_next(cell: engine.LSTMCell, x: np.ndarray, c: np.ndarray, o: np.ndarray) -> np.ndarray:
    return cell.step(x, o * np.tanh(c), c).c


@pytest.mark.parametrize("H", [1, 2, 3])
def test_full_cell_jacobian_matches_finite_differences_and_its_parts(H: int) -> None:
    rng = np.random.default_rng(4)
    for _ in range(10):
        cell = _lstm(H, 2, rng)
        x, c, o = rng.normal(size=2), rng.normal(size=H), rng.uniform(0.05, 0.95, H)
        jac = lstm_cell_jacobian(cell, x, c, o)
        eps = 1e-6
        numeric = np.column_stack(
            [
                (_c_next(cell, x, c + eps * e, o) - _c_next(cell, x, c - eps * e, o)) / (2 * eps)
                for e in np.eye(H)
            ]
        )
        np.testing.assert_allclose(jac.total, numeric, atol=1e-8)
        step = cell.step(x, o * np.tanh(c), c)
        np.testing.assert_allclose(jac.direct, np.diag(step.f), atol=1e-14)
        parts = jac.via_forget + jac.via_input + jac.via_candidate
        np.testing.assert_allclose(jac.indirect, parts, atol=1e-12)
        np.testing.assert_allclose(jac.dh_prev_dc_prev, o * (1 - np.tanh(c) ** 2))


def test_full_cell_jacobian_matches_torch_autograd() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    H, I = 3, 2
    for _ in range(5):
        cell = _lstm(H, I, rng, scale=1.5)
        x, c, o = rng.normal(size=I), rng.normal(size=H), rng.uniform(0.05, 0.95, H)
        module = torch.nn.LSTMCell(I, H).double()
        with torch.no_grad():
            for name, value in cell.to_torch().items():
                getattr(module, name).copy_(torch.tensor(value))
        x_t, o_t = torch.tensor(x)[None], torch.tensor(o)

        def c_next(
            c_prev: Tensor, module: TorchLSTMCell = module, x_t: Tensor = x_t, o_t: Tensor = o_t
        ) -> Tensor:
            h_prev = o_t * torch.tanh(c_prev)
            c_t: Tensor = module(x_t, (h_prev[None], c_prev[None]))[1][0]
            return c_t

        expected = torch.autograd.functional.jacobian(c_next, torch.tensor(c)).numpy()
        np.testing.assert_allclose(lstm_cell_jacobian(cell, x, c, o).total, expected, atol=1e-12)


def test_the_shortcut_is_exact_when_nothing_feeds_back() -> None:
    """With W_hh = 0 (or o_(t-1) = 0) c_(t-1) reaches c_t only through f_t."""
    rng = np.random.default_rng(6)
    cell = _lstm(2, 2, rng)
    x, c, o = rng.normal(size=2), rng.normal(size=2), rng.uniform(0.1, 0.9, 2)
    flat = engine.LSTMCell(cell.weight_ih, np.zeros_like(cell.weight_hh), cell.bias_ih)
    np.testing.assert_allclose(lstm_cell_jacobian(flat, x, c, o).indirect, 0, atol=1e-15)
    np.testing.assert_allclose(lstm_cell_jacobian(cell, x, c, 0 * o).indirect, 0, atol=1e-15)


def test_bad_inputs_are_refused() -> None:
    rng = np.random.default_rng(7)
    cell = _lstm(2, 2, rng)
    with pytest.raises(ValueError, match="output gate"):
        lstm_cell_jacobian(cell, [0, 0], [0, 0], [1.5, 0.5])
    peep = engine.LSTMCell(cell.weight_ih, cell.weight_hh, peepholes={"f": [0.1, 0.1]})
    with pytest.raises(ValueError, match="peepholes"):
        lstm_cell_jacobian(peep, [0, 0], [0, 0], [0.5, 0.5])
    with pytest.raises(ValueError, match="grad_hs must have shape"):
        rnn_weight_gradient_terms(engine.RNNCell.random(1, 2, rng), [[0.0]], None, [[1.0]])

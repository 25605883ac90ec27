"""The engine modules behind the 'beyond the cell' drills: linear recurrences and their scan,
layer and batch norm, growth rates, dropout mask plans and language-model counts with tying.

Each is checked against an independent computation: torch where torch can compute it (skipped
cleanly without torch), otherwise a second route through the same mathematics.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import engine
from engine import dropout_masks, growth, linear_rnn, lm_params, normalization


def _coefficients(seed: int, steps: int, hidden: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(0.05, 0.99, (steps, hidden)), rng.normal(size=(steps, hidden))


@pytest.mark.parametrize("steps", [1, 2, 3, 5, 8, 13, 37])
def test_sequential_scan_and_closed_form_agree(steps: int) -> None:
    a, b = _coefficients(steps, steps, 3)
    h0 = np.array([0.3, -1.2, 2.0])
    by_steps = linear_rnn.sequential_states(a, b, h0)
    np.testing.assert_allclose(linear_rnn.scan_states(a, b, h0), by_steps, rtol=1e-12)
    np.testing.assert_allclose(linear_rnn.closed_form(a, b, h0), by_steps[-1], rtol=1e-12)


def test_combining_affine_maps_is_associative() -> None:
    rng = np.random.default_rng(0)
    m1, m2, m3 = ((rng.normal(size=4), rng.normal(size=4)) for _ in range(3))
    left = linear_rnn.combine(linear_rnn.combine(m1, m2), m3)
    right = linear_rnn.combine(m1, linear_rnn.combine(m2, m3))
    for x, y in zip(left, right, strict=True):
        np.testing.assert_allclose(x, y, rtol=1e-12)


@pytest.mark.parametrize(("steps", "rounds"), [(1, 0), (2, 1), (3, 2), (4, 2), (8, 3), (9, 4)])
def test_scan_rounds_is_ceil_log2(steps: int, rounds: int) -> None:
    assert linear_rnn.scan_rounds(steps) == rounds


def test_min_gru_coefficients_reproduce_the_update() -> None:
    z = np.array([[0.2], [0.7]])
    cand = np.array([[1.5], [-0.5]])
    a, b = linear_rnn.min_gru_coefficients(z, cand)
    h = 0.4
    for t in range(2):
        h = (1 - z[t, 0]) * h + z[t, 0] * cand[t, 0]
    assert linear_rnn.sequential_states(a, b, [0.4])[-1, 0] == pytest.approx(h)


def test_linear_recurrence_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError, match="shape"):
        linear_rnn.sequential_states(np.ones((3, 2)), np.ones((3, 1)))
    with pytest.raises(ValueError, match="at least one step"):
        linear_rnn.prefix_maps(np.ones((0, 2)), np.ones((0, 2)))
    with pytest.raises(ValueError, match="h0"):
        linear_rnn.scan_states(np.ones((2, 2)), np.ones((2, 2)), [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="positive integer"):
        linear_rnn.scan_rounds(0)


@pytest.mark.parametrize("seed", range(5))
def test_linear_recurrence_matches_torch_loop_and_cumprod(seed: int) -> None:
    torch = pytest.importorskip("torch")
    a, b = _coefficients(seed, 11, 2)
    h0 = np.array([0.5, -0.25])
    at, bt = torch.tensor(a), torch.tensor(b)
    h = torch.tensor(h0)
    for t in range(len(a)):
        h = at[t] * h + bt[t]
    np.testing.assert_allclose(linear_rnn.scan_states(a, b, h0)[-1], h.numpy(), rtol=1e-12)
    # the scan's A_t is the running product of the a's
    A, _ = linear_rnn.prefix_maps(a, b)
    np.testing.assert_allclose(A, torch.cumprod(at, dim=0).numpy(), rtol=1e-12)


@pytest.mark.parametrize("eps", [1e-12, 1e-5])  # torch's batch_norm wants eps > 0
def test_layer_norm_and_batch_norm_match_torch(eps: float) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    a = rng.normal(size=(4, 6))
    gain, bias = rng.normal(size=6), rng.normal(size=6)
    ta = torch.tensor(a)
    ln = torch.nn.functional.layer_norm(ta, (6,), torch.tensor(gain), torch.tensor(bias), eps=eps)
    np.testing.assert_allclose(normalization.layer_norm(a, gain, bias, eps), ln.numpy(), atol=1e-12)
    bn = torch.nn.functional.batch_norm(
        ta, None, None, torch.tensor(gain), torch.tensor(bias), training=True, eps=eps
    )
    np.testing.assert_allclose(
        normalization.batch_norm_train(a, gain, bias, eps), bn.numpy(), atol=1e-12
    )


def test_layer_norm_is_invariant_to_rescaling_and_shifting_one_sample() -> None:
    """Ba et al. 2016, §5.1: the statistics depend on the current case only."""
    a = np.array([[0.3, -1.2, 2.0, 0.5], [1.0, 1.5, -0.5, 0.0]])
    scaled = a * np.array([[3.0], [0.2]]) + np.array([[-7.0], [4.0]])
    np.testing.assert_allclose(normalization.layer_norm(scaled), normalization.layer_norm(a))
    mean, std = normalization.layer_norm_stats(a)
    np.testing.assert_allclose(mean, a.mean(axis=1))
    np.testing.assert_allclose(std, a.std(axis=1))  # population std: divide by H


def test_normalisation_errors_are_clear() -> None:
    with pytest.raises(ValueError, match="zero variance"):
        normalization.layer_norm([1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="batch"):
        normalization.batch_norm_train([[1.0, 2.0]])
    with pytest.raises(ValueError, match="vector"):
        normalization.layer_norm(np.zeros((2, 2, 2)))


@pytest.mark.parametrize("seed", range(8))
def test_growth_rates_against_torch_and_the_long_run(seed: int) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    W = rng.uniform(0.1, 1.0, (3, 3))
    rho = growth.spectral_radius(W)
    assert rho == pytest.approx(float(torch.linalg.eigvals(torch.tensor(W)).abs().max()))
    assert growth.largest_singular_value(W) >= rho - 1e-12
    cell = engine.RNNCell.from_textbook(np.zeros((3, 1)), W, np.zeros(3), nonlinearity="relu")
    states = cell.forward(np.zeros((200, 1)), rng.uniform(0.1, 1.0, 3))
    ratio = np.linalg.norm(states[-1].h) / np.linalg.norm(states[-2].h)
    assert ratio == pytest.approx(rho, rel=1e-6)  # Perron: the long-run growth is ρ(W)


def test_growth_rejects_non_square() -> None:
    with pytest.raises(ValueError, match="square"):
        growth.spectral_radius(np.ones((2, 3)))


@pytest.mark.parametrize("layers", [1, 2, 3])
def test_dropout_mask_plans(layers: int) -> None:
    T, d_x, h = 7, 5, 4
    naive = dropout_masks.mask_plan("naive", layers, T, d_x, h)
    assert len(naive) == (layers + 1) * T
    assert not any(m.connection.recurrent for m in naive)
    assert {m.step for m in naive} == set(range(1, T + 1))
    assert sum(m.connection.size for m in naive) == T * (d_x + layers * h)
    variational = dropout_masks.mask_plan("variational", layers, T, d_x, h)
    assert len(variational) == 2 * layers + 1
    assert {m.step for m in variational} == {None}  # one mask, reused at every step
    assert sum(m.connection.recurrent for m in variational) == layers
    assert sum(m.connection.size for m in variational) == d_x + 2 * layers * h


def test_dropout_plan_errors() -> None:
    with pytest.raises(ValueError, match="scheme"):
        dropout_masks.mask_plan("zoneout", 1, 3, 2, 2)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="steps"):
        dropout_masks.mask_plan("naive", 1, 0, 2, 2)
    with pytest.raises(ValueError, match="layers"):
        dropout_masks.connections(0, 2, 2)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("layers", [1, 2, 3])
@pytest.mark.parametrize("tied", [False, True])
def test_language_model_counts_match_torch(cell: str, layers: int, tied: bool) -> None:
    torch = pytest.importorskip("torch")
    V, d = 97, 12
    module = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[cell]
    model = torch.nn.ModuleDict(
        {
            "emb": torch.nn.Embedding(V, d),
            "rnn": module(d, d, num_layers=layers),
            "decoder": torch.nn.Linear(d, V),
        }
    )
    if tied:
        model["decoder"].weight = model["emb"].weight
    expected = sum(p.numel() for p in model.parameters())  # a shared Parameter counts once
    got = lm_params.language_model_params(V, d, d, cell, layers, tied=tied)
    assert got.total == expected


def test_language_model_counts_other_frameworks_and_errors() -> None:
    keras = lm_params.language_model_params(1000, 32, 32, "lstm", 2, "keras", tied=True)
    assert keras.recurrent == 2 * 4 * (32 * 64 + 32)
    assert keras.decoder_weight == 0 and keras.decoder_bias == 1000
    with pytest.raises(ValueError, match="embedding size"):
        lm_params.language_model_params(100, 16, 32, tied=True)
    with pytest.raises(ValueError, match="num_layers"):
        lm_params.language_model_params(100, 16, 16, num_layers=0)
    assert math.isclose(
        lm_params.language_model_params(100, 16, 16, decoder_bias=False).decoder_bias, 0
    )

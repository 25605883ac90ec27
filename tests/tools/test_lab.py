"""The gradient lab: its curves are the engine's, its knobs do what they say, its verdicts hold."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.clipping import clip_grad_norm
from engine.gru import GRUCell
from engine.jacobians import cell_path_norms, gradient_norms
from engine.lstm import LSTMCell
from engine.rnn import RNNCell
from quizapp.tools.lab import (
    RATE_TOLERANCE,
    _critical_radius,
    build_cell,
    classify,
    critical_radius,
    describe_fit,
    lab_curves,
    lab_inputs,
    rnn_slope,
)
from quizapp.tools.lab_settings import KNOB_BY_NAME, KNOBS, CellKind, LabSettings


def test_curves_are_the_engines_gradient_norms() -> None:
    settings = LabSettings(length=30, hidden=4, radius=1.2, forget_bias=2.0, seed=3)
    result = lab_curves(settings)
    xs = lab_inputs(settings)
    assert xs.shape == (30, 2)
    assert [curve.kind for curve in result.curves] == ["rnn", "lstm", "gru"]
    for curve in result.curves:
        cell = build_cell(settings, curve.kind)
        np.testing.assert_allclose(curve.norms, gradient_norms(cell, xs), rtol=0, atol=0)
        assert curve.norms.shape == (30,)
    lstm = build_cell(settings, "lstm")
    assert isinstance(lstm, LSTMCell)
    np.testing.assert_allclose(
        result.curve("lstm").cell_path, cell_path_norms(lstm, xs), rtol=0, atol=0
    )
    assert result.curve("rnn").cell_path is None


def test_cells_are_the_engines_random_cells_with_the_knobs_applied() -> None:
    settings = LabSettings(hidden=4, radius=0.7, forget_bias=3.0, nonlinearity="relu", seed=5)
    rnn, lstm, gru = (build_cell(settings, kind) for kind in ("rnn", "lstm", "gru"))
    assert isinstance(rnn, RNNCell) and rnn.nonlinearity == "relu"
    assert isinstance(gru, GRUCell) and (gru.update, gru.reset) == ("keep", "after")
    raw = RNNCell.random(2, 4, np.random.default_rng([5, 1]), nonlinearity="relu")
    np.testing.assert_array_equal(rnn.weight_ih, raw.weight_ih)
    np.testing.assert_array_equal(rnn.bias_hh, raw.bias_hh)
    # W_hh is the drawn matrix times one positive factor
    ratio = rnn.weight_hh / raw.weight_hh
    np.testing.assert_allclose(ratio, ratio[0, 0])
    assert isinstance(lstm, LSTMCell)
    np.testing.assert_array_equal(lstm.bias_ih[4:8], 3.0)
    np.testing.assert_array_equal(lstm.bias_hh[4:8], 0.0)


@pytest.mark.parametrize("radius", [0.3, 1.0, 2.5])
def test_the_radius_knob_sets_the_spectral_radius_of_every_block(radius: float) -> None:
    settings = LabSettings(hidden=8, radius=radius, seed=2)
    kinds: tuple[tuple[CellKind, int], ...] = (("rnn", 1), ("lstm", 4), ("gru", 3))
    for kind, blocks in kinds:
        cell = build_cell(settings, kind)
        for b in range(blocks):
            block = cell.weight_hh[8 * b : 8 * (b + 1)]
            assert max(abs(np.linalg.eigvals(block))) == pytest.approx(radius, rel=1e-9)
    result = lab_curves(settings.replace(length=5))
    for curve in result.curves:
        assert curve.spectral_radius == pytest.approx(radius, rel=1e-9)
        assert curve.largest_singular_value >= curve.spectral_radius


def test_small_radius_vanishes_and_large_radius_explodes_for_the_tanh_rnn() -> None:
    base = LabSettings(cell="rnn", hidden=16, input_scale=0.0, seed=0)
    small = lab_curves(base.replace(radius=0.5)).curve("rnn")
    large = lab_curves(base.replace(radius=2.5)).curve("rnn")
    assert small.fit.verdict == "vanishing" and small.fit.rate < 0.6
    assert small.norms[0] < 1e-20
    assert large.fit.verdict == "exploding" and large.fit.rate > 1.05
    assert large.norms[0] > 1e3


def test_critical_radius_is_where_the_rate_crosses_one() -> None:
    settings = LabSettings(cell="rnn", hidden=16, input_scale=0.0, seed=0)
    critical = critical_radius(settings)
    assert critical.value is not None and 1.0 < critical.value < 2.5
    assert rnn_slope(settings, critical.value - 0.01) < 0.0
    assert rnn_slope(settings, critical.value + 0.01) > 0.0
    assert critical.linear_theory == 1.0
    # below the sigma_max bound the per-step Jacobian norm is < 1: vanishing for sure
    assert 0.0 < critical.vanishing_bound < 1.0
    cell = build_cell(settings, "rnn", radius=critical.vanishing_bound)
    assert np.linalg.norm(cell.weight_hh, 2) == pytest.approx(1.0)
    assert "ρ* ≈" in critical.describe()
    assert lab_curves(settings).critical == critical
    assert lab_curves(settings.replace(cell="lstm")).critical is None


def test_a_saturating_rnn_reports_no_crossing() -> None:
    settings = LabSettings(cell="rnn", hidden=8, length=200, seed=0)
    critical = critical_radius(settings)
    assert critical.value is None
    assert "no ρ*" in critical.describe()


def test_lstm_with_a_large_forget_bias_keeps_the_cell_path_open() -> None:
    settings = LabSettings(length=100, hidden=8, forget_bias=5.0, seed=0)
    result = lab_curves(settings)
    lstm, rnn = result.curve("lstm"), result.curve("rnn")
    assert lstm.cell_path_fit is not None and lstm.cell_path_fit.verdict == "stable"
    # 50 steps back the cell path still carries most of the gradient; the RNN's is gone
    assert lstm.cell_path[50] > 0.3
    assert rnn.norms[50] < 1e-4

    def reach(norms: np.ndarray) -> int:
        return int(np.sum(norms > 0.1))

    assert reach(lstm.cell_path) > 5 * reach(rnn.norms)
    low = lab_curves(settings.replace(forget_bias=-2.0)).curve("lstm")
    assert low.cell_path_fit is not None and low.cell_path_fit.verdict == "vanishing"


def test_classification_thresholds() -> None:
    distance = np.arange(50, 0, -1)
    for rate, verdict in [
        (0.5, "vanishing"),
        (math.exp(-RATE_TOLERANCE - 0.001), "vanishing"),
        (math.exp(-RATE_TOLERANCE + 0.001), "stable"),
        (1.0, "stable"),
        (math.exp(RATE_TOLERANCE - 0.001), "stable"),
        (math.exp(RATE_TOLERANCE + 0.001), "exploding"),
        (3.0, "exploding"),
    ]:
        fit = classify(2.0 * rate**distance)
        assert fit.verdict == verdict, rate
        assert fit.rate == pytest.approx(rate)
    assert classify(np.array([1.0, 0.0, 1.0])).verdict == "vanishing"
    assert classify(np.array([np.inf, 1.0])).verdict == "exploding"
    assert classify(np.array([0.5])).verdict == "vanishing"
    assert describe_fit(classify(0.5**distance)) == "vanishing (×0.500/step)"
    assert describe_fit(classify(np.array([np.inf, 1.0]))) == "exploding (overflow)"


def test_clipping_marks_the_steps_clip_grad_norm_would_rescale() -> None:
    settings = LabSettings(cell="rnn", hidden=16, input_scale=0.0, radius=2.5, clip=5.0)
    curve = lab_curves(settings).curve("rnn")
    assert curve.clipping is not None
    over = tuple(int(k) for k in np.flatnonzero(curve.norms > 5.0))
    assert over and curve.clipping.steps == over
    for k in (0, len(curve.norms) - 1):
        (expected,), _ = clip_grad_norm([np.array([curve.norms[k]])], 5.0)
        assert curve.clipping.clipped[k] == expected[0]
    assert np.all(curve.clipping.clipped <= 5.0)
    assert curve.clipping.describe(100).startswith(f"clipped at {len(over)}/100 steps (k 0-")
    assert lab_curves(settings.replace(clip=None)).curve("rnn").clipping is None


def test_the_seed_makes_curves_reproducible() -> None:
    settings = LabSettings(length=40, hidden=4, seed=11)
    first, second = lab_curves(settings), lab_curves(settings)
    for a, b in zip(first.curves, second.curves, strict=True):
        np.testing.assert_array_equal(a.norms, b.norms)
    other = lab_curves(settings.replace(seed=12))
    assert not np.array_equal(first.curves[0].norms, other.curves[0].norms)
    # one cell alone gives the same curve as the same cell among all three
    alone = lab_curves(settings.replace(cell="gru")).curves
    assert len(alone) == 1
    np.testing.assert_array_equal(alone[0].norms, first.curve("gru").norms)


def test_invalid_settings_are_refused_readably() -> None:
    with pytest.raises(ValueError, match="T must be between 2 and 200"):
        LabSettings(length=1)
    with pytest.raises(ValueError, match="spectral radius"):
        LabSettings(radius=0.0)
    with pytest.raises(ValueError, match="tanh or relu"):
        LabSettings(nonlinearity="sigmoid")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cell must be one of"):
        LabSettings(cell="transformer")  # type: ignore[arg-type]


def test_knobs_step_along_their_ladders_and_clamp() -> None:
    settings = LabSettings()
    assert [knob.name for knob in KNOBS][:4] == ["cell", "length", "hidden", "radius"]
    radius = KNOB_BY_NAME["radius"]
    assert radius.step(settings, 1).radius == 1.05
    assert radius.step(settings, -1).radius == 0.95
    assert radius.step(settings.replace(radius=3.0), 1).radius == 3.0
    assert radius.step(settings.replace(radius=0.97), 1).radius == 1.0  # snaps, then moves
    clip = KNOB_BY_NAME["clip"]
    assert clip.shown(settings) == "off"
    assert clip.step(settings, 1).clip == 0.1
    assert KNOB_BY_NAME["cell"].step(settings, 1).cell == "rnn"
    assert KNOB_BY_NAME["seed"].step(settings, -1).seed == 0
    assert KNOB_BY_NAME["seed"].step(settings, 1).seed == 1
    assert KNOB_BY_NAME["nonlinearity"].step(settings, 1).nonlinearity == "relu"
    for knob in KNOBS:  # every ladder value is a valid setting
        for value in knob.choices:
            settings.replace(**{knob.name: value})


def test_the_critical_radius_is_scanned_once_per_rnn() -> None:
    """Turning the radius, forget-bias, clipping or cell knob reuses the scan; the RNN's own
    knobs (seed, T, H, phi, input scale) make a new one, equal to a fresh computation."""
    _critical_radius.cache_clear()
    settings = LabSettings(seed=11, length=40)
    first = lab_curves(settings).critical
    for turned in (
        settings.replace(radius=0.5),
        settings.replace(forget_bias=3.0),
        settings.replace(clip=1.0),
        settings.replace(cell="rnn"),
    ):
        assert lab_curves(turned).critical == first
    assert _critical_radius.cache_info().misses == 1
    assert first == _critical_radius.__wrapped__(settings)  # the kept scan is the scan
    for other in (
        settings.replace(seed=12),
        settings.replace(length=41),
        settings.replace(hidden=4),
    ):
        assert critical_radius(other) == _critical_radius.__wrapped__(other)
    assert _critical_radius.cache_info().misses == 4

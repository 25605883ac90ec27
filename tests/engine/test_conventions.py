"""Conventions PyTorch lacks, checked against hand-written formulas, and layout round trips."""

from __future__ import annotations

import numpy as np
import pytest

import engine

Array = np.ndarray


def sig(x: Array | float) -> Array:
    return np.asarray(1 / (1 + np.exp(-np.asarray(x, dtype=float))))


def _gru_by_hand(
    W_ih: Array,
    W_hh: Array,
    b_ih: Array,
    b_hh: Array,
    x: Array,
    h: Array,
    update: str,
    reset: str,
) -> Array:
    H = h.shape[0]
    Wr, Wz, Wn = W_ih[:H], W_ih[H : 2 * H], W_ih[2 * H :]
    Ur, Uz, Un = W_hh[:H], W_hh[H : 2 * H], W_hh[2 * H :]
    r = sig(Wr @ x + b_ih[:H] + Ur @ h + b_hh[:H])
    z = sig(Wz @ x + b_ih[H : 2 * H] + Uz @ h + b_hh[H : 2 * H])
    if reset == "after":
        n = np.tanh(Wn @ x + b_ih[2 * H :] + r * (Un @ h + b_hh[2 * H :]))
    else:
        n = np.tanh(Wn @ x + b_ih[2 * H :] + Un @ (r * h) + b_hh[2 * H :])
    new_h: Array = z * h + (1 - z) * n if update == "keep" else (1 - z) * h + z * n
    return new_h


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("update", ["keep", "take"])
@pytest.mark.parametrize("reset", ["before", "after"])
def test_gru_conventions_match_hand_formulas(seed: int, update: str, reset: str) -> None:
    rng = np.random.default_rng(seed)
    cell = engine.GRUCell.random(3, 4, rng, scale=1.0, update=update, reset=reset)
    x, h = rng.normal(size=3), rng.normal(size=4)
    expected = _gru_by_hand(
        cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh, x, h, update, reset
    )
    np.testing.assert_allclose(cell.step(x, h).h, expected, atol=1e-12)


def test_take_is_keep_with_z_and_one_minus_z_swapped() -> None:
    rng = np.random.default_rng(0)
    keep = engine.GRUCell.random(2, 3, rng, update="keep")
    take = engine.GRUCell(keep.weight_ih, keep.weight_hh, keep.bias_ih, keep.bias_hh, update="take")
    x, h = rng.normal(size=2), rng.normal(size=3)
    s_keep, s_take = keep.step(x, h), take.step(x, h)
    np.testing.assert_allclose(s_keep.z, s_take.z)
    np.testing.assert_allclose(s_take.h, s_keep.z * s_keep.n + (1 - s_keep.z) * h)


def test_lstm_peepholes_match_hand_formula() -> None:
    rng = np.random.default_rng(1)
    base = engine.LSTMCell.random(2, 3, rng, scale=1.0)
    peep = {k: rng.normal(size=3) for k in "ifo"}
    cell = engine.LSTMCell(
        base.weight_ih, base.weight_hh, base.bias_ih, base.bias_hh, peepholes=peep
    )
    x, h, c = rng.normal(size=2), rng.normal(size=3), rng.normal(size=3)
    a = base.weight_ih @ x + base.bias_ih + base.weight_hh @ h + base.bias_hh
    i = sig(a[:3] + peep["i"] * c)
    f = sig(a[3:6] + peep["f"] * c)
    g = np.tanh(a[6:9])
    c_new = f * c + i * g
    o = sig(a[9:] + peep["o"] * c_new)
    step = cell.step(x, h, c)
    np.testing.assert_allclose(step.c, c_new, atol=1e-12)
    np.testing.assert_allclose(step.h, o * np.tanh(c_new), atol=1e-12)


def test_forget_bias_knob_sets_the_effective_bias() -> None:
    rng = np.random.default_rng(2)
    cell = engine.LSTMCell.random(2, 3, rng).with_forget_bias(1.0)
    effective = cell.bias_ih + cell.bias_hh
    np.testing.assert_allclose(effective[3:6], 1.0)
    step = cell.step(np.zeros(2), np.zeros(3), np.zeros(3))
    np.testing.assert_allclose(step.f, sig(1.0))


@pytest.mark.parametrize("kind", ["lstm", "gru_after", "gru_before", "rnn"])
def test_keras_layout_round_trip(kind: str) -> None:
    rng = np.random.default_rng(4)
    x, h = rng.normal(size=(3, 2)), rng.normal(size=3)
    if kind == "lstm":
        lstm = engine.LSTMCell.random(2, 3, rng)
        lstm_back = engine.LSTMCell.from_keras(**lstm.to_keras())
        np.testing.assert_allclose(lstm_back.forward(x, h, h)[-1].h, lstm.forward(x, h, h)[-1].h)
        return
    cell: engine.RNNCell | engine.GRUCell
    back: engine.RNNCell | engine.GRUCell
    if kind == "rnn":
        cell = engine.RNNCell.random(2, 3, rng)
        keras = cell.to_keras()
        back = engine.RNNCell.from_keras(keras["kernel"], keras["recurrent_kernel"], keras["bias"])
    else:
        reset = kind.split("_")[1]
        gru = engine.GRUCell.random(2, 3, rng, reset=reset)
        if reset == "before":  # Keras reset_after=False has one bias: fold b_hn in first
            gru = engine.GRUCell(
                gru.weight_ih, gru.weight_hh, gru.bias_ih + gru.bias_hh, None, reset="before"
            )
        cell = gru
        back = engine.GRUCell.from_keras(**gru.to_keras(), reset_after=reset == "after")
    np.testing.assert_allclose(back.forward(x, h)[-1].h, cell.forward(x, h)[-1].h, atol=1e-12)


def test_keras_gru_gate_order_is_z_r_h() -> None:
    """A Keras kernel with only the z block non-zero must land in PyTorch's z rows (3H..)."""
    kernel = np.zeros((1, 6))
    kernel[0, :2] = 5.0  # Keras z block
    cell = engine.GRUCell.from_keras(kernel, np.zeros((2, 6)), np.zeros((2, 6)))
    step = cell.step(np.ones(1), np.zeros(2))
    np.testing.assert_allclose(step.z, sig(5.0))
    np.testing.assert_allclose(step.r, 0.5)


def test_textbook_layout_concatenates_h_then_x() -> None:
    rng = np.random.default_rng(5)
    W, b = rng.normal(size=(4, 4 + 2)), rng.normal(size=4)
    cell = engine.RNNCell.from_textbook(W[:, 4:], W[:, :4], b)
    lstm = engine.LSTMCell.from_textbook(rng.normal(size=(8, 2 + 3)), rng.normal(size=8))
    x, h = rng.normal(size=2), rng.normal(size=4)
    np.testing.assert_allclose(cell.step(x, h).h, np.tanh(W @ np.concatenate([h, x]) + b))
    assert lstm.hidden_size == 2 and lstm.input_size == 3


def test_from_gates_builds_the_same_cell() -> None:
    rng = np.random.default_rng(6)
    cell = engine.LSTMCell.random(2, 2, rng)
    parts = {}
    for k, gate in enumerate("ifgo"):
        parts[f"W_x{gate}"] = cell.weight_ih[2 * k : 2 * k + 2]
        parts[f"W_h{gate}"] = cell.weight_hh[2 * k : 2 * k + 2]
        parts[f"b_{gate}"] = (cell.bias_ih + cell.bias_hh)[2 * k : 2 * k + 2]
    rebuilt = engine.LSTMCell.from_gates(**parts)
    x = rng.normal(size=2)
    np.testing.assert_allclose(rebuilt.step(x).h, cell.step(x).h)


def test_step_fields_are_in_computation_order() -> None:
    step = engine.LSTMCell.random(1, 1, np.random.default_rng(0)).step(np.ones(1))
    assert list(step.as_dict()) == [
        "a_i",
        "a_f",
        "a_g",
        "a_o",
        "i",
        "f",
        "g",
        "o",
        "c",
        "tanh_c",
        "h",
    ]
    gru = engine.GRUCell.random(1, 1, np.random.default_rng(0)).step(np.ones(1))
    assert list(gru.as_dict())[-1] == "h"


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn"])
def test_textbook_layout_round_trip(kind: str) -> None:
    rng = np.random.default_rng(9)
    x, h = rng.normal(size=(3, 2)), rng.normal(size=3)
    if kind == "lstm":
        lstm = engine.LSTMCell.random(2, 3, rng)
        lstm_back = engine.LSTMCell.from_textbook(**lstm.to_textbook())
        np.testing.assert_allclose(lstm_back.forward(x, h, h)[-1].h, lstm.forward(x, h, h)[-1].h)
    elif kind == "gru":
        gru = engine.GRUCell.random(2, 3, rng, reset="before", update="take")
        layout = gru.to_textbook()
        gru_back = engine.GRUCell.from_textbook(**layout, reset="before", update="take")
        np.testing.assert_allclose(
            gru_back.forward(x, h)[-1].h, gru.forward(x, h)[-1].h, atol=1e-12
        )
        with pytest.raises(ValueError, match="resets before"):
            engine.GRUCell.random(2, 3, rng, reset="after").to_textbook()
    else:
        rnn = engine.RNNCell.random(2, 3, rng)
        layout = rnn.to_textbook()
        W = layout["weight"]
        rnn_back = engine.RNNCell.from_textbook(W[:, 3:], W[:, :3], layout["bias"])
        np.testing.assert_allclose(
            rnn_back.forward(x, h)[-1].h, rnn.forward(x, h)[-1].h, atol=1e-12
        )

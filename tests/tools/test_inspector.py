"""The step inspector shows the engine's own step, and bad input gets a sentence, not a trace."""

from __future__ import annotations

import numpy as np
import pytest

from engine.gru import GRUCell
from engine.lstm import LSTMCell
from quizapp.tools.inspector import (
    GRU_EQUATIONS,
    InspectorError,
    inspect_step,
    parse_numbers,
    seeded_cell,
)


def test_lstm_values_are_the_engines_step() -> None:
    shown = inspect_step("lstm", "0.5, -1", "0.1, -0.2", "0.3, 0.4", "7")
    cell = LSTMCell.random(2, 2, np.random.default_rng(7))
    step = cell.step([0.5, -1.0], [0.1, -0.2], [0.3, 0.4])
    np.testing.assert_array_equal(shown.cell.weight_ih, cell.weight_ih)
    assert shown.input_size == 2 and shown.hidden_size == 2 and shown.seed == 7
    by_symbol = {gate.symbol: gate for gate in (*shown.gates, *shown.states)}
    assert list(by_symbol) == ["i", "f", "g", "o", "c_t", "tanh(c_t)", "h_t"]
    for symbol, field in [("i", "i"), ("f", "f"), ("g", "g"), ("o", "o"), ("c_t", "c")]:
        np.testing.assert_array_equal(by_symbol[symbol].values, getattr(step, field))
    np.testing.assert_array_equal(by_symbol["tanh(c_t)"].values, step.tanh_c)
    np.testing.assert_array_equal(by_symbol["h_t"].values, step.h)
    np.testing.assert_array_equal(by_symbol["i"].pre, step.a_i)
    assert (by_symbol["f"].low, by_symbol["g"].low) == (0.0, -1.0)
    assert len(shown.weights) == 8
    assert shown.weights[2].symbol == "f" and shown.weights[2].unit == 0
    np.testing.assert_array_equal(shown.weights[2].w_h, cell.weight_hh[2])


def test_gru_values_are_the_engines_step_with_pytorchs_conventions() -> None:
    shown = inspect_step("gru", "1", "0.5, -0.5", seed_text="3")
    cell = GRUCell.random(1, 2, np.random.default_rng(3), update="keep", reset="after")
    step = cell.step([1.0], [0.5, -0.5])
    assert (shown.cell.update, shown.cell.reset) == ("keep", "after")
    assert [gate.symbol for gate in shown.gates] == ["r", "z", "h~"]
    np.testing.assert_array_equal(shown.gates[0].values, step.r)
    np.testing.assert_array_equal(shown.gates[1].values, step.z)
    np.testing.assert_array_equal(shown.gates[2].values, step.n)
    np.testing.assert_array_equal(shown.states[0].values, step.h)
    # keep: h = z * h_prev + (1 - z) * h~
    z, n = np.array(shown.gates[1].values), np.array(shown.gates[2].values)
    np.testing.assert_allclose(shown.states[0].values, z * [0.5, -0.5] + (1 - z) * n)
    assert "h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h~" in shown.equations[-1]
    assert shown.equations == GRU_EQUATIONS
    assert shown.c_prev is None


def test_typed_weights_are_used_in_the_textbook_layout() -> None:
    rows = ["0.1, 0.2, 0.3, 0.0"] * 8  # W_h (2), W_x (1), b for each of i f g o x 2 units
    rows[2] = "0, 0, 0, 5"  # f unit 0: bias 5
    shown = inspect_step("lstm", "1", "0, 0", "1, 1", weights_text="; ".join(rows))
    assert shown.seed is None
    matrix = np.array([[float(v) for v in row.split(",")] for row in rows])
    cell = LSTMCell.from_textbook(matrix[:, :3], matrix[:, 3])
    step = cell.step([1.0], [0.0, 0.0], [1.0, 1.0])
    np.testing.assert_array_equal(shown.gates[1].values, step.f)
    assert shown.gates[1].values[0] == pytest.approx(1 / (1 + np.exp(-5)))
    gru = inspect_step("gru", "1", "0.5", weights_text="0.1, 0.2, 0; 0.3, 0.4, 0; 0.5, 0.6, 0.1")
    expected = GRUCell([[0.2], [0.4], [0.6]], [[0.1], [0.3], [0.5]], [0, 0, 0.1], None)
    np.testing.assert_array_equal(gru.states[0].values, expected.step([1.0], [0.5]).h)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (("1,,x", "0, 0", "0, 0"), "x_t: expected numbers separated by commas"),
        (("", "0, 0", "0, 0"), "x_t: type numbers separated by commas"),
        (("1, 2, 3, 4", "0, 0", "0, 0"), "x_t: expected 1 to 3 numbers; got 4"),
        (("1", "0, nan", "0, 0"), "h_{t-1}: nan is not a finite number"),
        (("1", "0, abc", "0, 0"), "h_{t-1}: expected numbers separated by commas"),
        (("1", "0, 0", "0"), "c_{t-1}: needs 2 numbers, one per hidden unit"),
        (("1", "0, 0", "0, 1e9"), "c_{t-1}: keep numbers between"),
    ],
)
def test_bad_fields_get_friendly_messages(fields: tuple[str, str, str], message: str) -> None:
    with pytest.raises(InspectorError) as caught:
        inspect_step("lstm", *fields)
    assert str(caught.value).startswith(message)


def test_bad_seed_and_weights_get_friendly_messages() -> None:
    with pytest.raises(InspectorError, match="seed: a whole number"):
        inspect_step("gru", "1", "0, 0", seed_text="1.5")
    with pytest.raises(InspectorError, match="seed: a whole number"):
        inspect_step("gru", "1", "0, 0", seed_text="-3")
    with pytest.raises(InspectorError, match=r"weights: expected 6 rows \(r z n × 2 units\)"):
        inspect_step("gru", "1", "0, 0", weights_text="1, 2, 3, 4")
    with pytest.raises(InspectorError, match=r"weights row 2: expected 4 numbers; got 3"):
        inspect_step("gru", "1", "0, 0", weights_text="; ".join(["1, 2, 3, 4", "1, 2, 3"] * 3))


def test_parse_numbers_accepts_brackets_and_spaces() -> None:
    assert parse_numbers(" [0.5, -1 ] ", "x_t") == (0.5, -1.0)
    assert parse_numbers("1e-3", "x_t") == (0.001,)


def test_seeded_cells_have_the_asked_sizes() -> None:
    cell = seeded_cell("lstm", 3, 1, 0)
    assert (cell.input_size, cell.hidden_size) == (3, 1)

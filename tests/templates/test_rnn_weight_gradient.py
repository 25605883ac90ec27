"""rnn_weight_gradient: the double sum equals torch's gradient, the by-hand route without a slip
is the engine, every slip is a different number the grader names."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from quizapp.templates import TEMPLATES
from quizapp.templates.bptt_sum import BPTTSlips, bptt_by_hand
from tests.templates.diagnosis import assert_every_slip_is_diagnosed

TEMPLATE = TEMPLATES["rnn_weight_gradient"]
PARAMS = [
    {},
    {"loss": "last"},
    {"steps": 2},
    {"steps": 4, "loss": "sum"},
    {"hidden_size": 2, "steps": 2},
    {"hidden_size": 2, "steps": 3, "loss": "last"},
]


def _arrays(variant: Any) -> tuple[np.ndarray, ...]:
    g = variant.givens
    H = len(g["h0"])
    return (
        np.asarray(g["W_xh"], dtype=float).reshape(H, 1),
        np.asarray(g["W_hh"], dtype=float).reshape(H, H),
        np.asarray(g["b"], dtype=float),
        np.asarray(g["xs"], dtype=float)[:, None],
        np.asarray(g["h0"], dtype=float),
    )


@pytest.mark.parametrize("params", PARAMS)
def test_answer_is_the_by_hand_double_sum_and_slips_differ(params: dict[str, Any]) -> None:
    for seed in range(50):
        variant = TEMPLATE.draw(seed, params)
        W_xh, W_hh, b, xs, h0 = _arrays(variant)
        mine = bptt_by_hand(W_xh, W_hh, b, xs, h0, variant.givens["loss"], BPTTSlips())
        np.testing.assert_allclose(variant.answer, mine.reshape(-1).tolist(), atol=1e-12)
        assert variant.colliding_mistakes() == [], seed
        labels = {s.label for s in variant.steps}
        assert all(m.step in labels for m in variant.mistakes)
        assert variant == TEMPLATE.draw(seed, params)


@pytest.mark.parametrize("params", PARAMS)
def test_answer_matches_torch_autograd(params: dict[str, Any]) -> None:
    torch = pytest.importorskip("torch")
    for seed in range(10):
        variant = TEMPLATE.draw(seed, params)
        W_xh, W_hh, b, xs, h0 = (torch.tensor(a) for a in _arrays(variant))
        W_hh.requires_grad_(True)
        h, loss = h0, torch.zeros((), dtype=torch.float64)
        for t in range(xs.shape[0]):
            h = torch.tanh(W_xh @ xs[t] + W_hh @ h + b)
            if variant.givens["loss"] == "sum" or t == xs.shape[0] - 1:
                loss = loss + h.sum()
        loss.backward()
        np.testing.assert_allclose(
            variant.answer, W_hh.grad.numpy().reshape(-1).tolist(), atol=1e-12
        )


def test_slips_are_what_they_say_on_one_unit() -> None:
    for seed in range(20):
        variant = TEMPLATE.draw(seed, {"steps": 2})
        g = variant.givens
        w, u, b = g["W_hh"][0][0], g["W_xh"][0][0], g["b"][0]
        h0, (x1, x2) = g["h0"][0], g["xs"]
        h1 = np.tanh(u * x1 + w * h0 + b)
        h2 = np.tanh(u * x2 + w * h1 + b)
        d1, d2 = 1 - h1**2, 1 - h2**2
        # L = h1 + h2: terms (1,1), (2,2) and (2,1)
        assert variant.answer == pytest.approx(d1 * h0 + d2 * h1 + d2 * w * d1 * h0)
        slips = {m.id: m.answer for m in variant.mistakes}
        assert slips["bptt.immediate-only"] == pytest.approx(d1 * h0 + d2 * h1)
        assert slips["bptt.last-loss-only"] == pytest.approx(d2 * h1 + d2 * w * d1 * h0)
        assert slips["bptt.state-not-previous"] == pytest.approx(
            d1 * h1 + d2 * h2 + d2 * w * d1 * h1
        )
        assert slips["bptt.no-tanh-derivative"] == pytest.approx(h0 + h1 + w * h0)


@pytest.mark.parametrize("params", PARAMS)
def test_each_wrong_answer_is_diagnosed(params: dict[str, Any]) -> None:
    assert_every_slip_is_diagnosed("rnn_weight_gradient", params)


def test_the_prompt_states_the_loss_and_the_layout() -> None:
    one = TEMPLATE.draw(0, {"steps": 3})
    assert "L = h_1 + h_2 + h_3" in one.prompt
    last = TEMPLATE.draw(0, {"steps": 3, "loss": "last"})
    assert "L = h_3 (last step)" in last.prompt
    two = TEMPLATE.draw(0, {"hidden_size": 2})
    assert "row by row" in two.prompt and "column vectors" in two.prompt
    assert next(m for m in two.mistakes if m.id == "bptt.transposed").convention

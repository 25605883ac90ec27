"""lstm_cell_jacobian: the gates shown are the cell's, the answer is torch's Jacobian and the
whiteboard formula, every slip is named, and what the bank says about the regimes holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

from quizapp.templates import TEMPLATES
from tests.templates.diagnosis import assert_every_slip_is_diagnosed

if TYPE_CHECKING:  # torch is optional: the test that needs it skips without it
    from torch import Tensor

TEMPLATE = TEMPLATES["lstm_cell_jacobian"]
PARAMS = [
    {"quantity": "total"},
    {"quantity": "indirect"},
    {"quantity": "ratio"},
    {"hidden_size": 2},
    {"hidden_size": 2, "quantity": "indirect"},
]
# the regimes the bank's questions use, and the bound on |J / f_t − 1| their explanations state
SMALL = {"quantity": "ratio", "recurrent_range": 0.2, "forget_low": 0.7}
CLOSED = {"quantity": "ratio", "output_low": 0.02, "output_high": 0.1, "forget_low": 0.5}
LARGE = {"quantity": "ratio", "recurrent_range": 2.0}


def _arrays(variant: Any) -> dict[str, np.ndarray]:
    H = len(variant.givens["c_prev"])
    out = {k: np.asarray(v, dtype=float) for k, v in variant.givens.items()}
    for k in ("W_hi", "W_hf", "W_hg", "W_ho"):
        out[k] = out[k].reshape(H, H)
    return out


def _by_formula(g: dict[str, np.ndarray]) -> np.ndarray:
    """The whiteboard formula, written out from the givens."""
    i, f, gg, c, o = g["i_t"], g["f_t"], g["g_t"], g["c_prev"], g["o_prev"]
    dh = o * (1 - np.tanh(c) ** 2)
    dc_dh = (
        (c * f * (1 - f))[:, None] * g["W_hf"]
        + (gg * i * (1 - i))[:, None] * g["W_hi"]
        + (i * (1 - gg**2))[:, None] * g["W_hg"]
    )
    total: np.ndarray = np.diag(f) + dc_dh * dh[None, :]
    return total


def _flat(matrix: np.ndarray) -> Any:
    values = [float(v) for v in matrix.reshape(-1)]
    return values[0] if len(values) == 1 else values


@pytest.mark.parametrize("params", [*PARAMS, SMALL, CLOSED, LARGE])
def test_answer_is_the_whiteboard_formula(params: dict[str, Any]) -> None:
    for seed in range(60):
        variant = TEMPLATE.draw(seed, params)
        g = _arrays(variant)
        J = _by_formula(g)
        quantity = params.get("quantity", "total")
        expected = {
            "total": _flat(J),
            "indirect": _flat(J - np.diag(g["f_t"])),
            "ratio": float(J[0, 0] / g["f_t"][0]),
        }[quantity]
        np.testing.assert_allclose(variant.answer, expected, atol=1e-12)
        assert variant.colliding_mistakes() == [], seed
        labels = {s.label for s in variant.steps}
        assert all(m.step in labels for m in variant.mistakes)
        assert variant == TEMPLATE.draw(seed, params)


def test_answer_matches_torch_autograd_jacobian() -> None:
    """Rebuild the step in torch from the givens alone (biases solved from the shown gates)."""
    torch = pytest.importorskip("torch")
    for seed in range(10):
        for H in (1, 2):
            variant = TEMPLATE.draw(seed, {"hidden_size": H})
            g = {k: torch.tensor(v, dtype=torch.float64) for k, v in _arrays(variant).items()}
            h_shown = g["o_prev"] * torch.tanh(g["c_prev"])
            pre = {
                "i": torch.logit(g["i_t"]),
                "f": torch.logit(g["f_t"]),
                "g": torch.atanh(g["g_t"]),
            }
            bias = {k: pre[k] - g[f"W_h{k}"] @ h_shown for k in "ifg"}

            def c_next(
                c_prev: Tensor, g: dict[str, Tensor] = g, bias: dict[str, Tensor] = bias
            ) -> Tensor:
                h_prev = g["o_prev"] * torch.tanh(c_prev)
                i = torch.sigmoid(g["W_hi"] @ h_prev + bias["i"])
                f = torch.sigmoid(g["W_hf"] @ h_prev + bias["f"])
                cand = torch.tanh(g["W_hg"] @ h_prev + bias["g"])
                c_t: Tensor = f * c_prev + i * cand
                return c_t

            jac = torch.autograd.functional.jacobian(c_next, g["c_prev"]).numpy()
            np.testing.assert_allclose(variant.answer, _flat(jac), atol=1e-12)


def test_the_named_slips_are_what_they_say() -> None:
    for seed in range(20):
        variant = TEMPLATE.draw(seed, {"quantity": "total"})
        g = _arrays(variant)
        slips = {m.id: m.answer for m in variant.mistakes}
        assert slips["jac.shortcut"] == pytest.approx(float(g["f_t"][0]))
        f, i, gg, c = g["f_t"][0], g["i_t"][0], g["g_t"][0], g["c_prev"][0]
        forget_path = c * f * (1 - f) * g["W_hf"][0, 0] * g["o_prev"][0] * (1 - np.tanh(c) ** 2)
        assert slips["jac.forget-path-only"] == pytest.approx(f + forget_path)
        indirect = variant.answer - f
        no_tanh = indirect / (1 - np.tanh(c) ** 2)  # o_(t−1) kept, tanh' dropped
        assert slips["jac.no-tanh-derivative"] == pytest.approx(f + no_tanh)
        assert i > 0 and gg != 1  # the shown gates are inside their ranges
    two = TEMPLATE.draw(0, {"hidden_size": 2})
    transposed = next(m for m in two.mistakes if m.id == "jac.transposed")
    assert transposed.convention
    assert transposed.answer == np.asarray(two.answer).reshape(2, 2).T.reshape(-1).tolist()


@pytest.mark.parametrize("params", [*PARAMS, SMALL])
def test_each_wrong_answer_is_diagnosed(params: dict[str, Any]) -> None:
    assert_every_slip_is_diagnosed("lstm_cell_jacobian", params)


def _worst_deviation(w_max: float, o_high: float, f_low: float, f_high: float) -> float:
    """max |J/f − 1| over every value the template can draw (grid of its roundings)."""
    f = np.round(np.arange(f_low, f_high + 1e-9, 0.01), 2)[:, None, None, None]
    i = np.round(np.arange(0.1, 0.9 + 1e-9, 0.01), 2)[None, :, None, None]
    g = np.round(np.arange(-0.9, 0.9 + 1e-9, 0.01), 2)[None, None, :, None]
    c = np.round(np.arange(-1.5, 1.5 + 1e-9, 0.1), 1)[None, None, None, :]
    dh = o_high * (1 - np.tanh(c) ** 2)
    paths = np.abs(c) * f * (1 - f) + np.abs(g) * i * (1 - i) + i * (1 - g**2)
    return float(np.max(dh * w_max * paths / f))


def _ratio(seed: int, params: dict[str, Any]) -> float:
    """The drawn J / f_t: quantity 'ratio' asks for one number."""
    answer = TEMPLATE.draw(seed, params).answer
    assert isinstance(answer, float)
    return answer


def test_what_the_bank_says_about_the_regimes_holds_for_every_draw() -> None:
    """Small recurrent weights: within 0.25 of 1; nearly closed o_(t−1): within 0.2 of 1;
    weights up to 2: the shortcut is off by more than 20 % in a large share of draws."""
    assert _worst_deviation(0.2, 0.95, 0.7, 0.95) < 0.25
    assert _worst_deviation(1.0, 0.1, 0.5, 0.95) < 0.2
    small = [abs(_ratio(s, SMALL) - 1) for s in range(300)]
    closed = [abs(_ratio(s, CLOSED) - 1) for s in range(300)]
    large = [abs(_ratio(s, LARGE) - 1) for s in range(300)]
    assert max(small) < 0.25 and max(closed) < 0.2
    assert np.mean(np.array(large) > 0.2) > 0.3
    assert np.median(large) > 3 * np.median(small)


def test_bad_params_are_refused() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="hidden_size 1"):
        TEMPLATE.draw(0, {"quantity": "ratio", "hidden_size": 2})
    with pytest.raises(ValidationError, match="must not exceed"):
        TEMPLATE.draw(0, {"forget_low": 0.9, "forget_high": 0.5})

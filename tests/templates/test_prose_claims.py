"""What the built-in drills' prose says about their numbers holds for every draw (500 seeds).

Each test reads the question's own parameters from the bank, so a change of range that breaks
the prose fails here, not in front of a learner.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pytest
from pydantic import ValidationError

import engine
from quizapp.banks.models import NumericQuestion
from quizapp.templates import get_template
from quizapp.templates.base import Variant
from quizapp.templates.mistakes import GRUSlips, gru_by_hand

if TYPE_CHECKING:
    from quizapp.banks import LoadResult, Question

SEEDS = range(500)


@pytest.fixture(scope="module")
def drills(builtin: LoadResult) -> dict[str, Question]:
    return builtin.questions


def _draws(question: Question) -> list[Variant]:
    assert isinstance(question, NumericQuestion) and question.template is not None
    template = get_template(question.template)
    return [template.draw(seed, dict(question.params)) for seed in SEEDS]


def _number(variant: Variant) -> float:
    """The answer of a drill that asks for one number."""
    assert isinstance(variant.answer, float), variant.answer
    return variant.answer


def _factors(variant: Variant) -> list[float]:
    """The per-step factors w·(1 − h_t²) of the worked solution."""
    factors: list[float] = []
    for step in variant.steps:
        if "·(1 − h_" in step.formula:
            assert isinstance(step.value, float), step
            factors.append(step.value)
    return factors


def test_long_drill_every_factor_is_below_one(drills: dict[str, Question]) -> None:
    """'Each factor w·(1 − h_t²) is below 1 here': the weight range keeps it so."""
    for variant in _draws(drills["numeric_drills.rnn-gradient-long"]):
        factors = _factors(variant)
        assert len(factors) == 6
        assert all(abs(f) < 1 for f in factors), (variant.seed, factors)
        assert abs(_number(variant)) <= 0.9**6 + 1e-12


def test_saturation_drill_factors_never_exceed_the_weight(drills: dict[str, Question]) -> None:
    """'Each factor is at most w', so the product is at most w^5 in magnitude."""
    for variant in _draws(drills["numeric_drills.rnn-gradient-saturate"]):
        w = variant.givens["w"]
        assert 2.5 <= w <= 4.0
        assert all(abs(f) <= w for f in _factors(variant))
        assert abs(_number(variant)) <= w**5


def test_exploding_drill_really_explodes_near_the_linear_regime(
    drills: dict[str, Question],
) -> None:
    """‖∂h_T/∂h_0‖ > 1 in every draw, and close to ρ^T: 'each step multiplies by about ρ'."""
    for variant in _draws(drills["numeric_drills.rnn-gradient-explode"]):
        rho, T = variant.givens["factor"], variant.givens["T"]
        assert rho > 1
        assert _number(variant) > 0.5, variant.seed  # the norm is more than 3x
        assert abs(_number(variant) - T * math.log10(rho)) < 0.05, variant.seed


def test_decay_drill_really_vanishes_near_the_linear_regime(drills: dict[str, Question]) -> None:
    for variant in _draws(drills["numeric_drills.predict-rnn-decay"]):
        rho, T = variant.givens["factor"], variant.givens["T"]
        assert _number(variant) < 0
        assert abs(_number(variant) - T * math.log10(rho)) < 0.05, variant.seed


def test_decay_parameters_refuse_growth_that_leaves_the_linear_regime() -> None:
    params = get_template("gradient_decay").params_model
    params.model_validate({"radius_low": 1.15, "radius_high": 1.3, "lengths": [10]})
    with pytest.raises(ValidationError, match="linear regime"):
        params.model_validate({"radius_low": 1.1, "radius_high": 1.3, "lengths": [50]})
    with pytest.raises(ValidationError, match="must not exceed"):
        params.model_validate({"radius_low": 0.9, "radius_high": 0.5})


def test_one_unit_candidate_is_the_same_under_both_placements(drills: dict[str, Question]) -> None:
    """The one-unit candidate drill says the other placement gives the same number."""
    question = drills["numeric_drills.gru-take-after-n"]
    for variant in _draws(question):
        g = {k: np.array(v) for k, v in variant.givens.items()}
        parts = {k: v for k, v in g.items() if k.startswith(("W_", "b_"))}
        before = gru_by_hand(parts, g["x"], g["h_prev"], GRUSlips(update="take", reset="before"))
        np.testing.assert_allclose(variant.answer, before["n"], atol=1e-12)


def test_multi_unit_candidates_differ_between_placements(drills: dict[str, Question]) -> None:
    """With several units the placement matters: the template tells the two apart every time."""
    for qid in ("numeric_drills.gru-keep-after-n", "numeric_drills.gru-take-before-n"):
        for variant in _draws(drills[qid])[:100]:
            wrong_side = [m for m in variant.mistakes if m.id == "gru.reset-wrong-side"]
            assert wrong_side and not variant.colliding_mistakes()


def test_clipping_at_exactly_max_norm_still_scales() -> None:
    """The clip-by-norm explanation: at ‖g‖ = max_norm the scale is 5 / (5 + 1e-6)."""
    clipped, total = engine.clip_grad_norm([np.array([3.0, 4.0])], 5.0)
    assert total == 5.0
    assert clipped[0][0] / 3.0 == pytest.approx(0.9999998, abs=1e-9)
    assert clipped[0][0] != 3.0


def test_large_weight_jacobian_never_exceeds_the_weights(drills: dict[str, Question]) -> None:
    """'No entry of J is larger in magnitude than the matching entry of W_hh.'"""
    for variant in _draws(drills["numeric_drills.rnn-jacobian-large-weights"]):
        w_hh = np.abs(np.array(variant.givens["W_hh"])).reshape(-1)
        assert np.all(np.abs(np.array(variant.answer)) <= w_hh + 1e-12)


def test_long_cell_path_lies_between_the_quoted_powers(drills: dict[str, Question]) -> None:
    """'0.99^100 ≈ 0.37 but 0.95^100 ≈ 0.006' bound every draw of the 100-step cell path."""
    for variant in _draws(drills["numeric_drills.lstm-cell-path-long"]):
        assert 0.95**100 - 1e-12 <= _number(variant) <= 0.99**100 + 1e-12
    assert round(0.99**100, 2) == 0.37 and round(0.95**100, 3) == 0.006

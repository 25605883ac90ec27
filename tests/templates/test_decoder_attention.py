"""decoder_attention: weights and context equal torch's softmax and the papers' score formulas;
every slip is a different number the grader names."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from quizapp.templates import TEMPLATES
from tests.templates.diagnosis import assert_every_slip_is_diagnosed

TEMPLATE = TEMPLATES["decoder_attention"]
PARAMS = [
    {"score": s, "quantity": q}
    for s in ("dot", "general", "additive")
    for q in ("weights", "context")
] + [{"score": "dot", "source_length": 4}]


def _scores(params: dict[str, Any], g: dict[str, Any]) -> np.ndarray:
    q, keys = np.asarray(g["query"]), np.asarray(g["keys"])
    if params["score"] == "dot":
        return np.array([q @ h for h in keys])
    if params["score"] == "general":
        W = np.asarray(g["W_a"])
        return np.array([q @ (W @ h) for h in keys])
    W, U, v = (np.asarray(g[k]) for k in ("W_a", "U_a", "v_a"))
    return np.array([v @ np.tanh(W @ q + U @ h) for h in keys])


@pytest.mark.parametrize("params", PARAMS)
def test_answer_is_the_softmax_of_the_papers_scores(params: dict[str, Any]) -> None:
    torch = pytest.importorskip("torch")
    for seed in range(50):
        variant = TEMPLATE.draw(seed, params)
        alpha = torch.softmax(torch.tensor(_scores(params, variant.givens)), dim=0).numpy()
        expected = (
            alpha
            if params.get("quantity", "weights") == "weights"
            else alpha @ np.asarray(variant.givens["keys"])
        )
        np.testing.assert_allclose(variant.answer, expected, atol=1e-12)
        assert variant.colliding_mistakes() == [], seed
        labels = {s.label for s in variant.steps}
        assert all(m.step in labels for m in variant.mistakes)
        assert variant == TEMPLATE.draw(seed, params)


def test_the_prompt_names_whose_state_scores() -> None:
    assert "previous state s_(i−1)" in TEMPLATE.draw(0, {"score": "additive"}).prompt
    assert "current state h_t" in TEMPLATE.draw(0, {"score": "dot"}).prompt
    assert "W_a h̄_j" in TEMPLATE.draw(0, {"score": "general"}).prompt


def test_slips_are_what_they_say() -> None:
    for seed in range(20):
        variant = TEMPLATE.draw(seed, {"score": "general", "quantity": "weights"})
        g = variant.givens
        slips = {m.id: m.answer for m in variant.mistakes}
        n = len(g["keys"])
        np.testing.assert_allclose(slips["attn.uniform"], np.full(n, 1 / n))
        np.testing.assert_allclose(
            slips["attn.no-softmax"], _scores({"score": "general"}, g), atol=1e-12
        )
        dot = _scores({"score": "dot"}, g)
        np.testing.assert_allclose(slips["attn.dot-not-general"], np.exp(dot) / np.exp(dot).sum())


@pytest.mark.parametrize("params", PARAMS)
def test_each_wrong_answer_is_diagnosed(params: dict[str, Any]) -> None:
    assert_every_slip_is_diagnosed("decoder_attention", params)

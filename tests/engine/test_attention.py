"""engine.attention against torch and against the papers' formulas written out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from engine.attention import additive_scores, attend, dot_scores, general_scores, softmax


def test_scores_equal_the_formulas_position_by_position() -> None:
    rng = np.random.default_rng(0)
    q, keys = rng.normal(size=3), rng.normal(size=(4, 2))
    W, U, v = rng.normal(size=(5, 3)), rng.normal(size=(5, 2)), rng.normal(size=5)
    W_gen = rng.normal(size=(3, 2))
    for j, h in enumerate(keys):
        assert additive_scores(q, keys, W, U, v)[j] == pytest.approx(v @ np.tanh(W @ q + U @ h))
        assert general_scores(q, keys, W_gen)[j] == pytest.approx(q @ W_gen @ h)
    q2 = rng.normal(size=2)
    np.testing.assert_allclose(dot_scores(q2, keys), [q2 @ h for h in keys])


def test_weights_and_context_match_torch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    for _ in range(10):
        scores, values = rng.normal(size=5) * 3, rng.normal(size=(5, 3))
        alpha, context = attend(scores, values)
        expected = torch.softmax(torch.tensor(scores), dim=-1)
        np.testing.assert_allclose(alpha, expected.numpy(), atol=1e-14)
        np.testing.assert_allclose(context, (expected @ torch.tensor(values)).numpy(), atol=1e-14)


def test_softmax_is_stable_and_sums_to_one() -> None:
    alpha = softmax([1000.0, 1000.0, -1000.0])
    np.testing.assert_allclose(alpha, [0.5, 0.5, 0.0])
    assert softmax(np.arange(4.0)).sum() == pytest.approx(1.0)


def test_shape_errors_name_the_shapes() -> None:
    with pytest.raises(ValueError, match="dot scores need keys of size 3"):
        dot_scores(np.ones(3), np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"W_a must have shape \(3, 2\)"):
        general_scores(np.ones(3), np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="need W_a"):
        additive_scores(np.ones(2), np.ones((3, 2)), np.ones((4, 3)), np.ones((4, 2)), np.ones(4))
    with pytest.raises(ValueError, match="values must be"):
        attend(np.ones(3), np.ones((2, 2)))

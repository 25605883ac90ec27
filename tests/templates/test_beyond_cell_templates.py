"""The 'beyond the cell' templates: same seed same variant, every listed mistake outside the
tolerance and diagnosed at a shown step, the prompt's claims true on every draw, and answers
equal to an independent computation (torch where it can compute them, numpy by hand otherwise).
"""

from __future__ import annotations

import random
import re
from typing import Any

import numpy as np
import pytest

from quizapp.core import grader
from quizapp.core.formatting import format_answer
from quizapp.core.presenter import present
from quizapp.grading import parse_numeric_answer
from quizapp.templates import TEMPLATES
from quizapp.templates.base import Mistake, Variant
from quizapp.tolerance import check_numeric

DRAWS = range(200)

CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    (
        "min_gru_scan",
        {},
        {
            "mingru.keep-convention",
            "mingru.tanh-candidate",
            "mingru.h0-dropped",
            "mingru.inclusive-products",
        },
    ),
    (
        "min_gru_scan",
        {"hidden_size": 2, "steps": 4},
        {
            "mingru.keep-convention",
            "mingru.tanh-candidate",
            "mingru.h0-dropped",
            "mingru.inclusive-products",
        },
    ),
    (
        "min_gru_scan",
        {"quantity": "h0_weight"},
        {"mingru.keep-convention", "mingru.last-factor-only"},
    ),
    (
        "min_gru_scan",
        {"quantity": "pair"},
        {"mingru.keep-convention", "mingru.inclusive-products", "mingru.pair-swapped"},
    ),
    (
        "irnn_steps",
        {},
        {"irnn.no-relu", "irnn.relu-at-end", "irnn.tanh", "irnn.state-not-carried"},
    ),
    (
        "irnn_steps",
        {"steps": 4, "input_size": 2, "identity_scale": 0.5},
        {"irnn.no-relu", "irnn.relu-at-end", "irnn.tanh", "irnn.state-not-carried"},
    ),
    ("relu_rnn_growth", {}, {"relu.transposed", "relu.tanh", "relu.off-by-one"}),
    (
        "relu_rnn_growth",
        {"quantity": "factor"},
        {"growth.largest-singular-value", "growth.trace", "growth.max-row-sum"},
    ),
    (
        "layer_norm_step",
        {},
        {
            "norm.batch-statistics",
            "norm.unbiased-variance",
            "norm.no-centring",
            "norm.affine-left-out",
        },
    ),
    (
        "layer_norm_step",
        {"affine": False, "batch": 3, "hidden_size": 4},
        {"norm.batch-statistics", "norm.unbiased-variance", "norm.no-centring"},
    ),
    ("layer_norm_step", {"quantity": "sigma"}, {"norm.unbiased-variance", "norm.no-centring"}),
    (
        "dropout_mask_count",
        {},
        {"dropout.naive-not-resampled", "dropout.output-forgotten", "dropout.recurrent-added"},
    ),
    (
        "dropout_mask_count",
        {"quantity": "entries"},
        {"dropout.naive-not-resampled", "dropout.output-forgotten", "dropout.recurrent-added"},
    ),
    (
        "dropout_mask_count",
        {"scheme": "variational"},
        {"dropout.variational-resampled", "dropout.recurrent-forgotten"},
    ),
    (
        "dropout_mask_count",
        {"scheme": "variational", "quantity": "entries"},
        {"dropout.variational-resampled", "dropout.recurrent-forgotten"},
    ),
    ("lm_param_count", {}, {"lm.one-bias", "lm.decoder-bias-forgotten", "lm.tied-counted-twice"}),
    (
        "lm_param_count",
        {"tied": False, "cell": "gru", "num_layers": 2},
        {"lm.one-bias", "lm.decoder-bias-forgotten", "lm.untied-counted-tied"},
    ),
]


@pytest.mark.parametrize(("name", "params", "expected"), CASES)
def test_same_seed_same_variant_and_mistakes_outside_tolerance(
    name: str, params: dict[str, Any], expected: set[str]
) -> None:
    template = TEMPLATES[name]
    for seed in DRAWS:
        variant = template.draw(seed, params)
        assert variant == template.draw(seed, params), seed
        assert {m.id for m in variant.mistakes} == expected, seed
        assert variant.colliding_mistakes() == [], seed
        labels = {step.label for step in variant.steps}
        assert all(m.step in labels for m in variant.mistakes), seed
        assert len(labels) == len(variant.steps), seed  # every step label is unique


@pytest.mark.parametrize(("name", "params", "expected"), CASES)
def test_each_wrong_answer_is_diagnosed(
    name: str, params: dict[str, Any], expected: set[str]
) -> None:
    from quizapp.banks.models import NumericQuestion

    question = NumericQuestion.model_validate(
        {
            "id": f"t.{name}",
            "kind": "numeric",
            "topics": list(TEMPLATES[name].topics[:1]),
            "prompt": "p",
            "explanation": "e",
            "template": name,
            "params": params,
        }
    ).to_record()
    for seed in range(6):
        presented = present(question, random.Random(seed))
        variant = presented.variant
        right = grader.grade(presented, format_answer(variant.answer))
        assert right.correct, seed
        for mistake in variant.mistakes:
            verdict = grader.grade(presented, format_answer(mistake.answer))
            assert not verdict.correct and verdict.diagnosis is not None, (seed, mistake.id)
            size = len(variant.answer) if isinstance(variant.answer, list) else None
            values = parse_numeric_answer(format_answer(mistake.answer), size)
            assert isinstance(values, list), (seed, mistake.id)
            typed = values[0] if len(values) == 1 else values
            first = next(
                m for m in variant.mistakes if check_numeric(typed, m.answer, variant.tolerance)
            )
            assert verdict.diagnosis.mistake_id == first.id


def _g(variant: Variant, key: str) -> np.ndarray:
    return np.asarray(variant.givens[key], dtype=float)


def _mistake(variant: Variant, mistake_id: str) -> Mistake:
    return next(m for m in variant.mistakes if m.id == mistake_id)


@pytest.mark.parametrize("seed", range(30))
def test_min_gru_by_hand_and_its_slips(seed: int) -> None:
    variant = TEMPLATES["min_gru_scan"].draw(seed, {"hidden_size": 2, "steps": 4})
    z, cand, h0 = _g(variant, "z"), _g(variant, "h_tilde"), _g(variant, "h0")
    assert np.all((z > 0) & (z < 1))  # gates are fractions on every draw

    def run(update: str, squash: bool) -> np.ndarray:
        h = h0.copy()
        for zt, ct in zip(z, cand, strict=True):
            c = np.tanh(ct) if squash else ct
            h = (1 - zt) * h + zt * c if update == "take" else zt * h + (1 - zt) * c
        return h

    np.testing.assert_allclose(variant.answer, run("take", False), atol=1e-12)
    np.testing.assert_allclose(
        _mistake(variant, "mingru.keep-convention").answer, run("keep", False), atol=1e-12
    )
    np.testing.assert_allclose(
        _mistake(variant, "mingru.tanh-candidate").answer, run("take", True), atol=1e-12
    )
    A = np.prod(1 - z, axis=0)
    np.testing.assert_allclose(
        _mistake(variant, "mingru.h0-dropped").answer, run("take", False) - A * h0, atol=1e-12
    )
    assert variant.extras["scan_rounds"] == 2  # ⌈log2 4⌉


@pytest.mark.parametrize("seed", range(10))
def test_min_gru_matches_torch(seed: int) -> None:
    torch = pytest.importorskip("torch")
    variant = TEMPLATES["min_gru_scan"].draw(seed, {"steps": 5})
    z = torch.tensor(_g(variant, "z"))
    cand = torch.tensor(_g(variant, "h_tilde"))
    h = torch.tensor(_g(variant, "h0"))
    for t in range(z.shape[0]):
        h = torch.lerp(h, cand[t], z[t])  # (1 − z)·h + z·h̃
    np.testing.assert_allclose(variant.answer, h.numpy(), atol=1e-12)
    pair = TEMPLATES["min_gru_scan"].draw(seed, {"quantity": "pair", "steps": 5})
    a = 1 - torch.tensor(_g(pair, "z"))[:, 0]
    b = torch.tensor(_g(pair, "z"))[:, 0] * torch.tensor(_g(pair, "h_tilde"))[:, 0]
    later = torch.flip(torch.cumprod(torch.flip(a, [0]), 0), [0])  # Π_(j≥k) a_j
    B = (torch.cat([later[1:], torch.ones(1, dtype=a.dtype)]) * b).sum()
    np.testing.assert_allclose(pair.answer, [float(torch.prod(a)), float(B)], atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_irnn_matches_torch_relu_rnn(seed: int) -> None:
    torch = pytest.importorskip("torch")
    params = {"steps": 4, "input_size": 2, "identity_scale": 0.5}
    variant = TEMPLATES["irnn_steps"].draw(seed, params)
    W_xh, xs = _g(variant, "W_xh"), _g(variant, "xs")
    rnn = torch.nn.RNN(2, 2, nonlinearity="relu").double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(W_xh))
        rnn.weight_hh_l0.copy_(0.5 * torch.eye(2, dtype=torch.float64))
        rnn.bias_ih_l0.zero_()
        rnn.bias_hh_l0.zero_()
        _, h_n = rnn(torch.tensor(xs)[:, None, :])
    np.testing.assert_allclose(variant.answer, h_n[0, 0].numpy(), atol=1e-12)


IRNN_PARAMS = [
    {},
    {"steps": 4, "hidden_size": 2, "input_size": 2, "identity_scale": 0.5},
    {"steps": 3, "hidden_size": 1, "identity_scale": 0.9},
    {"steps": 3, "hidden_size": 3, "identity_scale": 0.25},
]


@pytest.mark.parametrize("params", IRNN_PARAMS, ids=str)
def test_irnn_prose_holds_on_every_draw(params: dict[str, Any]) -> None:
    """What the prompt, the worked steps and the state-not-carried feedback say W_hh does is what
    the variant's W_hh = λ·I does (λ = 1 or not); zero bias, h_0 = 0; and at least one entry is
    clipped (else ReLU is moot)."""
    for seed in DRAWS:
        variant = TEMPLATES["irnn_steps"].draw(seed, params)
        lam = variant.givens["identity_scale"]
        assert lam == params.get("identity_scale", 1.0)
        W_xh, xs = _g(variant, "W_xh"), _g(variant, "xs")
        assert np.all(W_xh != 0)
        if lam == 1.0:
            assert "initialised to the identity I" in variant.prompt
            assert "each step keeps the previous state" in variant.prompt
        else:
            assert f"initialised to {lam:g}·I" in variant.prompt
            assert f"each step scales the previous state by {lam:g}," in variant.prompt
            assert "keeps the previous state" not in variant.prompt
        values = {s.label: np.asarray(s.value, dtype=float) for s in variant.steps}
        h = np.zeros(W_xh.shape[0])
        for t, x in enumerate(xs, start=1):
            np.testing.assert_allclose(values[f"a_{t}"], lam * h + W_xh @ x, atol=1e-12)
            h = values[f"h_{t}"]
        formulas = [s.formula for s in variant.steps if s.label.startswith("a_")]
        scale = "" if lam == 1.0 else f"{lam:g}·"
        assert all(f"= {scale}h_{t} + W_xh" in f for t, f in enumerate(formulas)), formulas
        carried = _mistake(variant, "irnn.state-not-carried").explanation
        said = re.fullmatch(
            r"W_hh = (?:(\S+)·)?I carries .*: a_t = (?:(\S+)·)?h_\(t−1\) .*", carried
        )
        assert said, carried
        assert said[1] == said[2] == (None if lam == 1.0 else f"{lam:g}"), carried
        pre = [values[f"a_{t}"] for t in range(1, len(xs) + 1)]
        assert any(np.any(a < 0) for a in pre), seed


@pytest.mark.parametrize("quantity", ["norm", "factor"])
def test_relu_growth_prose_holds_on_every_draw(quantity: str) -> None:
    """Positive W and h_0, ReLU never clips, and the state really grows (ρ > 1)."""
    for seed in DRAWS:
        variant = TEMPLATES["relu_rnn_growth"].draw(seed, {"quantity": quantity, "steps": 6})
        W, h0 = _g(variant, "W"), _g(variant, "h0")
        assert np.all(W > 0) and np.all(h0 > 0)
        assert variant.extras["spectral_radius"] > 1.0
        state = h0
        for _ in range(6):
            state = W @ state
            assert np.all(state > 0)
        norms = variant.extras["norms"]
        assert norms[-1] > np.linalg.norm(h0)


@pytest.mark.parametrize("seed", range(10))
def test_relu_growth_matches_torch(seed: int) -> None:
    torch = pytest.importorskip("torch")
    variant = TEMPLATES["relu_rnn_growth"].draw(seed, {"steps": 5})
    W, h0 = _g(variant, "W"), _g(variant, "h0")
    rnn = torch.nn.RNN(1, 2, nonlinearity="relu", bias=False).double()
    with torch.no_grad():
        rnn.weight_ih_l0.zero_()
        rnn.weight_hh_l0.copy_(torch.tensor(W))
        _, h_n = rnn(torch.zeros(5, 1, 1, dtype=torch.float64), torch.tensor(h0)[None, None])
    assert variant.answer == pytest.approx(float(h_n.norm()), rel=1e-12)
    factor = TEMPLATES["relu_rnn_growth"].draw(seed, {"quantity": "factor"})
    eig = torch.linalg.eigvals(torch.tensor(_g(factor, "W"))).abs().max()
    assert factor.answer == pytest.approx(float(eig), rel=1e-12)
    sigma = torch.linalg.matrix_norm(torch.tensor(_g(factor, "W")), ord=2)
    assert _mistake(factor, "growth.largest-singular-value").answer == pytest.approx(float(sigma))


@pytest.mark.parametrize("seed", range(10))
def test_layer_norm_matches_torch_and_batch_norm_is_the_slip(seed: int) -> None:
    torch = pytest.importorskip("torch")
    variant = TEMPLATES["layer_norm_step"].draw(seed, {"batch": 3, "hidden_size": 4})
    a = torch.tensor(_g(variant, "a"))
    g, b = torch.tensor(_g(variant, "gain")), torch.tensor(_g(variant, "bias"))
    ln = torch.nn.functional.layer_norm(a, (4,), g, b, eps=0.0)[0]
    np.testing.assert_allclose(variant.answer, ln.numpy(), atol=1e-12)
    bn = torch.nn.functional.batch_norm(a, None, None, g, b, training=True, eps=1e-12)[0]
    np.testing.assert_allclose(
        _mistake(variant, "norm.batch-statistics").answer, bn.numpy(), atol=1e-9
    )
    sigma = TEMPLATES["layer_norm_step"].draw(seed, {"quantity": "sigma"})
    row = torch.tensor(_g(sigma, "a"))[0]
    assert isinstance(sigma.answer, float)
    assert sigma.answer == pytest.approx(float(row.std(correction=0)))
    assert sigma.answer >= 0.3  # never a near-zero σ to divide by


def test_dropout_counts_follow_the_rules_in_the_prompt() -> None:
    for seed in range(50):
        for scheme in ("naive", "variational"):
            variant = TEMPLATES["dropout_mask_count"].draw(seed, {"scheme": scheme})
            g = variant.givens
            L, T = g["layers"], g["steps"]
            expected = (L + 1) * T if scheme == "naive" else 2 * L + 1
            assert variant.answer == expected
            entries = TEMPLATES["dropout_mask_count"].draw(
                seed, {"scheme": scheme, "quantity": "entries"}
            )
            d_x, h = g["input_size"], g["hidden_size"]
            per = d_x + L * h
            assert entries.answer == (T * per if scheme == "naive" else per + L * h)


@pytest.mark.parametrize("tied", [True, False])
@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_lm_counts_match_torch_modules(tied: bool, cell: str) -> None:
    torch = pytest.importorskip("torch")
    for seed in range(5):
        params = {"tied": tied, "cell": cell, "num_layers": 1 + seed % 3}
        variant = TEMPLATES["lm_param_count"].draw(seed, params)
        V, d = variant.givens["vocab"], variant.givens["embed"]
        rnn_cls = torch.nn.LSTM if cell == "lstm" else torch.nn.GRU
        model = torch.nn.ModuleDict(
            {
                "emb": torch.nn.Embedding(V, d),
                "rnn": rnn_cls(d, d, num_layers=params["num_layers"]),
                "decoder": torch.nn.Linear(d, V),
            }
        )
        if tied:
            model["decoder"].weight = model["emb"].weight
        assert variant.answer == sum(p.numel() for p in model.parameters())

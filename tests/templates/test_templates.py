"""Every template: many seeds, finite answers, renderable steps, same seed same variant, and
answers equal an independent computation (the engine, and torch where it is installed)."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

import engine
from quizapp.templates import TEMPLATES, UnknownTemplate, get_template

PARAM_SETS: dict[str, list[dict[str, Any]]] = {
    "lstm_step": [{"quantity": q} for q in ("i", "f", "g", "o", "c", "tanh_c", "h")]
    + [{"hidden_size": 3, "input_size": 1}],
    "gru_step": [
        {"quantity": q, "update": u, "reset": r}
        for q in ("r", "z", "n", "h")
        for u in ("keep", "take")
        for r in ("before", "after")
    ],
    "rnn_steps": [{}, {"steps": 4, "nonlinearity": "relu"}],
    "param_count": [
        {"cell": c, "framework": f}
        for c in ("rnn", "gru", "lstm")
        for f in ("pytorch", "keras", "textbook")
    ]
    + [{"cell": "lstm", "num_layers": 3, "bidirectional": True, "proj_size": True}],
    "rnn_gradient": [{}, {"steps": 6}],
    "lstm_cell_path": [{}, {"constant": False}],
    "clip_gradient": [{"quantity": q} for q in ("norm", "clipped", "by_value")],
    "rnn_jacobian": [{}, {"hidden_size": 3, "weight_range": 2.0}],
    "gradient_decay": [{"cell": "rnn"}, {"cell": "lstm"}],
    "min_gru_scan": [{}, {"quantity": "h0_weight", "steps": 5}, {"quantity": "pair"}],
    "irnn_steps": [{}, {"steps": 4, "hidden_size": 3, "identity_scale": 0.5}],
    "relu_rnn_growth": [{}, {"quantity": "factor"}],
    "layer_norm_step": [{}, {"quantity": "sigma", "batch": 3, "hidden_size": 4}],
    "dropout_mask_count": [{}, {"scheme": "variational", "quantity": "entries"}],
    "lm_param_count": [{}, {"tied": False, "cell": "gru", "num_layers": 3}],
    "layer_cost": [
        {"cell": c, "quantity": q}
        for c in ("rnn", "gru", "lstm")
        for q in (
            "forward_flops",
            "forward_macs",
            "training_flops",
            "bptt_memory",
            "inference_memory",
        )
    ],
    "lstm_cell_jacobian": [{"quantity": q} for q in ("total", "indirect", "ratio")]
    + [{"hidden_size": 2}, {"hidden_size": 2, "quantity": "indirect"}],
    "rnn_weight_gradient": [{}, {"loss": "last"}, {"hidden_size": 2, "steps": 2}],
    "decoder_attention": [
        {"score": s, "quantity": q}
        for s in ("dot", "general", "additive")
        for q in ("weights", "context")
    ],
}


def test_every_template_has_param_sets() -> None:
    assert set(PARAM_SETS) == set(TEMPLATES)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_many_seeds_are_finite_and_render(name: str) -> None:
    template = get_template(name)
    for params in PARAM_SETS[name]:
        for seed in range(40):
            variant = template.draw(seed, params)
            values = variant.answer if isinstance(variant.answer, list) else [variant.answer]
            assert values and all(math.isfinite(v) for v in values)
            assert variant.steps and all(
                isinstance(s.label, str) and s.formula for s in variant.steps
            )
            assert variant.prompt.strip() and variant.answer_form
            assert variant == template.draw(seed, params)  # same seed, same question


def test_different_seeds_give_different_numbers() -> None:
    template = get_template("lstm_step")
    answers = {tuple(np.ravel(template.draw(seed, {}).answer)) for seed in range(20)}
    assert len(answers) == 20


@pytest.mark.parametrize("seed", range(15))
@pytest.mark.parametrize("quantity", ["i", "f", "g", "o", "c", "tanh_c", "h"])
def test_lstm_answer_equals_engine_from_the_givens(seed: int, quantity: str) -> None:
    variant = get_template("lstm_step").draw(seed, {"quantity": quantity})
    g = {k: np.array(v) for k, v in variant.givens.items()}
    parts = {k: v for k, v in g.items() if k.startswith(("W_", "b_"))}
    step = engine.LSTMCell.from_gates(**parts).step(g["x"], g["h_prev"], g["c_prev"])
    np.testing.assert_allclose(variant.answer, getattr(step, quantity), atol=1e-12)
    # by hand, independently of the engine

    def sig(a: np.ndarray) -> np.ndarray:
        squashed: np.ndarray = 1 / (1 + np.exp(-a))
        return squashed

    pre = {k: g[f"W_x{k}"] @ g["x"] + g[f"W_h{k}"] @ g["h_prev"] + g[f"b_{k}"] for k in "ifgo"}
    i, f, o, cand = sig(pre["i"]), sig(pre["f"]), sig(pre["o"]), np.tanh(pre["g"])
    c = f * g["c_prev"] + i * cand
    expected = {
        "i": i,
        "f": f,
        "g": cand,
        "o": o,
        "c": c,
        "tanh_c": np.tanh(c),
        "h": o * np.tanh(c),
    }
    np.testing.assert_allclose(variant.answer, expected[quantity], atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("update", ["keep", "take"])
@pytest.mark.parametrize("reset", ["before", "after"])
def test_gru_answer_by_hand(seed: int, update: str, reset: str) -> None:
    variant = get_template("gru_step").draw(seed, {"update": update, "reset": reset})
    g = {k: np.array(v) for k, v in variant.givens.items()}

    def sig(a: np.ndarray) -> np.ndarray:
        squashed: np.ndarray = 1 / (1 + np.exp(-a))
        return squashed

    r = sig(g["W_xr"] @ g["x"] + g["W_hr"] @ g["h_prev"] + g["b_r"])
    z = sig(g["W_xz"] @ g["x"] + g["W_hz"] @ g["h_prev"] + g["b_z"])
    if reset == "after":
        n = np.tanh(g["W_xn"] @ g["x"] + g["b_n"] + r * (g["W_hn"] @ g["h_prev"]))
    else:
        n = np.tanh(g["W_xn"] @ g["x"] + g["W_hn"] @ (r * g["h_prev"]) + g["b_n"])
    h = z * g["h_prev"] + (1 - z) * n if update == "keep" else (1 - z) * g["h_prev"] + z * n
    np.testing.assert_allclose(variant.answer, h, atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_gru_after_keep_matches_torch(seed: int) -> None:
    torch = pytest.importorskip("torch")
    variant = get_template("gru_step").draw(seed, {"update": "keep", "reset": "after"})
    g = {k: torch.tensor(np.array(v), dtype=torch.float64) for k, v in variant.givens.items()}
    cell = torch.nn.GRUCell(2, 2).double()
    with torch.no_grad():
        cell.weight_ih.copy_(torch.cat([g["W_xr"], g["W_xz"], g["W_xn"]]))
        cell.weight_hh.copy_(torch.cat([g["W_hr"], g["W_hz"], g["W_hn"]]))
        cell.bias_ih.copy_(torch.cat([g["b_r"], g["b_z"], g["b_n"]]))
        cell.bias_hh.zero_()
        h = cell(g["x"][None], g["h_prev"][None])[0]
    np.testing.assert_allclose(variant.answer, h.numpy(), atol=1e-10)


@pytest.mark.parametrize("seed", range(10))
def test_param_counts_match_torch_modules(seed: int) -> None:
    torch = pytest.importorskip("torch")
    for params in PARAM_SETS["param_count"]:
        if params.get("framework") != "pytorch":
            continue
        variant = get_template("param_count").draw(seed, params)
        extras = variant.extras
        module_cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[
            extras["cell"]
        ]
        kwargs = {
            "num_layers": params.get("num_layers", 1),
            "bidirectional": params.get("bidirectional", False),
        }
        if variant.givens["proj_size"]:
            kwargs["proj_size"] = variant.givens["proj_size"]
        module = module_cls(extras["input_size"], extras["hidden_size"], **kwargs)
        assert variant.answer == sum(p.numel() for p in module.parameters())


def test_clip_matches_engine_and_keeps_direction() -> None:
    for seed in range(20):
        variant = get_template("clip_gradient").draw(seed, {"quantity": "clipped"})
        g = np.array(variant.givens["g"])
        clipped, _ = engine.clip_grad_norm([g], variant.givens["max_norm"])
        np.testing.assert_allclose(variant.answer, clipped[0])
        cos = np.dot(g, clipped[0]) / (np.linalg.norm(g) * np.linalg.norm(clipped[0]))
        assert cos == pytest.approx(1.0)


def test_rnn_gradient_equals_product_of_factors() -> None:
    for seed in range(20):
        variant = get_template("rnn_gradient").draw(seed, {"steps": 4})
        factors = [s.value for s in variant.steps[:-1] if s.label.startswith("∂h_")]
        assert len(factors) == 4
        assert variant.answer == pytest.approx(float(np.prod(np.array(factors, dtype=float))))


def test_bad_params_and_unknown_names() -> None:
    with pytest.raises(ValidationError):
        get_template("lstm_step").draw(0, {"quantity": "x"})
    with pytest.raises(ValidationError):
        get_template("gru_step").draw(0, {"colour": "red"})
    with pytest.raises(ValidationError):
        get_template("param_count").draw(0, {"cell": "gru", "proj_size": True})
    with pytest.raises(UnknownTemplate, match="known templates: clip_gradient"):
        get_template("nope")


@pytest.mark.parametrize("seed", range(10))
def test_rnn_jacobian_matches_torch_autograd(seed: int) -> None:
    torch = pytest.importorskip("torch")
    variant = get_template("rnn_jacobian").draw(seed, {"hidden_size": 3})
    g = {k: torch.tensor(v, dtype=torch.float64) for k, v in variant.givens.items()}

    def step(h: Any) -> Any:  # torch.Tensor: torch is optional, so its types are too
        return torch.tanh(g["W_xh"] @ g["x"] + g["W_hh"] @ h + g["b"])

    jac = torch.autograd.functional.jacobian(step, g["h_prev"])
    np.testing.assert_allclose(variant.answer, jac.numpy().reshape(-1), atol=1e-12)


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_gradient_decay_curve_is_the_engines_and_near_the_estimate(cell: str) -> None:
    template = get_template("gradient_decay")
    for seed in range(10):
        variant = template.draw(seed, {"cell": cell})
        curve = variant.extras["curve"]
        assert len(curve) == variant.givens["T"] and curve[0] == variant.answer
        assert all(a <= b + 1e-9 for a, b in itertools.pairwise(curve))  # decays
        estimate = variant.givens["T"] * math.log10(variant.givens["factor"])
        assert abs(variant.answer - estimate) < 0.5  # the prediction the prompt teaches works

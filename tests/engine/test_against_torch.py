"""Every cell, convention PyTorch has, and layout, against PyTorch in float64.

Forward values within 1e-10 and gradients within 1e-8, over many random sizes and seeds.
Skipped cleanly when torch is not installed (CI installs it, so these run there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

import engine

if TYPE_CHECKING:
    from torch.nn import Module

torch = pytest.importorskip("torch")

SEEDS = range(12)


def _sizes(seed: int) -> tuple[int, int, int, int]:
    rng = np.random.default_rng(1000 + seed)
    input_size, hidden, steps, batch = (int(v) for v in rng.integers(1, 7, size=4))
    return input_size, hidden, steps, batch


def _torch_module(kind: str, input_size: int, hidden: int, **kwargs: object) -> Module:
    torch.manual_seed(0)
    module = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[kind]
    built: Module = module(input_size, hidden, **kwargs).double()
    return built


def _params(module: Module) -> dict[str, np.ndarray]:
    return {k.removesuffix("_l0"): v.detach().numpy().copy() for k, v in module.named_parameters()}


def _scramble(module: Module, rng: np.random.Generator) -> None:
    """Bigger weights than the default init so gates leave their linear region."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.tensor(rng.normal(scale=0.8, size=tuple(p.shape))))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn_tanh", "rnn_relu"])
def test_forward_and_backward_match_torch(kind: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_in, hidden, steps, batch = _sizes(seed)
    base = kind.split("_")[0]
    extra = {"nonlinearity": kind.split("_")[1]} if base == "rnn" else {}
    module = _torch_module(base, n_in, hidden, **extra)
    _scramble(module, rng)
    p = _params(module)
    xs = rng.normal(size=(steps, batch, n_in))
    h0 = rng.normal(size=(batch, hidden))
    c0 = rng.normal(size=(batch, hidden))
    upstream = rng.normal(size=(batch, hidden))
    cls = {"lstm": engine.LSTMCell, "gru": engine.GRUCell, "rnn": engine.RNNCell}[base]
    cell = cls.from_torch(p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"], **extra)

    X = torch.tensor(xs, requires_grad=True)
    h0_t = torch.tensor(h0[None], requires_grad=True)
    if base == "lstm":
        c0_t = torch.tensor(c0[None], requires_grad=True)
        out, (h_n, c_n) = module(X, (h0_t, c0_t))
        ours = cell.forward(xs, h0, c0)
        np.testing.assert_allclose(ours[-1].c, c_n[0].detach().numpy(), atol=1e-10, rtol=0)
    else:
        out, h_n = module(X, h0_t)
        ours = cell.forward(xs, h0)
    for t, step in enumerate(ours):
        np.testing.assert_allclose(step.h, out[t].detach().numpy(), atol=1e-10, rtol=0)

    (h_n[0] * torch.tensor(upstream)).sum().backward()
    if base == "lstm":
        grads = cell.backward(xs, h0, c0, upstream)
        np.testing.assert_allclose(grads["c0"], c0_t.grad[0].numpy(), atol=1e-8, rtol=0)
    else:
        grads = cell.backward(xs, h0, upstream)
    named = dict(module.named_parameters())
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        np.testing.assert_allclose(
            grads[name], named[f"{name}_l0"].grad.numpy(), atol=1e-8, rtol=0, err_msg=name
        )
    np.testing.assert_allclose(grads["h0"], h0_t.grad[0].numpy(), atol=1e-8, rtol=0)
    np.testing.assert_allclose(grads["xs"], X.grad.numpy(), atol=1e-8, rtol=0)


@pytest.mark.parametrize("seed", range(4))
def test_gradient_on_every_step_output_matches_torch(seed: int) -> None:
    rng = np.random.default_rng(seed)
    module = _torch_module("lstm", 3, 4)
    _scramble(module, rng)
    p = _params(module)
    cell = engine.LSTMCell.from_torch(p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"])
    xs = rng.normal(size=(6, 3))
    upstream = rng.normal(size=(6, 4))
    X = torch.tensor(xs[:, None, :])
    out, _ = module(X)
    (out[:, 0] * torch.tensor(upstream)).sum().backward()
    grads = cell.backward(xs, None, None, None, grad_hs=upstream)
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        np.testing.assert_allclose(
            grads[name], module.get_parameter(f"{name}_l0").grad.numpy(), atol=1e-8
        )


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn"])
def test_single_vector_step_matches_torch_cell(kind: str) -> None:
    rng = np.random.default_rng(3)
    cls_t = {"lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell, "rnn": torch.nn.RNNCell}[kind]
    torch.manual_seed(1)
    module = cls_t(3, 2).double()
    p = {k: v.detach().numpy() for k, v in module.named_parameters()}
    cls = {"lstm": engine.LSTMCell, "gru": engine.GRUCell, "rnn": engine.RNNCell}[kind]
    cell = cls.from_torch(p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"])
    x, h, c = rng.normal(size=3), rng.normal(size=2), rng.normal(size=2)
    if kind == "lstm":
        h_t, c_t = module(torch.tensor(x[None]), (torch.tensor(h[None]), torch.tensor(c[None])))
        step = cell.step(x, h, c)
        np.testing.assert_allclose(step.c, c_t[0].detach().numpy(), atol=1e-10)
        assert step.h.shape == (2,)
    else:
        h_t = module(torch.tensor(x[None]), torch.tensor(h[None]))
        step = cell.step(x, h)
    np.testing.assert_allclose(step.h, h_t[0].detach().numpy(), atol=1e-10)


@pytest.mark.parametrize(
    ("kind", "kwargs"),
    [
        ("lstm", {}),
        ("lstm", {"num_layers": 2}),
        ("lstm", {"bidirectional": True}),
        ("lstm", {"num_layers": 2, "bidirectional": True}),
        ("lstm", {"proj_size": 5}),
        ("lstm", {"proj_size": 5, "num_layers": 3, "bidirectional": True}),
        ("lstm", {"bias": False}),
        ("gru", {}),
        ("gru", {"num_layers": 3, "bidirectional": True}),
        ("gru", {"bias": False}),
        ("rnn", {}),
        ("rnn", {"num_layers": 2, "bidirectional": True}),
    ],
)
@pytest.mark.parametrize(("n_in", "hidden"), [(10, 20), (3, 7), (1, 1)])
def test_param_counts_match_real_modules(
    kind: str, kwargs: dict[str, Any], n_in: int, hidden: int
) -> None:
    if kwargs.get("proj_size", 0) >= hidden:
        pytest.skip("proj_size must be smaller than hidden_size")
    module = _torch_module(kind, n_in, hidden, **kwargs)
    expected = sum(p.numel() for p in module.parameters())
    bias = kwargs.pop("bias", True)
    assert (
        engine.param_count(kind, n_in, hidden, framework="pytorch", bias=bias, **kwargs) == expected
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf")])
def test_clip_grad_norm_matches_torch(seed: int, norm_type: float) -> None:
    rng = np.random.default_rng(seed)
    arrays = [rng.normal(scale=3, size=shape) for shape in [(3, 4), (5,), (2, 2, 2)]]
    max_norm = float(rng.uniform(0.1, 20))
    tensors = [torch.tensor(a) for a in arrays]
    params = [torch.nn.Parameter(torch.zeros_like(t)) for t in tensors]
    for p, t in zip(params, tensors, strict=True):
        p.grad = t.clone()
    total_t = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type)
    clipped, total = engine.clip_grad_norm(arrays, max_norm, norm_type=norm_type)
    assert total == pytest.approx(float(total_t), abs=1e-12)
    for ours, p in zip(clipped, params, strict=True):
        np.testing.assert_allclose(ours, p.grad.numpy(), atol=1e-12)


def test_clip_grad_value_matches_torch() -> None:
    rng = np.random.default_rng(0)
    arrays = [rng.normal(scale=3, size=(4, 3))]
    p = torch.nn.Parameter(torch.zeros(4, 3, dtype=torch.float64))
    p.grad = torch.tensor(arrays[0])
    torch.nn.utils.clip_grad_value_([p], 1.5)
    np.testing.assert_allclose(engine.clip_grad_value(arrays, 1.5)[0], p.grad.numpy())

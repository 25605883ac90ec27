"""Every drill's expected values, case by case, against PyTorch in float64.

Forward values through torch.nn modules (and pack_padded_sequence), gradients through
autograd, clipping through torch.nn.utils, counts through numel(). PyTorch's GRU has one
convention (keep, reset after); the other three are checked against the same equations
written in torch with the convention changed. Skipped cleanly without torch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pytest

from quizapp.drills import DRILLS
from quizapp.drills.model import Case, Value

if TYPE_CHECKING:  # torch is optional: without it this module is skipped
    from torch import Tensor
    from torch.nn import Module, Parameter, RNNCellBase

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.torch


ModuleT = TypeVar("ModuleT", bound="Module")


def T(value: Value | Tensor) -> Tensor:
    tensor: Tensor = torch.tensor(np.asarray(value), dtype=torch.float64)
    return tensor


def cases(drill_id: str) -> list[tuple[str, Case]]:
    return [(drill_id, case) for case in DRILLS[drill_id].cases()]


def assert_close(
    expected: Mapping[str, Value], got: Mapping[str, object], tol: float = 1e-10
) -> None:
    for name, value in expected.items():
        reference = got[name]
        if isinstance(value, list):
            for a, b in zip(value, reference, strict=True):  # type: ignore[call-overload]
                np.testing.assert_allclose(a, np.asarray(b), rtol=tol, atol=tol, err_msg=name)
        else:
            np.testing.assert_allclose(
                np.asarray(value, dtype=float),
                np.asarray(reference),
                rtol=tol,
                atol=tol,
                err_msg=name,
            )


def _set(module: ModuleT, **params: Tensor) -> ModuleT:
    with torch.no_grad():
        for name, value in params.items():
            getattr(module, name).copy_(value)
    return module


def _cell(
    kind: str,
    n_in: int,
    hidden: int,
    w_ih: Value | Tensor,
    w_hh: Value | Tensor,
    b_ih: Value | Tensor,
    b_hh: Value | Tensor,
) -> RNNCellBase:
    module: RNNCellBase = {
        "rnn": torch.nn.RNNCell,
        "lstm": torch.nn.LSTMCell,
        "gru": torch.nn.GRUCell,
    }[kind](n_in, hidden)
    return _set(
        module.double(), weight_ih=T(w_ih), weight_hh=T(w_hh), bias_ih=T(b_ih), bias_hh=T(b_hh)
    )


@pytest.mark.parametrize(("drill_id", "case"), cases("sigmoid"))
def test_sigmoid(drill_id: str, case: Case) -> None:
    expected = DRILLS[drill_id].expected(case).outputs
    assert_close(expected, {"y": torch.sigmoid(T(case.args["x"])).numpy()}, 1e-15)


@pytest.mark.parametrize(("drill_id", "case"), cases("rnn-step.rows") + cases("lstm-step.rows"))
def test_rows_steps_match_torch_cells(drill_id: str, case: Case) -> None:
    a = case.args
    x = T(a["x"])
    kind = drill_id.split("-")[0]
    cell = _cell(
        kind, x.shape[1], T(a["h_prev"]).shape[1], a["W_ih"], a["W_hh"], a["b_ih"], a["b_hh"]
    )
    with torch.no_grad():
        if kind == "lstm":
            h, c = cell(x, (T(a["h_prev"]), T(a["c_prev"])))
            got = {"h": h.numpy(), "c": c.numpy()}
        else:
            got = {"h": cell(x, T(a["h_prev"])).numpy()}
    assert_close(DRILLS[drill_id].expected(case).outputs, got)


@pytest.mark.parametrize(
    ("drill_id", "case"), cases("rnn-step.columns") + cases("lstm-step.columns")
)
def test_column_steps_match_torch_cells_on_transposed_data(drill_id: str, case: Case) -> None:
    a = case.args
    kind = drill_id.split("-")[0]
    x, h = T(a["x"]).T, T(a["h_prev"]).T
    hidden, n_in = h.shape[1], x.shape[1]
    if kind == "lstm":
        w = np.asarray(a["W"])
        w_ih, w_hh = w[:, hidden:], w[:, :hidden]
    else:
        w_ih, w_hh = np.asarray(a["W_xh"]), np.asarray(a["W_hh"])
    b = np.asarray(a["b"])[:, 0]
    cell = _cell(kind, n_in, hidden, w_ih, w_hh, b, np.zeros_like(b))
    with torch.no_grad():
        if kind == "lstm":
            h_new, c_new = cell(x, (h, T(a["c_prev"]).T))
            got = {"h": h_new.T.numpy(), "c": c_new.T.numpy()}
        else:
            got = {"h": cell(x, h).T.numpy()}
    assert_close(DRILLS[drill_id].expected(case).outputs, got)


GRU_IDS = [f"gru-step.{u}.{r}" for u in ("keep", "take") for r in ("after", "before")]


@pytest.mark.parametrize(("drill_id", "case"), [pair for d in GRU_IDS for pair in cases(d)])
def test_gru_steps(drill_id: str, case: Case) -> None:
    _, update, reset = drill_id.split(".")
    a = {k: T(v) for k, v in case.args.items()}
    H = a["h_prev"].shape[1]
    if (update, reset) == ("keep", "after"):
        cell = _cell("gru", a["x"].shape[1], H, a["W_ih"], a["W_hh"], a["b_ih"], a["b_hh"])
        with torch.no_grad():
            h = cell(a["x"], a["h_prev"])
    else:
        gi = a["x"] @ a["W_ih"].T + a["b_ih"]
        gh = a["h_prev"] @ a["W_hh"].T + a["b_hh"]
        r = torch.sigmoid(gi[:, :H] + gh[:, :H])
        z = torch.sigmoid(gi[:, H : 2 * H] + gh[:, H : 2 * H])
        if reset == "after":
            n = torch.tanh(gi[:, 2 * H :] + r * gh[:, 2 * H :])
        else:
            n = torch.tanh(
                gi[:, 2 * H :] + (r * a["h_prev"]) @ a["W_hh"][2 * H :].T + a["b_hh"][2 * H :]
            )
        h = z * a["h_prev"] + (1 - z) * n if update == "keep" else (1 - z) * a["h_prev"] + z * n
    assert_close(DRILLS[drill_id].expected(case).outputs, {"h": h.numpy()})


@pytest.mark.parametrize(
    ("drill_id", "case"), cases("lstm-forward.seq-first") + cases("lstm-forward.batch-first")
)
def test_lstm_forward_matches_nn_lstm(drill_id: str, case: Case) -> None:
    a = {k: T(v) for k, v in case.args.items()}
    batch_first = drill_id.endswith("batch-first")
    module = torch.nn.LSTM(a["xs"].shape[2], a["h0"].shape[1], batch_first=batch_first).double()
    _set(
        module,
        weight_ih_l0=a["W_ih"],
        weight_hh_l0=a["W_hh"],
        bias_ih_l0=a["b_ih"],
        bias_hh_l0=a["b_hh"],
    )
    with torch.no_grad():
        out, (h_n, c_n) = module(a["xs"], (a["h0"][None], a["c0"][None]))
    got = {"out": out.numpy(), "h_n": h_n[0].numpy(), "c_n": c_n[0].numpy()}
    assert_close(DRILLS[drill_id].expected(case).outputs, got)


@pytest.mark.parametrize(("drill_id", "case"), cases("last-hidden.masked"))
def test_masked_rnn_matches_a_packed_sequence(drill_id: str, case: Case) -> None:
    a = {k: T(v) for k, v in case.args.items() if k != "lengths"}
    lengths = torch.tensor(np.asarray(case.args["lengths"]))
    module = torch.nn.RNN(a["xs"].shape[2], a["h0"].shape[1], batch_first=True).double()
    _set(
        module,
        weight_ih_l0=a["W_ih"],
        weight_hh_l0=a["W_hh"],
        bias_ih_l0=a["b_ih"],
        bias_hh_l0=a["b_hh"],
    )
    packed = torch.nn.utils.rnn.pack_padded_sequence(
        a["xs"], lengths, batch_first=True, enforce_sorted=False
    )
    with torch.no_grad():
        _, h_n = module(packed, a["h0"][None])
    assert_close(DRILLS[drill_id].expected(case).outputs, {"h": h_n[0].numpy()})


@pytest.mark.parametrize(("drill_id", "case"), cases("last-hidden.gather"))
def test_gather_matches_torch_gather(drill_id: str, case: Case) -> None:
    out = T(case.args["out"])
    lengths = torch.tensor(np.asarray(case.args["lengths"]))
    index = (lengths - 1).view(-1, 1, 1).expand(-1, 1, out.shape[2])
    got = torch.gather(out, 1, index)[:, 0]
    assert_close(DRILLS[drill_id].expected(case).outputs, {"h": got.numpy()})


def _rnn_forward(xs: Tensor, h: Tensor, w_xh: Tensor, w_hh: Tensor, b: Tensor) -> Tensor:
    for x in xs:
        h = torch.tanh(w_xh @ x + w_hh @ h + b)
    return h


@pytest.mark.parametrize(("drill_id", "case"), cases("rnn-bptt"))
def test_bptt_matches_autograd(drill_id: str, case: Case) -> None:
    a = {k: T(v).requires_grad_(k != "xs") for k, v in case.args.items()}
    h_T = _rnn_forward(a["xs"], a["h0"], a["W_xh"], a["W_hh"], a["b"])
    torch.autograd.backward((a["g"].detach() * h_T).sum())
    got = {name: a[name].grad.numpy() for name in ("W_xh", "W_hh", "b", "h0")}
    assert_close(DRILLS[drill_id].expected(case).outputs, got)


@pytest.mark.parametrize(("drill_id", "case"), cases("jacobian-norm"))
def test_jacobian_norm_matches_autograd(drill_id: str, case: Case) -> None:
    a = {k: T(v) for k, v in case.args.items()}
    jac = torch.autograd.functional.jacobian(
        lambda h0: _rnn_forward(a["xs"], h0, a["W_xh"], a["W_hh"], a["b"]), a["h0"]
    )
    norm = float(torch.linalg.matrix_norm(jac, ord=2))
    expected = DRILLS[drill_id].expected(case).outputs["norm"]
    assert expected == pytest.approx(norm, rel=1e-9, abs=0.0)


@pytest.mark.parametrize(("drill_id", "case"), cases("lstm-step-backward"))
def test_lstm_step_backward_matches_autograd(drill_id: str, case: Case) -> None:
    a = {k: T(v) for k, v in case.args.items()}
    cell = _cell(
        "lstm", a["x"].shape[1], a["h_prev"].shape[1], a["W_ih"], a["W_hh"], a["b_ih"], a["b_hh"]
    )
    x, h, c = (a[k].clone().requires_grad_(True) for k in ("x", "h_prev", "c_prev"))
    h_new, c_new = cell(x, (h, c))
    torch.autograd.backward((a["dh"] * h_new).sum() + (a["dc"] * c_new).sum())
    weights = {name: cell.get_parameter(name).grad for name in ("weight_ih", "weight_hh")}
    bias_ih, bias_hh = (cell.get_parameter(name).grad for name in ("bias_ih", "bias_hh"))
    assert bias_ih is not None and bias_hh is not None and torch.allclose(bias_ih, bias_hh)
    got = {
        "x": x.grad.numpy(),
        "h_prev": h.grad.numpy(),
        "c_prev": c.grad.numpy(),
        "W_ih": weights["weight_ih"].numpy(),
        "W_hh": weights["weight_hh"].numpy(),
        "b": bias_ih.numpy(),
    }
    assert_close(DRILLS[drill_id].expected(case).outputs, got)


def _parameters(grads: list[np.ndarray]) -> list[Parameter]:
    params = []
    for g in grads:
        p = torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64))
        p.grad = T(g).clone()
        params.append(p)
    return params


@pytest.mark.parametrize(("drill_id", "case"), cases("clip-grad.norm"))
def test_clip_grad_norm_matches_torch(drill_id: str, case: Case) -> None:
    params = _parameters(case.args["grads"])  # type: ignore[arg-type]
    total = torch.nn.utils.clip_grad_norm_(params, float(case.args["max_norm"]))  # type: ignore[arg-type]
    got = {"clipped": [p.grad.numpy() for p in params], "total_norm": float(total)}
    assert_close(DRILLS[drill_id].expected(case).outputs, got, 1e-13)


@pytest.mark.parametrize(("drill_id", "case"), cases("clip-grad.value"))
def test_clip_grad_value_matches_torch(drill_id: str, case: Case) -> None:
    params = _parameters(case.args["grads"])  # type: ignore[arg-type]
    torch.nn.utils.clip_grad_value_(params, float(case.args["clip_value"]))  # type: ignore[arg-type]
    assert_close(
        DRILLS[drill_id].expected(case).outputs, {"clipped": [p.grad.numpy() for p in params]}, 0.0
    )


MODULES = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}


def _numel(module: Module) -> int:
    return sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize(("drill_id", "case"), cases("param-count.pytorch"))
def test_pytorch_counts_are_numel(drill_id: str, case: Case) -> None:
    a = case.args
    module = MODULES[str(a["cell"])](
        a["input_size"],
        a["hidden_size"],
        num_layers=a["num_layers"],
        bidirectional=a["bidirectional"],
    )
    assert DRILLS[drill_id].expected(case).outputs["count"] == _numel(module)


@pytest.mark.parametrize(
    ("drill_id", "case"), cases("param-count.textbook") + cases("param-count.keras")
)
def test_one_bias_counts_are_torch_without_its_second_bias(drill_id: str, case: Case) -> None:
    """One bias per block is torch's bias=False count plus G·h; Keras' reset_after GRU is
    torch's two-bias count."""
    a = case.args
    hidden = a.get("hidden_size", a.get("units"))
    blocks = {"rnn": 1, "gru": 3, "lstm": 4}[str(a["cell"])]
    unbiased = _numel(MODULES[str(a["cell"])](a["input_size"], hidden, bias=False))
    expected = DRILLS[drill_id].expected(case).outputs["count"]
    if a["cell"] == "gru" and a.get("reset_after"):
        assert expected == _numel(MODULES["gru"](a["input_size"], hidden))
    else:
        assert expected == unbiased + blocks * hidden  # type: ignore[operator]


def test_keras_counts_the_documentation_gives() -> None:
    by_label = {
        c.label: DRILLS["param-count.keras"].expected(c).outputs["count"]
        for c in DRILLS["param-count.keras"].cases()
    }
    assert by_label["LSTM(20) on 10 features"] == 2480
    assert by_label["GRU(20), reset_after=True"] == 1920
    assert by_label["GRU(20), reset_after=False"] == 1860
    assert by_label["SimpleRNN(20)"] == 620


@pytest.mark.parametrize(
    ("drill_id", "case"),
    cases("lstm-convert.torch-to-keras") + cases("lstm-convert.keras-to-torch"),
)
def test_converted_weights_compute_the_same_lstm(drill_id: str, case: Case) -> None:
    """Keras' LSTM computes x @ kernel + h @ recurrent_kernel + bias with columns i, f, c, o:
    the same cell as torch's with the weights transposed. Both sides of each case, run as
    torch cells on the same input, must agree."""
    a = case.args
    e = DRILLS[drill_id].expected(case).outputs
    if drill_id.endswith("torch-to-keras"):
        torch_side, keras_side = a, e
    else:
        torch_side, keras_side = e, a
    n_in, four_h = np.asarray(keras_side["kernel"]).shape
    hidden = four_h // 4
    original = _cell(
        "lstm",
        n_in,
        hidden,
        torch_side["weight_ih"],
        torch_side["weight_hh"],
        torch_side["bias_ih"],
        torch_side["bias_hh"],
    )
    rng = np.random.default_rng(0)
    x, h, c = (
        T(rng.normal(size=(3, n_in))),
        T(rng.normal(size=(3, hidden))),
        T(rng.normal(size=(3, hidden))),
    )
    with torch.no_grad():
        gates = (
            x @ T(keras_side["kernel"])
            + h @ T(keras_side["recurrent_kernel"])
            + T(keras_side["bias"])
        )
        i, f, g, o = gates.chunk(4, dim=1)
        c_keras = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h_keras = torch.sigmoid(o) * torch.tanh(c_keras)
        h_torch, c_torch = original(x, (h, c))
    assert torch.allclose(h_keras, h_torch, atol=1e-12) and torch.allclose(
        c_keras, c_torch, atol=1e-12
    )
    if drill_id.endswith("keras-to-torch"):
        assert not np.any(np.asarray(e["bias_hh"]))  # the drill's stated split

"""engine.costs counts what the engine computes: its matmuls counted as they run, torch's FLOP
counter on the same layer, and a backward pass fed only the values it says BPTT keeps."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import engine
from engine.costs import SAVED_PER_STEP, layer_cost

SIZES = [(3, 5, 4, 2), (1, 2, 1, 1), (6, 3, 2, 5)]  # (I, H, T, B)
Array = np.ndarray
Saved = list[dict[str, Array]]  # per step, the values SAVED_PER_STEP names


class CountingArray(np.ndarray):
    """A weight array that adds the multiply-adds of every matmul it takes part in to ``log``."""

    log: list[int]

    def __array_finalize__(self, obj: Any) -> None:
        self.log = getattr(obj, "log", [])  # views (.T, row slices) count into the same log

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        plain = [np.asarray(x) if isinstance(x, CountingArray) else x for x in inputs]
        result = getattr(ufunc, method)(*plain, **kwargs)
        if ufunc is np.matmul:
            a, b = (np.asarray(x) for x in inputs)
            a2 = a if a.ndim > 1 else a[None, :]
            b2 = b if b.ndim > 1 else b[:, None]
            rows = int(np.prod(np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2]) or (1,)))
            self.log.append(rows * a2.shape[-2] * a2.shape[-1] * b2.shape[-1])
        return result


def _counting(cell: Any) -> list[int]:
    log: list[int] = []
    for name in ("weight_ih", "weight_hh"):
        counted = np.asarray(getattr(cell, name)).view(CountingArray)
        counted.log = log
        setattr(cell, name, counted)
    return log


def _cell(kind: str, I: int, H: int, rng: np.random.Generator, reset: str = "after") -> Any:
    if kind == "lstm":
        return engine.LSTMCell.random(I, H, rng)
    if kind == "gru":
        return engine.GRUCell.random(I, H, rng, reset=reset)
    return engine.RNNCell.random(I, H, rng)


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize(("I", "H", "T", "B"), SIZES)
def test_forward_macs_are_the_engines_matmuls_as_they_run(
    kind: str, I: int, H: int, T: int, B: int
) -> None:
    rng = np.random.default_rng(0)
    for reset in ("before", "after") if kind == "gru" else ("after",):
        cell = _cell(kind, I, H, rng, reset)
        log = _counting(cell)
        xs = rng.normal(size=(T, B, I))
        cell.forward(xs)
        cost = layer_cost(kind, I, H, T, B, reset=reset)
        assert sum(log) == cost.forward_macs
        assert cost.forward_flops == 2 * cost.forward_macs
        # backward runs the forward again, then one product per forward product that involves
        # a weight (the gradients of x and h); the weight gradients are the other half
        log.clear()
        args = (xs, None, None) if kind == "lstm" else (xs, None)
        cell.backward(*args, rng.normal(size=(B, H)))
        assert sum(log) == 2 * cost.forward_macs
        assert cost.backward_flops == 2 * cost.forward_flops
        assert cost.training_flops == 3 * cost.forward_flops


@pytest.mark.filterwarnings("ignore:TF32 acceleration on top of oneDNN:UserWarning")
@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_flops_equal_torchs_flop_counter(kind: str) -> None:
    """torch.utils.flop_counter counts a matmul as 2·m·n·k, like engine.costs."""
    torch = pytest.importorskip("torch")
    from torch.utils.flop_counter import FlopCounterMode

    I, H, T, B = 10, 20, 7, 3
    module = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[kind](I, H)
    x = torch.randn(T, B, I, requires_grad=True)
    state = torch.zeros(1, B, H, requires_grad=True)
    init = (state, torch.zeros(1, B, H, requires_grad=True)) if kind == "lstm" else state
    cost = layer_cost(kind, I, H, T, B)
    # the oneDNN LSTM kernel is one opaque op; the native path runs (and counts) its addmm's
    with torch.backends.mkldnn.flags(enabled=False):
        with FlopCounterMode(display=False) as forward:
            module(x, init)
        with FlopCounterMode(display=False) as training:
            module(x, init)[0].sum().backward()
    assert forward.get_total_flops() == cost.forward_flops
    assert training.get_total_flops() == cost.training_flops


def test_counts_scale_as_the_docstring_says() -> None:
    lstm, gru = layer_cost("lstm", 64, 128, 50, 8), layer_cost("gru", 64, 128, 50, 8)
    rnn = layer_cost("rnn", 64, 128, 50, 8)
    assert lstm.forward_flops == 2 * 50 * 8 * 4 * 128 * (64 + 128)
    assert (lstm.forward_macs, gru.forward_macs) == (4 * rnn.forward_macs, 3 * rnn.forward_macs)
    assert lstm.saved_floats == 7 * 50 * 8 * 128 and rnn.saved_floats == 50 * 8 * 128
    assert lstm.state_floats == 2 * 8 * 128 and gru.state_floats == 8 * 128
    assert layer_cost("lstm", 64, 128, 500, 8).state_floats == lstm.state_floats  # no T in it


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cnn", 2, 2, 2), "cell must be one of"),
        (("lstm", 0, 2, 2), "input_size must be a positive integer"),
        (("lstm", 2, 2.5, 2), "hidden_size must be a positive integer"),
        (("lstm", 2, 2, True), "steps must be a positive integer"),
    ],
)
def test_bad_sizes_are_refused_with_the_name(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        layer_cost(*args)
    with pytest.raises(ValueError, match="reset must be"):
        layer_cost("gru", 2, 2, 2, reset="middle")


def _sig(a: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-a)))


def _lstm_backward_from_saved(
    cell: Any, X: Array, h0: Array, c0: Array, saved: Saved, dh_T: Array
) -> dict[str, Array]:
    """BPTT that reads only SAVED_PER_STEP['lstm'] per step (plus x, h0, c0 and the weights)."""
    T, H = len(saved), cell.hidden_size
    dA = np.zeros((T, X.shape[1], 4 * H))
    dh, dc = dh_T.copy(), np.zeros_like(dh_T)
    for t in range(T - 1, -1, -1):
        s = saved[t]
        c_prev = saved[t - 1]["c"] if t else c0
        da_o = dh * s["tanh_c"] * s["o"] * (1 - s["o"])
        dc = dc + dh * s["o"] * (1 - s["tanh_c"] ** 2)
        da = np.concatenate(
            [
                dc * s["g"] * s["i"] * (1 - s["i"]),
                dc * c_prev * s["f"] * (1 - s["f"]),
                dc * s["i"] * (1 - s["g"] ** 2),
                da_o,
            ],
            axis=1,
        )
        dA[t] = da
        dc = dc * s["f"]
        dh = da @ cell.weight_hh
    H_prev = np.stack([h0] + [saved[t]["h"] for t in range(T - 1)])
    flat = dA.reshape(-1, 4 * H)
    return {
        "weight_ih": flat.T @ X.reshape(-1, X.shape[2]),
        "weight_hh": flat.T @ H_prev.reshape(-1, H),
        "h0": dh,
        "c0": dc,
    }


def _gru_backward_from_saved(
    cell: Any, X: Array, h0: Array, saved: Saved, dh_T: Array
) -> dict[str, Array]:
    T, H = len(saved), cell.hidden_size
    w_rz, w_n = cell.weight_hh[: 2 * H], cell.weight_hh[2 * H :]
    dGI = np.zeros((T, X.shape[1], 3 * H))
    dW = np.zeros((3 * H, H))
    dh = dh_T.copy()
    for t in range(T - 1, -1, -1):
        s = saved[t]
        h_prev = saved[t - 1]["h"] if t else h0
        dz, dn, dh_prev = dh * (h_prev - s["n"]), dh * (1 - s["z"]), dh * s["z"]  # keep
        da_n = dn * (1 - s["n"] ** 2)
        if cell.reset == "after":
            dr, dhn = da_n * s["hn"], da_n * s["r"]
            dW[2 * H :] += dhn.T @ h_prev
            dh_prev = dh_prev + dhn @ w_n
        else:
            d_rh = da_n @ w_n
            dr = d_rh * h_prev
            dW[2 * H :] += da_n.T @ (s["r"] * h_prev)
            dh_prev = dh_prev + d_rh * s["r"]
        d_rz = np.concatenate([dr * s["r"] * (1 - s["r"]), dz * s["z"] * (1 - s["z"])], axis=1)
        dW[: 2 * H] += d_rz.T @ h_prev
        dh = dh_prev + d_rz @ w_rz
        dGI[t] = np.concatenate([d_rz, da_n], axis=1)
    flat = dGI.reshape(-1, 3 * H)
    return {"weight_ih": flat.T @ X.reshape(-1, X.shape[2]), "weight_hh": dW, "h0": dh}


def _rnn_backward_from_saved(
    cell: Any, X: Array, h0: Array, saved: Saved, dh_T: Array
) -> dict[str, Array]:
    T, H = len(saved), cell.hidden_size
    dA = np.zeros((T, X.shape[1], H))
    dh = dh_T.copy()
    for t in range(T - 1, -1, -1):
        dA[t] = dh * (1 - saved[t]["h"] ** 2)
        dh = dA[t] @ cell.weight_hh
    H_prev = np.stack([h0] + [saved[t]["h"] for t in range(T - 1)])
    flat = dA.reshape(-1, H)
    return {
        "weight_ih": flat.T @ X.reshape(-1, X.shape[2]),
        "weight_hh": flat.T @ H_prev.reshape(-1, H),
        "h0": dh,
    }


@pytest.mark.parametrize(
    ("kind", "reset"), [("lstm", "after"), ("gru", "after"), ("gru", "before"), ("rnn", "after")]
)
def test_the_saved_values_are_enough_for_the_exact_gradient(kind: str, reset: str) -> None:
    rng = np.random.default_rng(3)
    I, H, T, B = 3, 4, 5, 2
    cell = _cell(kind, I, H, rng, reset)
    X = rng.normal(size=(T, B, I))
    h0, c0, dh_T = rng.normal(size=(B, H)), rng.normal(size=(B, H)), rng.normal(size=(B, H))
    names = SAVED_PER_STEP[(kind, reset)]
    if kind == "lstm":
        steps = cell.forward(X, h0, c0)
        saved = [{n: getattr(s, n) for n in names} for s in steps]
        mine = _lstm_backward_from_saved(cell, X, h0, c0, saved, dh_T)
        ref = cell.backward(X, h0, c0, dh_T)
    else:
        steps = cell.forward(X, h0)
        saved = [{n: getattr(s, n) for n in names} for s in steps]
        backward = _gru_backward_from_saved if kind == "gru" else _rnn_backward_from_saved
        mine = backward(cell, X, h0, saved, dh_T)
        ref = cell.backward(X, h0, dh_T)
    assert len(names) * T * B * H == layer_cost(kind, I, H, T, B, reset=reset).saved_floats
    for key, value in mine.items():
        np.testing.assert_allclose(value, ref[key], rtol=1e-10, atol=1e-12, err_msg=key)

"""The vanilla (Elman) recurrent cell: h = phi(W_ih x + b_ih + W_hh h_prev + b_hh).

phi is tanh (the usual choice: zero-centred, bounded, derivative at most 1) or relu, as in
``torch.nn.RNNCell(nonlinearity=...)``. The textbook writes one bias b = b_ih + b_hh.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from engine.activations import relu
from engine.base import RecurrentCell
from engine.steps import RNNStep
from engine.validation import Array, as_batch, as_float64, as_sequence, match_batch

Nonlinearity = Literal["tanh", "relu"]


class RNNCell(RecurrentCell):
    gates = 1

    def __init__(
        self,
        weight_ih: ArrayLike,
        weight_hh: ArrayLike,
        bias_ih: ArrayLike | None = None,
        bias_hh: ArrayLike | None = None,
        *,
        nonlinearity: Nonlinearity = "tanh",
        allow_nonfinite: bool = False,
    ) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"nonlinearity must be 'tanh' or 'relu'; got {nonlinearity!r}")
        self.nonlinearity = nonlinearity
        self.allow_nonfinite = allow_nonfinite
        self._set_weights(weight_ih, weight_hh, bias_ih, bias_hh)

    @classmethod
    def from_torch(
        cls,
        weight_ih: ArrayLike,
        weight_hh: ArrayLike,
        bias_ih: ArrayLike | None = None,
        bias_hh: ArrayLike | None = None,
        nonlinearity: Nonlinearity = "tanh",
        **kwargs: object,
    ) -> RNNCell:
        return cls(weight_ih, weight_hh, bias_ih, bias_hh, nonlinearity=nonlinearity, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def from_keras(
        cls,
        kernel: ArrayLike,
        recurrent_kernel: ArrayLike,
        bias: ArrayLike | None = None,
        nonlinearity: Nonlinearity = "tanh",
    ) -> RNNCell:
        """Keras SimpleRNN: kernel (I, H), recurrent_kernel (H, H), one bias (H,)."""
        return cls(
            as_float64(kernel, "kernel").T,
            as_float64(recurrent_kernel, "recurrent_kernel").T,
            bias,
            None,
            nonlinearity=nonlinearity,
        )

    def to_keras(self) -> dict[str, Array]:
        return {
            "kernel": self.weight_ih.T.copy(),
            "recurrent_kernel": self.weight_hh.T.copy(),
            "bias": self.bias_ih + self.bias_hh,
        }

    @classmethod
    def from_textbook(
        cls,
        W_xh: ArrayLike,
        W_hh: ArrayLike,
        b: ArrayLike | None = None,
        nonlinearity: Nonlinearity = "tanh",
    ) -> RNNCell:
        """h_t = phi(W_xh x_t + W_hh h_{t-1} + b) with one bias."""
        return cls(W_xh, W_hh, b, None, nonlinearity=nonlinearity)

    @classmethod
    def random(
        cls,
        input_size: int,
        hidden_size: int,
        rng: np.random.Generator,
        scale: float | None = None,
        nonlinearity: Nonlinearity = "tanh",
    ) -> RNNCell:
        bound = scale if scale is not None else 1.0 / np.sqrt(hidden_size)
        return cls(
            rng.uniform(-bound, bound, (hidden_size, input_size)),
            rng.uniform(-bound, bound, (hidden_size, hidden_size)),
            rng.uniform(-bound, bound, hidden_size),
            rng.uniform(-bound, bound, hidden_size),
            nonlinearity=nonlinearity,
        )

    def _phi(self, a: Array) -> Array:
        return np.tanh(a) if self.nonlinearity == "tanh" else relu(a)

    def _dphi(self, a: Array, h: Array) -> Array:
        return 1.0 - h * h if self.nonlinearity == "tanh" else (a > 0).astype(np.float64)

    def _state(self, h: ArrayLike | None, batch: int) -> Array:
        if h is None:
            return np.zeros((batch, self.hidden_size))
        hb = as_batch(h, self.hidden_size, "h", allow_nonfinite=self.allow_nonfinite)[0]
        return match_batch(hb, batch, "h")

    def step(self, x: ArrayLike, h: ArrayLike | None = None) -> RNNStep:
        xb, vector = as_batch(x, self.input_size, "x", allow_nonfinite=self.allow_nonfinite)
        A, Hs = self._run(xb[None], self._state(h, xb.shape[0]))
        return _step_at(A, Hs, 0, vector)

    def forward(self, xs: ArrayLike, h0: ArrayLike | None = None) -> list[RNNStep]:
        X, vector = as_sequence(xs, self.input_size, "xs", allow_nonfinite=self.allow_nonfinite)
        A, Hs = self._run(X, self._state(h0, X.shape[1]))
        return [_step_at(A, Hs, t, vector) for t in range(X.shape[0])]

    def _run(self, X: Array, h0: Array) -> tuple[Array, Array]:
        pre = X @ self.weight_ih.T + (self.bias_ih + self.bias_hh)
        A = np.empty(pre.shape)
        Hs = np.empty(pre.shape)
        w_hh_t = self.weight_hh.T
        h = h0
        for t in range(X.shape[0]):
            A[t] = pre[t] + h @ w_hh_t
            h = self._phi(A[t])
            Hs[t] = h
        return A, Hs

    def backward(
        self,
        xs: ArrayLike,
        h0: ArrayLike | None,
        grad_h_T: ArrayLike | None = None,
        *,
        grad_hs: ArrayLike | None = None,
    ) -> dict[str, Array]:
        """Exact BPTT for L = sum(grad_h_T * h_T) + sum_t sum(grad_hs[t] * h_t)."""
        X, vector = as_sequence(xs, self.input_size, "xs", allow_nonfinite=self.allow_nonfinite)
        T, B, _ = X.shape
        H = self.hidden_size
        hb = self._state(h0, B)
        A, Hs = self._run(X, hb)
        dH = np.zeros((T, B, H))
        if grad_hs is not None:
            dH += as_sequence(grad_hs, H, "grad_hs", allow_nonfinite=True)[0]
        dh = np.zeros((B, H)) if grad_h_T is None else as_batch(grad_h_T, H, "grad_h_T")[0].copy()
        dA = np.empty((T, B, H))
        for t in range(T - 1, -1, -1):
            dh = dh + dH[t]
            dA[t] = dh * self._dphi(A[t], Hs[t])
            dh = dA[t] @ self.weight_hh
        H_prev = np.concatenate([hb[None], Hs[:-1]], axis=0)
        flat = dA.reshape(T * B, H)
        dxs = dA @ self.weight_ih
        bias = flat.sum(axis=0)
        return {
            "weight_ih": flat.T @ X.reshape(T * B, -1),
            "weight_hh": flat.T @ H_prev.reshape(T * B, H),
            "bias_ih": bias,
            "bias_hh": bias.copy(),
            "xs": dxs[:, 0] if vector else dxs,
            "h0": dh[0] if (h0 is None or np.ndim(h0) == 1) and dh.shape[0] == 1 else dh,
        }


def _step_at(A: Array, Hs: Array, t: int, vector: bool) -> RNNStep:
    if vector:
        return RNNStep(a=A[t, 0].copy(), h=Hs[t, 0].copy())
    return RNNStep(a=A[t].copy(), h=Hs[t].copy())

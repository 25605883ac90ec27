"""The vanilla (Elman) recurrent cell: h = phi(W_ih x + b_ih + W_hh h_prev + b_hh).

phi is tanh (the usual choice: zero-centred, bounded, derivative at most 1) or relu, as in
``torch.nn.RNNCell(nonlinearity=...)``. The textbook writes one bias b = b_ih + b_hh.

Shapes: W_ih (H, I), W_hh (H, H), biases (H,); x (I,) or (B, I); h (H,) or (B, H).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from engine.base import RecurrentCell, previous, unbatch
from engine.steps import RNNStep
from engine.validation import Array, as_float64, one_of

Nonlinearity = Literal["tanh", "relu"]


class RNNCell(RecurrentCell[RNNStep]):
    """A vanilla RNN cell in float64 holding PyTorch-layout parameters.

    >>> cell = RNNCell([[0.5]], [[2.0]])                 # one unit, no bias
    >>> step = cell.step([1.0], [0.1])                   # a = 0.5·1 + 2·0.1 = 0.7
    >>> round(float(step.a[0]), 6), round(float(step.h[0]), 6)
    (0.7, 0.604368)
    """

    gates = 1
    step_record = RNNStep

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
        self.nonlinearity = one_of("nonlinearity", nonlinearity, Nonlinearity)
        super().__init__(weight_ih, weight_hh, bias_ih, bias_hh, allow_nonfinite=allow_nonfinite)

    # -- layouts ----------------------------------------------------------------------------
    @classmethod
    def from_torch(
        cls,
        weight_ih: ArrayLike,
        weight_hh: ArrayLike,
        bias_ih: ArrayLike | None = None,
        bias_hh: ArrayLike | None = None,
        nonlinearity: Nonlinearity = "tanh",
        *,
        allow_nonfinite: bool = False,
    ) -> RNNCell:
        """PyTorch layout: weight_ih (H, I), weight_hh (H, H), two biases (H,)."""
        return cls(
            weight_ih,
            weight_hh,
            bias_ih,
            bias_hh,
            nonlinearity=nonlinearity,
            allow_nonfinite=allow_nonfinite,
        )

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

    # -- forward ----------------------------------------------------------------------------
    def _run(self, X: Array, *states: Array) -> dict[str, Array]:
        """a_t and h_t for every t, (T, B, H): the input projections of all steps at once."""
        (h0,) = states
        pre = X @ self.weight_ih.T + (self.bias_ih + self.bias_hh)  # (T, B, H)
        A = np.empty(pre.shape)
        Hs = np.empty(pre.shape)
        w_hh_t = self.weight_hh.T
        tanh = self.nonlinearity == "tanh"
        h = h0
        for t in range(X.shape[0]):
            np.add(pre[t], h @ w_hh_t, out=A[t])
            h = Hs[t]
            if tanh:
                np.tanh(A[t], out=h)
            else:
                np.maximum(A[t], 0.0, out=h)
        return {"a": A, "h": Hs}

    def slopes(self, run: dict[str, Array]) -> Array:
        """phi'(a_t) for every step of a run: 1 - h_t^2 (tanh) or 1 where a_t > 0 (relu)."""
        if self.nonlinearity == "tanh":
            h = run["h"]
            return 1.0 - h * h
        return (run["a"] > 0).astype(np.float64)

    # -- backward ---------------------------------------------------------------------------
    def backward(
        self,
        xs: ArrayLike,
        h0: ArrayLike | None,
        grad_h_T: ArrayLike | None = None,
        *,
        grad_hs: ArrayLike | None = None,
    ) -> dict[str, Array]:
        """Exact BPTT for L = sum(grad_h_T * h_T) + sum_t sum(grad_hs[t] * h_t).

        dL/da_t = (dL/dh_t) * phi'(a_t) and dL/dh_{t-1} = W_hh^T dL/da_t, step by step; the
        weight gradients are then one matrix product over all steps. Returns weight_ih,
        weight_hh, bias_ih, bias_hh, xs and h0, in the shapes of the inputs.
        """
        X, vector = self._sequence(xs)
        T, B, _ = X.shape
        hb = self._state(h0, B)
        run = self._run(X, hb)
        slopes = self.slopes(run)
        dh, dH = self._seed(grad_h_T, B, "grad_h_T"), self._per_step(grad_hs, T, B)
        dA = np.empty((T, B, self.hidden_size))
        w_hh = self.weight_hh
        for t in range(T - 1, -1, -1):
            if dH is not None:
                dh += dH[t]
            np.multiply(dh, slopes[t], out=dA[t])
            dh = dA[t] @ w_hh
        grads = self._gradients(dA, X, [(dA, previous(run["h"], hb))], vector)
        grads["h0"] = unbatch(dh, h0)
        return grads

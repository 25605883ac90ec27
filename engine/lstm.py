"""The LSTM cell (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000).

Column-vector equations, PyTorch's gate order i, f, g, o in the stacked weights:

    a = W_ih x + b_ih + W_hh h_prev + b_hh          W_ih (4H, I), W_hh (4H, H)
    i = σ(a_i + p_i * c_prev)   f = σ(a_f + p_f * c_prev)   g = tanh(a_g)
    c = f * c_prev + i * g
    o = σ(a_o + p_o * c)        h = o * tanh(c)

Peepholes p_i, p_f, p_o (H,) are optional (Gers & Schmidhuber 2000, "Recurrent nets that time
and count"); without them this is exactly ``torch.nn.LSTMCell``. Keras stacks i, f, c, o, the
same order under another name for the candidate.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from engine.activations import sigmoid
from engine.base import RecurrentCell, previous, unbatch
from engine.steps import LSTMStep
from engine.validation import Array, as_float64, expect_shape


class LSTMCell(RecurrentCell[LSTMStep]):
    """An LSTM cell in float64 holding PyTorch-layout parameters.

    >>> cell = LSTMCell.from_gates(                      # one unit, every weight 0, biases set
    ...     W_xi=[[0.0]], W_hi=[[0.0]], W_xf=[[0.0]], W_hf=[[0.0]], b_f=[100.0],
    ...     W_xg=[[0.0]], W_hg=[[0.0]], b_g=[100.0], W_xo=[[0.0]], W_ho=[[0.0]])
    >>> s = cell.step([0.0], [0.0], [1.0])               # i = o = 1/2, f = g = 1
    >>> [round(float(v[0]), 4) for v in (s.i, s.f, s.g, s.o, s.c, s.h)]
    [0.5, 1.0, 1.0, 0.5, 1.5, 0.4526]
    """

    gates = 4
    state_names = ("h", "c")
    step_record = LSTMStep

    def __init__(
        self,
        weight_ih: ArrayLike,
        weight_hh: ArrayLike,
        bias_ih: ArrayLike | None = None,
        bias_hh: ArrayLike | None = None,
        *,
        peepholes: Mapping[str, ArrayLike] | None = None,
        allow_nonfinite: bool = False,
    ) -> None:
        super().__init__(weight_ih, weight_hh, bias_ih, bias_hh, allow_nonfinite=allow_nonfinite)
        hidden = self.hidden_size
        self.peepholes: dict[str, Array] | None = None
        if peepholes is not None:
            unknown = set(peepholes) - {"i", "f", "o"}
            if unknown:
                raise ValueError(f"peepholes take keys i, f, o; got {sorted(unknown)}")
            self.peepholes = {
                key: expect_shape(
                    as_float64(peepholes.get(key, np.zeros(hidden)), f"peephole {key}"),
                    (hidden,),
                    f"peephole {key}",
                )
                for key in ("i", "f", "o")
            }

    # -- layouts ----------------------------------------------------------------------------
    @classmethod
    def from_torch(
        cls,
        weight_ih: ArrayLike,
        weight_hh: ArrayLike,
        bias_ih: ArrayLike | None = None,
        bias_hh: ArrayLike | None = None,
        *,
        peepholes: Mapping[str, ArrayLike] | None = None,
        allow_nonfinite: bool = False,
    ) -> LSTMCell:
        """PyTorch layout: weight_ih (4H, I), weight_hh (4H, H), two biases (4H,), order i f g o."""
        return cls(
            weight_ih,
            weight_hh,
            bias_ih,
            bias_hh,
            peepholes=peepholes,
            allow_nonfinite=allow_nonfinite,
        )

    @classmethod
    def from_keras(
        cls, kernel: ArrayLike, recurrent_kernel: ArrayLike, bias: ArrayLike | None = None
    ) -> LSTMCell:
        """Keras layout: kernel (I, 4H), recurrent_kernel (H, 4H), one bias (4H,), order i f c o."""
        k, rk = cls._keras_kernels(kernel, recurrent_kernel)
        return cls(k.T, rk.T, bias, None)

    @classmethod
    def from_textbook(cls, weight: ArrayLike, bias: ArrayLike | None = None) -> LSTMCell:
        """One matrix W (4H, H + I) acting on the concatenation [h_prev, x], one bias (4H,)."""
        weight_ih, weight_hh = cls._split_textbook(weight)
        return cls(weight_ih, weight_hh, bias, None)

    @classmethod
    def from_gates(cls, **per_gate: ArrayLike) -> LSTMCell:
        """Per-gate matrices, as a textbook writes them: W_xi W_hi b_i, ... for i, f, g, o.

        W_x* are (H, I), W_h* are (H, H), b_* (H,); missing biases are zero.
        """
        weight_ih, weight_hh, bias = cls._stack_gates(per_gate, "ifgo")
        return cls(weight_ih, weight_hh, bias, None)

    def with_forget_bias(self, value: float) -> LSTMCell:
        """A copy whose forget-gate bias (in bias_ih; bias_hh's f-slice zeroed) equals ``value``.

        Keras' unit_forget_bias sets it to 1 (Jozefowicz et al. 2015); PyTorch does not, and
        setting the f-slice to 1 in both of its biases gives an effective bias of 2.
        """
        h = self.hidden_size
        bias_ih, bias_hh = self.bias_ih.copy(), self.bias_hh.copy()
        bias_ih[h : 2 * h] = value
        bias_hh[h : 2 * h] = 0.0
        cell = LSTMCell(self.weight_ih, self.weight_hh, bias_ih, bias_hh)
        cell.peepholes = self.peepholes
        return cell

    # -- forward ----------------------------------------------------------------------------
    def step(
        self, x: ArrayLike, h: ArrayLike | None = None, c: ArrayLike | None = None
    ) -> LSTMStep:
        """One step; x (I,) or (B, I); h, c (H,) or (B, H), zeros when omitted."""
        return self._step(x, h, c)

    def forward(
        self, xs: ArrayLike, h0: ArrayLike | None = None, c0: ArrayLike | None = None
    ) -> list[LSTMStep]:
        """Every step of a sequence: xs (T, I) or (T, B, I)."""
        return self._forward(xs, h0, c0)

    def _run(self, X: Array, *states: Array) -> dict[str, Array]:
        """Forward over (T, B, I): every field of ``LSTMStep`` as a (T, B, H) array.

        The input projections of all steps are one matrix product before the loop; each step
        writes into preallocated arrays. Without peepholes the three gates and the candidate
        take one tanh: σ(a) = (1 + tanh(a/2)) / 2.
        """
        h0, c0 = states
        T, B, _ = X.shape
        H = self.hidden_size
        pre = X @ self.weight_ih.T + (self.bias_ih + self.bias_hh)  # (T, B, 4H)
        A = np.empty((T, B, 4 * H))
        acts = np.empty((T, B, 4 * H))
        C, TC, Hs = np.empty((T, B, H)), np.empty((T, B, H)), np.empty((T, B, H))
        halve = np.full(4 * H, 0.5)
        halve[2 * H : 3 * H] = 1.0  # tanh(a / 2) for the gates, tanh(a) for the candidate
        w_hh_t = self.weight_hh.T
        peep = self.peepholes
        h, c = h0, c0
        for t in range(T):
            a, gates = A[t], acts[t]
            np.add(pre[t], h @ w_hh_t, out=a)
            i, f, g, o = (gates[:, k * H : (k + 1) * H] for k in range(4))
            if peep is None:
                np.multiply(a, halve, out=gates)
                np.tanh(gates, out=gates)
                for sig in (gates[:, : 2 * H], o):
                    sig += 1.0
                    sig *= 0.5
            else:
                a_ifg = a[:, : 3 * H].copy()
                a_ifg[:, :H] += peep["i"] * c
                a_ifg[:, H : 2 * H] += peep["f"] * c
                gates[:, : 2 * H] = sigmoid(a_ifg[:, : 2 * H])
                np.tanh(a_ifg[:, 2 * H :], out=g)
            np.multiply(f, c, out=C[t])
            C[t] += i * g
            c = C[t]
            if peep is not None:
                o[...] = sigmoid(a[:, 3 * H :] + peep["o"] * c)
            np.tanh(c, out=TC[t])
            h = Hs[t]
            np.multiply(o, TC[t], out=h)
        blocks = {
            name: A[..., k * H : (k + 1) * H] for k, name in enumerate(("a_i", "a_f", "a_g", "a_o"))
        }
        blocks.update({name: acts[..., k * H : (k + 1) * H] for k, name in enumerate("ifgo")})
        return {**blocks, "c": C, "tanh_c": TC, "h": Hs}

    # -- backward ---------------------------------------------------------------------------
    def backward(
        self,
        xs: ArrayLike,
        h0: ArrayLike | None,
        c0: ArrayLike | None,
        grad_h_T: ArrayLike | None = None,
        *,
        grad_hs: ArrayLike | None = None,
        grad_c_T: ArrayLike | None = None,
    ) -> dict[str, Array]:
        """Exact BPTT for L = sum(grad_h_T * h_T) + sum_t sum(grad_hs[t] * h_t) (+ grad_c_T * c_T).

        Per step, with δh = dL/dh_t and δc = dL/dc_t (which gathers the path through h_t):

            δa_o = δh tanh(c) o(1 - o)        δc += δh o (1 - tanh²(c))
            δa_i = δc g i(1 - i)   δa_f = δc c_prev f(1 - f)   δa_g = δc i (1 - g²)
            dL/dc_prev = δc f      dL/dh_prev = W_hh^T δa

        Every factor that does not depend on δ is computed for all steps before the loop.
        Returns gradients named as PyTorch names the parameters (weight_ih, weight_hh, bias_ih,
        bias_hh), plus xs, h0 and c0, in the shapes of the inputs; peephole gradients as
        peephole_i/f/o when the cell has them.
        """
        X, vector = self._sequence(xs)
        T, B, _ = X.shape
        H = self.hidden_size
        hb, cb = self._states(B, h0, c0)
        run = self._run(X, hb, cb)
        i, f, g, o, C, TC = (run[k] for k in ("i", "f", "g", "o", "c", "tanh_c"))
        C_prev = previous(C, cb)
        ifg = np.empty((T, B, 3, H))  # dδa_{i,f,g} / dδc
        ifg[:, :, 0] = g * i * (1.0 - i)
        ifg[:, :, 1] = C_prev * f * (1.0 - f)
        ifg[:, :, 2] = i * (1.0 - g * g)
        to_a_o = TC * o * (1.0 - o)
        to_c = o * (1.0 - TC * TC)
        dh, dc = self._seed(grad_h_T, B, "grad_h_T"), self._seed(grad_c_T, B, "grad_c_T")
        dH = self._per_step(grad_hs, T, B)
        dA = np.empty((T, B, 4 * H))
        dA4 = dA.reshape(T, B, 4, H)
        peep = self.peepholes
        w_hh = self.weight_hh
        for t in range(T - 1, -1, -1):
            if dH is not None:
                dh += dH[t]
            da_o = dA4[t, :, 3]
            np.multiply(dh, to_a_o[t], out=da_o)
            dc += dh * to_c[t]
            if peep is not None:
                dc += da_o * peep["o"]
            np.multiply(dc[:, None, :], ifg[t], out=dA4[t, :, :3])
            dc = dc * f[t]
            if peep is not None:
                dc += dA4[t, :, 0] * peep["i"] + dA4[t, :, 1] * peep["f"]
            dh = dA[t] @ w_hh
        grads = self._gradients(dA, X, [(dA, previous(run["h"], hb))], vector)
        grads["h0"], grads["c0"] = unbatch(dh, h0), unbatch(dc, c0)
        if peep is not None:
            grads["peephole_i"] = np.einsum("tbh,tbh->h", dA4[:, :, 0], C_prev)
            grads["peephole_f"] = np.einsum("tbh,tbh->h", dA4[:, :, 1], C_prev)
            grads["peephole_o"] = np.einsum("tbh,tbh->h", dA4[:, :, 3], C)
        return grads

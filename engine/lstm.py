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
from engine.base import RecurrentCell
from engine.steps import LSTMStep
from engine.validation import Array, as_batch, as_float64, as_sequence, expect_shape, match_batch


class LSTMCell(RecurrentCell):
    """An LSTM cell in float64 holding PyTorch-layout parameters."""

    gates = 4

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
        self.allow_nonfinite = allow_nonfinite
        self._set_weights(weight_ih, weight_hh, bias_ih, bias_hh)
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
        **kwargs: object,
    ) -> LSTMCell:
        """PyTorch layout: weight_ih (4H, I), weight_hh (4H, H), two biases (4H,), order i f g o."""
        return cls(weight_ih, weight_hh, bias_ih, bias_hh, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def from_keras(
        cls, kernel: ArrayLike, recurrent_kernel: ArrayLike, bias: ArrayLike | None = None
    ) -> LSTMCell:
        """Keras layout: kernel (I, 4H), recurrent_kernel (H, 4H), one bias (4H,), order i f c o."""
        k = as_float64(kernel, "kernel")
        rk = as_float64(recurrent_kernel, "recurrent_kernel")
        if k.ndim != 2 or k.shape[1] % 4:
            raise ValueError(f"kernel must have shape (input, 4*hidden); got {k.shape}")
        return cls(k.T, rk.T, bias, None)

    def to_keras(self) -> dict[str, Array]:
        """One bias: PyTorch's two are summed, which gives the same outputs."""
        return {
            "kernel": self.weight_ih.T.copy(),
            "recurrent_kernel": self.weight_hh.T.copy(),
            "bias": self.bias_ih + self.bias_hh,
        }

    @classmethod
    def from_textbook(cls, weight: ArrayLike, bias: ArrayLike | None = None) -> LSTMCell:
        """One matrix W (4H, H + I) acting on the concatenation [h_prev, x], one bias (4H,)."""
        w = as_float64(weight, "weight")
        if w.ndim != 2 or w.shape[0] % 4:
            raise ValueError(f"weight must have shape (4*hidden, hidden + input); got {w.shape}")
        hidden = w.shape[0] // 4
        return cls(w[:, hidden:], w[:, :hidden], bias, None)

    @classmethod
    def from_gates(cls, **per_gate: ArrayLike) -> LSTMCell:
        """Per-gate matrices, as a textbook writes them: W_xi W_hi b_i, ... for i, f, g, o.

        W_x* are (H, I), W_h* are (H, H), b_* (H,); missing biases are zero.
        """
        rows_ih, rows_hh, biases = [], [], []
        for gate in "ifgo":
            w_x = as_float64(per_gate[f"W_x{gate}"], f"W_x{gate}")
            w_h = as_float64(per_gate[f"W_h{gate}"], f"W_h{gate}")
            rows_ih.append(np.atleast_2d(w_x))
            rows_hh.append(np.atleast_2d(w_h))
            biases.append(np.atleast_1d(as_float64(per_gate.get(f"b_{gate}", 0.0), f"b_{gate}")))
        hidden = rows_hh[0].shape[0]
        bias = np.concatenate([np.broadcast_to(b, (hidden,)) for b in biases])
        return cls(np.vstack(rows_ih), np.vstack(rows_hh), bias, None)

    @classmethod
    def random(
        cls, input_size: int, hidden_size: int, rng: np.random.Generator, scale: float | None = None
    ) -> LSTMCell:
        """PyTorch's initialisation U(-1/sqrt(H), 1/sqrt(H)) unless ``scale`` is given."""
        bound = scale if scale is not None else 1.0 / np.sqrt(hidden_size)
        h4 = 4 * hidden_size
        return cls(
            rng.uniform(-bound, bound, (h4, input_size)),
            rng.uniform(-bound, bound, (h4, hidden_size)),
            rng.uniform(-bound, bound, h4),
            rng.uniform(-bound, bound, h4),
        )

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
    def _states(self, h: ArrayLike | None, c: ArrayLike | None, batch: int) -> tuple[Array, Array]:
        H = self.hidden_size
        allow = self.allow_nonfinite
        h_b = np.zeros((batch, H)) if h is None else as_batch(h, H, "h", allow_nonfinite=allow)[0]
        c_b = np.zeros((batch, H)) if c is None else as_batch(c, H, "c", allow_nonfinite=allow)[0]
        return match_batch(h_b, batch, "h"), match_batch(c_b, batch, "c")

    def step(
        self, x: ArrayLike, h: ArrayLike | None = None, c: ArrayLike | None = None
    ) -> LSTMStep:
        """One step; x (I,) or (B, I); h, c (H,) or (B, H), zeros when omitted."""
        xb, vector = as_batch(x, self.input_size, "x", allow_nonfinite=self.allow_nonfinite)
        hb, cb = self._states(h, c, xb.shape[0])
        cache = self._run(xb[None], hb, cb)
        return _step_at(cache, 0, vector)

    def forward(
        self, xs: ArrayLike, h0: ArrayLike | None = None, c0: ArrayLike | None = None
    ) -> list[LSTMStep]:
        """Every step of a sequence: xs (T, I) or (T, B, I)."""
        X, vector = as_sequence(xs, self.input_size, "xs", allow_nonfinite=self.allow_nonfinite)
        hb, cb = self._states(h0, c0, X.shape[1])
        cache = self._run(X, hb, cb)
        return [_step_at(cache, t, vector) for t in range(X.shape[0])]

    def _run(self, X: Array, h0: Array, c0: Array) -> dict[str, Array]:
        """Forward over (T, B, I), keeping every intermediate in (T, B, ·) arrays."""
        T, B, _ = X.shape
        H = self.hidden_size
        pre = X @ self.weight_ih.T + (self.bias_ih + self.bias_hh)  # (T, B, 4H) in one matmul
        acts = np.empty((T, B, 4 * H))
        A = np.empty((T, B, 4 * H))
        C = np.empty((T, B, H))
        TC = np.empty((T, B, H))
        Hs = np.empty((T, B, H))
        w_hh_t = self.weight_hh.T
        peep = self.peepholes
        h, c = h0, c0
        for t in range(T):
            a = pre[t] + h @ w_hh_t
            A[t] = a
            if peep is not None:
                a = a.copy()
                a[:, :H] += peep["i"] * c
                a[:, H : 2 * H] += peep["f"] * c
            gates = acts[t]
            gates[:, : 2 * H] = sigmoid(a[:, : 2 * H])
            np.tanh(a[:, 2 * H : 3 * H], out=gates[:, 2 * H : 3 * H])
            c = gates[:, H : 2 * H] * c + gates[:, :H] * gates[:, 2 * H : 3 * H]
            a_o = a[:, 3 * H :] + (peep["o"] * c if peep is not None else 0.0)
            gates[:, 3 * H :] = sigmoid(a_o)
            C[t] = c
            np.tanh(c, out=TC[t])
            h = gates[:, 3 * H :] * TC[t]
            Hs[t] = h
        return {"X": X, "h0": h0, "c0": c0, "A": A, "acts": acts, "C": C, "TC": TC, "H": Hs}

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

        Returns gradients named as PyTorch names the parameters (weight_ih, weight_hh, bias_ih,
        bias_hh), plus xs, h0 and c0, in the shapes of the inputs; peephole gradients as
        peephole_i/f/o when the cell has them.
        """
        X, vector = as_sequence(xs, self.input_size, "xs", allow_nonfinite=self.allow_nonfinite)
        T, B, _ = X.shape
        H = self.hidden_size
        hb, cb = self._states(h0, c0, B)
        cache = self._run(X, hb, cb)
        dH = np.zeros((T, B, H))
        if grad_hs is not None:
            dH += as_sequence(grad_hs, H, "grad_hs", allow_nonfinite=True)[0]
        dh = np.zeros((B, H)) if grad_h_T is None else as_batch(grad_h_T, H, "grad_h_T")[0].copy()
        dc = np.zeros((B, H)) if grad_c_T is None else as_batch(grad_c_T, H, "grad_c_T")[0].copy()
        dA = np.empty((T, B, 4 * H))
        acts, C, TC = cache["acts"], cache["C"], cache["TC"]
        peep = self.peepholes
        d_peep = {k: np.zeros(H) for k in "ifo"} if peep is not None else None
        w_hh = self.weight_hh
        for t in range(T - 1, -1, -1):
            dh = dh + dH[t]
            gates = acts[t]
            i, f, g, o = (gates[:, k * H : (k + 1) * H] for k in range(4))
            c_prev = C[t - 1] if t > 0 else cache["c0"]
            tc = TC[t]
            da_o = dh * tc * o * (1.0 - o)
            dc = dc + dh * o * (1.0 - tc * tc)
            if peep is not None:
                dc = dc + da_o * peep["o"]
            da_i = dc * g * i * (1.0 - i)
            da_f = dc * c_prev * f * (1.0 - f)
            da_g = dc * i * (1.0 - g * g)
            da = dA[t]
            da[:, :H], da[:, H : 2 * H], da[:, 2 * H : 3 * H], da[:, 3 * H :] = (
                da_i,
                da_f,
                da_g,
                da_o,
            )
            dc = dc * f
            if peep is not None and d_peep is not None:
                dc = dc + da_i * peep["i"] + da_f * peep["f"]
                d_peep["i"] += np.sum(da_i * c_prev, axis=0)
                d_peep["f"] += np.sum(da_f * c_prev, axis=0)
                d_peep["o"] += np.sum(da_o * C[t], axis=0)
            dh = da @ w_hh
        H_prev = np.concatenate([cache["h0"][None], cache["H"][:-1]], axis=0)
        flat_dA = dA.reshape(T * B, 4 * H)
        grads = {
            "weight_ih": flat_dA.T @ X.reshape(T * B, -1),
            "weight_hh": flat_dA.T @ H_prev.reshape(T * B, H),
            "bias_ih": flat_dA.sum(axis=0),
            "xs": (dA @ self.weight_ih)[:, 0] if vector else dA @ self.weight_ih,
            "h0": _unbatch(dh, h0),
            "c0": _unbatch(dc, c0),
        }
        grads["bias_hh"] = grads["bias_ih"].copy()
        if d_peep is not None:
            grads.update({f"peephole_{k}": v for k, v in d_peep.items()})
        return grads


def _unbatch(grad: Array, like: ArrayLike | None) -> Array:
    """Return the gradient in the shape of the state the caller passed (vector if vector)."""
    if like is None or np.ndim(like) == 1:
        return grad[0] if grad.shape[0] == 1 else grad.sum(axis=0)
    return grad


def _step_at(cache: dict[str, Array], t: int, vector: bool) -> LSTMStep:
    H = cache["C"].shape[2]
    A, acts = cache["A"][t], cache["acts"][t]

    def pick(array: Array) -> Array:
        return array[0].copy() if vector else array.copy()

    return LSTMStep(
        a_i=pick(A[:, :H]),
        a_f=pick(A[:, H : 2 * H]),
        a_g=pick(A[:, 2 * H : 3 * H]),
        a_o=pick(A[:, 3 * H :]),
        i=pick(acts[:, :H]),
        f=pick(acts[:, H : 2 * H]),
        g=pick(acts[:, 2 * H : 3 * H]),
        o=pick(acts[:, 3 * H :]),
        c=pick(cache["C"][t]),
        tanh_c=pick(cache["TC"][t]),
        h=pick(cache["H"][t]),
    )

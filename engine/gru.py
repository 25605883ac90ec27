"""The GRU cell (Cho et al. 2014), with both published conventions as explicit parameters.

PyTorch's gate order r, z, n in the stacked weights, column vectors:

    r = σ(W_ir x + b_ir + W_hr h_prev + b_hr)
    z = σ(W_iz x + b_iz + W_hz h_prev + b_hz)
    reset="after"  (PyTorch, Keras reset_after=True):
        n = tanh(W_in x + b_in + r * (W_hn h_prev + b_hn))
    reset="before" (Cho et al. 2014, d2l):
        n = tanh(W_in x + b_in + W_hn (r * h_prev) + b_hn)
    update="keep"  (Cho, d2l, PyTorch, Keras):          h = z * h_prev + (1 - z) * n
    update="take"  (Chung et al. 2014, Andrew Ng, colah): h = (1 - z) * h_prev + z * n

The two update conventions differ only by swapping z and 1 - z.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from engine.activations import sigmoid
from engine.base import RecurrentCell
from engine.steps import GRUStep
from engine.validation import Array, as_batch, as_float64, as_sequence, expect_shape, match_batch

Update = Literal["keep", "take"]
Reset = Literal["before", "after"]


class GRUCell(RecurrentCell):
    """A GRU cell in float64 holding PyTorch-layout parameters and its two conventions."""

    gates = 3

    def __init__(
        self,
        weight_ih: ArrayLike,
        weight_hh: ArrayLike,
        bias_ih: ArrayLike | None = None,
        bias_hh: ArrayLike | None = None,
        *,
        update: Update = "keep",
        reset: Reset = "after",
        allow_nonfinite: bool = False,
    ) -> None:
        if update not in ("keep", "take"):
            raise ValueError(f"update must be 'keep' or 'take'; got {update!r}")
        if reset not in ("before", "after"):
            raise ValueError(f"reset must be 'before' or 'after'; got {reset!r}")
        self.update, self.reset = update, reset
        self.allow_nonfinite = allow_nonfinite
        self._set_weights(weight_ih, weight_hh, bias_ih, bias_hh)

    # -- layouts ----------------------------------------------------------------------------
    @classmethod
    def from_torch(
        cls,
        weight_ih: ArrayLike,
        weight_hh: ArrayLike,
        bias_ih: ArrayLike | None = None,
        bias_hh: ArrayLike | None = None,
        update: Update = "keep",
        reset: Reset = "after",
        **kwargs: object,
    ) -> GRUCell:
        """PyTorch layout: weight_ih (3H, I), weight_hh (3H, H), two biases, order r z n."""
        return cls(weight_ih, weight_hh, bias_ih, bias_hh, update=update, reset=reset, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def from_keras(
        cls,
        kernel: ArrayLike,
        recurrent_kernel: ArrayLike,
        bias: ArrayLike | None = None,
        reset_after: bool = True,
    ) -> GRUCell:
        """Keras layout: kernel (I, 3H), recurrent_kernel (H, 3H), gate order z, r, h.

        reset_after=True (the Keras 3 / tf.keras default) has bias (2, 3H): input and
        recurrent biases; reset_after=False has one bias (3H,) and resets before the matmul.
        Keras updates with h = z * h_prev + (1 - z) * hh: the ``keep`` convention.
        """
        k = as_float64(kernel, "kernel")
        rk = as_float64(recurrent_kernel, "recurrent_kernel")
        if k.ndim != 2 or k.shape[1] % 3:
            raise ValueError(f"kernel must have shape (input, 3*hidden); got {k.shape}")
        hidden = k.shape[1] // 3
        expect_shape(rk, (hidden, 3 * hidden), "recurrent_kernel")
        order = _keras_to_torch(hidden)
        if bias is None:
            b_ih = b_hh = np.zeros(3 * hidden)
        else:
            b = as_float64(bias, "bias")
            if reset_after:
                expect_shape(b, (2, 3 * hidden), "bias")
                b_ih, b_hh = b[0][order], b[1][order]
            else:
                expect_shape(b, (3 * hidden,), "bias")
                b_ih, b_hh = b[order], np.zeros(3 * hidden)
        return cls(
            k.T[order],
            rk.T[order],
            b_ih,
            b_hh,
            update="keep",
            reset="after" if reset_after else "before",
        )

    def to_keras(self) -> dict[str, Array]:
        """Keras weights with reset_after matching this cell's reset placement."""
        hidden = self.hidden_size
        order = np.argsort(_keras_to_torch(hidden))
        out = {
            "kernel": self.weight_ih[order].T.copy(),
            "recurrent_kernel": self.weight_hh[order].T.copy(),
        }
        if self.reset == "after":
            out["bias"] = np.stack([self.bias_ih[order], self.bias_hh[order]])
        else:
            out["bias"] = (self.bias_ih + self.bias_hh)[order]
        return out

    @classmethod
    def from_textbook(
        cls,
        weight: ArrayLike,
        bias: ArrayLike | None = None,
        update: Update = "keep",
        reset: Reset = "before",
    ) -> GRUCell:
        """One matrix W (3H, H + I) acting on [h_prev, x], one bias (3H,), order r z n."""
        w = as_float64(weight, "weight")
        if w.ndim != 2 or w.shape[0] % 3:
            raise ValueError(f"weight must have shape (3*hidden, hidden + input); got {w.shape}")
        hidden = w.shape[0] // 3
        return cls(w[:, hidden:], w[:, :hidden], bias, None, update=update, reset=reset)

    def to_textbook(self) -> dict[str, Array]:
        """The textbook GRU (one bias, [h, x] concatenation) resets before the matmul.

        With reset="after" the hidden bias b_hn sits inside r * (W_hn h + b_hn) and the cell is
        a different function, so it has no one-bias textbook form.
        """
        if self.reset != "before":
            raise ValueError(
                "the textbook layout resets before the hidden matmul; this cell resets after "
                "(PyTorch/Keras reset_after=True) and has no exact textbook form"
            )
        return super().to_textbook()

    @classmethod
    def from_gates(
        cls, *, update: Update = "keep", reset: Reset = "before", **per_gate: ArrayLike
    ) -> GRUCell:
        """Per-gate matrices W_xr W_hr b_r, W_xz W_hz b_z, W_xn W_hn b_n (b_hn optional)."""
        rows_ih, rows_hh, b_ih = [], [], []
        for gate in "rzn":
            rows_ih.append(np.atleast_2d(as_float64(per_gate[f"W_x{gate}"], f"W_x{gate}")))
            rows_hh.append(np.atleast_2d(as_float64(per_gate[f"W_h{gate}"], f"W_h{gate}")))
            b_ih.append(np.atleast_1d(as_float64(per_gate.get(f"b_{gate}", 0.0), f"b_{gate}")))
        hidden = rows_hh[0].shape[0]
        b_hh = np.zeros(3 * hidden)
        b_hh[2 * hidden :] = np.broadcast_to(
            as_float64(per_gate.get("b_hn", 0.0), "b_hn"), (hidden,)
        )
        bias = np.concatenate([np.broadcast_to(b, (hidden,)) for b in b_ih])
        return cls(np.vstack(rows_ih), np.vstack(rows_hh), bias, b_hh, update=update, reset=reset)

    @classmethod
    def random(
        cls,
        input_size: int,
        hidden_size: int,
        rng: np.random.Generator,
        scale: float | None = None,
        **conventions: object,
    ) -> GRUCell:
        bound = scale if scale is not None else 1.0 / np.sqrt(hidden_size)
        h3 = 3 * hidden_size
        return cls(
            rng.uniform(-bound, bound, (h3, input_size)),
            rng.uniform(-bound, bound, (h3, hidden_size)),
            rng.uniform(-bound, bound, h3),
            rng.uniform(-bound, bound, h3),
            **conventions,  # type: ignore[arg-type]
        )

    # -- forward ----------------------------------------------------------------------------
    def _state(self, h: ArrayLike | None, batch: int) -> Array:
        if h is None:
            return np.zeros((batch, self.hidden_size))
        hb = as_batch(h, self.hidden_size, "h", allow_nonfinite=self.allow_nonfinite)[0]
        return match_batch(hb, batch, "h")

    def step(self, x: ArrayLike, h: ArrayLike | None = None) -> GRUStep:
        xb, vector = as_batch(x, self.input_size, "x", allow_nonfinite=self.allow_nonfinite)
        cache = self._run(xb[None], self._state(h, xb.shape[0]))
        return _step_at(cache, 0, vector)

    def forward(self, xs: ArrayLike, h0: ArrayLike | None = None) -> list[GRUStep]:
        X, vector = as_sequence(xs, self.input_size, "xs", allow_nonfinite=self.allow_nonfinite)
        cache = self._run(X, self._state(h0, X.shape[1]))
        return [_step_at(cache, t, vector) for t in range(X.shape[0])]

    def _run(self, X: Array, h0: Array) -> dict[str, Array]:
        T, B, _ = X.shape
        H = self.hidden_size
        GI = X @ self.weight_ih.T + self.bias_ih  # (T, B, 3H)
        R, Z, HN, AN, N, Hs = (np.empty((T, B, H)) for _ in range(6))
        AR, AZ = np.empty((T, B, H)), np.empty((T, B, H))
        w_rz_t = self.weight_hh[: 2 * H].T
        w_n_t = self.weight_hh[2 * H :].T
        b_rz, b_n = self.bias_hh[: 2 * H], self.bias_hh[2 * H :]
        h = h0
        for t in range(T):
            gh_rz = h @ w_rz_t + b_rz
            AR[t] = GI[t, :, :H] + gh_rz[:, :H]
            AZ[t] = GI[t, :, H : 2 * H] + gh_rz[:, H:]
            r, z = sigmoid(AR[t]), sigmoid(AZ[t])
            if self.reset == "after":
                HN[t] = h @ w_n_t + b_n
                AN[t] = GI[t, :, 2 * H :] + r * HN[t]
            else:
                HN[t] = (r * h) @ w_n_t + b_n
                AN[t] = GI[t, :, 2 * H :] + HN[t]
            n = np.tanh(AN[t])
            h = z * h + (1.0 - z) * n if self.update == "keep" else (1.0 - z) * h + z * n
            R[t], Z[t], N[t], Hs[t] = r, z, n, h
        return {
            "X": X,
            "h0": h0,
            "AR": AR,
            "AZ": AZ,
            "R": R,
            "Z": Z,
            "HN": HN,
            "AN": AN,
            "N": N,
            "H": Hs,
        }

    # -- backward ---------------------------------------------------------------------------
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
        cache = self._run(X, hb)
        dH = np.zeros((T, B, H))
        if grad_hs is not None:
            dH += as_sequence(grad_hs, H, "grad_hs", allow_nonfinite=True)[0]
        dh = np.zeros((B, H)) if grad_h_T is None else as_batch(grad_h_T, H, "grad_h_T")[0].copy()
        dGI = np.empty((T, B, 3 * H))
        dW_hh = np.zeros((3 * H, H))
        db_hh = np.zeros(3 * H)
        w_rz, w_n = self.weight_hh[: 2 * H], self.weight_hh[2 * H :]
        for t in range(T - 1, -1, -1):
            dh = dh + dH[t]
            h_prev = cache["H"][t - 1] if t > 0 else cache["h0"]
            r, z, n, hn = cache["R"][t], cache["Z"][t], cache["N"][t], cache["HN"][t]
            if self.update == "keep":
                dz, dn, dh_prev = dh * (h_prev - n), dh * (1.0 - z), dh * z
            else:
                dz, dn, dh_prev = dh * (n - h_prev), dh * z, dh * (1.0 - z)
            da_n = dn * (1.0 - n * n)
            if self.reset == "after":
                dr = da_n * hn
                dhn = da_n * r  # gradient into W_hn h_prev + b_hn
                dW_hh[2 * H :] += dhn.T @ h_prev
                db_hh[2 * H :] += dhn.sum(axis=0)
                dh_prev = dh_prev + dhn @ w_n
            else:
                d_rh = da_n @ w_n
                dr = d_rh * h_prev
                dW_hh[2 * H :] += da_n.T @ (r * h_prev)
                db_hh[2 * H :] += da_n.sum(axis=0)
                dh_prev = dh_prev + d_rh * r
            da_r = dr * r * (1.0 - r)
            da_z = dz * z * (1.0 - z)
            d_rz = np.concatenate([da_r, da_z], axis=1)
            dW_hh[: 2 * H] += d_rz.T @ h_prev
            db_hh[: 2 * H] += d_rz.sum(axis=0)
            dh = dh_prev + d_rz @ w_rz
            dGI[t, :, :H], dGI[t, :, H : 2 * H], dGI[t, :, 2 * H :] = da_r, da_z, da_n
        flat = dGI.reshape(T * B, 3 * H)
        dxs = dGI @ self.weight_ih
        return {
            "weight_ih": flat.T @ X.reshape(T * B, -1),
            "weight_hh": dW_hh,
            "bias_ih": flat.sum(axis=0),
            "bias_hh": db_hh,
            "xs": dxs[:, 0] if vector else dxs,
            "h0": dh[0] if (h0 is None or np.ndim(h0) == 1) and dh.shape[0] == 1 else dh,
        }


def _keras_to_torch(hidden: int) -> Array:
    """Row indices taking Keras' z, r, h blocks to PyTorch's r, z, n order."""
    z, r, n = (np.arange(k * hidden, (k + 1) * hidden) for k in range(3))
    return np.concatenate([r, z, n])


def _step_at(cache: Mapping[str, Array], t: int, vector: bool) -> GRUStep:
    def pick(name: str) -> Array:
        array = cache[name][t]
        return array[0].copy() if vector else array.copy()

    return GRUStep(
        a_r=pick("AR"),
        a_z=pick("AZ"),
        r=pick("R"),
        z=pick("Z"),
        hn=pick("HN"),
        a_n=pick("AN"),
        n=pick("N"),
        h=pick("H"),
    )

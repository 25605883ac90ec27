"""The GRU cell (Cho et al. 2014), with both published conventions as explicit parameters.

PyTorch's gate order r, z, n in the stacked weights, column vectors:

    r = σ(W_ir x + b_ir + W_hr h_prev + b_hr)
    z = σ(W_iz x + b_iz + W_hz h_prev + b_hz)
    reset="after"  (PyTorch, Keras reset_after=True):
        n = tanh(W_in x + b_in + r * (W_hn h_prev + b_hn))
    reset="before" (Cho et al. 2014, arXiv 1406.1078v3 / EMNLP; d2l):
        n = tanh(W_in x + b_in + W_hn (r * h_prev) + b_hn)
    update="keep"  (Cho, d2l, PyTorch, Keras):          h = z * h_prev + (1 - z) * n
    update="take"  (Chung et al. 2014, Andrew Ng, colah): h = (1 - z) * h_prev + z * n

The two update conventions differ only by swapping z and 1 - z.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from engine.base import RecurrentCell, per_unit, previous, unbatch
from engine.steps import GRUStep
from engine.validation import Array, Index, as_float64, expect_shape, one_of

Update = Literal["keep", "take"]
Reset = Literal["before", "after"]


class GRUCell(RecurrentCell[GRUStep]):
    """A GRU cell in float64 holding PyTorch-layout parameters and its two conventions."""

    gates = 3
    step_record = GRUStep

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
        self.update: Update = one_of("update", update, Update)
        self.reset: Reset = one_of("reset", reset, Reset)
        super().__init__(weight_ih, weight_hh, bias_ih, bias_hh, allow_nonfinite=allow_nonfinite)

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
        *,
        allow_nonfinite: bool = False,
    ) -> GRUCell:
        """PyTorch layout: weight_ih (3H, I), weight_hh (3H, H), two biases, order r z n."""
        return cls(
            weight_ih,
            weight_hh,
            bias_ih,
            bias_hh,
            update=update,
            reset=reset,
            allow_nonfinite=allow_nonfinite,
        )

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
        k, rk = cls._keras_kernels(kernel, recurrent_kernel)
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

    def _keras_rows(self) -> Index:
        return np.argsort(_keras_to_torch(self.hidden_size))

    def to_keras(self) -> dict[str, Array]:
        """Keras weights with reset_after matching this cell's reset placement.

        Resetting after the matmul keeps PyTorch's two biases apart (Keras bias (2, 3H):
        input row, recurrent row); resetting before sums them into one (3H,).

        >>> after = GRUCell.random(2, 3, np.random.default_rng(0))
        >>> before = GRUCell(**after.to_torch(), reset="before")
        >>> after.to_keras()["bias"].shape, before.to_keras()["bias"].shape
        ((2, 9), (9,))
        """
        out = super().to_keras()
        if self.reset == "after":
            rows = self._keras_rows()
            out["bias"] = np.stack([self.bias_ih[rows], self.bias_hh[rows]])
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
        weight_ih, weight_hh = cls._split_textbook(weight)
        return cls(weight_ih, weight_hh, bias, None, update=update, reset=reset)

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
        weight_ih, weight_hh, bias = cls._stack_gates(per_gate, "rzn")
        hidden = weight_hh.shape[1]
        b_hh = np.zeros(3 * hidden)
        b_hh[2 * hidden :] = per_unit(as_float64(per_gate.get("b_hn", 0.0), "b_hn"), hidden)
        return cls(weight_ih, weight_hh, bias, b_hh, update=update, reset=reset)

    # -- forward ----------------------------------------------------------------------------
    def _run(self, X: Array, *states: Array) -> dict[str, Array]:
        """Forward over (T, B, I): every field of ``GRUStep`` as a (T, B, H) array.

        The input projections W_ih x_t + b_ih of all steps are one matrix product before the
        loop; each step writes into preallocated arrays.
        """
        (h0,) = states
        T, B, _ = X.shape
        H = self.hidden_size
        GI = X @ self.weight_ih.T + self.bias_ih  # (T, B, 3H)
        ARZ, RZ = np.empty((T, B, 2 * H)), np.empty((T, B, 2 * H))
        HN, AN, N, Hs = (np.empty((T, B, H)) for _ in range(4))
        w_rz_t, w_n_t = self.weight_hh[: 2 * H].T, self.weight_hh[2 * H :].T
        b_rz, b_n = self.bias_hh[: 2 * H], self.bias_hh[2 * H :]
        after, keep = self.reset == "after", self.update == "keep"
        h = h0
        for t in range(T):
            gh_rz = h @ w_rz_t
            gh_rz += b_rz
            np.add(GI[t, :, : 2 * H], gh_rz, out=ARZ[t])
            rz = RZ[t]
            np.multiply(ARZ[t], 0.5, out=rz)  # σ(a) = (1 + tanh(a/2)) / 2 for r and z at once
            np.tanh(rz, out=rz)
            rz += 1.0
            rz *= 0.5
            r, z = rz[:, :H], rz[:, H:]
            hn, an = HN[t], AN[t]
            if after:
                np.matmul(h, w_n_t, out=hn)
                hn += b_n
                np.multiply(r, hn, out=an)
            else:
                np.matmul(r * h, w_n_t, out=hn)
                hn += b_n
                an[...] = hn
            np.add(GI[t, :, 2 * H :], an, out=an)
            n = N[t]
            np.tanh(an, out=n)
            if keep:  # h = z * h_prev + (1 - z) * n
                kept, taken = z * h, (1.0 - z) * n
            else:  # h = (1 - z) * h_prev + z * n
                kept, taken = (1.0 - z) * h, z * n
            h = Hs[t]
            np.add(kept, taken, out=h)
        return {
            "a_r": ARZ[..., :H],
            "a_z": ARZ[..., H:],
            "r": RZ[..., :H],
            "z": RZ[..., H:],
            "hn": HN,
            "a_n": AN,
            "n": N,
            "h": Hs,
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
        """Exact BPTT for L = sum(grad_h_T * h_T) + sum_t sum(grad_hs[t] * h_t).

        Per step (update "keep"; "take" swaps z and 1 - z), with δh = dL/dh_t:

            δa_z = δh (h_prev - n) z(1 - z)       δa_n = δh (1 - z)(1 - n²)
            after:  δhn = δa_n r,                 δa_r = δa_n hn r(1 - r)
            before: δ(r h_prev) = W_hn^T δa_n,    δa_r = δ(r h_prev) h_prev r(1 - r)
            dL/dh_prev = δh z + W_hr^T δa_r + W_hz^T δa_z + (W_hn^T δhn | δ(r h_prev) r)

        Every factor that does not depend on δ is computed for all steps before the loop, and
        the recurrent weight gradient is one matrix product after it.
        """
        X, vector = self._sequence(xs)
        T, B, _ = X.shape
        H = self.hidden_size
        hb = self._state(h0, B)
        run = self._run(X, hb)
        r, z, hn, n = run["r"], run["z"], run["hn"], run["n"]
        H_prev = previous(run["h"], hb)
        keep = self.update == "keep"
        carry = z if keep else 1.0 - z  # dh_t / dh_prev along the direct path
        to_a_z = (H_prev - n if keep else n - H_prev) * (z * (1.0 - z))
        to_a_n = (1.0 - z if keep else z) * (1.0 - n * n)
        after = self.reset == "after"
        to_a_r = (hn if after else H_prev) * (r * (1.0 - r))
        dh, dH = self._seed(grad_h_T, B, "grad_h_T"), self._per_step(grad_hs, T, B)
        dGI = np.empty((T, B, 3 * H))  # dL/d(W_ih x_t + b_ih): blocks r, z, n
        dGH = np.empty((T, B, 3 * H))  # dL/d(W_hh u_t + b_hh)
        w_hh, w_rz, w_n = self.weight_hh, self.weight_hh[: 2 * H], self.weight_hh[2 * H :]
        for t in range(T - 1, -1, -1):
            if dH is not None:
                dh += dH[t]
            d_in, d_rec = dGI[t], dGH[t]
            da_n = d_in[:, 2 * H :]
            np.multiply(dh, to_a_n[t], out=da_n)
            np.multiply(dh, to_a_z[t], out=d_in[:, H : 2 * H])
            if after:
                np.multiply(da_n, r[t], out=d_rec[:, 2 * H :])
                np.multiply(da_n, to_a_r[t], out=d_in[:, :H])
                d_rec[:, : 2 * H] = d_in[:, : 2 * H]
                dh = dh * carry[t] + d_rec @ w_hh
            else:
                d_rh = da_n @ w_n  # dL/d(r * h_prev)
                np.multiply(d_rh, to_a_r[t], out=d_in[:, :H])
                dh = dh * carry[t] + d_rh * r[t] + d_in[:, : 2 * H] @ w_rz
        if after:
            recurrent = [(dGH, H_prev)]
        else:
            recurrent = [(dGI[..., : 2 * H], H_prev), (dGI[..., 2 * H :], r * H_prev)]
        grads = self._gradients(dGI, X, recurrent, vector)
        grads["h0"] = unbatch(dh, h0)
        return grads


def _keras_to_torch(hidden: int) -> Index:
    """Row indices taking Keras' z, r, h blocks to PyTorch's r, z, n order."""
    z, r, n = (np.arange(k * hidden, (k + 1) * hidden) for k in range(3))
    return np.concatenate([r, z, n])

"""What every cell shares: PyTorch-layout parameters, their validation, initialisation, state
handling, step records, the gradient bookkeeping of BPTT, and export to other layouts.

A cell with G weight blocks (RNN 1, GRU 3, LSTM 4), input size I and hidden size H holds

    weight_ih (G*H, I)   weight_hh (G*H, H)   bias_ih (G*H,)   bias_hh (G*H,)

in float64, exactly as ``torch.nn.{RNN,GRU,LSTM}Cell`` names and stacks them. Sequences are
(T, I) or (T, B, I); states are (H,) or (B, H). Inside, everything runs on (T, B, ·) arrays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

import numpy as np
from numpy.typing import ArrayLike

from engine.validation import (
    Array,
    Index,
    all_finite,
    as_batch,
    as_float64,
    as_sequence,
    expect_shape,
    match_batch,
)


class _StepRecord(Protocol):
    def __init__(self, **fields: Array) -> None: ...


StepT = TypeVar("StepT", bound=_StepRecord)


class RecurrentCell(Generic[StepT]):
    """Holds weight_ih (G*H, I), weight_hh (G*H, H), bias_ih and bias_hh (G*H,) in float64.

    G is the number of stacked weight blocks: 1 (RNN), 3 (GRU), 4 (LSTM). Omitted biases are
    zero; NaN or inf is refused unless ``allow_nonfinite`` (exploding-gradient demonstrations).
    A cell names its states (h; the LSTM h and c) and the record type of one step, and
    implements ``_run``; stepping and running a sequence are the same for every cell.
    """

    gates: ClassVar[int] = 1
    state_names: ClassVar[tuple[str, ...]] = ("h",)
    step_record: type[StepT]
    allow_nonfinite: bool
    hidden_size: int
    input_size: int
    weight_ih: Array
    weight_hh: Array
    bias_ih: Array
    bias_hh: Array

    def __init__(
        self,
        weight_ih: ArrayLike,
        weight_hh: ArrayLike,
        bias_ih: ArrayLike | None = None,
        bias_hh: ArrayLike | None = None,
        *,
        allow_nonfinite: bool = False,
    ) -> None:
        self.allow_nonfinite = allow_nonfinite
        G = self.gates
        w_ih = as_float64(weight_ih, "weight_ih", allow_nonfinite=allow_nonfinite)
        if w_ih.ndim != 2 or w_ih.shape[0] % G:
            expected = "(hidden, input)" if G == 1 else f"({G}*hidden, input)"
            raise ValueError(f"weight_ih must have shape {expected}; got {w_ih.shape}")
        self.hidden_size, self.input_size = w_ih.shape[0] // G, w_ih.shape[1]
        self.weight_ih = w_ih
        self.weight_hh = expect_shape(
            as_float64(weight_hh, "weight_hh", allow_nonfinite=allow_nonfinite),
            (G * self.hidden_size, self.hidden_size),
            "weight_hh",
        )
        self.bias_ih = self._bias(bias_ih, "bias_ih")
        self.bias_hh = self._bias(bias_hh, "bias_hh")

    def _bias(self, value: ArrayLike | None, name: str) -> Array:
        rows = self.gates * self.hidden_size
        if value is None:
            return np.zeros(rows)
        return expect_shape(
            as_float64(value, name, allow_nonfinite=self.allow_nonfinite), (rows,), name
        )

    @classmethod
    def random(
        cls,
        input_size: int,
        hidden_size: int,
        rng: np.random.Generator,
        scale: float | None = None,
        **conventions: Any,
    ) -> Self:
        """PyTorch's initialisation, U(-1/sqrt(H), 1/sqrt(H)) for every entry, unless ``scale``
        gives the bound. ``conventions`` go to the constructor (``nonlinearity``, ``update``,
        ``reset``...). Drawn in the order weight_ih, weight_hh, bias_ih, bias_hh.

        >>> from engine import GRUCell
        >>> cell = GRUCell.random(2, 3, np.random.default_rng(0), update="take")
        >>> cell.weight_ih.shape, cell.weight_hh.shape, cell.bias_hh.shape, cell.update
        ((9, 2), (9, 3), (9,), 'take')
        >>> bool(np.all(np.abs(cell.weight_hh) <= 1 / np.sqrt(3)))
        True
        """
        bound = scale if scale is not None else 1.0 / np.sqrt(hidden_size)
        rows = cls.gates * hidden_size
        return cls(
            rng.uniform(-bound, bound, (rows, input_size)),
            rng.uniform(-bound, bound, (rows, hidden_size)),
            rng.uniform(-bound, bound, rows),
            rng.uniform(-bound, bound, rows),
            **conventions,
        )

    # -- layouts ----------------------------------------------------------------------------
    @staticmethod
    def _stack_gates(per_gate: Mapping[str, ArrayLike], gates: str) -> tuple[Array, Array, Array]:
        """weight_ih, weight_hh and one bias stacked from per-gate W_x*, W_h* and b_*.

        W_x* are (H, I), W_h* (H, H), b_* (H,) or one number for every unit; a missing b_* is
        zero. Each part is checked under its own name.
        """
        names = [f"{kind}{gate}" for gate in gates for kind in ("W_x", "W_h", "b_")]
        parts = {  # numeric or refused under its own name; finiteness is checked once below
            name: as_float64(
                per_gate[name] if name[0] == "W" else per_gate.get(name, 0.0),
                name,
                allow_nonfinite=True,
            )
            for name in names
        }
        rows_ih = [np.atleast_2d(parts[f"W_x{gate}"]) for gate in gates]
        rows_hh = [np.atleast_2d(parts[f"W_h{gate}"]) for gate in gates]
        hidden = rows_hh[0].shape[0]
        stacked = (
            np.concatenate(rows_ih),
            np.concatenate(rows_hh),
            np.concatenate([per_unit(parts[f"b_{gate}"], hidden) for gate in gates]),
        )
        if not all_finite(*stacked):
            for name in names:  # which part: the message names it
                as_float64(parts[name], name)
        return stacked

    @classmethod
    def _keras_kernels(cls, kernel: ArrayLike, recurrent_kernel: ArrayLike) -> tuple[Array, Array]:
        """Keras' kernel (I, G*H) and recurrent_kernel as float64, the kernel's shape checked."""
        k = as_float64(kernel, "kernel")
        if k.ndim != 2 or k.shape[1] % cls.gates:
            raise ValueError(f"kernel must have shape (input, {cls.gates}*hidden); got {k.shape}")
        return k, as_float64(recurrent_kernel, "recurrent_kernel")

    @classmethod
    def _split_textbook(cls, weight: ArrayLike) -> tuple[Array, Array]:
        """weight_ih and weight_hh from one matrix W (G*H, H + I) acting on [h_prev, x]."""
        w = as_float64(weight, "weight")
        if w.ndim != 2 or w.shape[0] % cls.gates:
            raise ValueError(
                f"weight must have shape ({cls.gates}*hidden, hidden + input); got {w.shape}"
            )
        hidden = w.shape[0] // cls.gates
        return w[:, hidden:], w[:, :hidden]

    def to_torch(self) -> dict[str, Array]:
        """Copies in PyTorch's names and layout (two biases)."""
        return {
            "weight_ih": self.weight_ih.copy(),
            "weight_hh": self.weight_hh.copy(),
            "bias_ih": self.bias_ih.copy(),
            "bias_hh": self.bias_hh.copy(),
        }

    def to_textbook(self) -> dict[str, Array]:
        """One matrix W (G*H, H + I) acting on [h_prev, x] and one bias b = b_ih + b_hh."""
        return {
            "weight": np.concatenate([self.weight_hh, self.weight_ih], axis=1),
            "bias": self.bias_ih + self.bias_hh,
        }

    def _keras_rows(self) -> slice | Index:
        """Rows of PyTorch's stacked blocks in Keras's gate order (the same order here)."""
        return slice(None)

    def to_keras(self) -> dict[str, Array]:
        """Keras weights: kernel (I, G*H), recurrent_kernel (H, G*H), one bias (G*H,).

        Keras multiplies row vectors, so its matrices are PyTorch's transposed; its one bias is
        PyTorch's two summed, which gives the same outputs.

        >>> from engine import LSTMCell
        >>> keras = LSTMCell.random(2, 3, np.random.default_rng(0)).to_keras()
        >>> {name: value.shape for name, value in keras.items()}
        {'kernel': (2, 12), 'recurrent_kernel': (3, 12), 'bias': (12,)}
        """
        rows = self._keras_rows()
        return {
            "kernel": self.weight_ih[rows].T.copy(),
            "recurrent_kernel": self.weight_hh[rows].T.copy(),
            "bias": (self.bias_ih + self.bias_hh)[rows],
        }

    # -- forward ----------------------------------------------------------------------------
    def step(self, x: ArrayLike, h: ArrayLike | None = None) -> StepT:
        """One step; x (I,) or (B, I), h (H,) or (B, H), zeros when omitted."""
        return self._step(x, h)

    def forward(self, xs: ArrayLike, h0: ArrayLike | None = None) -> list[StepT]:
        """Every step of a sequence: xs (T, I) or (T, B, I)."""
        return self._forward(xs, h0)

    def _step(self, x: ArrayLike, *states: ArrayLike | None) -> StepT:
        """One step from the initial states in ``state_names`` order (None for zeros)."""
        xb, vector = self._batch(x)
        run = self._run(xb[None], *self._states(xb.shape[0], *states))
        return self._records(self.step_record, run, vector)[0]

    def _forward(self, xs: ArrayLike, *states: ArrayLike | None) -> list[StepT]:
        """Every step of a sequence from the initial states in ``state_names`` order."""
        X, vector = self._sequence(xs)
        return self._records(
            self.step_record, self._run(X, *self._states(X.shape[1], *states)), vector
        )

    def _run(self, X: Array, *states: Array) -> dict[str, Array]:
        """Every field of the step record as a (T, B, ·) array, from X (T, B, I) and the
        (B, H) initial states in ``state_names`` order."""
        raise NotImplementedError

    # -- inputs and states ------------------------------------------------------------------
    def _states(self, batch: int, *given: ArrayLike | None) -> list[Array]:
        """Each initial state (in ``state_names`` order) as (batch, H); see ``_state``."""
        return [
            self._state(value, batch, name)
            for value, name in zip(given, self.state_names, strict=True)
        ]

    def _batch(self, x: ArrayLike) -> tuple[Array, bool]:
        """x (I,) or (B, I) as (B, I), and whether it was a vector."""
        return as_batch(x, self.input_size, "x", allow_nonfinite=self.allow_nonfinite)

    def _sequence(self, xs: ArrayLike) -> tuple[Array, bool]:
        """xs (T, I) or (T, B, I) as (T, B, I), and whether the batch axis was absent."""
        return as_sequence(xs, self.input_size, "xs", allow_nonfinite=self.allow_nonfinite)

    def _state(self, value: ArrayLike | None, batch: int, name: str = "h") -> Array:
        """A state (H,) or (B, H) as (batch, H); zeros when omitted, a vector repeated."""
        if value is None:
            return np.zeros((batch, self.hidden_size))
        state = as_batch(value, self.hidden_size, name, allow_nonfinite=self.allow_nonfinite)[0]
        return match_batch(state, batch, name)

    def _seed(self, grad: ArrayLike | None, batch: int, name: str) -> Array:
        """An upstream gradient of a final state as a fresh (batch, H) array, zeros if omitted."""
        out = np.zeros((batch, self.hidden_size))
        if grad is not None:
            out += as_batch(grad, self.hidden_size, name)[0]
        return out

    def _per_step(self, grad_hs: ArrayLike | None, T: int, batch: int) -> Array | None:
        """dL/dh_t for every t as (T, batch, H), or None when the loss reads h_T only."""
        if grad_hs is None:
            return None
        out = np.zeros((T, batch, self.hidden_size))
        out += as_sequence(grad_hs, self.hidden_size, "grad_hs", allow_nonfinite=True)[0]
        return out

    def _gradients(
        self,
        d_in: Array,
        X: Array,
        recurrent: Sequence[tuple[Array, Array]],
        vector: bool,
    ) -> dict[str, Array]:
        """Parameter and input gradients from the pre-activation gradients of every step.

        ``d_in`` is dL/d(W_ih x_t + b_ih), (T, B, G*H). ``recurrent`` pairs dL/d(W u_t + b)
        for consecutive row blocks of W_hh with the input u_t those rows read, (T, B, H):
        h_{t-1} for every block, except the GRU's reset-before candidate, which reads
        r_t * h_{t-1}. The weight gradients are one matrix product over all steps after the
        loop, not a sum of per-step outer products. Keys in PyTorch's parameter order, then xs.
        """
        T, B, GH = d_in.shape
        flat = d_in.reshape(T * B, GH)
        rows = [(d.reshape(T * B, -1), u.reshape(T * B, -1)) for d, u in recurrent]
        dxs = d_in @ self.weight_ih
        return {
            "weight_ih": flat.T @ X.reshape(T * B, -1),
            "weight_hh": np.concatenate([d.T @ u for d, u in rows]),
            "bias_ih": flat.sum(axis=0),
            "bias_hh": np.concatenate([d.sum(axis=0) for d, _ in rows]),
            "xs": dxs[:, 0] if vector else dxs,
        }

    @staticmethod
    def _records(step_type: type[StepT], arrays: Mapping[str, Array], vector: bool) -> list[StepT]:
        """One step record per t from (T, B, ·) arrays, in the caller's layout (copies)."""
        T = next(iter(arrays.values())).shape[0]
        if vector:
            return [step_type(**{k: a[t, 0].copy() for k, a in arrays.items()}) for t in range(T)]
        return [step_type(**{k: a[t].copy() for k, a in arrays.items()}) for t in range(T)]


def per_unit(bias: Array, hidden: int) -> Array:
    """A per-gate bias as (H,): a scalar (or one value) is repeated for every unit."""
    return bias if bias.shape == (hidden,) else np.broadcast_to(np.atleast_1d(bias), (hidden,))


def previous(states: Array, first: Array) -> Array:
    """The state entering each step: (T, B, H) from the states leaving them and the first."""
    out = np.empty_like(states)
    out[0] = first
    out[1:] = states[:-1]
    return out


def unbatch(grad: Array, like: ArrayLike | None) -> Array:
    """A state's gradient in the shape the caller gave the state.

    A vector gives a vector (summed over the batch it was repeated across); (B, H) gives
    (B, H); an omitted state (zeros, one row per example) gives a vector for one example and
    (B, H) for a batch.
    """
    if like is None:
        return grad[0] if grad.shape[0] == 1 else grad
    if np.ndim(like) == 1 and grad.shape[0] > 1:
        summed: Array = grad.sum(axis=0)
        return summed
    return grad[0] if np.ndim(like) == 1 else grad

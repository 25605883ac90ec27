"""What every cell shares: PyTorch-layout parameters, their validation, and export."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from engine.validation import Array, as_float64, expect_shape


class RecurrentCell:
    """Holds weight_ih (G*H, I), weight_hh (G*H, H), bias_ih and bias_hh (G*H,) in float64.

    G is the number of stacked weight blocks: 1 (RNN), 3 (GRU), 4 (LSTM).
    """

    gates = 1
    allow_nonfinite = False
    hidden_size: int
    input_size: int
    weight_ih: Array
    weight_hh: Array
    bias_ih: Array
    bias_hh: Array

    def _set_weights(
        self,
        weight_ih: ArrayLike,
        weight_hh: ArrayLike,
        bias_ih: ArrayLike | None,
        bias_hh: ArrayLike | None,
    ) -> None:
        G = self.gates
        w_ih = as_float64(weight_ih, "weight_ih", allow_nonfinite=self.allow_nonfinite)
        if w_ih.ndim != 2 or w_ih.shape[0] % G:
            expected = "(hidden, input)" if G == 1 else f"({G}*hidden, input)"
            raise ValueError(f"weight_ih must have shape {expected}; got {w_ih.shape}")
        self.hidden_size, self.input_size = w_ih.shape[0] // G, w_ih.shape[1]
        self.weight_ih = w_ih
        self.weight_hh = expect_shape(
            as_float64(weight_hh, "weight_hh", allow_nonfinite=self.allow_nonfinite),
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

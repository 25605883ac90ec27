"""Activations and their derivatives, written in terms of the output where that is cheaper."""

from __future__ import annotations

import numpy as np

from engine.validation import Array


def sigmoid(x: Array) -> Array:
    """Numerically stable logistic function: never overflows for large |x|."""
    out = np.empty_like(x)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    exp_x = np.exp(x[~positive])
    out[~positive] = exp_x / (1.0 + exp_x)
    return out


def relu(x: Array) -> Array:
    return np.maximum(x, 0.0)

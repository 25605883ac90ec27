"""Layer normalisation and batch normalisation of the summed inputs a_t of a recurrent layer.

Layer norm (Ba, Kiros & Hinton 2016, §3 and §3.1) takes μ and σ over the H hidden units of
one sample at one time step, so it needs no batch and no per-step running statistics:
    μ = (1/H) Σ_i a_i,   σ = sqrt((1/H) Σ_i (a_i − μ)²),   out = g ⊙ (a − μ) / σ + b.
Batch norm at training time takes μ and σ of each unit over the samples of the batch (at one
time step, in recurrent BN: Cooijmans et al. 2017, §3). Both use the population variance
(divide by the count, not count − 1), as PyTorch's layer_norm and batch_norm in training do.
The papers' formulas have no ε; ``eps`` adds one inside the square root, as frameworks do.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from engine.validation import all_finite

Array = np.ndarray


def _summed_inputs(a: ArrayLike) -> Array:
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim not in (1, 2) or arr.size == 0:
        raise ValueError(f"a must be a vector (H,) or a batch (B, H); got shape {arr.shape}")
    if not all_finite(arr):
        raise ValueError("a must be finite")
    return arr


def _affine(x: Array, gain: ArrayLike | None, bias: ArrayLike | None) -> Array:
    out = x if gain is None else x * np.asarray(gain, dtype=np.float64)
    return out if bias is None else out + np.asarray(bias, dtype=np.float64)


def _standardise(a: Array, axis: int, eps: float) -> tuple[Array, Array, Array]:
    mean = a.mean(axis=axis, keepdims=True)
    std = np.sqrt(((a - mean) ** 2).mean(axis=axis, keepdims=True) + eps)
    if np.any(std == 0):
        raise ValueError("the statistics have zero variance; normalising would divide by zero")
    return (a - mean) / std, mean, std


def layer_norm_stats(a: ArrayLike, eps: float = 0.0) -> tuple[Array, Array]:
    """μ and σ per sample, over the hidden units (the last axis)."""
    _, mean, std = _standardise(_summed_inputs(a), -1, eps)
    return mean[..., 0], std[..., 0]


def layer_norm(
    a: ArrayLike, gain: ArrayLike | None = None, bias: ArrayLike | None = None, eps: float = 0.0
) -> Array:
    """g ⊙ (a − μ) / σ + b with μ, σ over the hidden units of each sample."""
    normalised, _, _ = _standardise(_summed_inputs(a), -1, eps)
    return _affine(normalised, gain, bias)


def batch_norm_train(
    a: ArrayLike, gain: ArrayLike | None = None, bias: ArrayLike | None = None, eps: float = 0.0
) -> Array:
    """g ⊙ (a − μ) / σ + b with μ, σ of each unit over the batch (training-time statistics)."""
    arr = _summed_inputs(a)
    if arr.ndim != 2 or arr.shape[0] < 2:
        raise ValueError(f"batch norm needs a batch (B ≥ 2, H); got shape {arr.shape}")
    normalised, _, _ = _standardise(arr, 0, eps)
    return _affine(normalised, gain, bias)

"""How fast a linear recurrence h_t = W h_(t−1) grows: one step at worst, and in the long run.

A ReLU RNN whose weights and state are all positive never clips, so it is exactly this linear
recurrence and h_t = W^t h_0. The long-run growth factor per step is the spectral radius ρ(W)
(for a positive W the Perron root, a positive real eigenvalue); the largest singular value
σ_max(W) bounds a single step, ‖W h‖ ≤ σ_max ‖h‖, and is at least ρ(W).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from engine.validation import all_finite


def _square(matrix: ArrayLike) -> np.ndarray:
    arr = np.asarray(matrix, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.size == 0:
        raise ValueError(f"W must be a square matrix; got shape {arr.shape}")
    if not all_finite(arr):
        raise ValueError("W must be finite")
    return arr


def spectral_radius(matrix: ArrayLike) -> float:
    """max |λ| over the eigenvalues of W: the long-run growth factor per step."""
    return float(np.max(np.abs(np.linalg.eigvals(_square(matrix)))))


def largest_singular_value(matrix: ArrayLike) -> float:
    """σ_max(W) = ‖W‖_2: the most one step can stretch a state."""
    return float(np.linalg.norm(_square(matrix), ord=2))

"""Shared pieces of the engine tests: central finite differences with no torch."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numeric_grad(loss: Callable[[], float], array: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of ``loss`` with respect to every element of ``array`` (in place)."""
    grad = np.zeros_like(array)
    flat, gflat = array.reshape(-1), grad.reshape(-1)
    for k in range(flat.size):
        old = flat[k]
        flat[k] = old + eps
        up = loss()
        flat[k] = old - eps
        down = loss()
        flat[k] = old
        gflat[k] = (up - down) / (2 * eps)
    return grad

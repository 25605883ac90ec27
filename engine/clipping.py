"""Gradient clipping as PyTorch does it (Pascanu et al. 2013 clip by the global norm).

clip_grad_norm: one norm over all arrays, scale min(max_norm / (total + 1e-6), 1); returns
the norm before clipping, exactly like ``torch.nn.utils.clip_grad_norm_``. Clipping by value
clamps each element and can change the gradient's direction; clipping by norm never does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from engine.validation import Array, as_float64

EPSILON = 1e-6  # torch.nn.utils.clip_grad_norm_ adds it to the total norm


def global_norm(arrays: Sequence[ArrayLike], norm_type: float = 2.0) -> float:
    grads = [as_float64(a, f"gradient {k}", allow_nonfinite=True) for k, a in enumerate(arrays)]
    if not grads:
        return 0.0
    if norm_type == float("inf"):
        return float(max(np.max(np.abs(g)) if g.size else 0.0 for g in grads))
    if norm_type <= 0:
        raise ValueError(f"norm_type must be positive or inf; got {norm_type}")
    per_array = [np.linalg.norm(g.ravel(), ord=norm_type) for g in grads]
    return float(np.linalg.norm(np.array(per_array), ord=norm_type))


def clip_grad_norm(
    arrays: Sequence[ArrayLike], max_norm: float, norm_type: float = 2.0
) -> tuple[list[Array], float]:
    """Clipped copies of ``arrays`` and their total norm before clipping (inputs untouched)."""
    if max_norm < 0:
        raise ValueError(f"max_norm must be non-negative; got {max_norm}")
    grads = [as_float64(a, f"gradient {k}", allow_nonfinite=True) for k, a in enumerate(arrays)]
    total = global_norm(grads, norm_type)
    coef = min(max_norm / (total + EPSILON), 1.0)
    return [g * coef for g in grads], total


def clip_grad_value(arrays: Sequence[ArrayLike], clip_value: float) -> list[Array]:
    """Each element clamped to [-clip_value, clip_value], like ``clip_grad_value_``."""
    if clip_value < 0:
        raise ValueError(f"clip_value must be non-negative; got {clip_value}")
    return [
        np.clip(as_float64(a, f"gradient {k}", allow_nonfinite=True), -clip_value, clip_value)
        for k, a in enumerate(arrays)
    ]

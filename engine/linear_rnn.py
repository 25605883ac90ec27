"""Linear recurrences h_t = a_t ⊙ h_(t−1) + b_t, run step by step and by an associative scan.

When a_t and b_t depend only on the inputs (minGRU and minLSTM in Feng et al. 2024, the selective
SSMs of Mamba), every (a_t, b_t) is known before the recurrence runs. Each step is an affine map
h ↦ a ⊙ h + b, and composing two of them gives another: applying (a1, b1) then (a2, b2) is
(a2 ⊙ a1, a2 ⊙ b1 + b2). Composition is associative, so all prefixes can be formed in
⌈log2 T⌉ rounds of independent combines (Hillis & Steele) instead of T − 1 dependent steps.
The engine computes both ways, so a test can show they agree.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from engine.validation import all_finite

Array = np.ndarray


def _coefficients(a: ArrayLike, b: ArrayLike) -> tuple[Array, Array]:
    """a and b as float64 arrays of shape (T, H); a 1-D input is one unit over T steps."""
    a_arr = np.asarray(a, dtype=np.float64)
    b_arr = np.asarray(b, dtype=np.float64)
    if a_arr.ndim == 1:
        a_arr = a_arr[:, None]
    if b_arr.ndim == 1:
        b_arr = b_arr[:, None]
    if a_arr.ndim != 2 or a_arr.shape != b_arr.shape:
        raise ValueError(
            f"a and b must both have shape (T, H); got {a_arr.shape} and {b_arr.shape}"
        )
    if a_arr.shape[0] == 0:
        raise ValueError("a linear recurrence needs at least one step")
    if not all_finite(a_arr, b_arr):
        raise ValueError("a and b must be finite")
    return a_arr, b_arr


def _initial(h0: ArrayLike | None, hidden: int) -> Array:
    if h0 is None:
        return np.zeros(hidden)
    state = np.asarray(h0, dtype=np.float64).reshape(-1)
    if state.shape != (hidden,):
        raise ValueError(f"h0 must have {hidden} entries; got shape {np.shape(h0)}")
    return state


def sequential_states(a: ArrayLike, b: ArrayLike, h0: ArrayLike | None = None) -> Array:
    """All states h_1..h_T, shape (T, H), one dependent step after another."""
    a_arr, b_arr = _coefficients(a, b)
    h = _initial(h0, a_arr.shape[1])
    states = np.empty_like(a_arr)
    for t in range(a_arr.shape[0]):
        h = a_arr[t] * h + b_arr[t]
        states[t] = h
    return states


def combine(
    first: tuple[ArrayLike, ArrayLike], second: tuple[ArrayLike, ArrayLike]
) -> tuple[Array, Array]:
    """The affine map 'apply first, then second': (a2 ⊙ a1, a2 ⊙ b1 + b2)."""
    a1, b1 = (np.asarray(v, dtype=np.float64) for v in first)
    a2, b2 = (np.asarray(v, dtype=np.float64) for v in second)
    return a2 * a1, a2 * b1 + b2


def prefix_maps(a: ArrayLike, b: ArrayLike) -> tuple[Array, Array]:
    """For every t the map (A_t, B_t) with h_t = A_t ⊙ h_0 + B_t, by an inclusive scan.

    Hillis-Steele: at round k every position t ≥ 2^k combines with position t − 2^k, all
    positions at once. ⌈log2 T⌉ rounds; the work is O(T log T), which is fine for a reference.
    """
    A, B = _coefficients(a, b)
    A, B = A.copy(), B.copy()
    offset = 1
    while offset < A.shape[0]:
        earlier_a, earlier_b = A[:-offset].copy(), B[:-offset].copy()
        A[offset:], B[offset:] = combine((earlier_a, earlier_b), (A[offset:], B[offset:]))
        offset *= 2
    return A, B


def scan_states(a: ArrayLike, b: ArrayLike, h0: ArrayLike | None = None) -> Array:
    """All states h_1..h_T from the prefix maps: the parallel route to sequential_states."""
    A, B = prefix_maps(a, b)
    states: Array = A * _initial(h0, A.shape[1]) + B
    return states


def closed_form(a: ArrayLike, b: ArrayLike, h0: ArrayLike | None = None) -> Array:
    """h_T = (Π_t a_t) ⊙ h_0 + Σ_k (Π_(j>k) a_j) ⊙ b_k, written out term by term."""
    a_arr, b_arr = _coefficients(a, b)
    steps = a_arr.shape[0]
    total: Array = np.prod(a_arr, axis=0) * _initial(h0, a_arr.shape[1])
    for k in range(steps):
        total = total + np.prod(a_arr[k + 1 :], axis=0) * b_arr[k]
    return total


def scan_rounds(steps: int) -> int:
    """Rounds of independent combines an inclusive Hillis-Steele scan needs: ⌈log2 T⌉."""
    if int(steps) != steps or steps < 1:
        raise ValueError(f"steps must be a positive integer; got {steps!r}")
    return math.ceil(math.log2(steps)) if steps > 1 else 0


def min_gru_coefficients(z: ArrayLike, h_tilde: ArrayLike) -> tuple[Array, Array]:
    """minGRU's h_t = (1 − z_t) ⊙ h_(t−1) + z_t ⊙ h̃_t as a_t = 1 − z_t, b_t = z_t ⊙ h̃_t."""
    z_arr, cand = _coefficients(z, h_tilde)
    return 1.0 - z_arr, z_arr * cand

"""Attention of one decoder step over the encoder's states: why a seq2seq decoder no longer
depends on a single context vector.

Bahdanau, Cho & Bengio 2015 (sec. 3.1; App. A.1.2), additive, scored with the decoder's
*previous* state s_(i-1):
    e_j = v_a . tanh(W_a s_(i-1) + U_a h_j)
Luong, Pham & Manning 2015 (sec. 3.1), multiplicative, scored with the *current* target state h_t:
    dot:     score_j = h_t . hbar_j
    general: score_j = h_t . (W_a hbar_j)
Either way the weights are a softmax over the source positions and the context vector of this
step is their weighted sum of the encoder states: c = sum_j alpha_j h_j. Keys are (T_x, d) rows.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from engine.validation import Array, as_float64


def _query_keys(query: ArrayLike, keys: ArrayLike) -> tuple[Array, Array]:
    q = as_float64(query, "query")
    k = as_float64(keys, "keys")
    if q.ndim != 1 or k.ndim != 2:
        raise ValueError(f"query must be (d,) and keys (T_x, d); got {q.shape} and {k.shape}")
    return q, k


def dot_scores(query: ArrayLike, keys: ArrayLike) -> Array:
    """Luong's dot score of every encoder state: keys @ query, shape (T_x,)."""
    q, k = _query_keys(query, keys)
    if k.shape[1] != q.shape[0]:
        raise ValueError(f"dot scores need keys of size {q.shape[0]}; got {k.shape[1]}")
    return k @ q


def general_scores(query: ArrayLike, keys: ArrayLike, W_a: ArrayLike) -> Array:
    """Luong's general score h_t . (W_a hbar_j); W_a is (d_query, d_key)."""
    q, k = _query_keys(query, keys)
    w = as_float64(W_a, "W_a")
    if w.shape != (q.shape[0], k.shape[1]):
        raise ValueError(f"W_a must have shape {(q.shape[0], k.shape[1])}; got {w.shape}")
    return k @ w.T @ q


def additive_scores(
    query: ArrayLike, keys: ArrayLike, W_a: ArrayLike, U_a: ArrayLike, v_a: ArrayLike
) -> Array:
    """Bahdanau's v_a . tanh(W_a s + U_a h_j); W_a (n, d_query), U_a (n, d_key), v_a (n,)."""
    q, k = _query_keys(query, keys)
    w, u, v = as_float64(W_a, "W_a"), as_float64(U_a, "U_a"), as_float64(v_a, "v_a")
    n = v.shape[0]
    if v.ndim != 1 or w.shape != (n, q.shape[0]) or u.shape != (n, k.shape[1]):
        raise ValueError(
            f"need W_a {(n, q.shape[0])}, U_a {(n, k.shape[1])}, v_a ({n},); "
            f"got {w.shape}, {u.shape}, {v.shape}"
        )
    return np.tanh(w @ q + k @ u.T) @ v  # U_a h_j for every j at once: Bahdanau precompute it


def softmax(scores: ArrayLike) -> Array:
    """Stable softmax over the last axis."""
    e = as_float64(scores, "scores")
    z: Array = np.exp(e - e.max(axis=-1, keepdims=True))
    total: Array = z.sum(axis=-1, keepdims=True)
    return z / total


def attend(scores: ArrayLike, values: ArrayLike) -> tuple[Array, Array]:
    """(alpha, context): the softmax weights and sum_j alpha_j values[j]."""
    alpha = softmax(scores)
    vals = as_float64(values, "values")
    if vals.ndim != 2 or vals.shape[0] != alpha.shape[-1]:
        raise ValueError(f"values must be ({alpha.shape[-1]}, d); got {vals.shape}")
    return alpha, alpha @ vals

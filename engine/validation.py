"""Input checks with messages that name the expected and the received shapes."""

from __future__ import annotations

from math import isfinite
from typing import Any, TypeVar, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]
Index = NDArray[np.intp]

ChoiceT = TypeVar("ChoiceT", bound=str)


def as_float64(value: ArrayLike, name: str, *, allow_nonfinite: bool = False) -> Array:
    """A float64 copy of ``value``; NaN or inf is refused unless the caller allows it.

    Exploding-gradient demonstrations need inf, so they pass ``allow_nonfinite=True``. The
    check is ``all_finite``.
    """
    if type(value) is np.ndarray and value.dtype == np.float64:  # the usual case: a copy
        array = value.copy(order="K")  # the layout np.array keeps
    else:
        try:
            array = np.array(value, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must be numeric; got {value!r}") from exc
    if not allow_nonfinite and not all_finite(array):
        raise ValueError(
            f"{name} contains NaN or inf; pass allow_nonfinite=True to compute with them anyway"
        )
    return array


def one_of(name: str, value: ChoiceT, choices: Any) -> ChoiceT:
    """``value`` if it is one of the strings of the ``Literal`` type ``choices``, else an error
    that lists them: a cell's conventions (nonlinearity, update, reset) are checked this way.

    >>> from typing import Literal
    >>> one_of("reset", "late", Literal["before", "after"])
    Traceback (most recent call last):
    ValueError: reset must be 'before' or 'after'; got 'late'
    """
    allowed = get_args(choices)
    if value not in allowed:
        listed = " or ".join(repr(choice) for choice in allowed)
        raise ValueError(f"{name} must be {listed}; got {value!r}")
    return value


def all_finite(*arrays: Array) -> bool:
    """No NaN or inf in any of ``arrays``: one fused pass each, no NumPy wrapper per call.

    A small float64 array (a cell's weights at hand-computation sizes) is read as Python
    floats instead: NumPy's reduction costs more to set up than the check. (A sum would be
    cheaper still, but finite values can overflow it, with a warning.)

    >>> big, nan = np.array([1e308, 1e308]), np.array([1.0, np.nan])
    >>> all_finite(np.array([1.0, 2.0]), big), all_finite(nan)
    (True, False)
    """
    for a in arrays:
        if type(a) is np.ndarray and a.dtype == np.float64 and a.size <= _SMALL:
            if not all(map(isfinite, a.ravel().tolist())):
                return False
        elif not np.isfinite(a).all():
            return False
    return True


_SMALL = 32  # elements: up to here, Python's isfinite over the values beats NumPy's reduction


def expect_shape(array: Array, shape: tuple[int, ...], name: str) -> Array:
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape}; got {array.shape}")
    return array


def as_batch(
    value: ArrayLike, size: int, name: str, *, allow_nonfinite: bool = False
) -> tuple[Array, bool]:
    """Accept a vector (n,) or a batch (B, n); return a (B, n) array and whether it was a vector."""
    array = as_float64(value, name, allow_nonfinite=allow_nonfinite)
    if array.ndim == 1 and array.shape[0] == size:
        return array[None, :], True
    if array.ndim == 2 and array.shape[1] == size:
        return array, False
    raise ValueError(f"{name} must have shape ({size},) or (B, {size}); got {array.shape}")


def as_sequence(
    value: ArrayLike, size: int, name: str, *, allow_nonfinite: bool = False
) -> tuple[Array, bool]:
    """Accept (T, n) or (T, B, n); return (T, B, n) and whether the batch axis was absent."""
    array = as_float64(value, name, allow_nonfinite=allow_nonfinite)
    if array.ndim == 2 and array.shape[1] == size:
        return array[:, None, :], True
    if array.ndim == 3 and array.shape[2] == size:
        return array, False
    raise ValueError(f"{name} must have shape (T, {size}) or (T, B, {size}); got {array.shape}")


def match_batch(state: Array, batch: int, name: str) -> Array:
    if state.shape[0] == batch:
        return state
    if state.shape[0] == 1:
        return np.repeat(state, batch, axis=0)
    raise ValueError(f"{name} has batch size {state.shape[0]} but the input has {batch}")

"""Named results of one cell step: every intermediate a worked solution prints.

Arrays keep the caller's layout: a vector (n,) for a single input, (B, n) for a batch.
``as_dict()`` lists the fields in computation order, the order of a worked solution.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from engine.validation import Array


@dataclass(frozen=True)
class _Step:
    def as_dict(self) -> dict[str, Array]:
        """Every field by name, in computation order (the order of a worked solution).

        >>> from engine import RNNCell
        >>> list(RNNCell([[1.0]], [[0.0]]).step([0.5]).as_dict())
        ['a', 'h']
        """
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class RNNStep(_Step):
    """a = W_ih x + b_ih + W_hh h_prev + b_hh ; h = phi(a) with phi = tanh or relu."""

    a: Array
    h: Array


@dataclass(frozen=True)
class LSTMStep(_Step):
    """Pre-activations a_*, gates i f o (sigmoid), candidate g (tanh), then c, tanh(c), h.

    c = f * c_prev + i * g ; h = o * tanh(c).
    """

    a_i: Array
    a_f: Array
    a_g: Array
    a_o: Array
    i: Array
    f: Array
    g: Array
    o: Array
    c: Array
    tanh_c: Array
    h: Array


@dataclass(frozen=True)
class GRUStep(_Step):
    """Pre-activations a_r a_z, gates r z, the hidden-side term of the candidate, n, then h.

    ``hn`` is W_hn h_prev + b_hn (reset after) or W_hn (r * h_prev) + b_hn (reset before);
    ``a_n`` is the candidate's pre-activation and ``n`` = tanh(a_n) is h~.
    """

    a_r: Array
    a_z: Array
    r: Array
    z: Array
    hn: Array
    a_n: Array
    n: Array
    h: Array

"""The wrong methods interviewers see most, computed on a variant's own numbers.

The right answer always comes from the engine. These functions redo a step *by hand* with one
deliberate slip each (the forget gate dropped, σ and tanh swapped, the GRU update flipped...);
with no slip they reproduce the engine exactly, which the tests check, so a slip's answer
differs from the right one only by the slip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from engine.activations import sigmoid

Array = np.ndarray


@dataclass(frozen=True)
class LSTMSlips:
    forget_gate: bool = True  # False: c = c_prev + i ⊙ g (the 1997 LSTM, no forget gate)
    swap_i_f: bool = False  # c = i ⊙ c_prev + f ⊙ g
    swap_activations: bool = False  # gates through tanh, the candidate through σ
    bias: bool = True  # False: every b_* left out
    old_cell_in_h: bool = False  # h = o ⊙ tanh(c_prev)
    tanh_c: bool = True  # False: h = o ⊙ c


def lstm_pre_activations(
    parts: Mapping[str, Array],
    x: Array,
    h_prev: Array,
    bias: bool = True,
    sums: Mapping[str, Array] | None = None,
) -> dict[str, Array]:
    """a_* = W_x*·x + W_h*·h_prev (+ b_*) for i, f, g, o, by hand; ``sums``: the products'
    sums (``lstm_weighted_sums``), when the caller has them for the other bias choice."""
    if sums is None:
        sums = lstm_weighted_sums(parts, x, h_prev)
    return {f"a_{gate}": sums[gate] + (parts[f"b_{gate}"] if bias else 0.0) for gate in "ifgo"}


def lstm_weighted_sums(parts: Mapping[str, Array], x: Array, h_prev: Array) -> dict[str, Array]:
    """W_x*·x + W_h*·h_prev for i, f, g, o: each pre-activation before its bias."""
    return {gate: parts[f"W_x{gate}"] @ x + parts[f"W_h{gate}"] @ h_prev for gate in "ifgo"}


def lstm_gates(
    parts: Mapping[str, Array],
    x: Array,
    h_prev: Array,
    bias: bool = True,
    swap_activations: bool = False,
    pre: Mapping[str, Array] | None = None,
) -> dict[str, Array]:
    """The pre-activations and the gates i, f, o and candidate g, by hand.

    What several slips share: the caller works them out on the same numbers once (``pre``:
    the pre-activations for ``bias``, when the caller has them).
    """
    gate_fn, cand_fn = (np.tanh, sigmoid) if swap_activations else (sigmoid, np.tanh)
    out = dict(pre) if pre is not None else lstm_pre_activations(parts, x, h_prev, bias)
    for gate in "ifo":
        out[gate] = gate_fn(out[f"a_{gate}"])
    out["g"] = cand_fn(out["a_g"])
    return out


def lstm_by_hand(
    parts: Mapping[str, Array],
    x: Array,
    h_prev: Array,
    c_prev: Array,
    slips: LSTMSlips,
    gates: Mapping[str, Array] | None = None,
) -> dict[str, Array]:
    """One LSTM step in the textbook's per-gate form, with the given slips.

    ``gates``: what ``lstm_gates`` gives for ``slips.bias`` and ``slips.swap_activations``,
    when the caller has it already.
    """
    if gates is None:
        gates = lstm_gates(parts, x, h_prev, slips.bias, slips.swap_activations)
    out = dict(gates)
    i, f = (out["f"], out["i"]) if slips.swap_i_f else (out["i"], out["f"])
    keep = f * c_prev if slips.forget_gate else c_prev
    out["c"] = keep + i * out["g"]
    squashed_from = c_prev if slips.old_cell_in_h else out["c"]
    out["tanh_c"] = np.tanh(squashed_from) if slips.tanh_c else squashed_from
    out["h"] = out["o"] * out["tanh_c"]
    return out


@dataclass(frozen=True)
class GRUSlips:
    update: str = "keep"  # the convention used: "keep" h = z h_prev + (1-z) n, "take" flips it
    reset: str = "after"  # "before" or "after" the hidden matmul
    swap_activations: bool = False
    bias: bool = True


def gru_by_hand(
    parts: Mapping[str, Array], x: Array, h_prev: Array, slips: GRUSlips
) -> dict[str, Array]:
    """One GRU step in the per-gate form, with the given convention and slips."""
    return GRUByHand(parts, x, h_prev).step(slips)


class GRUByHand:
    """``gru_by_hand`` for one set of numbers under several slips, each piece worked out once
    (the products, the pre-activations per bias choice, the gates per bias and activation
    choice, the candidate per reset placement) and by the same operations, so every value is
    the one ``gru_by_hand`` gives."""

    def __init__(self, parts: Mapping[str, Array], x: Array, h_prev: Array) -> None:
        self.parts, self.x, self.h_prev = parts, x, h_prev
        self._memo: dict[tuple[object, ...], Array] = {}

    def step(self, slips: GRUSlips) -> dict[str, Array]:
        bias, swap = slips.bias, slips.swap_activations
        out: dict[str, Array] = {}
        for gate in "rz":
            out[f"a_{gate}"] = self._pre(gate, bias)
            out[gate] = self._gate(gate, bias, swap)
        out["hn"], out["a_n"] = self._candidate_input(slips.reset, bias, swap)
        out["n"] = self._once(("n", slips.reset, bias, swap), lambda: self._n(slips, out["a_n"]))
        z = out["z"]
        if slips.update == "keep":
            out["h"] = z * self.h_prev + (1 - z) * out["n"]
        else:
            out["h"] = (1 - z) * self.h_prev + z * out["n"]
        return out

    def _once(self, key: tuple[object, ...], compute: Callable[[], Array]) -> Array:
        value = self._memo.get(key)
        if value is None:
            value = self._memo[key] = compute()
        return value

    def _bias(self, name: str, bias: bool) -> Array | float:
        return self.parts[name] if bias else 0.0

    def _x_part(self, gate: str) -> Array:
        return self._once(("Wx", gate), lambda: self.parts[f"W_x{gate}"] @ self.x)

    def _pre(self, gate: str, bias: bool) -> Array:
        def pre() -> Array:
            weighted = self._x_part(gate) + self._once(
                ("Wh", gate), lambda: self.parts[f"W_h{gate}"] @ self.h_prev
            )
            summed: Array = weighted + self._bias(f"b_{gate}", bias)
            return summed

        return self._once(("a", gate, bias), pre)

    def _gate(self, gate: str, bias: bool, swap: bool) -> Array:
        gate_fn = np.tanh if swap else sigmoid
        return self._once((gate, bias, swap), lambda: gate_fn(self._pre(gate, bias)))

    def _candidate_input(self, reset: str, bias: bool, swap: bool) -> tuple[Array, Array]:
        """hn and a_n: the reset applied after the hidden matmul or before it."""
        r = self._gate("r", bias, swap)
        if reset == "after":
            hn = self._once(("hn",), lambda: self.parts["W_hn"] @ self.h_prev)
            a_n = self._once(
                ("a_n", reset, bias, swap),
                lambda: self._x_part("n") + self._bias("b_n", bias) + r * hn,
            )
        else:
            hn = self._once(("hn", bias, swap), lambda: self.parts["W_hn"] @ (r * self.h_prev))
            a_n = self._once(
                ("a_n", reset, bias, swap),
                lambda: self._x_part("n") + hn + self._bias("b_n", bias),
            )
        return hn, a_n

    @staticmethod
    def _n(slips: GRUSlips, a_n: Array) -> Array:
        return sigmoid(a_n) if slips.swap_activations else np.tanh(a_n)

"""A draw ruled out early is one the exact numbers rule out too, and the shared hand
computations give the numbers the one-slip-at-a-time forms gave.

``surely_collides`` decides from estimates (the step redone by hand, a Jacobian in closed
form) before the engine runs; it may only say "collides" when ``collides`` on the exact numbers
would. ``GRUByHand`` and ``BPTTByHand`` work each piece out once for all of a draw's slips; the
reference forms below are the per-slip code they replaced, and the results must match bit for
bit (review logs redraw a variant from its seed, so its numbers may never move).
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from engine.activations import sigmoid
from quizapp.templates import TEMPLATES
from quizapp.templates.base import (
    DraftTemplate,
    LazyDraft,
    Tolerance,
    _generator,
    _name_salt,
    collides,
)
from quizapp.templates.bptt_sum import BPTTByHand, BPTTSlips
from quizapp.templates.collisions import NEAR, surely_collides
from quizapp.templates.drawing import draw_blocks
from quizapp.templates.mistakes import GRUByHand, GRUSlips
from tests.templates.test_templates import PARAM_SETS

SCREENED = sorted(
    name
    for name, template in TEMPLATES.items()
    if isinstance(template, DraftTemplate)
    and isinstance(template.numbers(_generator([0, 1]), template.params_model.parse({})), LazyDraft)
)


def test_the_templates_that_redraw_most_are_screened() -> None:
    assert {"lstm_step", "gru_step", "lstm_cell_jacobian", "irnn_steps"} <= set(SCREENED)


@pytest.mark.parametrize("name", SCREENED)
def test_a_screened_out_draw_collides_on_its_exact_numbers(name: str) -> None:
    """Over every parameter set the tests use and many seeds: a sure collision on the
    estimates is a collision on the exact numbers, and the screen catches most of them."""
    template = TEMPLATES[name]
    assert isinstance(template, DraftTemplate)
    screened = exact_collisions = 0
    for params in [{}, *PARAM_SETS.get(name, [])]:
        parsed = template.params_model.parse(params)
        for seed in range(150):
            draft = template.numbers(_generator([seed, _name_salt(name)]), parsed)
            sure = draft.surely_collides()
            hit = collides(draft.answer, draft.tolerance, draft.slips)
            assert hit or not sure, (params, seed)
            screened += sure
            exact_collisions += hit
    assert screened >= 0.9 * exact_collisions


def _jittered(value: float | list[float], pick: random.Random) -> float | list[float]:
    """An estimate of ``value``: each number moved by up to NEAR/2 (relative, at least absolute)."""

    def move(v: float) -> float:
        return v + pick.uniform(-0.5, 0.5) * NEAR * max(1.0, abs(v))

    return move(value) if isinstance(value, float) else [move(v) for v in value]


@pytest.mark.parametrize(
    "tolerance", [Tolerance(abs=0.01), Tolerance(abs=0.0), Tolerance(rel=0.02)], ids=repr
)
def test_surely_collides_never_claims_what_collides_denies(tolerance: Tolerance) -> None:
    """Random answers and slips, many right at the tolerance's edge, each seen through an
    estimate within the margin: "surely" always agrees with the exact check."""
    pick = random.Random(7)
    edge = tolerance.abs if tolerance.abs is not None else 0.0
    sure_count = 0
    for _ in range(20000):
        n = pick.choice([1, 2, 3])
        answer = [pick.choice([0.0, 0.5, -1.25, pick.uniform(-3, 3)]) for _ in range(n)]
        slips = []
        for _ in range(pick.randint(0, 3)):
            if tolerance.rel is not None:
                gaps = [
                    tolerance.rel * abs(a) * pick.choice([1.0, 1 - 1e-10, 1 + 1e-10, 0.5])
                    for a in answer
                ]
            else:
                gaps = [
                    pick.choice([edge, edge * (1 - 1e-10), edge + 1e-11, edge / 2, 0.0])
                    for _ in answer
                ]
            slips.append([a + pick.choice([-1, 1]) * g for a, g in zip(answer, gaps, strict=True)])
        exact_answer: float | list[float] = answer[0] if n == 1 else answer
        exact_slips = [s[0] if n == 1 else s for s in slips]
        sure = surely_collides(
            _jittered(exact_answer, pick), tolerance, [_jittered(s, pick) for s in exact_slips]
        )
        hit = collides(exact_answer, tolerance, exact_slips)
        assert hit or not sure, (exact_answer, exact_slips)
        sure_count += sure
    if tolerance.abs == 0.0:
        assert sure_count == 0  # no room to spare: every verdict is the exact check's
    else:
        assert sure_count > 1000  # well inside the tolerance is decided early


def test_significant_figures_and_non_finite_numbers_are_left_to_the_exact_check() -> None:
    assert not surely_collides(1.0, Tolerance(sig_figs=3), [1.0])
    assert not surely_collides([float("nan"), 1.0], Tolerance(abs=0.1), [[float("nan"), 1.0]])
    assert surely_collides([0.004, 1.0], Tolerance(abs=0.01), [[0.0, 1.001]])
    assert surely_collides([0.004, -0.002], Tolerance(abs=0.01), [])  # all zeros


def _gru_by_hand_reference(
    parts: dict[str, np.ndarray], x: np.ndarray, h_prev: np.ndarray, slips: GRUSlips
) -> dict[str, np.ndarray]:
    """The per-slip form ``GRUByHand`` replaced, verbatim."""
    gate_fn, cand_fn = (np.tanh, sigmoid) if slips.swap_activations else (sigmoid, np.tanh)

    def bias(name: str) -> np.ndarray | float:
        return parts[name] if slips.bias else 0.0

    out: dict[str, np.ndarray] = {}
    for gate in "rz":
        out[f"a_{gate}"] = (
            parts[f"W_x{gate}"] @ x + parts[f"W_h{gate}"] @ h_prev + bias(f"b_{gate}")
        )
        out[gate] = gate_fn(out[f"a_{gate}"])
    if slips.reset == "after":
        out["hn"] = parts["W_hn"] @ h_prev
        out["a_n"] = parts["W_xn"] @ x + bias("b_n") + out["r"] * out["hn"]
    else:
        out["hn"] = parts["W_hn"] @ (out["r"] * h_prev)
        out["a_n"] = parts["W_xn"] @ x + out["hn"] + bias("b_n")
    out["n"] = cand_fn(out["a_n"])
    z = out["z"]
    if slips.update == "keep":
        out["h"] = z * h_prev + (1 - z) * out["n"]
    else:
        out["h"] = (1 - z) * h_prev + z * out["n"]
    return out


def _identical(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> bool:
    return list(a) == list(b) and all(
        a[k].shape == b[k].shape and a[k].tobytes() == b[k].tobytes() for k in a
    )


def test_the_shared_gru_hand_step_gives_the_per_slip_numbers_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    every = [
        GRUSlips(update=u, reset=r, swap_activations=s, bias=b)
        for u in ("keep", "take")
        for r in ("before", "after")
        for s in (False, True)
        for b in (True, False)
    ]
    for _ in range(300):
        H, I = (int(v) for v in rng.integers(1, 4, size=2))
        parts = {}
        for gate in "rzn":
            parts[f"W_x{gate}"] = rng.uniform(-2, 2, (H, I)).round(1)
            parts[f"W_h{gate}"] = rng.uniform(-2, 2, (H, H)).round(1)
            parts[f"b_{gate}"] = rng.uniform(-0.5, 0.5, H).round(1)
        x, h = rng.uniform(-1, 1, I).round(1), rng.uniform(-1, 1, H).round(1)
        hand = GRUByHand(parts, x, h)
        for slips in random.Random(int(rng.integers(1000))).sample(every, len(every)):
            assert _identical(hand.step(slips), _gru_by_hand_reference(parts, x, h, slips))


def _bptt_reference(
    W_xh: np.ndarray,
    W_hh: np.ndarray,
    b: np.ndarray,
    xs: np.ndarray,
    h0: np.ndarray,
    loss: str,
    slips: BPTTSlips,
) -> np.ndarray:
    """The per-slip form ``BPTTByHand`` replaced, verbatim."""
    hs = [h0]
    for x in xs:
        hs.append(np.tanh(W_xh @ x + W_hh @ hs[-1] + b))
    T = len(xs)

    def slope(t: int) -> np.ndarray:
        return 1.0 - hs[t] ** 2 if slips.tanh_derivative else np.ones_like(hs[t])

    losses = range(1, T + 1) if (loss == "sum" and slips.all_losses) else [T]
    grad = np.zeros_like(W_hh)
    for t in losses:
        first = 1 if slips.through_time else t
        for k in range(first, t + 1):
            back = np.ones_like(hs[t])
            for s in range(t, k, -1):
                back = W_hh.T @ (slope(s) * back)
            state = hs[k - 1] if slips.previous_state else hs[k]
            grad += np.outer(back * slope(k), state)
    return grad


def test_the_shared_bptt_hand_gradient_gives_the_per_slip_numbers_bit_for_bit() -> None:
    rng = np.random.default_rng(5)
    every = [
        BPTTSlips(through_time=a, all_losses=b, previous_state=c, tanh_derivative=d)
        for a in (True, False)
        for b in (True, False)
        for c in (True, False)
        for d in (True, False)
    ]
    for _ in range(200):
        H, T = int(rng.integers(1, 3)), int(rng.integers(2, 5))
        W_xh, W_hh = rng.uniform(-2, 2, (H, 1)).round(1), rng.uniform(-2, 2, (H, H)).round(1)
        b, xs = rng.uniform(-0.5, 0.5, H).round(1), rng.uniform(-1, 1, (T, 1)).round(1)
        h0 = rng.uniform(-0.5, 0.5, H).round(1)
        hand = BPTTByHand(W_xh, W_hh, b, xs, h0)
        for loss in ("sum", "last"):
            for slips in every:
                got = hand.gradient(loss, slips)
                want = _bptt_reference(W_xh, W_hh, b, xs, h0, loss, slips)
                assert got.tobytes() == want.tobytes(), (loss, slips)


def test_draw_blocks_remembers_a_layout_and_still_takes_unhashable_shapes() -> None:
    """A layout worked out once gives the same numbers on the next draw; a shape given as a
    list (not hashable, so not remembered) draws what the same shape as a tuple draws."""
    blocks = [((2, 2), -1.0, 1.0, 1), (3, 0.1, 0.9, 2)]
    listed = [([2, 2], -1.0, 1.0, 1), (3, 0.1, 0.9, 2)]
    for seed in range(50):
        first = draw_blocks(np.random.default_rng(seed), blocks)
        again = draw_blocks(np.random.default_rng(seed), blocks)
        as_list_shape = draw_blocks(np.random.default_rng(seed), listed)
        for a, b, c in zip(first, again, as_list_shape, strict=True):
            assert a.tobytes() == b.tobytes() == c.tobytes() and a.shape == c.shape


def test_the_engine_finiteness_check_reads_small_and_large_arrays_alike() -> None:
    """``engine.validation.all_finite`` takes Python floats for small arrays, NumPy for large."""
    from engine.validation import all_finite

    for size in (1, 2, 31, 32, 33, 99):
        finite = np.linspace(-1.0, 1.0, size) * 1e300
        assert all_finite(finite) and all_finite(finite, finite.reshape(-1, 1))
        for bad in (np.nan, np.inf, -np.inf):
            spoiled = finite.copy()
            spoiled[size // 2] = bad
            assert not all_finite(finite, spoiled) and not all_finite(spoiled[::-1])

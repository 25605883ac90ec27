"""Same seed and params, same numbers, across code changes: a few variants pinned exactly.

``test_templates`` checks that a draw repeats within one run; this file checks that it repeats
across versions of the code, so a speed-up of the engine or the draw path cannot quietly change
the question a learner was shown (a stored review names its variant by seed). Every number of a
variant is pinned: the answer, the givens, the worked steps' values, each mistake's answer and
the extras, integers and text exactly and floats to 12 significant digits (``RELATIVE``, or
``ABSOLUTE`` near zero): NumPy and OpenBLAS pick their kernels for the CPU they run on (SSE,
AVX2, AVX-512), and pins made on one machine differed from another's by up to 4e-15, relative,
in the last bits (a difference that cancels to 0.0 on one was 7e-18 on another), while any
change of what a template draws moves its numbers by far more. Prose is not pinned here, so
rewording a prompt needs no update.

A deliberate change of what a template draws (a new range, a new step) changes the pins;
regenerate them with ``python -m tests.templates.test_pinned_variants`` and say why in the
commit.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from quizapp.templates import TEMPLATES
from quizapp.templates.base import _generator

PINS = Path(__file__).with_name("pinned_variants.json")
RELATIVE = 1e-12  # floats agree to this, relative: bit-exact on the CPU that made the pins
ABSOLUTE = 1e-14  # or to this: a difference that cancels to 0 on one CPU is 7e-18 on another
SEEDS = (0, 1, 7, 2**31 - 2)
PARAMS: dict[str, list[dict[str, Any]]] = {
    "lstm_step": [{}, {"quantity": "c"}, {"quantity": "f", "zero_state": True, "hidden_size": 3}],
    "gru_step": [{}, {"quantity": "n", "update": "take", "reset": "before"}, {"quantity": "z"}],
    "rnn_steps": [{}, {"steps": 4, "nonlinearity": "relu", "hidden_size": 3}],
    "param_count": [
        {},
        {"cell": "gru", "framework": "keras", "reset_after": False},
        {"cell": "lstm", "num_layers": 3, "bidirectional": True, "proj_size": True},
    ],
    "rnn_gradient": [{}, {"steps": 6}],
    "lstm_cell_path": [{}, {"constant": False}],
    "clip_gradient": [{"quantity": q} for q in ("norm", "clipped", "by_value")],
    "rnn_jacobian": [{}, {"hidden_size": 3, "weight_range": 2.0}],
    "gradient_decay": [{"cell": "rnn"}, {"cell": "lstm", "lengths": [10, 50]}],
    "min_gru_scan": [{}, {"quantity": "pair", "steps": 5}],
    "layer_norm_step": [{}, {"quantity": "sigma", "hidden_size": 4, "affine": False}],
    "dropout_mask_count": [{}, {"scheme": "variational", "quantity": "entries"}],
    "lm_param_count": [{}, {"tied": False, "cell": "gru", "num_layers": 3}],
    "irnn_steps": [{}, {"steps": 4, "hidden_size": 3, "identity_scale": 0.5}],
    "relu_rnn_growth": [{}, {"quantity": "factor", "steps": 6}],
    "decoder_attention": [{}, {"score": "additive", "quantity": "context", "source_length": 4}],
    "rnn_weight_gradient": [{}, {"hidden_size": 2, "steps": 4, "loss": "last"}],
    "layer_cost": [{}, {"cell": "gru", "reset": "before"}],
    "lstm_cell_jacobian": [{}, {"quantity": "indirect", "hidden_size": 2}],
}


def numbers(template: str, params: dict[str, Any], seed: int) -> dict[str, Any]:
    """Everything numeric a variant shows, in JSON's types (floats round-trip exactly)."""
    variant = TEMPLATES[template].draw(seed, params)
    return {
        "answer": variant.answer,
        "givens": variant.givens,
        "steps": [[step.label, step.value] for step in variant.steps],
        "mistakes": [[m.id, m.answer] for m in variant.mistakes],
        "extras": variant.extras,
    }


def key(template: str, params: dict[str, Any], seed: int) -> str:
    return f"{template} {json.dumps(params, sort_keys=True)} seed={seed}"


def cases() -> list[tuple[str, dict[str, Any], int]]:
    return [(t, p, s) for t, sets in PARAMS.items() for p in sets for s in SEEDS]


def test_every_template_is_pinned() -> None:
    assert set(PARAMS) == set(TEMPLATES)


@pytest.mark.parametrize(("template", "params", "seed"), cases(), ids=lambda v: str(v))
def test_variant_numbers_are_pinned(template: str, params: dict[str, Any], seed: int) -> None:
    pinned = json.loads(PINS.read_text(encoding="utf-8"))
    # Through JSON both ways, so tuples and lists compare alike.
    got = json.loads(json.dumps(numbers(template, params, seed)))
    assert differences(got, pinned[key(template, params, seed)]) == []


def differences(got: Any, pinned: Any, where: str = "") -> list[str]:
    """Where ``got`` is not ``pinned``: floats further apart than ``RELATIVE`` (``ABSOLUTE``
    near zero), anything else not equal (a float pinned where an int is drawn, or the other way
    round, differs too)."""
    if isinstance(got, dict) and isinstance(pinned, dict):
        if got.keys() != pinned.keys():
            return [f"{where}: keys {sorted(got)} != {sorted(pinned)}"]
        return [d for k in got for d in differences(got[k], pinned[k], f"{where}.{k}")]
    if isinstance(got, list) and isinstance(pinned, list):
        if len(got) != len(pinned):
            return [f"{where}: {len(got)} items != {len(pinned)}"]
        return [
            d
            for i, pair in enumerate(zip(got, pinned, strict=True))
            for d in differences(*pair, f"{where}[{i}]")
        ]
    if type(got) is float and type(pinned) is float:
        close = math.isclose(got, pinned, rel_tol=RELATIVE, abs_tol=ABSOLUTE)  # inf == inf
        both_nan = math.isnan(got) and math.isnan(pinned)
        return [] if close or both_nan else [f"{where}: {got!r} != {pinned!r}"]
    return (
        [] if type(got) is type(pinned) and got == pinned else [f"{where}: {got!r} != {pinned!r}"]
    )


def test_differences_are_found_where_they_are_and_ulps_are_not_one() -> None:
    assert differences({"a": [1.0, 2]}, {"a": [1.0 + 1e-15, 2]}) == []
    assert differences({"a": [1.0, 2]}, {"a": [1.0 + 1e-9, 2]}) == [f".a[0]: 1.0 != {1.0 + 1e-9!r}"]
    assert differences([0.0, 1e-9], [7e-18, 1.000000001e-9]) == []  # cancellation, relative
    assert differences([0.0], [1e-12]) == [f"[0]: 0.0 != {1e-12!r}"]
    assert differences([2], [2.0]) == ["[0]: 2 != 2.0"]
    assert differences(["x", None], ["y", None]) == ["[0]: 'x' != 'y'"]
    assert differences({"a": 1}, {"b": 1}) == [": keys ['a'] != ['b']"]


@pytest.mark.parametrize(
    "key", [[0, 5], [7, 1234, 3], [2**32 - 1, 9], [2**32, 9], [2**70, 1, 2], [123456789, 0]]
)
def test_the_draw_generator_is_default_rngs_stream(key: list[int]) -> None:
    np.testing.assert_array_equal(_generator(key).random(16), np.random.default_rng(key).random(16))


def test_a_negative_seed_is_refused_as_default_rng_refuses_it() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        _generator([-1, 5])


if __name__ == "__main__":
    data = {key(*case): numbers(*case) for case in cases()}
    PINS.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"pinned {len(data)} variants in {PINS}")

"""What a failing verdict tells the learner: values side by side, the first diverging gate,
the named wrong method (a convention is not called wrong), the hints numbers give away; and
the one codec both processes use."""

from __future__ import annotations

import json

import numpy as np
import pytest

from quizapp.drills import DRILLS, render_verdict
from quizapp.drills.harness import MAX_ELEMENTS, Opaque, decode, encode
from quizapp.drills.verdict import Passed, WrongAnswer, WrongShape
from tests.drills.helpers import patched, run_check


def _text(verdict: object) -> str:
    return " ".join(render_verdict(verdict).split())  # type: ignore[arg-type]


def test_a_wrong_gate_is_found_in_the_returned_gates() -> None:
    drill = DRILLS["lstm-step.rows"]
    source = patched(
        drill.reference,
        [
            ("f = sigmoid(a[:, H : 2 * H])", "f = np.tanh(a[:, H : 2 * H])"),
            ("return h, c", 'return h, c, {"i": i, "f": f, "g": g, "o": o}'),
        ],
    )
    verdict = run_check(drill, source)
    assert isinstance(verdict.outcome, WrongAnswer)
    assert verdict.outcome.divergence is not None and verdict.outcome.divergence.name == "f"
    assert verdict.outcome.mistake is None  # one gate through tanh is no catalogued slip
    text = render_verdict(verdict)
    assert "First intermediate that diverges, f:" in text
    assert "expected" in text and "returned" in text


def test_gates_are_only_compared_when_the_outputs_are_wrong() -> None:
    drill = DRILLS["gru-step.keep.after"]
    source = patched(drill.reference, [("return h", 'return h, {"r": r, "z": 1 - z, "n": n}')])
    assert run_check(drill, source).passed


def test_expected_and_returned_stand_side_by_side() -> None:
    drill = DRILLS["rnn-step.rows"]
    source = patched(drill.reference, [(" + b_hh)", ")")])
    text = render_verdict(run_check(drill, source))
    header = next(line for line in text.splitlines() if "expected" in line and "returned" in line)
    row = text.splitlines()[text.splitlines().index(header) + 1]
    assert row.count("(1, 3)") == 2  # both arrays on one line
    assert "first difference at [0, 0]" in text


def test_another_convention_is_named_as_such() -> None:
    drill = DRILLS["gru-step.keep.after"]
    source = patched(
        drill.reference, [("h = z * h_prev + (1 - z) * n", "h = (1 - z) * h_prev + z * n")]
    )
    verdict = run_check(drill, source)
    assert isinstance(verdict.outcome, WrongAnswer) and verdict.outcome.mistake is not None
    assert verdict.outcome.mistake.convention
    text = _text(verdict)
    assert "This is right under another convention" in text and "update 'take'" in text


def test_one_slip_among_several_outputs_is_a_partial_match() -> None:
    drill = DRILLS["rnn-bptt"]
    source = patched(drill.reference, [("np.outer(da, hs[t - 1])", "np.outer(hs[t - 1], da)")])
    verdict = run_check(drill, source)
    assert isinstance(verdict.outcome, WrongAnswer) and verdict.outcome.mistake is not None
    assert verdict.outcome.mistake.outputs == ("W_hh",) and not verdict.outcome.mistake.complete
    assert "W_hh matches a known wrong method" in _text(verdict)


def test_a_transposed_array_gets_a_hint_and_its_mistake() -> None:
    drill = DRILLS["lstm-convert.torch-to-keras"]
    source = patched(drill.reference, [("weight_ih.T.copy()", "weight_ih.copy()")])
    verdict = run_check(drill, source)
    assert isinstance(verdict.outcome, WrongShape)
    assert "(transposed?)" in verdict.outcome.problem


@pytest.mark.parametrize(
    ("replacement", "note"),
    [
        ("return h, c", "return h.astype(np.float32) * 1.001, c"),
        ("return h, c", "return h * np.nan, c"),
    ],
)
def test_numbers_that_give_a_hint(replacement: str, note: str) -> None:
    drill = DRILLS["lstm-step.rows"]
    verdict = run_check(drill, patched(drill.reference, [(replacement, note)]))
    assert isinstance(verdict.outcome, WrongAnswer)
    hint = "not float64" if "float32" in note else "NaN"
    assert any(hint in n for n in verdict.outcome.notes)


def test_a_dict_missing_a_key() -> None:
    drill = DRILLS["rnn-bptt"]
    verdict = run_check(drill, patched(drill.reference, [('grads["h0"] = dh\n', "")]))
    assert isinstance(verdict.outcome, WrongShape)
    assert "the returned dict has no key 'h0'" in verdict.outcome.problem


def test_prints_are_shown_with_the_verdict() -> None:
    drill = DRILLS["sigmoid"]
    source = patched(
        drill.reference, [("    e = np.exp", "    print('debug', x.shape)\n    e = np.exp")]
    )
    verdict = run_check(drill, source)
    assert isinstance(verdict.outcome, Passed)
    assert "debug (6,)" in verdict.output
    assert "Your code printed" in render_verdict(verdict)


def test_the_verdict_carries_what_an_attempt_record_needs() -> None:
    drill = DRILLS["sigmoid"]
    verdict = run_check(drill, drill.reference)
    assert verdict.kind == "passed" and len(verdict.code_sha256) == 64 and verdict.seconds > 0


# -- the codec ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        np.array([[1.5, -2.0], [np.inf, np.nan]]),
        np.zeros((0, 3)),
        np.array(2.5),
        np.arange(4, dtype=np.int64),
        [np.ones(2), np.zeros((1, 1))],
        (1, 2.5, "text", None, True),
        {"h": np.ones(3), "gates": {"i": np.zeros(2)}},
    ],
)
def test_values_cross_as_json_and_come_back_equal(value: object) -> None:
    back = decode(json.loads(json.dumps(encode(value))))
    _assert_same(back, value)


def _assert_same(a: object, b: object) -> None:
    if isinstance(b, np.ndarray):
        assert isinstance(a, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    elif isinstance(b, dict):
        assert isinstance(a, dict) and a.keys() == b.keys()
        for key in b:
            _assert_same(a[key], b[key])
    elif isinstance(b, tuple | list):
        assert type(a) is type(b) and len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _assert_same(x, y)
    else:
        assert a == b


def test_what_cannot_cross_as_data_comes_back_opaque() -> None:
    big = decode(encode(np.zeros(MAX_ELEMENTS + 1)))
    assert isinstance(big, Opaque) and big.shape == (MAX_ELEMENTS + 1,)
    thing = decode(encode(object()))
    assert isinstance(thing, Opaque) and "object" in thing.description
    strings = decode(encode(np.array(["a"])))
    assert isinstance(strings, Opaque)

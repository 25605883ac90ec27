"""Mistake diagnosis: every listed wrong method is recognised where it applies, at the right step,
never lands within the tolerance, and its answer equals an independent computation."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pytest

import engine
from quizapp.banks.frozen import NumericRecord
from quizapp.core import grader
from quizapp.core.formatting import format_answer
from quizapp.core.presenter import present
from quizapp.grading import parse_numeric_answer
from quizapp.templates import TEMPLATES
from quizapp.templates.base import (
    Mistake,
    Params,
    Prose,
    Template,
    Tolerance,
    Variant,
    WorkedStep,
)
from quizapp.templates.cells import draw_gate_weights
from quizapp.templates.mistakes import GRUSlips, LSTMSlips, gru_by_hand, lstm_by_hand
from quizapp.tolerance import check_numeric

SEEDS = range(40)

# (template, params, the mistakes that must be listed for these params)
WHERE_THEY_APPLY = [
    (
        "lstm_step",
        {"quantity": "h"},
        {
            "lstm.no-forget-gate",
            "lstm.i-f-swapped",
            "lstm.sigmoid-tanh-swapped",
            "lstm.bias-left-out",
            "lstm.old-cell-in-h",
            "lstm.no-tanh-c",
        },
    ),
    (
        "lstm_step",
        {"quantity": "c"},
        {
            "lstm.no-forget-gate",
            "lstm.i-f-swapped",
            "lstm.sigmoid-tanh-swapped",
            "lstm.bias-left-out",
        },
    ),
    (
        "lstm_step",
        {"quantity": "i"},
        {"lstm.i-f-swapped", "lstm.sigmoid-tanh-swapped", "lstm.bias-left-out"},
    ),
    ("lstm_step", {"quantity": "g"}, {"lstm.sigmoid-tanh-swapped", "lstm.bias-left-out"}),
    (
        "lstm_step",
        {"quantity": "h", "zero_state": True, "hidden_size": 1},
        {
            "lstm.i-f-swapped",
            "lstm.sigmoid-tanh-swapped",
            "lstm.bias-left-out",
            "lstm.old-cell-in-h",
            "lstm.no-tanh-c",
        },
    ),
    *[
        (
            "gru_step",
            {"quantity": "h", "update": u, "reset": r},
            {
                "gru.update-flipped",
                "gru.reset-wrong-side",
                "gru.sigmoid-tanh-swapped",
                "gru.bias-left-out",
            },
        )
        for u in ("keep", "take")
        for r in ("before", "after")
    ],
    (
        "gru_step",
        {"quantity": "n"},
        {"gru.reset-wrong-side", "gru.sigmoid-tanh-swapped", "gru.bias-left-out"},
    ),
    ("gru_step", {"quantity": "z"}, {"gru.sigmoid-tanh-swapped", "gru.bias-left-out"}),
    (
        "gru_step",
        {"quantity": "h", "hidden_size": 1},
        {"gru.update-flipped", "gru.sigmoid-tanh-swapped", "gru.bias-left-out"},
    ),
    ("rnn_steps", {}, {"rnn.bias-left-out"}),
    ("rnn_steps", {"steps": 3}, {"rnn.bias-left-out", "rnn.no-recurrence"}),
    ("param_count", {"cell": "lstm", "framework": "pytorch"}, {"count.one-bias"}),
    (
        "param_count",
        {"cell": "gru", "framework": "pytorch", "num_layers": 2, "bidirectional": True},
        {"count.one-bias", "count.stacked-input"},
    ),
    ("param_count", {"cell": "lstm", "framework": "keras"}, {"count.two-biases"}),
    ("param_count", {"cell": "rnn", "framework": "textbook"}, {"count.two-biases"}),
    # Keras GRU with reset_after=True has PyTorch's count: only the reset_after slip remains.
    ("param_count", {"cell": "gru", "framework": "keras"}, {"count.reset-after"}),
    (
        "param_count",
        {"cell": "gru", "framework": "keras", "reset_after": False},
        {"count.two-biases", "count.reset-after"},
    ),
    (
        "rnn_gradient",
        {},
        {"gradient.no-tanh-derivative", "gradient.derivative-at-previous-state"},
    ),
    ("clip_gradient", {"quantity": "norm"}, {"clip.l1-norm"}),
    *[
        ("gradient_decay", {"cell": cell}, {"decay.one-step", "decay.norm-not-exponent"})
        for cell in ("rnn", "lstm")
    ],
    *[
        (
            "rnn_jacobian",
            params,
            {
                "jacobian.transposed",
                "jacobian.columns-scaled",
                "jacobian.no-tanh-derivative",
                "jacobian.derivative-at-previous-state",
            },
        )
        for params in ({}, {"hidden_size": 3})
    ],
    ("clip_gradient", {"quantity": "by_value"}, {"clip.by-norm"}),
]


def _ids(variant: Variant) -> set[str]:
    return {m.id for m in variant.mistakes}


@pytest.mark.parametrize(("name", "params", "expected"), WHERE_THEY_APPLY)
def test_mistakes_listed_where_they_apply_and_never_within_tolerance(
    name: str, params: dict[str, Any], expected: set[str]
) -> None:
    template = TEMPLATES[name]
    for seed in SEEDS:
        variant = template.draw(seed, params)
        assert _ids(variant) == expected, seed
        assert variant.colliding_mistakes() == [], seed
        labels = {step.label for step in variant.steps}
        for mistake in variant.mistakes:
            assert mistake.step in labels, (seed, mistake.id, mistake.step)


@pytest.mark.parametrize(("name", "params", "expected"), WHERE_THEY_APPLY)
def test_each_wrong_answer_is_diagnosed_with_its_step(
    name: str, params: dict[str, Any], expected: set[str]
) -> None:
    """The learner types the wrong method's answer (rounded as they would) and is told which."""
    question = _question(name, params)
    for seed in range(8):
        presented = present(question, random.Random(seed))
        variant = presented.variant
        for mistake in variant.mistakes:
            typed = format_answer(mistake.answer)
            verdict = grader.grade(presented, typed)
            assert not verdict.correct, (seed, mistake.id)
            diagnosis = verdict.diagnosis
            assert diagnosis is not None, (seed, mistake.id, typed)
            # Two slips may agree on these numbers; then the first listed one is named.
            same = [
                m
                for m in variant.mistakes
                if check_numeric(typed_values(typed), m.answer, variant.tolerance)
            ]
            assert diagnosis.mistake_id == same[0].id
            assert diagnosis.step == same[0].step
            assert diagnosis.convention == same[0].convention


def typed_values(typed: str) -> float | list[float]:
    """What the grader reads from ``typed``: one number, or a vector."""
    values = parse_numeric_answer(typed, expected_len=len(typed.split(",")))
    assert isinstance(values, list), values
    return values[0] if len(values) == 1 else values


def test_a_right_answer_and_an_unknown_wrong_one_have_no_diagnosis() -> None:
    presented = present(_question("lstm_step", {"quantity": "h"}), random.Random(0))
    right = grader.grade(presented, format_answer(presented.variant.answer))
    assert right.correct and right.diagnosis is None
    wild = grader.grade(presented, ", ".join(["9"] * len(presented.variant.answer)))  # type: ignore[arg-type]
    assert not wild.correct and wild.diagnosis is None


def test_by_hand_without_slips_is_the_engine() -> None:
    rng = np.random.default_rng(0)
    for _ in range(30):
        parts = draw_gate_weights(rng, "ifgo", 3, 2, 1.5)
        x, h, c = rng.normal(size=2), rng.normal(size=3), rng.normal(size=3)
        ref = engine.LSTMCell.from_gates(**parts).step(x, h, c).as_dict()
        mine = lstm_by_hand(parts, x, h, c, LSTMSlips())
        for key, value in ref.items():
            np.testing.assert_allclose(mine[key], value, rtol=1e-12, atol=1e-12)
        for update in ("keep", "take"):
            for reset in ("before", "after"):
                gparts = draw_gate_weights(rng, "rzn", 3, 2, 1.5)
                cell = engine.GRUCell.from_gates(update=update, reset=reset, **gparts)
                ref = cell.step(x, h).as_dict()
                mine = gru_by_hand(gparts, x, h, GRUSlips(update=update, reset=reset))
                for key, value in ref.items():
                    np.testing.assert_allclose(mine[key], value, rtol=1e-12, atol=1e-12)


def _mistake(variant: Variant, mistake_id: str) -> Mistake:
    return next(m for m in variant.mistakes if m.id == mistake_id)


def _arrays(variant: Variant, *names: str) -> list[np.ndarray]:
    return [np.asarray(variant.givens[n], dtype=float) for n in names]


@pytest.mark.parametrize("seed", range(10))
def test_lstm_slips_equal_an_independent_computation(seed: int) -> None:
    variant = TEMPLATES["lstm_step"].draw(seed, {"quantity": "h"})
    g = {k: np.asarray(v, dtype=float) for k, v in variant.givens.items()}
    x, h_prev, c_prev = g["x"], g["h_prev"], g["c_prev"]

    def sig(a: np.ndarray) -> np.ndarray:
        squashed: np.ndarray = 1 / (1 + np.exp(-a))
        return squashed

    a = {k: g[f"W_x{k}"] @ x + g[f"W_h{k}"] @ h_prev + g[f"b_{k}"] for k in "ifgo"}
    i, f, gg, o = sig(a["i"]), sig(a["f"]), np.tanh(a["g"]), sig(a["o"])
    c = f * c_prev + i * gg
    expect = {
        "lstm.no-forget-gate": o * np.tanh(c_prev + i * gg),
        "lstm.i-f-swapped": o * np.tanh(i * c_prev + f * gg),
        "lstm.old-cell-in-h": o * np.tanh(c_prev),
        "lstm.no-tanh-c": o * c,
    }
    for mistake_id, value in expect.items():
        np.testing.assert_allclose(_mistake(variant, mistake_id).answer, value, atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("update", ["keep", "take"])
@pytest.mark.parametrize("reset", ["before", "after"])
def test_gru_convention_answers_are_the_engine_under_the_other_convention(
    seed: int, update: Literal["keep", "take"], reset: Literal["before", "after"]
) -> None:
    variant = TEMPLATES["gru_step"].draw(seed, {"quantity": "h", "update": update, "reset": reset})
    parts = {k: np.asarray(v, dtype=float) for k, v in variant.givens.items()}
    x, h_prev = parts.pop("x"), parts.pop("h_prev")
    flipped: Literal["keep", "take"] = "take" if update == "keep" else "keep"
    other: Literal["before", "after"] = "before" if reset == "after" else "after"
    by_update = engine.GRUCell.from_gates(update=flipped, reset=reset, **parts).step(x, h_prev).h
    by_reset = engine.GRUCell.from_gates(update=update, reset=other, **parts).step(x, h_prev).h
    np.testing.assert_allclose(_mistake(variant, "gru.update-flipped").answer, by_update)
    np.testing.assert_allclose(_mistake(variant, "gru.reset-wrong-side").answer, by_reset)
    assert _mistake(variant, "gru.update-flipped").convention


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_param_count_conventions_are_the_other_frameworks_counts(cell: str) -> None:
    for seed in range(10):
        torch_variant = TEMPLATES["param_count"].draw(seed, {"cell": cell, "framework": "pytorch"})
        x, h = torch_variant.givens["input_size"], torch_variant.givens["hidden_size"]
        one_bias = _mistake(torch_variant, "count.one-bias")
        assert one_bias.convention and "PyTorch" in one_bias.explanation
        assert one_bias.answer == engine.param_count(cell, x, h, framework="textbook")
        keras_variant = TEMPLATES["param_count"].draw(seed, {"cell": cell, "framework": "keras"})
        x, h = keras_variant.givens["input_size"], keras_variant.givens["hidden_size"]
        if cell != "gru":
            two = _mistake(keras_variant, "count.two-biases")
            assert two.answer == engine.param_count(cell, x, h, framework="pytorch")
            assert "PyTorch's count" in two.explanation


def test_the_textbook_gru_two_bias_slip_names_no_keras_exception() -> None:
    """The Keras GRU's reset_after exception belongs to the Keras question, not the textbook's."""
    for seed in range(20):
        textbook = TEMPLATES["param_count"].draw(seed, {"cell": "gru", "framework": "textbook"})
        assert "Keras" not in _mistake(textbook, "count.two-biases").explanation
        keras = TEMPLATES["param_count"].draw(
            seed, {"cell": "gru", "framework": "keras", "reset_after": False}
        )
        assert "reset_after=True" in _mistake(keras, "count.two-biases").explanation


def test_the_keras_count_of_torch_lstm_10_20_is_named() -> None:
    """The classic: nn.LSTM(10, 20) has 2560; answering Keras's 2480 is told so."""
    variant = TEMPLATES["param_count"].draw(0, {"cell": "lstm", "min_size": 10, "max_size": 10})
    assert variant.answer == 4 * (10 * (10 + 10) + 2 * 10)
    assert _mistake(variant, "count.one-bias").answer == 4 * (10 * (10 + 10) + 10)


class _Collides(Template):
    """A broken template whose listed mistake always equals the right answer."""

    name = "collides"
    summary = "test double"
    topics = ("numeric.lstm-step",)
    params_model = Params

    def build(self, rng: np.random.Generator, params: Any, tr: Prose) -> Variant:
        value = float(np.round(rng.uniform(1, 2), 2))
        return Variant(
            givens={},
            prompt="p",
            answer=value,
            tolerance=Tolerance(abs=0.01),
            steps=[WorkedStep("x", "x", value)],
            answer_form="a number",
            mistakes=(Mistake("same", "the same thing", "x", value + 0.001, "none"),),
        )


def test_validation_rejects_a_template_whose_mistake_lands_within_tolerance(tmp_path: Path) -> None:
    from quizapp.banks import load_banks
    from quizapp.paths import topics_file

    bank = tmp_path / "b.yaml"
    bank.write_text(
        "bank: {id: b, title: B}\n"
        "questions:\n"
        "  - id: b.q\n"
        "    kind: numeric\n"
        "    topics: [numeric.lstm-step]\n"
        "    prompt: p\n"
        "    explanation: e\n"
        "    template: collides\n"
    )
    templates = {"collides": _Collides()}
    result = load_banks([bank], topics_path=topics_file(), templates=templates, template_seeds=3)
    assert len(result.errors) == 1 and result.questions == {}  # never asked
    error = str(result.errors[0])
    assert error.startswith(f"{bank}:8:") and "the same thing" in error
    assert "graded right" in error


def test_a_small_step_never_accepts_all_zeros() -> None:
    template = TEMPLATES["lstm_step"]
    params = {"quantity": "h", "zero_state": True, "hidden_size": 2, "input_size": 1}
    for seed in range(100):
        variant = template.draw(seed, params)
        assert not check_numeric([0.0, 0.0], variant.answer, variant.tolerance), seed


def _question(name: str, params: dict[str, Any]) -> NumericRecord:
    from quizapp.banks.models import NumericQuestion

    return NumericQuestion.model_validate(
        {
            "id": f"t.{name}",
            "kind": "numeric",
            "topics": ["numeric.lstm-step"],
            "prompt": "p",
            "explanation": "e",
            "template": name,
            "params": params,
        }
    ).to_record()

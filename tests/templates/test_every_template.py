"""Every registered template, over many draws and its whole space of choices: no draw raises, no
listed wrong method is graded right, and a learner who types a wrong method's answer is told
that method's name, also when another wrong method gives the same number on those numbers."""

from __future__ import annotations

import itertools
import random
import typing
from typing import TYPE_CHECKING, Any

import pytest

from quizapp.core import grader
from quizapp.core.formatting import format_answer
from quizapp.core.presenter import present
from quizapp.templates import TEMPLATES, base
from quizapp.templates.base import Mistake, Prose, Template, Tolerance
from tests.templates.test_mistakes import _question
from tests.templates.test_templates import PARAM_SETS

if TYPE_CHECKING:
    from quizapp.banks import LoadResult

NAMES = sorted(TEMPLATES)


@pytest.mark.parametrize("name", NAMES)
def test_every_seed_up_to_2000_draws_at_the_defaults(name: str) -> None:
    """A redraw loop must reject a draw before anything can raise on it (layer norm's σ = 0)."""
    template = TEMPLATES[name]
    failed: dict[int, str] = {}
    for seed in range(2001):
        try:
            template.draw(seed)
        except Exception as exc:  # collect them all: the report lists every failing seed
            failed[seed] = repr(exc)
    assert failed == {}


def _choices(template: Template) -> list[dict[str, Any]]:
    """Every combination of the params' choices, flags and small integer ranges (other params
    at their defaults), less those the params refuse."""
    model = template.params_model
    axes: dict[str, list[Any]] = {}
    for field, annotation in model.annotations().items():
        spec = model.fields[field]
        if typing.get_origin(annotation) is typing.Literal:
            axes[field] = list(typing.get_args(annotation))
        elif annotation is bool:
            axes[field] = [False, True]
        elif annotation is int and spec.ge is not None and spec.le is not None:
            low, high = int(spec.ge), int(spec.le)
            axes[field] = list(range(low, high + 1)) if high - low <= 6 else [low, high]
    accepted = []
    for combination in itertools.product(*axes.values()):
        params = dict(zip(axes, combination, strict=True))
        try:
            model.model_validate(params)
        except ValueError:  # pydantic's ValidationError is a ValueError
            continue
        accepted.append(params)
    return accepted


@pytest.mark.parametrize("name", NAMES)
def test_no_accepted_params_give_a_wrong_method_the_right_answer(name: str) -> None:
    """Params a template accepts must let its draws separate every listed slip from the answer
    (one IRNN unit over two steps, or a one-component gradient, cannot: they are refused)."""
    template = TEMPLATES[name]
    combinations = _choices(template)
    assert combinations
    colliding = {
        str(params): seed
        for params in combinations
        for seed in range(10)
        if template.draw(seed, params).colliding_mistakes()
    }
    assert colliding == {}


def test_the_params_that_cannot_separate_the_slips_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="steps ≥ 3 or hidden_size ≥ 2"):
        TEMPLATES["irnn_steps"].params_model.model_validate({"steps": 2, "hidden_size": 1})
    with pytest.raises(ValueError, match="greater than or equal to 2"):
        TEMPLATES["clip_gradient"].params_model.model_validate({"length": 1})
    with pytest.raises(ValueError, match="greater than or equal to 2"):  # h is drawn from 2 up
        TEMPLATES["param_count"].params_model.model_validate({"min_size": 1, "max_size": 1})


def _unnamed(mistakes: tuple[Mistake, ...], tolerance: Tolerance, tr: Prose) -> tuple[Mistake, ...]:
    return mistakes


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_answer_is_told_every_method_that_gives_it(
    name: str, builtin: LoadResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Type each listed wrong method's answer: the feedback names that method and gives its
    explanation, and calls it another convention only if it is one. Two methods that agree
    on a draw (IRNN: ReLU left out and ReLU at the end, when no final sum is negative) are
    both named. Over the defaults, the test parameter sets and every built-in bank question."""
    bank_params = [
        dict(q.params) for q in builtin.questions.values() if getattr(q, "template", None) == name
    ]
    for params in [{}, *PARAM_SETS.get(name, []), *bank_params]:
        question = _question(name, params)
        for seed in range(25):
            with monkeypatch.context() as patch:  # the methods as the template lists them
                patch.setattr(base, "name_coinciding", _unnamed)
                listed = TEMPLATES[name].draw(seed, params).mistakes
            presented = present(question, random.Random(0), variant_seed=seed)
            assert presented.variant is not None
            shown = presented.variant.mistakes
            assert [(m.id, m.answer, m.step) for m in shown] == [
                (m.id, m.answer, m.step) for m in listed
            ]
            for method in listed:
                verdict = grader.grade(presented, format_answer(method.answer, decimals=12))
                assert isinstance(verdict, grader.Verdict), (params, seed, method.id)
                diagnosis = verdict.diagnosis
                assert not verdict.correct and diagnosis is not None, (params, seed, method.id)
                where = (params, seed, method.id, diagnosis.name)
                assert method.name in diagnosis.name, where
                assert method.explanation in diagnosis.explanation, where
                assert method.convention or not diagnosis.convention, where

"""Template params: the pydantic-free draw path gives pydantic's answer, checks each distinct
params once, and never imports pydantic (a subprocess proves it, with a control that does)."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from quizapp.templates import TEMPLATES
from quizapp.templates.params import Field, Params

ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2,
    3,
    4,
    7,
    64,
    0.0,
    0.5,
    1.0,
    2.0,
    2.5,
    3.0,
    3.5,
]
ODD_VALUES += [1e-9, -0.5, 0.99, 1.0000001, math.inf, -math.inf, math.nan, "2", "h", "", [], [10]]
ODD_VALUES += [[10, 20], [1.5], [True], {"a": 1}, (10,)]


def _values_for(params: type[Params], name: str) -> st.SearchStrategy[Any]:
    """The field's own choices and bounds (where verdicts flip), and values of every other type."""
    spec, annotation = params.fields[name], params.annotations()[name]
    near: list[Any] = [spec.make_default()]
    near += list(getattr(annotation, "__args__", ()))
    for bound in (spec.ge, spec.gt, spec.le, spec.lt):
        if bound is not None:
            near += [
                bound,
                bound - 1,
                bound + 1,
                bound - 1e-9,
                bound + 1e-9,
                int(bound),
                float(bound),
            ]
    return st.sampled_from(near + ODD_VALUES)


def _data(params: type[Params]) -> st.SearchStrategy[dict[str, Any]]:
    names = sorted(params.fields)
    fixed = st.fixed_dictionaries({}, optional={n: _values_for(params, n) for n in names})
    return st.one_of(fixed, fixed.map(lambda d: {**d, "colour": "red"}))


def _pydantic_verdict(params: type[Params], data: dict[str, Any]) -> dict[str, Any] | None:
    try:
        model = params.pydantic_model().model_validate(data)
    except ValidationError:
        return None
    return {name: getattr(model, name) for name in params.fields}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_draw_path_gives_pydantics_answer(name: str, data: st.DataObject) -> None:
    params = TEMPLATES[name].params_model
    given_params = data.draw(_data(params))
    expected = _pydantic_verdict(params, given_params)
    params._parsed.clear()  # check afresh, not from an earlier example
    if expected is None:
        with pytest.raises(ValidationError):
            params.parse(given_params)
        return
    parsed = params.parse(given_params)
    got = {n: getattr(parsed, n) for n in params.fields}
    assert all(_same(got[n], expected[n]) for n in params.fields), (got, expected)


def test_params_are_checked_once_per_distinct_params() -> None:
    params = TEMPLATES["gru_step"].params_model
    first = params.parse({"quantity": "z", "reset": "before"})
    assert params.parse({"quantity": "z", "reset": "before"}) is first
    assert params.parse({"quantity": "n"}) is not first
    lengths = TEMPLATES["gradient_decay"].params_model
    assert lengths.parse({"lengths": [10, 20]}) is lengths.parse({"lengths": [10, 20]})


def test_params_are_immutable_values() -> None:
    params = TEMPLATES["rnn_steps"].params_model
    a, b = params.parse({"steps": 2}), params.model_validate({"steps": 2})
    assert a == b and hash(a) == hash(b) and a != params.parse({"steps": 3})
    assert repr(a).startswith("RNNStepsParams(steps=2, nonlinearity='tanh'")
    with pytest.raises(AttributeError, match="immutable"):
        a.steps = 3


def test_cross_field_rules_run_on_both_paths() -> None:
    params = TEMPLATES["param_count"].params_model
    with pytest.raises(ValidationError, match="min_size must not exceed max_size"):
        params.parse({"min_size": 9, "max_size": 3})
    with pytest.raises(ValidationError, match="proj_size exists only"):
        params.model_validate({"cell": "gru", "proj_size": True})


def test_a_field_without_default_or_from_pydantic_is_refused_at_definition() -> None:
    with pytest.raises(TypeError, match="needs a default"):

        class NoDefault(Params):
            steps: int

    import pydantic

    with pytest.raises(TypeError, match=r"use quizapp\.templates\.params\.Field"):

        class FromPydantic(Params):
            steps: int = pydantic.Field(1, ge=1)

    class Fine(Params):
        steps: int = Field(1, ge=1)

    assert Fine.parse({}).steps == 1


DRAW_EVERY_BANK_QUESTION = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import yaml
    from quizapp.paths import builtin_banks_dir
    from quizapp.templates import TEMPLATES

    drawn = 0
    for path in sorted(Path(builtin_banks_dir()).glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for question in doc.get("questions", []) if isinstance(doc, dict) else []:
            if isinstance(question, dict) and question.get("template"):
                TEMPLATES[question["template"]].draw(drawn, dict(question.get("params") or {}))
                drawn += 1
    for name, template in TEMPLATES.items():
        template.draw(drawn, {})
    assert drawn > 10, drawn
    print(sorted(m for m in sys.modules if m.split(".")[0] == "pydantic")[:3])
    if len(sys.argv) > 1:  # the control: bad params need pydantic's message
        try:
            TEMPLATES["lstm_step"].draw(0, {"quantity": "x"})
        except Exception as exc:
            print(type(exc).__name__, "pydantic" in sys.modules)
    """
)


def test_drawing_every_shipped_question_never_imports_pydantic() -> None:
    run = [sys.executable, "-c", DRAW_EVERY_BANK_QUESTION]
    quiet = subprocess.run(run, capture_output=True, text=True, check=True, timeout=120)
    assert quiet.stdout.splitlines() == ["[]"], quiet.stdout + quiet.stderr
    control = subprocess.run([*run, "control"], capture_output=True, text=True, timeout=120)
    assert control.stdout.splitlines() == ["[]", "ValidationError True"], control.stderr


def test_equal_values_of_other_types_are_not_confused_by_the_cache() -> None:
    params = TEMPLATES["rnn_steps"].params_model
    assert type(params.parse({"weight_range": 2}).weight_range) is float
    assert params.parse({"steps": 2}) == params.parse({"steps": 2.0})  # pydantic: 2.0 -> 2
    with pytest.raises(ValidationError):
        params.parse({"steps": 2.5})
    assert params.parse({"nonlinearity": "relu"}).nonlinearity == "relu"

"""A template's declared parameter bounds keep every draw small: params within them either
draw within ``MAX_BUILDS`` builds, or are refused by the bank checks (the loader's, so the
app never asks them); no params within them make a draw raise.

Each template is drawn at the corners of its declared bounds (every choice, both flags, each
number at its bounds and default, lists at their longest and largest, at their smallest), for
several seeds, and the builds a draw needed are counted: one build of the largest shapes takes
well under 0.4 ms, so ``MAX_BUILDS`` builds keep a draw under 50 ms
(``benchmarks/bench_templates.py`` times the worst corner). Counting builds, not time, keeps
the test exact on a loaded machine.
"""

from __future__ import annotations

import itertools
import typing
from typing import Any

import pytest

from quizapp.banks.template_checks import LOAD_SEEDS, draw_problem
from quizapp.templates import TEMPLATES, Template
from quizapp.templates.base import DraftTemplate
from quizapp.templates.params import FieldSpec, Params

MAX_BUILDS = 128
SEEDS = range(8)


def _values(annotation: Any, spec: FieldSpec) -> list[Any]:
    default = spec.make_default()
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return list(args)
    if annotation is bool:
        return [False, True]
    if annotation is int:
        return sorted({v for v in (spec.ge, default, spec.le) if v is not None})
    if origin is list:
        longest = spec.max_length or len(default)
        values = [default]
        if spec.item_le is not None:
            values.append([spec.item_le] * longest)
        if spec.item_ge is not None:
            values.append([spec.item_ge])
        return values
    if annotation is float:
        return sorted({v for v in (spec.ge, default, spec.le) if v is not None})
    return [default]  # an optional float: its default, None (the template draws it)


def corners(params: type[Params]) -> list[dict[str, Any]]:
    """Every combination of the corner values that the params accept."""
    names = list(params.fields)
    annotations = params.annotations()
    grid = [_values(annotations[n], params.fields[n]) for n in names]
    accepted = []
    for combo in itertools.product(*grid):
        data = dict(zip(names, combo, strict=True))
        try:
            params.parse(data)
        except Exception:
            continue
        accepted.append(data)
    return accepted


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_draw_within_the_declared_bounds_is_small(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    template: Template = TEMPLATES[name]
    builds = 0
    # a drafted template tries its numbers and writes the text of the one draw it keeps
    tried = "numbers" if isinstance(template, DraftTemplate) else "build"
    attempt = getattr(template, tried)

    def counted(*args: Any) -> Any:
        nonlocal builds
        builds += 1
        return attempt(*args)

    monkeypatch.setattr(template, tried, counted)
    worst: tuple[int, dict[str, Any], int] = (0, {}, 0)
    refused = 0
    for data in corners(template.params_model):
        if draw_problem(template, data, LOAD_SEEDS) is not None:
            refused += 1  # reported at its line on Home and by validate; never asked
            continue
        for seed in SEEDS:
            builds = 0
            template.draw(seed, data)  # raising fails the test: the params let it through
            if builds > worst[0]:
                worst = (builds, data, seed)
    assert 1 <= worst[0] <= MAX_BUILDS, f"{worst[0]} builds for {worst[1]} seed {worst[2]}"
    assert refused < len(corners(template.params_model))

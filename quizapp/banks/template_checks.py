"""Like STACK's question tests: draw every template question, run its pins.

The one check of template questions, run by the loader on every file (so the app and
``quizapp validate`` agree on which banks load): the app's load draws each question with one
seed (``LOAD_SEEDS``), ``validate`` with many (``DEFAULT_SEEDS``). A template that raises,
whose answer is not finite, or whose worked solution cannot be rendered, fails; so does a draw
where a listed mistake (a common wrong method) lands within the tolerance of the right answer,
or names a step the worked solution does not show: a wrong method must never be graded right.
``checks:`` pins (a seed and the expected answer) must match within the variant's tolerance.
A draw's time is bounded by the template's declared parameter bounds (sizes, lengths, steps).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from quizapp.banks.errors import BankError
from quizapp.tolerance import check_numeric

if TYPE_CHECKING:
    from quizapp.banks.models import Question
    from quizapp.banks.yaml_nodes import PositionedData

DEFAULT_SEEDS = 50
LOAD_SEEDS = 1


def check_bank_templates(
    path: str,
    questions: Sequence[Question],
    doc: PositionedData,
    templates: Mapping[str, Any],
    seeds: int = DEFAULT_SEEDS,
) -> tuple[list[BankError], int]:
    """Errors found in one file's template questions, and how many were drawn."""
    errors: list[BankError] = []
    checked = 0
    for index, question in enumerate(questions):
        if question.kind != "numeric" or question.template is None:
            continue
        checked += 1
        template = templates[question.template]
        problem = draw_problem(template, dict(question.params), seeds)
        if problem:
            errors.append(BankError(path, *doc.position(("questions", index, "template")), problem))
        for k, pin in enumerate(question.checks):
            line, col = doc.position(("questions", index, "checks", k))
            try:
                variant = template.draw(pin.seed, dict(question.params))
            except Exception as exc:  # a template bug must not become a traceback
                errors.append(
                    BankError(path, line, col, f"check with seed {pin.seed} failed: {exc}")
                )
                continue
            if not _same_shape(pin.answer, variant.answer) or not check_numeric(
                pin.answer, variant.answer, variant.tolerance
            ):
                errors.append(
                    BankError(
                        path,
                        line,
                        col,
                        f"check with seed {pin.seed}: expected {pin.answer}, "
                        f"the template computes {_short(variant.answer)}",
                    )
                )
    return errors, checked


def draw_problem(template: Any, params: dict[str, Any], seeds: int) -> str | None:
    """Why ``template`` with ``params`` cannot be asked (seeds 0 .. seeds-1), or None."""
    for seed in range(seeds):
        try:
            variant = template.draw(seed, params)
        except Exception as exc:
            return f"template '{template.name}' failed with seed {seed}: {exc}"
        values = variant.answer if isinstance(variant.answer, list) else [variant.answer]
        if not values or not all(isinstance(v, float | int) and math.isfinite(v) for v in values):
            return f"template '{template.name}' gave a non-finite answer with seed {seed}"
        colliding = variant.colliding_mistakes()
        if colliding:
            names = ", ".join(f"'{m.name}'" for m in colliding)
            return (
                f"template '{template.name}' with seed {seed}: the wrong method {names} gives "
                f"an answer within the tolerance ({variant.tolerance.describe()}), so it would "
                "be graded right; give it numbers that tell them apart"
            )
        labels = {s.label for s in variant.steps}
        unknown = [m for m in variant.mistakes if m.step not in labels]
        if unknown:
            return (
                f"template '{template.name}' with seed {seed}: mistake '{unknown[0].id}' points "
                f"at step '{unknown[0].step}', which the worked solution does not show"
            )
        try:
            rendered = [f"{s.label} {s.formula} {s.value}" for s in variant.steps]
            if not rendered or not variant.prompt.strip():
                return f"template '{template.name}' has no worked solution with seed {seed}"
        except Exception as exc:
            return f"template '{template.name}' cannot render its solution with seed {seed}: {exc}"
    return None


def _same_shape(a: Any, b: Any) -> bool:
    return isinstance(a, list) == isinstance(b, list) and (
        not isinstance(a, list) or len(a) == len(b)
    )


def _short(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(f"{v:.4g}" for v in value) + "]"
    return f"{value:.6g}"

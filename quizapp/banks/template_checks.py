"""Like STACK's question tests: draw every template question with many seeds, run its pins.

A template whose answer is not finite, or whose worked solution cannot be rendered, fails;
so does a draw where a listed mistake (a common wrong method) lands within the tolerance of
the right answer, or names a step the worked solution does not show: a wrong method must never
be graded right. ``checks:`` pins (a seed and the expected answer) must match within the
variant's tolerance.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from quizapp.banks.errors import BankError
from quizapp.banks.loader import LoadResult
from quizapp.grading import check_numeric

DEFAULT_SEEDS = 50


def check_templates(
    result: LoadResult, templates: Mapping[str, Any], seeds: int = DEFAULT_SEEDS
) -> tuple[list[BankError], int]:
    """Errors found, and how many template questions were drawn."""
    errors: list[BankError] = []
    checked = 0
    for bank in result.banks:
        for index, question in enumerate(bank.questions):
            if question.kind != "numeric" or question.template is None:
                continue
            checked += 1
            template = templates[question.template]
            where = bank.doc.position(("questions", index, "template"))
            problem = _draw_many(template, dict(question.params), seeds)
            if problem:
                errors.append(BankError(str(bank.path), *where, problem))
            for k, pin in enumerate(question.checks):
                line, col = bank.doc.position(("questions", index, "checks", k))
                try:
                    variant = template.draw(pin.seed, dict(question.params))
                except Exception as exc:  # a template bug must not become a traceback
                    errors.append(
                        BankError(
                            str(bank.path), line, col, f"check with seed {pin.seed} failed: {exc}"
                        )
                    )
                    continue
                if not _same_shape(pin.answer, variant.answer) or not check_numeric(
                    pin.answer, variant.answer, variant.tolerance
                ):
                    errors.append(
                        BankError(
                            str(bank.path),
                            line,
                            col,
                            f"check with seed {pin.seed}: expected {pin.answer}, "
                            f"the template computes {_short(variant.answer)}",
                        )
                    )
    return errors, checked


def _draw_many(template: Any, params: dict[str, Any], seeds: int) -> str | None:
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

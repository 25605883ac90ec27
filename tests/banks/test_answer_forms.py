"""A learner who answers exactly as a template question asks is graded right on every draw.

Each variant tells the learner how to give the answer ("to 3 decimals", "to 3 significant
figures"). Rounding the engine's answer that way must land inside the variant's tolerance,
otherwise a careful learner who follows the instruction is marked wrong.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from quizapp.templates import TEMPLATES, get_template
from quizapp.tolerance import check_numeric

if TYPE_CHECKING:
    from quizapp.banks import LoadResult

SEEDS = range(60)


def _as_asked(value: float | list[float], form: str) -> float | list[float]:
    """The answer rounded the way the variant's answer_form asks for it."""
    decimals = re.search(r"to (\d+) decimals", form)
    figures = re.search(r"to (\d+) significant figures", form)
    if decimals:
        digits = int(decimals.group(1))

        def rounded(v: float) -> float:
            return round(v, digits)
    elif figures:
        digits = int(figures.group(1))

        def rounded(v: float) -> float:
            return float(f"{v:.{digits}g}")
    else:
        return value
    return [rounded(v) for v in value] if isinstance(value, list) else rounded(value)


def test_an_answer_rounded_as_asked_is_graded_right(builtin: LoadResult) -> None:
    """Every template question of the built-in banks, and every template at its defaults."""
    cases: list[tuple[str, str, dict[str, Any]]] = [
        (f"{name} (defaults)", name, {}) for name in sorted(TEMPLATES)
    ]
    for qid, question in sorted(builtin.questions.items()):
        template_name = getattr(question, "template", None)
        if question.kind == "numeric" and template_name:
            cases.append((qid, template_name, dict(question.params)))
    failing: dict[str, list[int]] = {}
    for label, template_name, params in cases:
        template = get_template(template_name)
        for seed in SEEDS:
            variant = template.draw(seed, params)
            typed = _as_asked(variant.answer, variant.answer_form)
            if not check_numeric(typed, variant.answer, variant.tolerance):
                failing.setdefault(label, []).append(seed)
    assert failing == {}, {label: seeds[:5] for label, seeds in failing.items()}


def test_a_small_min_gru_factor_typed_to_three_figures_is_right() -> None:
    """The case the audit found: A_T = 0.00224, asked to 3 significant figures."""
    variant = get_template("min_gru_scan").draw(5, {"quantity": "h0_weight", "steps": 5})
    assert variant.answer_form == "a number, to 3 significant figures"
    assert isinstance(variant.answer, list) and round(variant.answer[0], 5) == 0.00224
    assert check_numeric([0.00224], variant.answer, variant.tolerance)

"""A learner who answers exactly as a template question asks is graded right on every draw.

Each variant tells the learner how to give the answer ("to 3 decimals", "to 3 significant
figures"). Rounding the engine's answer that way must land inside the variant's tolerance,
otherwise a careful learner who follows the instruction is marked wrong.
"""

from __future__ import annotations

import re

from quizapp.templates import get_template
from quizapp.tolerance import check_numeric

SEEDS = range(60)

# Template questions whose instruction and tolerance disagree today, with the reason. The test
# fails when one of them starts passing, so the entry is removed once the template is fixed.
KNOWN_FORM_BUGS = {
    "linear_rnns.min-gru-memory": (
        "min_gru_scan (quantity h0_weight) asks for 4 decimals but grades with a relative 1%: "
        "A_T = 0.00224 rounds to 0.0022, 1.8% off"
    ),
}


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


def test_an_answer_rounded_as_asked_is_graded_right(builtin) -> None:
    failing: dict[str, list[int]] = {}
    for qid, question in sorted(builtin.questions.items()):
        if question.kind != "numeric" or not getattr(question, "template", None):
            continue
        template = get_template(question.template)
        for seed in SEEDS:
            variant = template.draw(seed, dict(question.params))
            typed = _as_asked(variant.answer, variant.answer_form)
            if not check_numeric(typed, variant.answer, variant.tolerance):
                failing.setdefault(qid, []).append(seed)
    assert set(failing) == set(KNOWN_FORM_BUGS), {q: s[:5] for q, s in failing.items()}

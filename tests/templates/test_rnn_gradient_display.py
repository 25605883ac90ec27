"""rnn_gradient never shows a negative zero: u and h_0 are rounded to one decimal, and a
value in (−0.05, 0) rounds to −0.0, which f-string formatting writes as "-0.0" (in the prompt,
"from h_0 = -0.0", and in the worked steps, "tanh(-0.0·x_t + …)"), in both languages."""

from __future__ import annotations

import re
from typing import Any

import pytest

from quizapp.i18n import Language
from quizapp.templates import get_template

SEEDS = range(500)
# the params of the bank's three rnn_gradient questions (numeric_drills.rnn-gradient-*)
PARAM_SETS: dict[str, dict[str, Any]] = {
    "product": {"steps": 3},
    "long": {"steps": 6, "weight_low": 0.3, "weight_high": 0.9},
    "saturate": {"steps": 5, "weight_low": 2.5, "weight_high": 4.0},
}
NEGATIVE_ZERO = re.compile(r"(?<![\d.])[-−]0(?:\.0+)?(?![\d.])")


def test_the_pattern_finds_only_a_negative_zero() -> None:
    assert NEGATIVE_ZERO.search("from h_0 = -0.0, with inputs")
    assert NEGATIVE_ZERO.search("tanh(-0.0·x_t + 2.6·h_0)")
    assert not NEGATIVE_ZERO.search("h_0 = 0.0, u = -0.05, x = [-0.3, 0.7]")


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("question", PARAM_SETS)
def test_no_draw_shows_minus_zero(question: str, language: Language) -> None:
    template = get_template("rnn_gradient")
    for seed in SEEDS:
        variant = template.draw(seed, PARAM_SETS[question], language=language)
        assert "-0.0" not in variant.prompt, (seed, variant.prompt)
        assert not NEGATIVE_ZERO.search(variant.prompt), (seed, variant.prompt)
        for step in variant.steps:
            assert not NEGATIVE_ZERO.search(step.formula), (seed, step)

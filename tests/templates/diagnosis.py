"""One check the new templates' tests share: a learner who types a listed wrong method's answer
is graded wrong and told which method it was (the first listed one when two give the same number)."""

from __future__ import annotations

import random
from typing import Any

from quizapp.core import grader
from quizapp.core.formatting import format_answer
from quizapp.core.presenter import present
from quizapp.tolerance import check_numeric
from tests.templates.test_mistakes import _question


def assert_every_slip_is_diagnosed(name: str, params: dict[str, Any], seeds: int = 6) -> None:
    question = _question(name, params)
    for seed in range(seeds):
        presented = present(question, random.Random(seed))
        variant = presented.variant
        assert grader.grade(presented, format_answer(variant.answer)).correct, seed
        for mistake in variant.mistakes:
            verdict = grader.grade(presented, format_answer(mistake.answer))
            assert not verdict.correct, (seed, mistake.id)
            assert verdict.diagnosis is not None, (seed, mistake.id)
            same = [
                m
                for m in variant.mistakes
                if check_numeric(m.answer, mistake.answer, variant.tolerance)
            ]
            assert verdict.diagnosis.mistake_id in {m.id for m in same}, (seed, mistake.id)

"""The draws the language tests cover: every template question of the built-in banks and every
combination of every template's choices, each at a fixed set of seeds, and one variant rendered
as plain data (everything a learner can read, and every number) to compare or fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from quizapp.i18n import Language
from quizapp.templates import TEMPLATES
from quizapp.templates.base import Variant
from tests.templates.test_every_template import _choices

Case = tuple[str, str, dict[str, Any]]  # (case id, template name, params)


@cache
def bank_cases() -> tuple[Case, ...]:
    """The 101 template questions of the built-in banks, by question id."""
    from quizapp.banks import load_banks
    from quizapp.paths import builtin_banks_dir, topics_file

    result = load_banks([builtin_banks_dir()], topics_path=topics_file())
    assert not result.errors, result.errors[:3]
    return tuple(
        (question.id, question.template, dict(question.params))
        for bank in result.banks
        for question in bank.questions
        if question.kind == "numeric" and question.template is not None
    )


@cache
def choice_cases() -> tuple[Case, ...]:
    """Every accepted combination of each template's choices (other params at defaults)."""
    return tuple(
        (f"{name}{json.dumps(params, sort_keys=True)}", name, params)
        for name in sorted(TEMPLATES)
        for params in _choices(TEMPLATES[name])
    )


def draws(
    cases: tuple[Case, ...], seeds: range, language: Language
) -> Iterator[tuple[str, int, Variant]]:
    for case_id, name, params in cases:
        for seed in seeds:
            yield case_id, seed, TEMPLATES[name].draw(seed, params, language=language)


def rendered(variant: Variant, language: Language = "en") -> dict[str, Any]:
    """Everything a variant shows or grades with, as JSON-ready data."""
    return {
        "prompt": variant.prompt,
        "answer": variant.answer,
        "answer_form": variant.answer_form,
        "tolerance": variant.tolerance.describe(language),
        "steps": [[s.label, s.formula, s.value] for s in variant.steps],
        "mistakes": [
            [m.id, m.name, m.step, m.answer, m.explanation, m.convention] for m in variant.mistakes
        ],
        "givens": variant.givens,
        "extras": variant.extras,
        "seed": variant.seed,
    }


def fingerprint(variant: Variant, language: Language = "en") -> str:
    text = json.dumps(rendered(variant, language), sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:16]

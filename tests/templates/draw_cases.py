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


FLOAT = "<float>"  # what a fingerprint hashes in place of each float


def fingerprint(variant: Variant, language: Language = "en") -> str:
    """A short hash of what a variant shows: every text and integer exactly, and where each
    float stands but not its value. NumPy and OpenBLAS pick their kernels for the CPU (SSE,
    AVX2, AVX-512), so a float's last bits differ between machines, and rounding only moves the
    problem to a rounding boundary (6 significant digits still differed, on 2 of 5,050 draws,
    between AVX-512 and SSE). The values are pinned, to 12 digits, by ``test_pinned_variants``,
    and the text shows them, rounded to 3 or 4, which is what a learner reads."""
    data = _floats_masked(rendered(variant, language))
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _floats_masked(value: Any) -> Any:
    if isinstance(value, float):  # numpy's float64 is one too
        return FLOAT
    if isinstance(value, dict):
        return {key: _floats_masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_floats_masked(item) for item in value]
    return value

"""Build what is asked this time from a bank question: shuffle options, draw numeric variants."""

from __future__ import annotations

import random
import string
from datetime import datetime
from typing import Any

from quizapp.core.formatting import expected_form, format_answer, format_number
from quizapp.core.presentation import OptionView, PresentedQuestion, WorkedStepView
from quizapp.store import AnswerRecord


def present(
    question: Any,
    rng: random.Random,
    *,
    position: int = 1,
    total: int = 1,
    due_left: int = 0,
    shown_at: datetime | None = None,
    variant_seed: int | None = None,
) -> PresentedQuestion:
    """One asking of ``question``: same rng state and seed, same presentation."""
    prompt = question.prompt
    options: tuple[OptionView, ...] = ()
    variant = None
    form = None
    if getattr(question, "options", None):
        order = list(range(len(question.options)))
        if getattr(question, "shuffle", True):
            order = rng.sample(range(len(order)), len(order))
        options = tuple(
            OptionView(
                label=string.ascii_lowercase[slot],
                text=question.options[index].text,
                correct=bool(question.options[index].correct),
                feedback=question.options[index].feedback,
            )
            for slot, index in enumerate(order)
        )
    if question.kind == "spot_the_mistake":
        prompt = f"{prompt}\n\n> {question.statement}"
    if question.kind == "numeric":
        if getattr(question, "template", None):
            if variant_seed is None:
                variant_seed = rng.randrange(2**31 - 1)
            from quizapp.templates import get_template  # the engine loads on first use

            variant = get_template(question.template).draw(variant_seed, dict(question.params))
            prompt = f"{prompt}\n\n{variant.prompt}"
            form = expected_form(variant.answer, getattr(variant, "answer_form", None))
        else:
            form = expected_form(question.answer)
    return PresentedQuestion(
        question=question,
        prompt=prompt,
        options=options,
        variant=variant,
        variant_seed=variant_seed if variant is not None else None,
        expected_form=form,
        position=position,
        total=total,
        due_left=due_left,
        shown_at=shown_at,
    )


def worked_steps(presented: PresentedQuestion) -> tuple[WorkedStepView, ...]:
    """The variant's worked solution as display rows, in computation order."""
    if presented.variant is None:
        return ()
    rows = []
    for step in presented.variant.steps:
        value = step.value
        if isinstance(value, int | float):
            shown = format_number(float(value))
        elif value is None:
            shown = ""
        elif isinstance(value, str):
            shown = value
        else:  # an array from a template: NumPy is loaded already, the engine drew it
            import numpy as np

            shown = format_answer([float(v) for v in np.ravel(value)])
        rows.append(WorkedStepView(label=step.label, formula=step.formula, value=shown))
    return tuple(rows)


def answer_record(
    presented: PresentedQuestion,
    *,
    when: datetime,
    answer_given: str,
    correct: bool,
    rating: int,
    duration_ms: int,
    mode: str,
    session_id: int | None,
) -> AnswerRecord:
    """The review-log row for one answer to ``presented`` (identity, content hash, variant)."""
    question = presented.question
    return AnswerRecord(
        time=when,
        question_id=question.id,
        bank_id=question.bank_id,
        content_hash=question.content_hash,
        variant_seed=presented.variant_seed,
        answer_given=answer_given,
        correct=correct,
        rating=rating,
        duration_ms=duration_ms,
        mode=mode,
        session_id=session_id,
        topics=tuple(question.topics),
    )

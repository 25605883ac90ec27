"""From a question record to what the learner sees, and from an answer to its log row.

One asking of a question: options in their shuffled order, a numeric template's variant drawn
(the engine loads with the first such question), the form the answer should take.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from datetime import datetime

from quizapp.banks.frozen import (
    ChoiceRecord,
    MultiRecord,
    NumericRecord,
    OptionRecord,
    QuestionRecord,
    SpotTheMistakeRecord,
)
from quizapp.core.formatting import expected_form, format_answer, format_number
from quizapp.core.presentation import OptionView, PresentedQuestion, WorkedStepView
from quizapp.i18n import Language, current_language
from quizapp.store import AnswerRecord


def present(
    question: QuestionRecord,
    rng: random.Random,
    *,
    position: int = 1,
    total: int = 1,
    due_left: int = 0,
    shown_at: datetime | None = None,
    variant_seed: int | None = None,
    language: Language | None = None,
) -> PresentedQuestion:
    """One asking of ``question``: same rng state and seed, same presentation. ``language``:
    that of a numeric template's text (its numbers are the same in every language); by
    default the interface's (``quizapp.i18n.current_language``), as the question's own text."""
    prompt = question.prompt
    options: tuple[OptionView, ...] = ()
    variant = None
    form = None
    match question:
        case ChoiceRecord() | MultiRecord():
            options = _in_order(question.options, question.shuffle, rng)
        case SpotTheMistakeRecord():
            options = _in_order(question.options, question.shuffle, rng)
            prompt = f"{prompt}\n\n> {question.statement}"
        case NumericRecord(template=str() as template):
            if variant_seed is None:
                variant_seed = rng.randrange(2**31 - 1)
            from quizapp.templates import get_template  # the engine loads on first use

            variant = get_template(template).draw(
                variant_seed, dict(question.params), language=language or current_language()
            )
            prompt = f"{prompt}\n\n{variant.prompt}"
            form = expected_form(variant.answer, variant.answer_form)
        case NumericRecord(answer=answer) if answer is not None:
            form = expected_form(answer)
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


def _in_order(
    options: Sequence[OptionRecord], shuffle: bool, rng: random.Random
) -> tuple[OptionView, ...]:
    """The options as shown, lettered a, b, c... (shuffled unless the bank says not to)."""
    order = list(range(len(options)))
    if options and shuffle:
        order = rng.sample(order, len(order))
    return tuple(
        OptionView(
            label=string.ascii_lowercase[slot],
            text=options[index].text,
            correct=options[index].correct,
            feedback=options[index].feedback,
        )
        for slot, index in enumerate(order)
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

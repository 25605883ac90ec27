"""Per-file rules beyond the model: a numeric question's template exists and takes its
``params``, and a listed mistake can be told apart from the right answer (else it would pass
as right). Both read the raw data, so they report even when another part of the file is broken.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from pydantic import TypeAdapter, ValidationError

from quizapp.banks.cross_checks import raw_questions
from quizapp.banks.models import BankFile, NumericQuestion, Question
from quizapp.banks.template_params import params_error, params_model
from quizapp.banks.validation_messages import Problem, did_you_mean, positioned_messages
from quizapp.banks.yaml_nodes import PositionedData
from quizapp.tolerance import check_numeric

if TYPE_CHECKING:
    from quizapp.templates.base import Template

__all__ = ["mistake_rules", "template_rules"]


def template_rules(doc: PositionedData, templates: Mapping[str, Template]) -> list[Problem]:
    """Each numeric question's template exists and takes its params (as the template declares)."""
    out: list[Problem] = []
    for index, raw in raw_questions(doc.data):
        name = raw.get("template")
        if raw.get("kind") != "numeric" or not isinstance(name, str):
            continue
        base = ("questions", index)
        template = templates.get(name)
        if template is None:
            where = (*base, "template")
            known = ", ".join(sorted(templates)) or "(none installed)"
            meant = did_you_mean(name, templates)
            message = f"unknown template '{name}'{meant}; known templates: {known}"
            out.append(Problem(where, *doc.position(where), message))
            continue
        params = raw.get("params", {})
        if not isinstance(params, Mapping):
            continue  # the model says what 'params' should be
        problem = params_error(template, params)
        if problem is not None:
            out.extend(
                positioned_messages(
                    problem, doc, base=(*base, "params"), model=params_model(template)
                )
            )
    return out


def mistake_rules(doc: PositionedData, parsed: BankFile | None) -> list[Problem]:
    """A listed wrong answer must be told apart from the right one, or it would pass as right."""
    out: list[Problem] = []
    for index, question in _numeric_with_mistakes(doc, parsed):
        right = question.answer
        if right is None:  # a template question: a rule refuses mistakes there
            continue
        base = ("questions", index)
        for k, mistake in enumerate(question.mistakes):
            where = (*base, "mistakes", k, "answer")
            length, wanted = _shape(mistake.answer), _shape(right)
            if (length is None) != (wanted is None):
                continue  # a number against a vector: the model's rule reports it
            if length != wanted:
                message = (
                    "a mistake's answer must have the same shape as the answer "
                    f"(a list of {wanted} numbers)"
                )
            elif check_numeric(mistake.answer, right, question.effective_tolerance):
                message = (
                    f"the mistake '{mistake.name}' lies within the tolerance of the answer, "
                    "so it would be graded right"
                )
            else:
                continue
            out.append(Problem(where, *doc.position(where), message))
    return out


def _numeric_with_mistakes(
    doc: PositionedData, parsed: BankFile | None
) -> Iterator[tuple[int, NumericQuestion]]:
    """Fixed-answer questions with mistakes: from the file's model, or (when another part of
    the file is broken) each such question that validates on its own."""
    if parsed is not None:
        for index, question in enumerate(parsed.questions):
            if isinstance(question, NumericQuestion) and question.mistakes:
                yield index, question
        return
    for index, raw in raw_questions(doc.data):
        if raw.get("kind") != "numeric" or not raw.get("mistakes"):
            continue
        try:
            question = _question_adapter().validate_python(raw)
        except ValidationError:
            continue  # its own errors are reported already
        if isinstance(question, NumericQuestion):
            yield index, question


@functools.cache
def _question_adapter() -> TypeAdapter[Question]:
    return TypeAdapter(Question)


def _shape(answer: float | list[float]) -> int | None:
    """None for a scalar, else the vector's length."""
    return len(answer) if isinstance(answer, list) else None

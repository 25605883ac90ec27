"""Load bank files and folders; report every problem at its line and column; keep going.

One pass finds everything: each file's field errors and rules across fields (pydantic, with
``quizapp.banks.rules``), its template names and parameters, its listed mistakes, and the rules
across files (unique ids, follow-ups that exist, known topics), which read the raw data of
every file, broken or not, so fixing one error never uncovers another that was there all along.
A file with any error is skipped as a whole (its questions are not served) and listed in
``failed_files``; every other file still loads.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from quizapp.banks.cross_checks import cross_file_errors, raw_questions
from quizapp.banks.errors import BankError
from quizapp.banks.files import bank_files
from quizapp.banks.models import BankFile, BankMeta, NumericQuestion, Question
from quizapp.banks.template_params import params_error, params_model
from quizapp.banks.topics import Topic, load_topics
from quizapp.banks.validation_messages import (
    Problem,
    did_you_mean,
    positioned_messages,
)
from quizapp.banks.yaml_nodes import PositionedData, YamlProblem, read_yaml
from quizapp.gc_pause import cyclic_gc_paused
from quizapp.tolerance import check_numeric

if TYPE_CHECKING:
    from quizapp.templates.base import Template


@dataclass
class LoadedBank:
    meta: BankMeta
    path: Path
    questions: list[Question]
    doc: PositionedData = field(repr=False)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title


@dataclass
class LoadResult:
    banks: list[LoadedBank] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    errors: list[BankError] = field(default_factory=list)
    failed_files: list[Path] = field(default_factory=list)
    files_read: int = 0
    topics: dict[str, Topic] = field(default_factory=dict)

    @property
    def topic_summaries(self) -> dict[str, str]:
        return {tid: t.summary for tid, t in self.topics.items()}


@dataclass
class FileRead:
    """One file after its own checks: the YAML (None unless a mapping), errors, the model."""

    path: Path
    doc: PositionedData | None
    errors: list[BankError]
    parsed: BankFile | None


def load_banks(
    paths: Iterable[Path],
    topics_path: Path | None = None,
    templates: Mapping[str, Template] | None = None,
) -> LoadResult:
    if templates is None:
        templates = _default_templates()
    result = LoadResult(topics=load_topics(topics_path))
    with cyclic_gc_paused():
        reads = [read_file(path, templates) for path in bank_files(paths)]
    result.files_read = len(reads)
    for read in reads:
        if read.parsed is not None and not read.errors:
            for topic in read.parsed.bank.topics:
                result.topics.setdefault(
                    topic.id, Topic(topic.id, topic.summary, topic.section, topic.title)
                )
    cross = cross_file_errors(reads, result.topics)
    for read in reads:
        errors = [*read.errors, *cross.get(read.path, [])]
        if errors or read.parsed is None or read.doc is None:
            result.errors.extend(errors)
            result.failed_files.append(read.path)
            continue
        bank = _loaded(read.path, read.parsed, read.doc)
        result.banks.append(bank)
        for question in bank.questions:
            result.questions[question.id] = question
    result.errors.sort()
    return result


def read_file(path: Path, templates: Mapping[str, Template]) -> FileRead:
    """Read and check one file on its own (the cross-file rules come after)."""
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        return FileRead(path, None, [BankError(shown, 1, 1, message)], None)
    try:
        doc = read_yaml(raw)
    except YamlProblem as problem:
        return FileRead(
            path, None, [BankError(shown, problem.line, problem.col, problem.message)], None
        )
    errors = [BankError(shown, p.line, p.col, p.message) for p in doc.problems]
    if not isinstance(doc.data, dict):
        errors.append(BankError(shown, 1, 1, "a bank is a mapping with 'bank:' and 'questions:'"))
        return FileRead(path, None, errors, None)
    parsed: BankFile | None = None
    problems: list[Problem] = []
    try:
        parsed = BankFile.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(positioned_messages(exc, doc, model=BankFile))
    problems.extend(_template_rules(doc, templates))
    problems.extend(_mistake_rules(doc, parsed))
    errors.extend(BankError(shown, p.line, p.col, p.message) for p in problems)
    return FileRead(path, doc, errors, parsed)


def _loaded(path: Path, parsed: BankFile, doc: PositionedData) -> LoadedBank:
    """The bank with the loader's values filled into each question."""
    for question, raw_question in zip(
        parsed.questions, doc.data.get("questions") or [], strict=True
    ):
        question._bank_id = parsed.bank.id
        question._source_path = str(path)
        question._content_hash = content_hash(raw_question)
        question._effective_conventions = parsed.bank.conventions.overlay(question.conventions)
    return LoadedBank(parsed.bank, path, list(parsed.questions), doc)


def content_hash(raw_question: Mapping[str, Any]) -> str:
    """Stable fingerprint of a question's text: rewording changes it, key order does not."""
    canonical = json.dumps(raw_question, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _template_rules(doc: PositionedData, templates: Mapping[str, Template]) -> list[Problem]:
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


def _mistake_rules(doc: PositionedData, parsed: BankFile | None) -> list[Problem]:
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


def _default_templates() -> Mapping[str, Template]:
    try:
        from quizapp.templates import TEMPLATES
    except ImportError:
        return {}
    return TEMPLATES

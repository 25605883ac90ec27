"""Load bank files and folders; report every problem at its line and column; keep going.

A file with any error is skipped as a whole (its questions are not served) and listed in
``failed_files``; every other file still loads. All errors of a file are reported, not only
the first. Cross-file rules (unique ids, follow-ups that exist, known topics) run over the
files that passed their own checks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from quizapp.banks.errors import BankError
from quizapp.banks.files import bank_files
from quizapp.banks.models import (
    BankFile,
    BankMeta,
    ChoiceQuestion,
    MultiQuestion,
    NumericQuestion,
    Question,
    SpotTheMistakeQuestion,
)
from quizapp.banks.topics import Topic, load_topics
from quizapp.banks.validation_messages import positioned_messages
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


def load_banks(
    paths: Iterable[Path],
    topics_path: Path | None = None,
    templates: Mapping[str, Template] | None = None,
) -> LoadResult:
    if templates is None:
        templates = _default_templates()
    result = LoadResult(topics=load_topics(topics_path))
    candidates: list[LoadedBank] = []
    with cyclic_gc_paused():
        for path in bank_files(paths):
            result.files_read += 1
            errors, bank = _load_file(path, templates)
            if errors:
                result.errors.extend(errors)
                result.failed_files.append(path)
            elif bank is not None:
                candidates.append(bank)
    for bank in candidates:
        for topic in bank.meta.topics:
            result.topics.setdefault(
                topic.id, Topic(topic.id, topic.summary, topic.section, topic.title)
            )
    cross = _cross_file_errors(candidates, result.topics)
    for bank in candidates:
        errors = cross.get(bank.path, [])
        if errors:
            result.errors.extend(errors)
            result.failed_files.append(bank.path)
            continue
        result.banks.append(bank)
        for question in bank.questions:
            result.questions[question.id] = question
    result.errors.sort()
    return result


def _load_file(
    path: Path, templates: Mapping[str, Template]
) -> tuple[list[BankError], LoadedBank | None]:
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [BankError(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")], None
    try:
        doc = read_yaml(raw)
    except YamlProblem as problem:
        return [BankError(shown, problem.line, problem.col, problem.message)], None
    errors = [BankError(shown, p.line, p.col, p.message) for p in doc.problems]
    if not isinstance(doc.data, dict):
        return [
            *errors,
            BankError(shown, 1, 1, "a bank is a mapping with 'bank:' and 'questions:'"),
        ], None
    try:
        parsed = BankFile.model_validate(doc.data)
    except ValidationError as exc:
        errors.extend(BankError(shown, *pos) for pos in positioned_messages(exc, doc))
        return errors, None
    errors.extend(BankError(shown, *pos) for pos in _file_rules(parsed, doc, templates))
    if errors:
        return errors, None
    raw_questions = doc.data.get("questions") or []
    for question, raw_question in zip(parsed.questions, raw_questions, strict=True):
        question._bank_id = parsed.bank.id
        question._source_path = shown
        question._content_hash = content_hash(raw_question)
        question._effective_conventions = parsed.bank.conventions.overlay(question.conventions)
    return [], LoadedBank(parsed.bank, path, list(parsed.questions), doc)


def content_hash(raw_question: Mapping[str, Any]) -> str:
    """Stable fingerprint of a question's text: rewording changes it, key order does not."""
    canonical = json.dumps(raw_question, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _file_rules(
    parsed: BankFile, doc: PositionedData, templates: Mapping[str, Template]
) -> list[tuple[int, int, str]]:
    """Rules pydantic cannot place well: option counts, templates and their parameters."""
    out: list[tuple[int, int, str]] = []
    for index, question in enumerate(parsed.questions):
        base = ("questions", index)
        if isinstance(question, ChoiceQuestion | MultiQuestion | SpotTheMistakeQuestion):
            problem = _option_count_problem(question)
            if problem:  # positions are looked up only for errors: composing costs
                out.append((*doc.position((*base, "options")), problem))
        if isinstance(question, NumericQuestion) and question.template is not None:
            out.extend(_template_rules(question, question.template, doc, base, templates))
        if isinstance(question, NumericQuestion) and question.mistakes:
            out.extend(_mistake_rules(question, doc, base))
    return out


def _option_count_problem(
    question: ChoiceQuestion | MultiQuestion | SpotTheMistakeQuestion,
) -> str | None:
    if not question.options:
        return None
    correct = sum(1 for o in question.options if o.correct)
    if question.kind == "multi":
        return None if correct else "a multi question needs at least one correct option; found 0"
    if correct != 1:
        return f"a {question.kind} question needs exactly one correct option; found {correct}"
    return None


def _mistake_rules(
    question: NumericQuestion, doc: PositionedData, base: tuple[Any, ...]
) -> list[tuple[int, int, str]]:
    """A listed wrong answer must be told apart from the right one, or it would pass as right."""
    out: list[tuple[int, int, str]] = []
    right = question.answer
    if right is None:  # a template question: the model refuses mistakes there
        return out
    for k, mistake in enumerate(question.mistakes):
        where = doc.position((*base, "mistakes", k, "answer"))
        if _shape(mistake.answer) != _shape(right):
            out.append((*where, "a mistake's answer must have the same shape as the answer"))
        elif check_numeric(mistake.answer, right, question.effective_tolerance):
            out.append(
                (
                    *where,
                    f"the mistake '{mistake.name}' lies within the tolerance of the answer, "
                    "so it would be graded right",
                )
            )
    return out


def _shape(answer: float | list[float]) -> int | None:
    """None for a scalar, else the vector's length."""
    return len(answer) if isinstance(answer, list) else None


def _template_rules(
    question: NumericQuestion,
    name: str,
    doc: PositionedData,
    base: tuple[Any, ...],
    templates: Mapping[str, Template],
) -> list[tuple[int, int, str]]:
    template = templates.get(name)
    if template is None:
        line, col = doc.position((*base, "template"))
        known = ", ".join(sorted(templates)) or "(none installed)"
        return [(line, col, f"unknown template '{name}'; known templates: {known}")]
    try:
        template.params_model.model_validate(question.params)
    except ValidationError as exc:
        return positioned_messages(exc, doc, base=(*base, "params"))
    return []


def _cross_file_errors(
    banks: list[LoadedBank], topics: Mapping[str, Topic]
) -> dict[Path, list[BankError]]:
    errors: dict[Path, list[BankError]] = {}

    def report(bank: LoadedBank, path: tuple[Any, ...], message: str) -> None:
        line, col = bank.doc.position(path)
        errors.setdefault(bank.path, []).append(BankError(str(bank.path), line, col, message))

    first_seen: dict[str, tuple[LoadedBank, int]] = {}
    bank_ids: dict[str, LoadedBank] = {}
    for bank in banks:
        if bank.id in bank_ids:
            other = bank_ids[bank.id]
            report(bank, ("bank", "id"), f"duplicate bank id '{bank.id}' (also in {other.path})")
        bank_ids.setdefault(bank.id, bank)
        for index, question in enumerate(bank.questions):
            if question.id in first_seen:
                other_bank, other_index = first_seen[question.id]
                line, col = other_bank.doc.position(("questions", other_index, "id"))
                report(
                    bank,
                    ("questions", index, "id"),
                    f"duplicate question id '{question.id}' (first defined at "
                    f"{other_bank.path}:{line}:{col})",
                )
            else:
                first_seen[question.id] = (bank, index)
    all_ids = set(first_seen)
    for bank in banks:
        for index, question in enumerate(bank.questions):
            for k, target in enumerate(question.follow_ups):
                if target not in all_ids:
                    report(
                        bank,
                        ("questions", index, "follow_ups", k),
                        f"follow-up '{target}' is not a question in the loaded banks",
                    )
            for k, topic in enumerate(question.topics):
                if topic not in topics:
                    report(
                        bank,
                        ("questions", index, "topics", k),
                        f"unknown topic '{topic}'; define it in topics.yaml or under bank.topics",
                    )
    return errors


def _default_templates() -> Mapping[str, Template]:
    try:
        from quizapp.templates import TEMPLATES
    except ImportError:
        return {}
    return TEMPLATES

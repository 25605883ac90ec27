"""Load bank files and folders; report every problem at its line and column; keep going.

One pass finds everything: each file's field errors and rules across fields (pydantic, with
``quizapp.banks.rules``), its template names and parameters, its listed mistakes, and the rules
across files (unique ids, follow-ups that exist, known topics), which read the raw data of
every file, broken or not, so fixing one error never uncovers another that was there all along.
A file with any error is skipped as a whole (its questions are not served) and listed in
``failed_files``; every other file still loads. Only regular files are read
(``quizapp.banks.files``), no text is longer than ``quizapp.banks.limits`` allows, and every
template question of a file that passed its own checks is drawn (``template_checks``: one seed
here, more in ``validate``), so a question the app could not ask never loads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from quizapp.banks.cross_checks import cross_file_errors
from quizapp.banks.drill_params import drill_rules
from quizapp.banks.errors import BankError, ItemWarning
from quizapp.banks.file_rules import mistake_rules, template_rules
from quizapp.banks.files import (
    NotABankFile,
    bank_files,
    read_bank_bytes,
    topics_translation_files,
)
from quizapp.banks.glossary import Glossary, load_glossary
from quizapp.banks.limits import text_limit_problems
from quizapp.banks.localized import Localized, localize
from quizapp.banks.models import BankFile, BankMeta, CodeQuestion, Question
from quizapp.banks.template_checks import LOAD_SEEDS, check_bank_templates
from quizapp.banks.topics import Topic, load_topics
from quizapp.banks.translation_loading import join_translations
from quizapp.banks.translation_models import (
    BankTranslationMeta,
    QuestionTranslation,
    TopicsTranslationFile,
    TranslationFile,
    is_topics_translation,
)
from quizapp.banks.validation_messages import (
    Problem,
    positioned_messages,
)
from quizapp.banks.yaml_nodes import PositionedData, YamlProblem, read_yaml
from quizapp.gc_pause import cyclic_gc_paused

if TYPE_CHECKING:
    from quizapp.drills.variants import Family
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
    templates_checked: int = 0  # template questions drawn (with ``template_seeds`` each)
    topics: dict[str, Topic] = field(default_factory=dict)
    # question id -> language -> its text there (from the question itself or a translation file)
    translations: dict[str, dict[str, QuestionTranslation]] = field(default_factory=dict)
    # language -> bank id -> the translation file's header (title, description, topics)
    bank_translations: dict[str, dict[str, BankTranslationMeta]] = field(default_factory=dict)
    # language -> topic id -> summary
    topic_translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # language -> topic id -> title (what screens call it)
    topic_title_translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # text a translation leaves in English ("untranslated"); validate --strict makes them errors
    warnings: list[ItemWarning] = field(default_factory=list)

    @property
    def topic_summaries(self) -> dict[str, str]:
        return {tid: t.summary for tid, t in self.topics.items()}

    def topic_summaries_in(self, language: str) -> dict[str, str]:
        """Every topic's summary, translated where ``language`` has one."""
        translated = self.topic_translations.get(language, {})
        summaries = self.topic_summaries
        for topic, summary in self.bank_topic_translations(language).items():
            summaries[topic] = summary
        return {tid: translated.get(tid, summary) for tid, summary in summaries.items()}

    def topic_titles_in(self, language: str) -> dict[str, str]:
        """Every titled topic's title, translated where ``language`` has one."""
        translated = self.topic_title_translations.get(language, {})
        titled = {tid: topic.title for tid, topic in self.topics.items() if topic.title}
        return {tid: translated.get(tid, title) for tid, title in titled.items()}

    def localized(self, question: Question, language: str) -> Localized[Question]:
        """``question`` in ``language``, English where its translation is silent (marked)."""
        text = self.translations.get(question.id, {}).get(language)
        return localize(question, language, text.to_record() if text is not None else None)

    def bank_title(self, bank: LoadedBank, language: str) -> str:
        header = self.bank_translations.get(language, {}).get(bank.id)
        return header.title if header is not None and header.title else bank.title

    def bank_topic_translations(self, language: str) -> dict[str, str]:
        return {
            topic: summary
            for header in self.bank_translations.get(language, {}).values()
            for topic, summary in header.topics.items()
        }


@dataclass
class FileRead:
    """One file after its own checks: the YAML (None unless a mapping), errors, the model
    (``parsed`` for a bank, ``translation`` for a translation file)."""

    path: Path
    doc: PositionedData | None
    errors: list[BankError]
    parsed: BankFile | None
    translation: TranslationFile | TopicsTranslationFile | None = None

    @property
    def is_translation(self) -> bool:
        data = self.doc.data if self.doc is not None else None
        return isinstance(data, dict) and "translation" in data


def load_banks(
    paths: Iterable[Path],
    topics_path: Path | None = None,
    templates: Mapping[str, Template] | None = None,
    drills: Mapping[str, Family] | None = None,
    glossary_dir: Path | None = None,
    *,
    template_seeds: int = LOAD_SEEDS,
) -> LoadResult:
    """Every bank and translation under ``paths``; the topics' translations beside
    ``topics_path``; translated text checked against the glossaries in ``glossary_dir``
    (default: the built-in banks' folder); ``drills``: the drill families code questions may
    name (default: quizapp's own); each template question drawn with ``template_seeds`` seeds."""
    if templates is None:
        templates = _default_templates()
    if drills is None:
        from quizapp.drills.variants import families

        drills = families()
    result = LoadResult(topics=load_topics(topics_path))
    file_topics = list(result.topics)
    given = bank_files(paths)
    # the topics' translations come with the topics file: read, but not counted as given
    files = bank_files([*given, *topics_translation_files(topics_path)])
    with cyclic_gc_paused():
        everything = [read_file(path, templates, drills) for path in files]
    reads = [read for read in everything if not read.is_translation]
    translation_reads = [read for read in everything if read.is_translation]
    result.files_read = len(given)
    for read in reads:
        if read.parsed is not None and not read.errors:
            for topic in read.parsed.bank.topics:
                result.topics.setdefault(
                    topic.id, Topic(topic.id, topic.summary, topic.section, topic.title)
                )
    cross = cross_file_errors(reads, result.topics)
    joined = join_translations(
        [read for read in reads if not cross.get(read.path)] + _with_cross(reads, cross),
        translation_reads,
        result.topics,
        file_topics,
        _glossaries(glossary_dir),
    )
    for read in translation_reads:
        errors = [*read.errors, *joined.errors.get(read.path, [])]
        if errors:
            result.errors.extend(errors)
            result.failed_files.append(read.path)
    result.warnings = joined.warnings
    for read in reads:
        errors = [*read.errors, *cross.get(read.path, []), *joined.errors.get(read.path, [])]
        if read.parsed is not None and read.doc is not None and not read.errors:
            drawn_errors, drawn = check_bank_templates(
                str(read.path), read.parsed.questions, read.doc, templates, template_seeds
            )
            errors.extend(drawn_errors)
            result.templates_checked += drawn
        if errors or read.parsed is None or read.doc is None:
            result.errors.extend(errors)
            result.failed_files.append(read.path)
            continue
        bank = _loaded(read.path, read.parsed, read.doc, drills)
        result.banks.append(bank)
        for question in bank.questions:
            result.questions[question.id] = question
    result.translations = {
        qid: text for qid, text in joined.questions.items() if qid in result.questions and text
    }
    loaded = {bank.id for bank in result.banks}
    result.bank_translations = {
        language: {bank: header for bank, header in headers.items() if bank in loaded}
        for language, headers in joined.banks.items()
    }
    result.topic_translations = joined.topics
    result.topic_title_translations = joined.topic_titles
    result.errors.sort()
    return result


def _with_cross(reads: list[FileRead], cross: Mapping[Path, list[BankError]]) -> list[FileRead]:
    """The reads with cross-file errors, those errors counted as theirs (such a bank fails)."""
    return [
        FileRead(read.path, read.doc, [*read.errors, *cross[read.path]], read.parsed)
        for read in reads
        if cross.get(read.path)
    ]


def _glossaries(glossary_dir: Path | None) -> Callable[[str], Glossary]:
    if glossary_dir is None:
        from quizapp.paths import builtin_banks_dir

        glossary_dir = builtin_banks_dir()
    folder = glossary_dir

    def glossary(language: str) -> Glossary:
        return load_glossary(folder, language)

    return glossary


def read_file(
    path: Path, templates: Mapping[str, Template], drills: Mapping[str, Family] | None = None
) -> FileRead:
    """Read and check one file on its own (the cross-file rules come after)."""
    shown = str(path)
    try:
        raw = read_bank_bytes(path)
    except NotABankFile as exc:
        return FileRead(path, None, [BankError(shown, 1, 1, str(exc))], None)
    try:
        doc = read_yaml(raw)
    except YamlProblem as problem:
        return FileRead(
            path, None, [BankError(shown, problem.line, problem.col, problem.message)], None
        )
    errors = [BankError(shown, p.line, p.col, p.message) for p in doc.problems]
    errors.extend(BankError(shown, *problem) for problem in text_limit_problems(doc))
    if not isinstance(doc.data, dict):
        message = (
            "a bank is a mapping with 'bank:' and 'questions:' "
            "(a translation: 'translation:' and 'questions:')"
        )
        errors.append(BankError(shown, 1, 1, message))
        return FileRead(path, None, errors, None)
    if "translation" in doc.data:
        return _read_translation(path, doc, errors)
    parsed: BankFile | None = None
    problems: list[Problem] = []
    try:
        parsed = BankFile.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(positioned_messages(exc, doc, model=BankFile))
    problems.extend(template_rules(doc, templates))
    problems.extend(drill_rules(doc, drills or {}))
    problems.extend(mistake_rules(doc, parsed))
    errors.extend(BankError(shown, p.line, p.col, p.message) for p in problems)
    return FileRead(path, doc, errors, parsed)


def _read_translation(path: Path, doc: PositionedData, errors: list[BankError]) -> FileRead:
    """A translation file on its own: its model's errors (what it translates comes after)."""
    model: type[TranslationFile] | type[TopicsTranslationFile] = (
        TopicsTranslationFile if is_topics_translation(doc.data) else TranslationFile
    )
    translation: TranslationFile | TopicsTranslationFile | None = None
    try:
        translation = model.model_validate(doc.data)
    except ValidationError as exc:
        errors.extend(
            BankError(str(path), p.line, p.col, p.message)
            for p in positioned_messages(exc, doc, model=model)
        )
    return FileRead(path, doc, errors, None, translation)


def _loaded(
    path: Path, parsed: BankFile, doc: PositionedData, drills: Mapping[str, Family]
) -> LoadedBank:
    """The bank with the loader's values filled into each question."""
    for question, raw_question in zip(
        parsed.questions, doc.data.get("questions") or [], strict=True
    ):
        question._bank_id = parsed.bank.id
        question._source_path = str(path)
        question._content_hash = content_hash(
            {key: value for key, value in raw_question.items() if key != "translations"}
        )
        question._effective_conventions = parsed.bank.conventions.overlay(question.conventions)
        if isinstance(question, CodeQuestion):  # drill_rules passed: exactly one variant
            variant = drills[question.drill].select(question.params)
            question._drill_id = variant.id if variant is not None else ""
    return LoadedBank(parsed.bank, path, list(parsed.questions), doc)


def content_hash(raw_question: Mapping[str, Any]) -> str:
    """Stable fingerprint of a question's English text: rewording changes it, key order and
    translations do not (the loader leaves ``translations`` out)."""
    canonical = json.dumps(raw_question, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _default_templates() -> Mapping[str, Template]:
    try:
        from quizapp.templates import TEMPLATES
    except ImportError:
        return {}
    return TEMPLATES

"""Translations joined to the banks they translate, each checked where it is written.

Three places hold translations: a question's own ``translations:``, a translation file
(``translation: {bank: ..., language: ...}`` and ``questions:`` by id, wherever it lives), and
the topics' translation beside the topics file (``<lang>/topics.yaml``). Every problem is a
positioned error of the file that holds the translation (a translation file with errors is
not served; its English bank still is); text left out is a warning. The loader serves what
this module returns, and ``quizapp validate`` prints the same errors and warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.banks.errors import BankError, ItemWarning
from quizapp.banks.glossary import Glossary
from quizapp.banks.models import BankFile, Question
from quizapp.banks.translation_checks import (
    UNTRANSLATED,
    DataPath,
    Finding,
    glossary_findings,
    header_findings,
    question_findings,
)
from quizapp.banks.translation_models import (
    BankTranslationMeta,
    QuestionTranslation,
    TopicsTranslationFile,
    TranslationFile,
)
from quizapp.banks.validation_messages import did_you_mean

if TYPE_CHECKING:
    from quizapp.banks.loader import FileRead
    from quizapp.banks.topics import Topic
    from quizapp.banks.yaml_nodes import PositionedData


@dataclass
class Translations:
    """What loads: question id -> language -> text; bank headers; topic summaries."""

    questions: dict[str, dict[str, QuestionTranslation]] = field(default_factory=dict)
    banks: dict[str, dict[str, BankTranslationMeta]] = field(default_factory=dict)
    topics: dict[str, dict[str, str]] = field(default_factory=dict)
    topic_titles: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> id -> title
    errors: dict[Path, list[BankError]] = field(default_factory=dict)
    warnings: list[ItemWarning] = field(default_factory=list)


class _Reporter:
    """Findings as positioned errors and warnings of the file they are in."""

    def __init__(self, into: Translations) -> None:
        self.into = into

    def __call__(
        self, path: Path, doc: PositionedData, base: DataPath, finding: Finding, key: bool = False
    ) -> None:
        where = (*base, *finding.where)
        line, col = doc.position(where, key=key)
        if finding.severity == "warning":
            warning = ItemWarning(str(path), line, col, UNTRANSLATED, finding.message)
            self.into.warnings.append(warning)
        else:
            error = BankError(str(path), line, col, finding.message)
            self.into.errors.setdefault(path, []).append(error)


def join_translations(
    banks: Iterable[FileRead],
    translation_files: Iterable[FileRead],
    topic_ids: Mapping[str, Topic],
    file_topics: Sequence[str],
    glossary: Callable[[str], Glossary],
) -> Translations:
    """Check every translation against its English text; what passes is in the result.

    ``banks`` are the bank files' reads (parsed or not), ``topic_ids`` every known topic,
    ``file_topics`` those of the topics file (each should be translated).
    """
    out = Translations()
    report = _Reporter(out)
    by_bank: dict[str, FileRead] = {}
    inline: dict[tuple[str, str], tuple[Path, PositionedData, DataPath]] = {}
    for read in banks:
        if read.parsed is None or read.doc is None:
            raw_id = read.doc.data.get("bank", {}) if read.doc is not None else None
            if isinstance(raw_id, dict) and isinstance(raw_id.get("id"), str):
                by_bank.setdefault(raw_id["id"], read)
            continue
        by_bank.setdefault(read.parsed.bank.id, read)
        for index, question in enumerate(read.parsed.questions):
            for language, text in question.translations.items():
                base = ("questions", index, "translations", language)
                for finding in question_findings(question, text, glossary(language)):
                    report(read.path, read.doc, base, finding)
                inline[(question.id, language)] = (read.path, read.doc, base)
                out.questions.setdefault(question.id, {})[language] = text
    taken: dict[tuple[str, str], Path] = {}
    for read in translation_files:
        if read.doc is None or read.translation is None:
            continue
        if isinstance(read.translation, TopicsTranslationFile):
            _join_topics(read, read.translation, topic_ids, file_topics, glossary, out)
            continue
        _join_file(read, read.translation, by_bank, inline, taken, glossary, out)
    out.warnings.sort()
    return out


def _join_file(
    read: FileRead,
    file: TranslationFile,
    by_bank: Mapping[str, FileRead],
    inline: Mapping[tuple[str, str], tuple[Path, PositionedData, DataPath]],
    taken: dict[tuple[str, str], Path],
    glossary: Callable[[str], Glossary],
    out: Translations,
) -> None:
    assert read.doc is not None
    report = _Reporter(out)
    header = file.translation
    language = header.language
    english = by_bank.get(header.bank)
    if english is None:
        message = f"no loaded bank has the id '{header.bank}'{did_you_mean(header.bank, by_bank)}"
        report(read.path, read.doc, ("translation", "bank"), Finding((), message))
        return
    if english.parsed is None or english.errors:
        message = f"bank '{header.bank}' is in {english.path}, which has errors"
        report(read.path, read.doc, ("translation", "bank"), Finding((), message))
        return
    previous = taken.setdefault((header.bank, language), read.path)
    if previous != read.path:
        message = f"bank '{header.bank}' is translated to '{language}' in {previous} already"
        report(read.path, read.doc, ("translation", "bank"), Finding((), message))
        return
    bank: BankFile = english.parsed
    for finding in header_findings(bank.bank, header, glossary(language)):
        report(read.path, read.doc, ("translation",), finding)
    questions: dict[str, Question] = {question.id: question for question in bank.questions}
    accepted: dict[str, QuestionTranslation] = {}
    for qid, text in file.questions.items():
        base = ("questions", qid)
        question = questions.get(qid)
        if question is None:
            message = f"bank '{header.bank}' has no question '{qid}'{did_you_mean(qid, questions)}"
            report(read.path, read.doc, base, Finding((), message), key=True)
            continue
        if (qid, language) in inline:
            path, doc, where = inline[(qid, language)]
            line, col = doc.position(where, key=True)
            message = f"'{qid}' is translated to '{language}' in its bank too ({path}:{line}:{col})"
            report(read.path, read.doc, base, Finding((), message), key=True)
            continue
        for finding in question_findings(question, text, glossary(language)):
            report(read.path, read.doc, base, finding)
        accepted[qid] = text
    for qid in [qid for qid in questions if qid not in file.questions]:
        if (qid, language) not in inline:
            message = (
                f"question '{qid}' of bank '{header.bank}' is not translated; English is shown"
            )
            finding = Finding((), message, "warning")
            report(read.path, read.doc, ("questions",), finding, key=True)
    if read.path in out.errors:
        return
    out.banks.setdefault(language, {})[header.bank] = header
    for qid, text in accepted.items():
        out.questions.setdefault(qid, {})[language] = text


def _join_topics(
    read: FileRead,
    file: TopicsTranslationFile,
    topic_ids: Mapping[str, Topic],
    file_topics: Sequence[str],
    glossary: Callable[[str], Glossary],
    out: Translations,
) -> None:
    assert read.doc is not None
    report = _Reporter(out)
    language = file.translation.language
    for part, given in (("topics", file.topics), ("titles", file.titles)):
        for topic in given:
            if topic not in topic_ids:
                message = f"unknown topic '{topic}'{did_you_mean(topic, topic_ids)}"
                report(read.path, read.doc, (part, topic), Finding((), message), key=True)
    texts = [
        *((("topics", topic), summary) for topic, summary in file.topics.items()),
        *((("titles", topic), title) for topic, title in file.titles.items()),
    ]
    for finding in glossary_findings(texts, glossary(language)):
        report(read.path, read.doc, (), finding)
    for topic in [t for t in file_topics if t not in file.topics]:
        finding = Finding((), f"the summary of topic '{topic}' is not translated", "warning")
        report(read.path, read.doc, ("topics",), finding, key=True)
    titled = [t for t in file_topics if t in topic_ids and topic_ids[t].title]
    for topic in [t for t in titled if t not in file.titles]:
        finding = Finding((), f"the title of topic '{topic}' is not translated", "warning")
        where = ("titles",) if file.titles else ()
        report(read.path, read.doc, where, finding, key=bool(file.titles))
    if read.path not in out.errors:
        out.topics.setdefault(language, {}).update(file.topics)
        out.topic_titles.setdefault(language, {}).update(file.titles)

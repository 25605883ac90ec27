"""Everything the app can ask: the built-in banks, the user's banks and any ``--bank`` paths.

One broken file never stops the others: its errors are kept (``path:line:col: message``) for
the home screen's notice, and the rest load. The catalog also hands out bank text as the
screens show it (``paragraphs``): read by the Markdown parser once, when it is built, and kept
in the start-up cache with the questions.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.banks.files import bank_files
from quizapp.banks.frozen import FlashcardRecord, QuestionRecord, question_from_data, to_data
from quizapp.banks.text import Paragraphs, parse_all, parse_paragraphs
from quizapp.core import catalog_cache
from quizapp.paths import builtin_banks_dir, cache_dir, topics_file, user_banks_dir

if TYPE_CHECKING:  # a cached catalog with errors imports it when it is read
    from quizapp.banks.errors import BankError
    from quizapp.banks.topics import Topic
    from quizapp.core.ordering import NewOrder


@dataclass(frozen=True)
class BankSummary:
    """What screens show of a bank; the parsed document stays with the loader."""

    id: str
    title: str
    path: Path
    builtin: bool = False  # shipped with quizapp (the syllabus), not the learner's own


@dataclass
class Catalog:
    """Loaded questions, indexed the ways screens and sessions need them."""

    questions: dict[str, QuestionRecord]
    banks: list[BankSummary]
    topic_summaries: dict[str, str]
    errors: list[BankError] = field(default_factory=list)
    failed_files: list[Path] = field(default_factory=list)
    topic_titles: dict[str, str] = field(default_factory=dict)  # what screens call each topic
    syllabus: tuple[str, ...] = ()  # topic ids in teaching order (``syllabus_order``)
    # Question text that needs the Markdown parser, read once here (and kept in the cache).
    parsed_texts: dict[str, Paragraphs | None] = field(default_factory=dict)

    @functools.cached_property
    def new_order(self) -> NewOrder:
        """The order new questions are introduced in (``quizapp.core.ordering``), built once."""
        from quizapp.core.ordering import NewOrder

        return NewOrder.of(self)

    def paragraphs(self, text: str) -> Paragraphs | None:
        """``text`` as paragraphs with inline spans (None: it needs a full Markdown renderer),
        from what the catalog parsed when it was built; other text (a drawn variant) now."""
        if text in self.parsed_texts:
            return self.parsed_texts[text]
        return parse_paragraphs(text)

    def questions_by_topic(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = defaultdict(list)
        for qid, question in self.questions.items():
            for topic in question.topics:
                grouped[topic].append(qid)
        return dict(grouped)

    def questions_by_bank(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = defaultdict(list)
        for qid, question in self.questions.items():
            grouped[question.bank_id].append(qid)
        return dict(grouped)

    def topics_of(self) -> dict[str, list[str]]:
        """question id -> topic ids, the mapping the store's statistics take."""
        return {qid: list(q.topics) for qid, q in self.questions.items()}

    def topic_title(self, topic: str) -> str:
        """The topic's title (its summary when it has none, its id when it is unknown)."""
        return self.topic_titles.get(topic) or self.topic_summaries.get(topic) or topic

    # -- the start-up cache's data ----------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        return {
            "questions": [to_data(question) for question in self.questions.values()],
            "banks": [[b.id, b.title, str(b.path), b.builtin] for b in self.banks],
            "topic_summaries": self.topic_summaries,
            "topic_titles": self.topic_titles,
            "syllabus": list(self.syllabus),
            "errors": [[e.path, e.line, e.col, e.message] for e in self.errors],
            "failed_files": [str(path) for path in self.failed_files],
            "parsed_texts": [[text, parsed] for text, parsed in self.parsed_texts.items()],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Catalog:
        """The catalog ``to_data`` wrote; anything else raises (and the banks are loaded)."""
        errors: list[BankError] = []
        if data["errors"]:
            from quizapp.banks.errors import BankError

            errors = [
                BankError(str(p), int(line), int(col), str(m)) for p, line, col, m in data["errors"]
            ]
        questions = (question_from_data(item) for item in data["questions"])
        return cls(
            questions={question.id: question for question in questions},
            banks=[BankSummary(str(i), str(t), Path(p), b is True) for i, t, p, b in data["banks"]],
            topic_summaries={str(k): str(v) for k, v in data["topic_summaries"].items()},
            topic_titles={str(k): str(v) for k, v in data["topic_titles"].items()},
            syllabus=tuple(str(topic) for topic in data["syllabus"]),
            errors=errors,
            failed_files=[Path(path) for path in data["failed_files"]],
            parsed_texts={text: _paragraphs(parsed) for text, parsed in data["parsed_texts"]},
        )


def _paragraphs(data: list[Any] | None) -> Paragraphs | None:
    if data is None:
        return None
    plain, spans = data
    return str(plain), tuple((int(start), int(end), str(kind)) for start, end, kind in spans)


def bank_paths(data_dir: Path, extra: Sequence[Path] = (), builtin: bool = True) -> list[Path]:
    """Where banks are read from, in order: built-in, the user's folder, then ``--bank``."""
    paths: list[Path] = []
    if builtin:
        paths.append(builtin_banks_dir())
    user_dir = user_banks_dir(data_dir)
    if user_dir.is_dir():
        paths.append(user_dir)
    paths.extend(Path(p) for p in extra)
    return paths


def load_catalog(
    data_dir: Path, extra_banks: Iterable[Path] = (), *, builtin: bool = True, cache: bool = True
) -> Catalog:
    """Load every bank, from the start-up cache when no bank file has changed."""
    paths = bank_paths(data_dir, list(extra_banks), builtin)
    key = catalog_cache.cache_key(bank_files(paths), topics_file()) if cache else ""
    if cache:
        cached = catalog_cache.read(cache_dir(data_dir), key)
        if cached is not None:
            try:
                return Catalog.from_data(cached)
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # not what this version writes: load the banks and write it again
    from quizapp.banks.loader import load_banks
    from quizapp.core.vocabulary import with_rivals

    result = load_banks(paths, topics_path=topics_file())
    questions = with_rivals({qid: q.to_record() for qid, q in result.questions.items()})
    shipped = builtin_banks_dir().resolve()
    catalog = Catalog(
        questions=questions,
        banks=[
            BankSummary(bank.id, bank.title, bank.path, bank.path.resolve().is_relative_to(shipped))
            for bank in result.banks
        ],
        topic_summaries=result.topic_summaries,
        topic_titles={tid: t.title for tid, t in result.topics.items() if t.title},
        syllabus=syllabus_order(result.topics.values()),
        errors=list(result.errors),
        failed_files=list(result.failed_files),
        parsed_texts=parse_all(_shown_texts(questions.values())),
    )
    if cache:
        catalog_cache.write(cache_dir(data_dir), key, catalog.to_data())
    return catalog


def syllabus_order(topics: Iterable[Topic]) -> tuple[str, ...]:
    """Topic ids in teaching order: by section, sections in the order they first appear in
    topics.yaml (its ``sections`` list: the vanilla RNN and its gradients first), topics in
    file order within each; topics of no section (a bank's own) after them, in load order."""
    listed = list(topics)
    ranks: dict[str, int] = {}
    for topic in listed:
        if topic.section is not None:
            ranks.setdefault(topic.section, len(ranks))
    order = sorted(
        range(len(listed)), key=lambda k: (ranks.get(listed[k].section or "", len(ranks)), k)
    )
    return tuple(listed[k].id for k in order)


def _shown_texts(questions: Iterable[QuestionRecord]) -> Iterable[str]:
    """Prompts, explanations and flashcard answers, as screens show them."""
    for question in questions:
        yield question.prompt
        if question.explanation:
            yield question.explanation
        if isinstance(question, FlashcardRecord):
            yield question.answer

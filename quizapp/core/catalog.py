"""Everything the app can ask: the built-in banks, the user's banks and any ``--bank`` paths.

One broken file never stops the others: its errors are kept (``path:line:col: message``) for
the home screen's notice, and the rest load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.banks.files import bank_files
from quizapp.banks.frozen import freeze
from quizapp.core import catalog_cache
from quizapp.core.bank_text import Paragraphs, parse_all
from quizapp.paths import builtin_banks_dir, cache_dir, topics_file, user_banks_dir

if TYPE_CHECKING:  # unpickling a cached catalog with errors imports it by itself
    from quizapp.banks.errors import BankError


@dataclass(frozen=True)
class BankSummary:
    """What screens show of a bank; the parsed document stays with the loader."""

    id: str
    title: str
    path: Path


@dataclass
class Catalog:
    """Loaded questions, indexed the ways screens and sessions need them."""

    questions: dict[str, Any]
    banks: list[BankSummary]
    topic_summaries: dict[str, str]
    errors: list[BankError] = field(default_factory=list)
    failed_files: list[Path] = field(default_factory=list)
    # Question text that needs the Markdown parser, read once here (and kept in the cache).
    parsed_texts: dict[str, Paragraphs | None] = field(default_factory=dict)

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

    def bank_title(self, bank_id: str) -> str:
        return next((bank.title for bank in self.banks if bank.id == bank_id), bank_id)


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
        if isinstance(cached, Catalog):
            return cached
    from quizapp.banks.loader import load_banks

    result = load_banks(paths, topics_path=topics_file())
    questions = {qid: freeze(question) for qid, question in result.questions.items()}
    catalog = Catalog(
        questions=questions,
        banks=[BankSummary(bank.id, bank.title, bank.path) for bank in result.banks],
        topic_summaries=dict(getattr(result, "topic_summaries", {}) or {}),
        errors=list(result.errors),
        failed_files=list(result.failed_files),
        parsed_texts=parse_all(_shown_texts(questions.values())),
    )
    if cache:
        catalog_cache.write(cache_dir(data_dir), key, catalog)
    return catalog


def _shown_texts(questions: Iterable[Any]) -> Iterable[str]:
    """Prompts, explanations and flashcard answers, as screens show them."""
    for question in questions:
        yield question.prompt
        if question.explanation:
            yield question.explanation
        if question.kind == "flashcard":
            yield str(question.answer)

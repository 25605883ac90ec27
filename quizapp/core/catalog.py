"""Everything the app can ask: the built-in banks, the user's banks and any ``--bank`` paths.

One broken file never stops the others: its errors are kept (``path:line:col: message``) for
the home screen's notice, and the rest load. The catalog also hands out bank text as the
screens show it (``paragraphs``): read by the Markdown parser once, when it is built, and kept
in the start-up cache with the questions.

Translations load with the banks and are kept in the cache too. ``in_language`` gives the
catalog as a learner of that language sees it: every question's text translated where a
translation has it and English elsewhere (``english_fields`` says which), accepted answers in
both languages, bank titles and topic summaries translated.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.banks.files import bank_files
from quizapp.banks.frozen import (
    FlashcardRecord,
    NumericRecord,
    QuestionRecord,
    TranslationRecord,
    to_data,
)
from quizapp.banks.localized import Localized, localize
from quizapp.banks.text import Paragraphs, parse_all, parse_paragraphs
from quizapp.core import catalog_cache
from quizapp.paths import builtin_banks_dir, cache_dir, topics_file, user_banks_dir

if TYPE_CHECKING:  # a cached catalog with errors imports it when it is read
    from quizapp.banks.errors import BankError
    from quizapp.banks.topics import Topic
    from quizapp.core.catalog_data import CatalogData
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
    # question id -> language -> its translated text
    translations: dict[str, dict[str, TranslationRecord]] = field(default_factory=dict)
    # language -> bank id -> title; language -> topic id -> summary ("en": the originals)
    bank_titles: dict[str, dict[str, str]] = field(default_factory=dict)
    translated_topics: dict[str, dict[str, str]] = field(default_factory=dict)
    translated_titles: dict[str, dict[str, str]] = field(default_factory=dict)  # of topics
    # The language ``questions`` are in, and per question the fields still in English there.
    language: str = "en"
    english_fields: dict[str, frozenset[str]] = field(default_factory=dict)
    # The English records (``questions`` itself in English): what ``in_language`` starts from.
    english_questions: dict[str, QuestionRecord] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.english_questions:
            self.english_questions = self.questions

    def localized(self, qid: str, language: str | None = None) -> Localized[QuestionRecord]:
        """Question ``qid`` in ``language`` (default: the catalog's), English where the
        translation is silent, with the fields that fell back."""
        language = language or self.language
        english = self.english_questions[qid]
        return localize(english, language, self.translations.get(qid, {}).get(language))

    def fell_back(self, qid: str) -> bool:
        """Whether some of ``qid``'s text is shown in English in the catalog's language."""
        return bool(self.english_fields.get(qid))

    def in_language(self, language: str) -> Catalog:
        """This catalog as a learner of ``language`` sees it (English: the catalog itself)."""
        if language == self.language:
            return self
        shown = [self.localized(qid, language) for qid in self.english_questions]
        english_titles = self.bank_titles.get("en", {})
        titles = self.bank_titles.get(language, {})
        english_topics = self.translated_topics.get("en", self.topic_summaries)
        topics = self.translated_topics.get(language, {})
        english_titles_of_topics = self.translated_titles.get("en", self.topic_titles)
        topic_titles = self.translated_titles.get(language, {})
        return Catalog(
            questions={item.question.id: item.question for item in shown},
            banks=[
                BankSummary(
                    b.id, titles.get(b.id, english_titles.get(b.id, b.title)), b.path, b.builtin
                )
                for b in self.banks
            ],
            topic_summaries={t: topics.get(t, summary) for t, summary in english_topics.items()},
            topic_titles={
                t: topic_titles.get(t, title) for t, title in english_titles_of_topics.items()
            },
            syllabus=self.syllabus,
            errors=self.errors,
            failed_files=self.failed_files,
            parsed_texts=self.parsed_texts,
            translations=self.translations,
            bank_titles=self.bank_titles,
            translated_topics=self.translated_topics,
            translated_titles=self.translated_titles,
            language=language,
            english_fields={item.question.id: item.english for item in shown if item.english},
            english_questions=self.english_questions,
        )

    @functools.cached_property
    def new_order(self) -> NewOrder:
        """The order new questions are introduced in (``quizapp.core.ordering``), built once."""
        from quizapp.core.ordering import NewOrder

        return NewOrder.of(self)

    @property
    def has_templates(self) -> bool:
        """Whether a question is drawn by a template (the engine is then worth loading early)."""
        return bool(self.template_names)

    @functools.cached_property
    def template_names(self) -> tuple[str, ...]:
        """The templates this catalog's questions are drawn by, each once, in catalog order."""
        names = (q.template for q in self.questions.values() if isinstance(q, NumericRecord))
        return tuple(dict.fromkeys(name for name in names if name))

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
        """What screens call the topic: its title, else one made from its summary
        (``quizapp.core.titles``), else its id."""
        from quizapp.core.titles import topic_title

        return self.topic_titles.get(topic) or topic_title(topic, self.topic_summaries)

    # -- the start-up cache's data ----------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        """The English catalog with its translations (a view in another language is rebuilt
        from them by ``in_language``)."""
        english = self.in_language("en")
        return {
            "questions": [to_data(question) for question in english.questions.values()],
            "banks": [[b.id, b.title, str(b.path), b.builtin] for b in english.banks],
            "topic_summaries": english.topic_summaries,
            "topic_titles": english.topic_titles,
            "syllabus": list(self.syllabus),
            "errors": [[e.path, e.line, e.col, e.message] for e in self.errors],
            "failed_files": [str(path) for path in self.failed_files],
            "parsed_texts": [[text, parsed] for text, parsed in self.parsed_texts.items()],
            "translations": {
                qid: {language: to_data(text) for language, text in texts.items()}
                for qid, texts in self.translations.items()
            },
            "bank_titles": self.bank_titles,
            "translated_topics": self.translated_topics,
            "translated_titles": self.translated_titles,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Catalog:
        """The catalog ``to_data`` wrote; anything else raises ValueError (the banks are read)."""
        from quizapp.core.catalog_data import from_builtins

        return cls.from_typed(from_builtins(data))

    @classmethod
    def from_typed(cls, data: CatalogData) -> Catalog:
        """The catalog of a decoded cache (``catalog_cache.read(..., shape=CatalogData)``)."""
        errors: list[BankError] = []
        if data.errors:
            from quizapp.banks.errors import BankError

            errors = [BankError(*error) for error in data.errors]
        return cls(
            questions={question.id: question for question in data.questions},
            banks=[BankSummary(i, t, Path(p), b) for i, t, p, b in data.banks],
            topic_summaries=data.topic_summaries,
            topic_titles=data.topic_titles,
            syllabus=tuple(data.syllabus),
            errors=errors,
            failed_files=[Path(path) for path in data.failed_files],
            parsed_texts=dict(data.parsed_texts),
            translations=data.translations,
            bank_titles=data.bank_titles,
            translated_topics=data.translated_topics,
            translated_titles=data.translated_titles,
        )


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
    data_dir: Path,
    extra_banks: Iterable[Path] = (),
    *,
    builtin: bool = True,
    cache: bool = True,
    language: str = "en",
) -> Catalog:
    """Load every bank and translation, from the start-up cache when no file has changed;
    the catalog as shown in ``language``."""
    catalog, finish = load_catalog_for_start(
        data_dir, extra_banks, builtin=builtin, cache=cache, language=language
    )
    if finish is not None:
        finish()
    return catalog


CacheWriter = Callable[[], None]


def load_catalog_for_start(
    data_dir: Path,
    extra_banks: Iterable[Path] = (),
    *,
    builtin: bool = True,
    cache: bool = True,
    language: str = "en",
) -> tuple[Catalog, CacheWriter | None]:
    """``load_catalog``, leaving what only the cache needs to a call the app makes once the
    first screen is up (None: nothing left): when the banks were read, every question's text is
    parsed for the cache and the cache written, a third of a cold start's time to the first
    question; until then a text is parsed when it is shown (``Catalog.paragraphs``)."""
    paths = bank_paths(data_dir, list(extra_banks), builtin)
    topics = topics_file()
    inputs = catalog_cache.key_files(bank_files(paths), topics) if cache else []
    key = catalog_cache.stat_key(inputs) if cache else ""
    if cache:
        from quizapp.core.catalog_data import CatalogData

        cached = catalog_cache.read(cache_dir(data_dir), key, shape=CatalogData)
        if cached is not None:  # of another shape, it decoded to None: the banks are read
            return Catalog.from_typed(cached).in_language(language), None
        if builtin and paths == [builtin_banks_dir()]:  # the built-in banks alone: shipped
            shipped_catalog = _shipped(data_dir, key, inputs, language)
            if shipped_catalog is not None:
                return shipped_catalog
    from quizapp.banks.loader import load_banks
    from quizapp.core.vocabulary import with_rivals

    result = load_banks(paths, topics_path=topics)
    questions = with_rivals({qid: q.to_record() for qid, q in result.questions.items()})
    shipped = builtin_banks_dir().resolve()
    translations = {
        qid: {language: text.to_record() for language, text in texts.items()}
        for qid, texts in result.translations.items()
    }
    titles = {
        language: {bank: header.title for bank, header in headers.items() if header.title}
        for language, headers in result.bank_translations.items()
    }
    summaries = {
        language: result.topic_summaries_in(language) for language in result.topic_translations
    } | {language: result.topic_summaries_in(language) for language in result.bank_translations}
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
        translations=translations,
        bank_titles={"en": {bank.id: bank.title for bank in result.banks}, **titles},
        translated_topics={"en": result.topic_summaries, **summaries},
        translated_titles={
            language: result.topic_titles_in(language)
            for language in sorted({"en", *result.topic_title_translations})
        },
    )
    shown = catalog.in_language(language)  # shares parsed_texts, filled in place below

    def finish() -> None:
        views = [catalog.in_language(language) for language in sorted({"en", *catalog.bank_titles})]
        texts = (text for view in views for text in _shown_texts(view.questions.values()))
        catalog.parsed_texts.update(parse_all(texts, own_parser=True))
        if cache:
            catalog_cache.write(cache_dir(data_dir), key, catalog.to_data())

    return shown, finish


def _shipped(
    data_dir: Path, key: str, inputs: list[Path], language: str
) -> tuple[Catalog, CacheWriter] | None:
    """The catalog shipped with the package (``packaged_catalog``), when it was made from these
    banks and this code (``inputs``, listed for the learner's cache key), and the write of the
    learner's cache from it."""
    from quizapp.core import packaged_catalog

    data = packaged_catalog.read(inputs=inputs)
    if data is None:
        return None
    catalog = Catalog.from_typed(data)

    def write() -> None:
        catalog_cache.write(cache_dir(data_dir), key, data)

    return catalog.in_language(language), write


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

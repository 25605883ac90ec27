"""Translations of bank text as pydantic models: the same strict rules as the English banks.

A translation carries only learner-visible text (prompt, options and their feedback, answers,
keywords, explanation, hints, flashcard answer, statement, correction, named mistakes, the
sources' notes); ids, kinds, correct flags' meaning, numbers and templates stay the English
question's. It lives in a question's ``translations: {zh: {...}}`` or in a separate file with a
``translation:`` header keyed by question id (``questions/zh/<bank>.yaml``), so a translator
owns a file without touching the bank. Whether a translation fits its English question (option
counts, correct flags, fields the English lacks, missing fields) is
``quizapp.banks.translation_checks``, shared by the loader and ``quizapp validate``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from quizapp.banks.field_types import Identifier, Text
from quizapp.banks.frozen import MistakeText, OptionText, TranslationRecord
from quizapp.banks.strict import Strict
from quizapp.i18n import DEFAULT_LANGUAGE, LANGUAGES, normalise_language

# The languages a translation may be in: every language quizapp speaks but the banks' own.
TRANSLATED_LANGUAGES: tuple[str, ...] = tuple(
    code for code in LANGUAGES if code != DEFAULT_LANGUAGE
)


def _language(value: Any) -> str:
    """A code of ``TRANSLATED_LANGUAGES``; anything else is a message that names them."""
    if isinstance(value, str) and value in TRANSLATED_LANGUAGES:
        return value
    known = ", ".join(TRANSLATED_LANGUAGES)
    if value == DEFAULT_LANGUAGE:
        raise PydanticCustomError(
            "language_code",
            "'{code}' is the banks' own language, not a translation; translations are in: {known}",
            {"code": value, "known": known},
        )
    meant = normalise_language(value) if isinstance(value, str) else None
    hint = f" (write '{meant}')" if meant and meant in TRANSLATED_LANGUAGES else ""
    raise PydanticCustomError(
        "language_code",
        "unknown language code{hint}; translations are in: {known}",
        {"hint": hint, "known": known},
    )


LanguageCode = Annotated[
    str, PlainValidator(_language), WithJsonSchema({"enum": list(TRANSLATED_LANGUAGES)})
]


class OptionTranslation(Strict):
    """An option in the same place as the English one; ``correct`` repeats the English flag
    (so a reordered list is caught), ``feedback`` only where the English option has one."""

    text: Text
    correct: bool = False
    feedback: Text | None = None


class MistakeTranslation(Strict):
    """A fixed numeric question's known mistake, in the English order (its answer stays)."""

    name: Text
    explanation: Text


class QuestionTranslation(Strict):
    """One question's text in one language; every field optional (English fills the gaps)."""

    prompt: Text | None = None
    explanation: Text | None = None
    options: list[OptionTranslation] | None = Field(
        None, description="As many as the English options, in the same order."
    )
    hints: list[Text] | None = None
    answers: list[Text] | None = Field(
        None, description="Accepted answers in this language; the English ones stay accepted."
    )
    keywords: list[Text] | None = None
    answer: Text | None = Field(None, description="A flashcard's model answer.")
    statement: Text | None = Field(None, description="A spot-the-mistake statement.")
    correction: Text | None = None
    mistakes: list[MistakeTranslation] | None = None
    sources: list[Text] | None = Field(
        None, description="Each English source in this language's form, same count and order."
    )

    def to_record(self) -> TranslationRecord:
        def texts(values: list[str] | None) -> tuple[str, ...] | None:
            return None if values is None else tuple(values)

        return TranslationRecord(
            prompt=self.prompt,
            explanation=self.explanation,
            options=None
            if self.options is None
            else tuple(OptionText(o.text, o.feedback) for o in self.options),
            hints=texts(self.hints),
            answers=texts(self.answers),
            keywords=texts(self.keywords),
            answer=self.answer,
            statement=self.statement,
            correction=self.correction,
            mistakes=None
            if self.mistakes is None
            else tuple(MistakeText(m.name, m.explanation) for m in self.mistakes),
            sources=texts(self.sources),
        )


Translations = dict[LanguageCode, QuestionTranslation]


class BankTranslationMeta(Strict):
    """The header of a translation file: which bank, which language, the bank's own text."""

    bank: Identifier = Field(description="The id of the bank translated (its bank.id).")
    language: LanguageCode
    title: Text | None = None
    description: Text | None = None
    topics: dict[Identifier, Text] = Field(
        default_factory=dict, description="Summaries of the topics the bank itself defines."
    )


class TranslationFile(Strict):
    """``translation:`` and ``questions:`` keyed by the bank's question ids."""

    translation: BankTranslationMeta
    questions: dict[Identifier, QuestionTranslation] = Field(default_factory=dict)


class TopicsTranslationMeta(Strict):
    language: LanguageCode
    topics: Literal[True] = Field(description="Marks the translation of topics.yaml.")


class TopicsTranslationFile(Strict):
    """The summaries and titles of ``questions/topics.yaml`` in another language, by topic id."""

    translation: TopicsTranslationMeta
    topics: dict[Identifier, Text]
    titles: dict[Identifier, Text] = Field(
        default_factory=dict,
        description="The short names screens show, for the topics that have an English title.",
    )


def is_topics_translation(data: Any) -> bool:
    """Whether a ``translation:`` document translates topics.yaml (else it is a bank's)."""
    header = data.get("translation") if isinstance(data, dict) else None
    return isinstance(header, dict) and header.get("topics") is True

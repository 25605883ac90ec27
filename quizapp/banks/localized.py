"""A question record in a language: translated text where there is some, English elsewhere.

Field by field: a translation that gives the prompt but not the hints shows a translated prompt
and English hints, and says so (``english``: the fields shown in English), so screens and
exports can mark that text as English. Accepted answers and keywords join: the translated
ones first (shown as the model answer), the English ones still accepted. Correct flags,
numbers and everything else stay the English record's. No pydantic: the cached catalog and
the running app use it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from quizapp.banks.frozen import (
    FlashcardRecord,
    NumericRecord,
    QuestionRecord,
    SpotTheMistakeRecord,
    TranslationRecord,
)

ENGLISH = "en"


@dataclass(frozen=True)
class Localized:
    """``question`` as shown in ``language``; ``english`` names the fields that fell back."""

    question: QuestionRecord
    language: str
    english: frozenset[str] = frozenset()

    @property
    def fell_back(self) -> bool:
        """Whether any of the question's text is shown in English instead of ``language``."""
        return bool(self.english)


def text_fields(question: QuestionRecord) -> list[str]:
    """The learner-visible fields ``question`` has (what a translation can give)."""
    names = ["prompt"]
    if question.explanation:
        names.append("explanation")
    for name in ("options", "hints", "sources", "answers", "keywords", "mistakes"):
        if getattr(question, name, None):
            names.append(name)
    if isinstance(question, FlashcardRecord):
        names.append("answer")
    if isinstance(question, SpotTheMistakeRecord):
        names.append("statement")
        if question.correction:
            names.append("correction")
    if any(getattr(o, "feedback", None) for o in getattr(question, "options", ())):
        names.append("feedback")
    return names


def localize(
    question: QuestionRecord, language: str, translation: TranslationRecord | None
) -> Localized:
    """``question`` in ``language``; without a translation, English marked as such."""
    if language == ENGLISH:
        return Localized(question, language)
    fields = text_fields(question)
    if translation is None:
        return Localized(question, language, frozenset(fields))
    changes: dict[str, Any] = {}
    english: set[str] = set()
    for name in fields:
        if name == "feedback":
            continue  # with the options
        given = getattr(translation, name)
        if given is None:
            english.add(name)
            continue
        ours = getattr(question, name)
        if name in ("answers", "keywords"):
            changes[name] = tuple(dict.fromkeys((*given, *ours)))
        elif name in ("hints", "sources") and len(given) != len(ours):
            english.add(name)  # never served: validation refuses it
        elif name == "options":
            options, feedback_in_english = _options(ours, given)
            if options is None:
                english.add(name)
            else:
                changes[name] = options
                if feedback_in_english:
                    english.add("feedback")
        elif name == "mistakes" and isinstance(question, NumericRecord):
            if len(given) != len(ours):
                english.add(name)
            else:
                changes[name] = tuple(
                    dataclasses.replace(m, name=t.name, explanation=t.explanation)
                    for m, t in zip(ours, given, strict=True)
                )
        else:
            changes[name] = given
    if "options" in english and "feedback" in fields:
        english.add("feedback")
    return Localized(dataclasses.replace(question, **changes), language, frozenset(english))


def _options(ours: tuple[Any, ...], given: tuple[Any, ...]) -> tuple[tuple[Any, ...] | None, bool]:
    """The options with translated text and feedback (English feedback where none is given),
    and whether any feedback stayed English; None when the counts differ."""
    if len(ours) != len(given):
        return None, False
    options = []
    english_feedback = False
    for option, text in zip(ours, given, strict=True):
        feedback = text.feedback if text.feedback is not None else option.feedback
        english_feedback |= text.feedback is None and option.feedback is not None
        options.append(dataclasses.replace(option, text=text.text, feedback=feedback))
    return tuple(options), english_feedback

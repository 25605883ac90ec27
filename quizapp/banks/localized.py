"""A question record in a language: translated text where there is some, English elsewhere.

Field by field: a translation that gives the prompt but not the hints shows a translated prompt
and English hints, and says so (``english``: the fields shown in English), so screens and
exports can mark that text as English. Accepted answers join: the translated ones first (shown
as the model answer), the English ones still accepted; each keyword (all must be named) takes
the translated and the English alternatives. Correct flags,
numbers and everything else stay the English record's. It works on the frozen records (the
app) and on the pydantic models (the exporters) alike, and imports no pydantic: the cached
catalog and the running app use it.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, cast

import msgspec

from quizapp.banks.frozen import TranslationRecord, replaced

ENGLISH = "en"
Q = TypeVar("Q")


class Localized(msgspec.Struct, Generic[Q], frozen=True):
    """``question`` as shown in ``language``; ``english`` names the fields that fell back."""

    question: Q
    language: str
    english: frozenset[str] = frozenset()

    @property
    def fell_back(self) -> bool:
        """Whether any of the question's text is shown in English instead of ``language``."""
        return bool(self.english)


def text_fields(question: Any) -> list[str]:
    """The learner-visible fields ``question`` has (what a translation can give)."""
    names = ["prompt"]
    if question.explanation:
        names.append("explanation")
    for name in ("options", "hints", "sources", "answers", "keywords", "mistakes"):
        if getattr(question, name, None):
            names.append(name)
    if question.kind == "flashcard":
        names.append("answer")
    if question.kind == "spot_the_mistake":
        names.append("statement")
        if question.correction:
            names.append("correction")
    if any(getattr(o, "feedback", None) for o in getattr(question, "options", ())):
        names.append("feedback")
    return names


def localize(question: Q, language: str, translation: TranslationRecord | None) -> Localized[Q]:
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
        if name == "answers":
            changes[name] = _same_kind(ours, list(dict.fromkeys((*given, *ours))))
        elif name == "keywords" and len(given) != len(ours):
            english.add(name)  # never served: validation refuses it
        elif name == "keywords":  # each must be named: in either language, so alternatives join
            changes[name] = _same_kind(
                ours, [f"{t} | {e}" for t, e in zip(given, ours, strict=True)]
            )
        elif name in ("hints", "sources") and len(given) != len(ours):
            english.add(name)  # never served: validation refuses it
        elif name in ("hints", "sources"):
            changes[name] = _same_kind(ours, list(given))
        elif name == "options":
            options, feedback_in_english = _options(ours, given)
            if options is None:
                english.add(name)
            else:
                changes[name] = options
                if feedback_in_english:
                    english.add("feedback")
        elif name == "mistakes":
            if len(given) != len(ours):
                english.add(name)
            else:
                changes[name] = _same_kind(
                    ours,
                    [
                        _replaced(m, name=t.name, explanation=t.explanation)
                        for m, t in zip(ours, given, strict=True)
                    ],
                )
        else:
            changes[name] = given
    if "options" in english and "feedback" in fields:
        english.add("feedback")
    return Localized(_replaced(question, **changes), language, frozenset(english))


def _replaced(value: Q, **changes: Any) -> Q:
    """A copy of a frozen record or a pydantic model with ``changes``."""
    target: Any = value  # one of two shapes the type variable cannot name together
    if isinstance(target, msgspec.Struct):
        return cast(Q, replaced(target, **changes))
    return cast(Q, target.model_copy(update=changes))


def _same_kind(ours: Any, items: list[Any]) -> Any:
    """``items`` as the container the English field is (a record's tuple, a model's list)."""
    return tuple(items) if isinstance(ours, tuple) else items


def _options(ours: Any, given: tuple[Any, ...]) -> tuple[Any, bool]:
    """The options with translated text and feedback (English feedback where none is given),
    and whether any feedback stayed English; None when the counts differ."""
    if len(ours) != len(given):
        return None, False
    options = []
    english_feedback = False
    for option, text in zip(ours, given, strict=True):
        feedback = text.feedback if text.feedback is not None else option.feedback
        english_feedback |= text.feedback is None and option.feedback is not None
        options.append(_replaced(option, text=text.text, feedback=feedback))
    return _same_kind(ours, options), english_feedback

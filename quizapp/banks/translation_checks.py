"""Does a translation fit its English question? One set of checks for loading and validate.

A translation may only say what the English says (a field the English question lacks is an
error), lists that are read in step with the English (options, hints, sources, mistakes) have
its count, each option repeats the English correct flag (a reordered list is caught) and has
feedback exactly where the English option does, and no translated text uses a form the
language's glossary avoids. What the translation leaves out falls back to English: a warning,
an error under ``quizapp validate --strict``. Paths are relative to the translation's node.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from quizapp.banks.glossary import Glossary
from quizapp.banks.models import BankMeta, NumericQuestion, Question
from quizapp.banks.translation_models import BankTranslationMeta, QuestionTranslation

Severity = Literal["error", "warning"]
DataPath = tuple[Any, ...]
UNTRANSLATED = "untranslated"  # the rule id of the warnings


@dataclass(frozen=True)
class Finding:
    where: DataPath
    message: str
    severity: Severity = "error"


# Fields read in step with the English, item by item.
_IN_STEP = ("options", "hints", "sources", "mistakes", "keywords")


def english_fields(question: Question) -> dict[str, Any]:
    """The learner-visible fields the English question has, with their values."""
    found: dict[str, Any] = {"prompt": question.prompt}
    if question.explanation:
        found["explanation"] = question.explanation
    for name in ("options", "hints", "sources", "answers", "keywords", "mistakes"):
        value = getattr(question, name, None)
        if value:
            found[name] = value
    for name in ("answer", "statement", "correction"):
        value = getattr(question, name, None)
        if isinstance(value, str) and not isinstance(question, NumericQuestion):
            found[name] = value
    return found


def question_findings(
    english: Question, translation: QuestionTranslation, glossary: Glossary
) -> list[Finding]:
    """Everything wrong with ``translation`` as a translation of ``english``."""
    out: list[Finding] = []
    has = english_fields(english)
    given = {
        name for name in translation.model_fields_set if getattr(translation, name) is not None
    }
    for name in sorted(given - set(has)):
        out.append(
            Finding(
                (name,),
                f"'{name}' is not in the English question '{english.id}': there is nothing "
                "to translate",
            )
        )
    for name in [name for name in has if name not in given]:
        out.append(_untranslated((), f"'{name}' of '{english.id}'"))
    for name in _IN_STEP:
        theirs, ours = getattr(translation, name), has.get(name)
        if theirs is None or ours is None or len(theirs) == len(ours):
            continue
        out.append(
            Finding(
                (name,),
                f"{len(theirs)} {name} where the English question '{english.id}' has "
                f"{len(ours)}: translate each one, in the English order",
            )
        )
    if translation.options is not None and "options" in has:
        out.extend(_option_findings(english, translation, has["options"]))
    out.extend(glossary_findings(translation_texts(translation), glossary))
    return out


def _option_findings(
    english: Question, translation: QuestionTranslation, options: list[Any]
) -> Iterator[Finding]:
    for k, (ours, theirs) in enumerate(zip(options, translation.options or [], strict=False)):
        where = ("options", k)
        if ours.correct != theirs.correct:
            said = "correct" if theirs.correct else "not correct"
            english_said = "correct" if ours.correct else "a distractor"
            yield Finding(
                (*where, "correct"),
                f"option {k + 1} is marked {said} but the English option {k + 1} of "
                f"'{english.id}' is {english_said}: keep the English order and flags",
            )
        if theirs.feedback is not None and ours.feedback is None:
            yield Finding(
                (*where, "feedback"),
                f"option {k + 1} has feedback but the English option {k + 1} of "
                f"'{english.id}' has none",
            )
        elif theirs.feedback is None and ours.feedback is not None:
            yield _untranslated(where, f"the feedback of option {k + 1} of '{english.id}'")


def translation_texts(translation: QuestionTranslation) -> Iterator[tuple[DataPath, str]]:
    """Every text of a translation with its path."""
    for name in ("prompt", "explanation", "answer", "statement", "correction"):
        value = getattr(translation, name)
        if value is not None:
            yield (name,), value
    for name in ("hints", "answers", "keywords", "sources"):
        for k, value in enumerate(getattr(translation, name) or ()):
            yield (name, k), value
    for k, option in enumerate(translation.options or ()):
        yield ("options", k, "text"), option.text
        if option.feedback is not None:
            yield ("options", k, "feedback"), option.feedback
    for k, mistake in enumerate(translation.mistakes or ()):
        yield ("mistakes", k, "name"), mistake.name
        yield ("mistakes", k, "explanation"), mistake.explanation


def glossary_findings(texts: Iterable[tuple[DataPath, str]], glossary: Glossary) -> list[Finding]:
    return [
        Finding(where, glossary.describe(form, term))
        for where, text in texts
        for form, term in glossary.avoid_forms(text)
    ]


def header_findings(
    meta: BankMeta, header: BankTranslationMeta, glossary: Glossary
) -> list[Finding]:
    """A translation file's header against the bank it translates (paths under it)."""
    out: list[Finding] = []
    if header.title is None:
        out.append(_untranslated((), f"the title of bank '{meta.id}'"))
    if header.description is not None and not meta.description:
        out.append(Finding(("description",), f"bank '{meta.id}' has no description to translate"))
    elif header.description is None and meta.description:
        out.append(_untranslated((), f"the description of bank '{meta.id}'"))
    defined = {topic.id for topic in meta.topics}
    for topic in header.topics:
        if topic not in defined:
            message = f"bank '{meta.id}' defines no topic '{topic}'"
            if not defined:
                message += " (only topics under its bank.topics are translated here)"
            out.append(Finding(("topics", topic), message))
    for topic in sorted(defined - set(header.topics)):
        out.append(_untranslated((), f"the summary of topic '{topic}' of bank '{meta.id}'"))
    texts: list[tuple[DataPath, str | None]] = [
        (("title",), header.title),
        (("description",), header.description),
    ]
    texts += [(("topics", topic), summary) for topic, summary in header.topics.items()]
    out.extend(glossary_findings(((w, t) for w, t in texts if t is not None), glossary))
    return out


def _untranslated(where: DataPath, what: str) -> Finding:
    return Finding(where, f"{what} is not translated; English is shown", "warning")

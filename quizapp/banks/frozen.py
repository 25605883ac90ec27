"""Validated questions as typed, frozen records: what the running app holds, kind by kind.

pydantic validates banks; once they are valid, the app only reads them. Each model makes its
record (``to_record`` in ``quizapp.banks.models``), with the values the loader filled in
(bank id, source path, content hash, the conventions in force). Records are frozen
``msgspec.Struct`` classes, so the catalog cache can be read and a session run without
importing pydantic (~60 ms and ~7 MiB of every start-up): nothing here imports it. msgspec
makes the classes in C (16 dataclasses took ~25 ms of every start to generate their methods)
and turns the cache's JSON data into records in one typed pass. Code that treats kinds apart
does it by ``match`` on the record's class; ``kind`` names it, as a class attribute and as the
tag that tells the kinds apart in the cache.

``to_data`` and ``question_from_data`` turn records into JSON-ready data and back, for the
cache: data only, so nothing planted in the data directory can run code.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, TypeVar

import msgspec

Answer = float | tuple[float, ...]  # a scalar, or a vector typed as numbers separated by commas
GruUpdate = Literal["keep", "take"]
GruReset = Literal["before", "after"]
Framework = Literal["pytorch", "keras", "textbook"]


class _Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Frozen (hashable where every field is), compared field by field; a key the class does
    not have refuses to decode (a cache of another shape is rebuilt, not half read)."""


class OptionRecord(_Record, frozen=True):
    text: str
    correct: bool = False
    feedback: str | None = None


class ToleranceRecord(_Record, frozen=True):
    """Exactly one of abs, rel or sig_figs (``quizapp.tolerance.check_numeric`` reads it)."""

    abs: float | None = None
    rel: float | None = None
    sig_figs: int | None = None


class ConventionsRecord(_Record, frozen=True):
    gru_update: GruUpdate | None = None
    gru_reset: GruReset | None = None
    framework: Framework | None = None


class KnownMistakeRecord(_Record, frozen=True):
    """A wrong answer a fixed numeric question recognises, named in the feedback."""

    answer: Answer
    name: str
    explanation: str
    convention: bool = False


class TemplateCheckRecord(_Record, frozen=True):
    seed: int
    answer: Answer


class QuestionBase(_Record, frozen=True, kw_only=True, tag_field="kind"):
    """What every kind has; ``bank_id`` to ``effective_conventions`` come from the loader."""

    id: str
    topics: tuple[str, ...]
    prompt: str
    explanation: str
    difficulty: int = 2
    sources: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    conventions: ConventionsRecord | None = None
    bank_id: str = ""
    source_path: str = ""
    content_hash: str = ""
    effective_conventions: ConventionsRecord = ConventionsRecord()


class ChoiceRecord(QuestionBase, frozen=True, tag="choice"):
    options: tuple[OptionRecord, ...]
    shuffle: bool = True
    kind: ClassVar[Literal["choice"]] = "choice"


class MultiRecord(QuestionBase, frozen=True, tag="multi"):
    options: tuple[OptionRecord, ...]
    shuffle: bool = True
    kind: ClassVar[Literal["multi"]] = "multi"


class ShortRecord(QuestionBase, frozen=True, tag="short"):
    answers: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    rivals: tuple[str, ...] = ()  # other questions' key terms near these answers (the catalog's)
    kind: ClassVar[Literal["short"]] = "short"


class FlashcardRecord(QuestionBase, frozen=True, tag="flashcard"):
    answer: str
    kind: ClassVar[Literal["flashcard"]] = "flashcard"


class NumericRecord(QuestionBase, frozen=True, tag="numeric"):
    """A fixed ``answer`` with its tolerance, or a ``template`` drawn afresh each time."""

    answer: Answer | None = None
    tolerance: ToleranceRecord | None = None
    template: str | None = None
    params: dict[str, Any] = {}  # a template's, lists made tuples (``__post_init__``)
    checks: tuple[TemplateCheckRecord, ...] = ()
    mistakes: tuple[KnownMistakeRecord, ...] = ()
    effective_tolerance: ToleranceRecord = ToleranceRecord(rel=1e-9)
    kind: ClassVar[Literal["numeric"]] = "numeric"

    def __post_init__(self) -> None:  # also after decoding: JSON has lists where we keep tuples
        msgspec.structs.force_setattr(self, "params", frozen_value(self.params))


class SpotTheMistakeRecord(QuestionBase, frozen=True, tag="spot_the_mistake"):
    statement: str
    options: tuple[OptionRecord, ...] = ()
    answers: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    correction: str | None = None
    shuffle: bool = True
    rivals: tuple[str, ...] = ()  # as ShortRecord's
    kind: ClassVar[Literal["spot_the_mistake"]] = "spot_the_mistake"


class CodeRecord(QuestionBase, frozen=True, tag="code"):
    """Write a function; the drill ``drill_id`` (a variant of family ``drill``) checks it."""

    drill: str
    params: dict[str, str] = {}
    drill_id: str = ""
    kind: ClassVar[Literal["code"]] = "code"


class OptionText(_Record, frozen=True):
    """An option's text in another language (its correct flag is the English option's)."""

    text: str
    feedback: str | None = None


class MistakeText(_Record, frozen=True):
    name: str
    explanation: str


class TranslationRecord(_Record, frozen=True, kw_only=True):
    """A question's text in one language; None where it says nothing (English shows)."""

    prompt: str | None = None
    explanation: str | None = None
    options: tuple[OptionText, ...] | None = None
    hints: tuple[str, ...] | None = None
    answers: tuple[str, ...] | None = None
    keywords: tuple[str, ...] | None = None
    answer: str | None = None
    statement: str | None = None
    correction: str | None = None
    mistakes: tuple[MistakeText, ...] | None = None
    sources: tuple[str, ...] | None = None


QuestionRecord = (
    ChoiceRecord
    | MultiRecord
    | ShortRecord
    | FlashcardRecord
    | NumericRecord
    | SpotTheMistakeRecord
    | CodeRecord
)


def frozen_value(value: Any) -> Any:
    """Lists (at any depth) as tuples: a template parameter as the record keeps it."""
    if isinstance(value, list | tuple):
        return tuple(frozen_value(item) for item in value)
    if isinstance(value, dict):
        return {key: frozen_value(item) for key, item in value.items()}
    return value


# -- to JSON and back, for the catalog cache ------------------------------------------------
def to_data(value: Any) -> Any:
    """A record (or anything in one) as JSON-ready dicts, lists and scalars (a question's dict
    names its ``kind``)."""
    return msgspec.to_builtins(value)


_QUESTIONS: Any = QuestionRecord  # a union as a value: what msgspec converts to


def question_from_data(data: dict[str, Any]) -> QuestionRecord:
    """The record ``to_data`` wrote; any other shape raises ValueError. (A start decodes the
    cache's bytes straight into records: ``quizapp.core.catalog_data``.)"""
    return converted(data, _QUESTIONS)  # type: ignore[no-any-return]


T = TypeVar("T")


def replaced(record: T, **changes: Any) -> T:
    """A copy of ``record`` with ``changes`` (the records' ``dataclasses.replace``)."""
    return msgspec.structs.replace(record, **changes)  # type: ignore[type-var]


def converted(data: Any, kind: Any) -> Any:
    """``data`` (JSON-ready dicts and lists) as ``kind``; another shape raises ValueError."""
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as error:
        raise ValueError(f"not of this version's shape: {error}") from None

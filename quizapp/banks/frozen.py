"""Validated questions as typed, frozen records: what the running app holds, kind by kind.

pydantic validates banks; once they are valid, the app only reads them. Each model makes its
record (``to_record`` in ``quizapp.banks.models``), with the values the loader filled in
(bank id, source path, content hash, the conventions in force). Records are plain frozen
dataclasses, so the catalog cache can be read and a session run without importing pydantic
(~60 ms and ~7 MiB of every start-up): nothing here imports it. Code that treats kinds apart
does it by ``match`` on the record's class. (No ``slots``: a cached start fills each record's
``__dict__`` in one update, see ``question_from_data``.)

``to_data`` and ``question_from_data`` turn records into JSON-ready data and back, for the
cache: data only, so nothing planted in the data directory can run code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal, TypeVar

Answer = float | tuple[float, ...]  # a scalar, or a vector typed as numbers separated by commas
GruUpdate = Literal["keep", "take"]
GruReset = Literal["before", "after"]
Framework = Literal["pytorch", "keras", "textbook"]


@dataclass(frozen=True)
class OptionRecord:
    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True)
class ToleranceRecord:
    """Exactly one of abs, rel or sig_figs (``quizapp.tolerance.check_numeric`` reads it)."""

    abs: float | None = None
    rel: float | None = None
    sig_figs: int | None = None


@dataclass(frozen=True)
class ConventionsRecord:
    gru_update: GruUpdate | None = None
    gru_reset: GruReset | None = None
    framework: Framework | None = None


@dataclass(frozen=True)
class KnownMistakeRecord:
    """A wrong answer a fixed numeric question recognises, named in the feedback."""

    answer: Answer
    name: str
    explanation: str
    convention: bool = False


@dataclass(frozen=True)
class TemplateCheckRecord:
    seed: int
    answer: Answer


@dataclass(frozen=True, kw_only=True)
class QuestionBase:
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


@dataclass(frozen=True, kw_only=True)
class ChoiceRecord(QuestionBase):
    options: tuple[OptionRecord, ...]
    shuffle: bool = True
    kind: Literal["choice"] = "choice"


@dataclass(frozen=True, kw_only=True)
class MultiRecord(QuestionBase):
    options: tuple[OptionRecord, ...]
    shuffle: bool = True
    kind: Literal["multi"] = "multi"


@dataclass(frozen=True, kw_only=True)
class ShortRecord(QuestionBase):
    answers: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    rivals: tuple[str, ...] = ()  # other questions' key terms near these answers (the catalog's)
    kind: Literal["short"] = "short"


@dataclass(frozen=True, kw_only=True)
class FlashcardRecord(QuestionBase):
    answer: str
    kind: Literal["flashcard"] = "flashcard"


@dataclass(frozen=True, kw_only=True)
class NumericRecord(QuestionBase):
    """A fixed ``answer`` with its tolerance, or a ``template`` drawn afresh each time."""

    answer: Answer | None = None
    tolerance: ToleranceRecord | None = None
    template: str | None = None
    params: dict[str, Any] = field(default_factory=dict)  # a template's, lists made tuples
    checks: tuple[TemplateCheckRecord, ...] = ()
    mistakes: tuple[KnownMistakeRecord, ...] = ()
    effective_tolerance: ToleranceRecord = ToleranceRecord(rel=1e-9)
    kind: Literal["numeric"] = "numeric"


@dataclass(frozen=True, kw_only=True)
class SpotTheMistakeRecord(QuestionBase):
    statement: str
    options: tuple[OptionRecord, ...] = ()
    answers: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    correction: str | None = None
    shuffle: bool = True
    rivals: tuple[str, ...] = ()  # as ShortRecord's
    kind: Literal["spot_the_mistake"] = "spot_the_mistake"


@dataclass(frozen=True, kw_only=True)
class CodeRecord(QuestionBase):
    """Write a function; the drill ``drill_id`` (a variant of family ``drill``) checks it."""

    drill: str
    params: dict[str, str] = field(default_factory=dict)
    drill_id: str = ""
    kind: Literal["code"] = "code"


@dataclass(frozen=True)
class OptionText:
    """An option's text in another language (its correct flag is the English option's)."""

    text: str
    feedback: str | None = None


@dataclass(frozen=True)
class MistakeText:
    name: str
    explanation: str


@dataclass(frozen=True, kw_only=True)
class TranslationRecord:
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
    """A record (or anything in one) as JSON-ready dicts, lists and scalars."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    return value


def question_from_data(data: dict[str, Any]) -> QuestionRecord:
    """The record ``to_data`` wrote; any other shape raises (KeyError, TypeError, ValueError).

    Records are filled in place of ``__init__`` (one dict update, not a frozen setattr per
    field: a third of a cached start's decoding), after their keys are checked whole.
    """
    kind = _KINDS[data["kind"]]
    _check_keys(kind, data)
    values = dict(data)
    for name in _TUPLES:
        if name in values:
            values[name] = tuple(values[name])
    if "options" in values:
        values["options"] = tuple(_filled(OptionRecord, o) for o in values["options"])
    values["conventions"] = _maybe(ConventionsRecord, values["conventions"])
    values["effective_conventions"] = _filled(ConventionsRecord, values["effective_conventions"])
    if kind is CodeRecord:
        values["params"] = {str(k): str(v) for k, v in values["params"].items()}
    if kind is NumericRecord:
        values["answer"] = None if values["answer"] is None else _answer(values["answer"])
        values["tolerance"] = _maybe(ToleranceRecord, values["tolerance"])
        values["effective_tolerance"] = _filled(ToleranceRecord, values["effective_tolerance"])
        values["params"] = frozen_value(values["params"])
        values["checks"] = tuple(_with_answer(TemplateCheckRecord, c) for c in values["checks"])
        values["mistakes"] = tuple(_with_answer(KnownMistakeRecord, m) for m in values["mistakes"])
    return _filled(kind, values)


def translation_from_data(data: dict[str, Any]) -> TranslationRecord:
    """The translation ``to_data`` wrote; any other shape raises, as ``question_from_data``."""
    values = dict(data)
    for name in _TUPLES:
        if values.get(name) is not None:
            values[name] = tuple(values[name])
    if values.get("options") is not None:
        values["options"] = tuple(_filled(OptionText, o) for o in values["options"])
    if values.get("mistakes") is not None:
        values["mistakes"] = tuple(_filled(MistakeText, m) for m in values["mistakes"])
    return _filled(TranslationRecord, values)


_KINDS: dict[str, type[QuestionRecord]] = {
    "choice": ChoiceRecord,
    "multi": MultiRecord,
    "short": ShortRecord,
    "flashcard": FlashcardRecord,
    "numeric": NumericRecord,
    "spot_the_mistake": SpotTheMistakeRecord,
    "code": CodeRecord,
}
_TUPLES = (
    "topics",
    "sources",
    "hints",
    "follow_ups",
    "tags",
    "answers",
    "keywords",
    "aliases",
    "rivals",
)
_FIELDS: dict[type, frozenset[str]] = {}
T = TypeVar("T")


def _check_keys(cls: type, data: dict[str, Any]) -> None:
    """ValueError unless the keys of ``data`` are exactly the fields of ``cls``."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = frozenset(f.name for f in fields(cls))
    if data.keys() != names:
        raise ValueError(f"not a {cls.__name__}: keys {sorted(data)}")


def _filled(cls: type[T], data: dict[str, Any]) -> T:
    _check_keys(cls, data)
    record: T = object.__new__(cls)
    record.__dict__.update(data)
    return record


def _maybe(cls: type[T], data: dict[str, Any] | None) -> T | None:
    return None if data is None else _filled(cls, data)


def _with_answer(cls: type[T], data: dict[str, Any]) -> T:
    return _filled(cls, {**data, "answer": _answer(data["answer"])})


def _answer(value: float | list[float]) -> Answer:
    if isinstance(value, list):
        return tuple(float(v) for v in value)
    return float(value)

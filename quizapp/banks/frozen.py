"""Validated questions as typed, frozen records: what the running app holds, kind by kind.

pydantic validates banks; once they are valid, the app only reads them. Each model makes its
record (``to_record`` in ``quizapp.banks.models``), with the values the loader filled in
(bank id, source path, content hash, the conventions in force). Records are plain frozen
dataclasses, so the catalog cache can be read and a session run without importing pydantic
(~60 ms and ~7 MiB of every start-up): nothing here imports it. Code that treats kinds apart
does it by ``match`` on the record's class.

``to_data`` and ``question_from_data`` turn records into JSON-ready data and back, for the
cache: data only, so nothing planted in the data directory can run code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

Answer = float | tuple[float, ...]  # a scalar, or a vector typed as numbers separated by commas
GruUpdate = Literal["keep", "take"]
GruReset = Literal["before", "after"]
Framework = Literal["pytorch", "keras", "textbook"]


@dataclass(frozen=True, slots=True)
class OptionRecord:
    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True, slots=True)
class ToleranceRecord:
    """Exactly one of abs, rel or sig_figs (``quizapp.tolerance.check_numeric`` reads it)."""

    abs: float | None = None
    rel: float | None = None
    sig_figs: int | None = None


@dataclass(frozen=True, slots=True)
class ConventionsRecord:
    gru_update: GruUpdate | None = None
    gru_reset: GruReset | None = None
    framework: Framework | None = None


@dataclass(frozen=True, slots=True)
class KnownMistakeRecord:
    """A wrong answer a fixed numeric question recognises, named in the feedback."""

    answer: Answer
    name: str
    explanation: str
    convention: bool = False


@dataclass(frozen=True, slots=True)
class TemplateCheckRecord:
    seed: int
    answer: Answer


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceRecord(QuestionBase):
    options: tuple[OptionRecord, ...]
    shuffle: bool = True
    kind: Literal["choice"] = "choice"


@dataclass(frozen=True, slots=True, kw_only=True)
class MultiRecord(QuestionBase):
    options: tuple[OptionRecord, ...]
    shuffle: bool = True
    kind: Literal["multi"] = "multi"


@dataclass(frozen=True, slots=True, kw_only=True)
class ShortRecord(QuestionBase):
    answers: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    kind: Literal["short"] = "short"


@dataclass(frozen=True, slots=True, kw_only=True)
class FlashcardRecord(QuestionBase):
    answer: str
    kind: Literal["flashcard"] = "flashcard"


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class SpotTheMistakeRecord(QuestionBase):
    statement: str
    options: tuple[OptionRecord, ...] = ()
    answers: tuple[str, ...] = ()
    correction: str | None = None
    shuffle: bool = True
    kind: Literal["spot_the_mistake"] = "spot_the_mistake"


QuestionRecord = (
    ChoiceRecord
    | MultiRecord
    | ShortRecord
    | FlashcardRecord
    | NumericRecord
    | SpotTheMistakeRecord
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
    """The record ``to_data`` wrote; any other shape raises (KeyError, TypeError, ValueError)."""
    common: dict[str, Any] = {
        "id": data["id"],
        "topics": tuple(data["topics"]),
        "prompt": data["prompt"],
        "explanation": data["explanation"],
        "difficulty": data["difficulty"],
        "sources": tuple(data["sources"]),
        "hints": tuple(data["hints"]),
        "follow_ups": tuple(data["follow_ups"]),
        "tags": tuple(data["tags"]),
        "conventions": _conventions(data["conventions"]),
        "bank_id": data["bank_id"],
        "source_path": data["source_path"],
        "content_hash": data["content_hash"],
        "effective_conventions": ConventionsRecord(**data["effective_conventions"]),
    }
    match data["kind"]:
        case "choice":
            return ChoiceRecord(**common, options=_options(data), shuffle=data["shuffle"])
        case "multi":
            return MultiRecord(**common, options=_options(data), shuffle=data["shuffle"])
        case "short":
            return ShortRecord(
                **common, answers=tuple(data["answers"]), keywords=tuple(data["keywords"])
            )
        case "flashcard":
            return FlashcardRecord(**common, answer=data["answer"])
        case "numeric":
            return NumericRecord(
                **common,
                answer=_answer(data["answer"]),
                tolerance=_tolerance(data["tolerance"]),
                template=data["template"],
                params=frozen_value(data["params"]),
                checks=tuple(
                    TemplateCheckRecord(c["seed"], _required_answer(c["answer"]))
                    for c in data["checks"]
                ),
                mistakes=tuple(
                    KnownMistakeRecord(
                        _required_answer(m["answer"]), m["name"], m["explanation"], m["convention"]
                    )
                    for m in data["mistakes"]
                ),
                effective_tolerance=ToleranceRecord(**data["effective_tolerance"]),
            )
        case "spot_the_mistake":
            return SpotTheMistakeRecord(
                **common,
                statement=data["statement"],
                options=_options(data),
                answers=tuple(data["answers"]),
                correction=data["correction"],
                shuffle=data["shuffle"],
            )
        case other:
            raise ValueError(f"unknown question kind {other!r}")


def _options(data: dict[str, Any]) -> tuple[OptionRecord, ...]:
    return tuple(OptionRecord(o["text"], o["correct"], o["feedback"]) for o in data["options"])


def _conventions(data: dict[str, Any] | None) -> ConventionsRecord | None:
    return None if data is None else ConventionsRecord(**data)


def _tolerance(data: dict[str, Any] | None) -> ToleranceRecord | None:
    return None if data is None else ToleranceRecord(**data)


def _answer(value: float | list[float] | None) -> Answer | None:
    return None if value is None else _required_answer(value)


def _required_answer(value: float | list[float]) -> Answer:
    if isinstance(value, list):
        return tuple(float(v) for v in value)
    return float(value)

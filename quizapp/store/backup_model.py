"""What a progress backup may contain, checked whole before anything touches the database.

The file is what ``export-progress`` writes: ``format``, ``schema_version`` and per table
``{"columns": [...], "rows": [[...], ...]}``. Every row is validated strictly (pydantic strict
mode: no "3" for 3, no NaN, no 99 for a card state, times in the store's own format), and the
rows must hang together (unique ids, answers pointing at sessions and reviews the file holds).
A backup of an older schema lacks columns added since; they take their defaults.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from quizapp.i18n import _
from quizapp.store.cards import CARD_COLUMNS
from quizapp.store.errors import IMPORT_KEPT, IMPORT_TODO, Fault, StoreError
from quizapp.store.migrations import SCHEMA_VERSION
from quizapp.store.records import MODES
from quizapp.store.settings_rules import setting_problem

FORMAT = "quizapp-progress"
# parents first; a backup of schema 4 or older has no code_attempts (none were kept then)
TABLES = ("settings", "sessions", "cards", "reviews", "review_topics", "code_attempts")
SHOWN_PROBLEMS = 8
EXAMPLE_TIME = "2026-03-02T09:00:00.000000Z"
TIME_PATTERN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


def _time(text: str) -> str:
    if not TIME_PATTERN.fullmatch(text):
        raise ValueError(f"{text[:40]!r} is not a time as quizapp writes them ({EXAMPLE_TIME})")
    datetime.fromisoformat(text)  # a real date: no 2026-02-30
    return text


def _json_card(text: str) -> str:
    try:
        value = json.loads(text)
    except ValueError:
        raise ValueError("is not JSON") from None
    if not isinstance(value, dict):
        raise ValueError("is not a card (a JSON object)")
    try:
        CardFields.model_validate(value)
    except ValidationError as exc:
        raise ValueError(f"is not a card state ({'; '.join(_messages(exc, ''))})") from None
    return text


Time = Annotated[str, AfterValidator(_time)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Count = Annotated[int, Field(ge=0, le=2**63 - 1)]
Flag = Annotated[
    int, Field(ge=0, le=1)
]  # strict int: true/false are refused, as Literal takes them
Text = Annotated[str, Field(max_length=1_000_000)]
Name = Annotated[str, Field(min_length=1, max_length=1_000)]
Mode = Literal["review", "practice", "cram", "mock"]
assert set(MODES) == {"review", "practice", "cram", "mock"}


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class CardFields(Strict):
    """A card's schedule, as a card row and as a review's ``prev_card`` hold it."""

    state: Annotated[int, Field(ge=1, le=3)]  # fsrs: Learning, Review, Relearning
    step: Annotated[int, Field(ge=0, le=100)] | None
    stability: Annotated[float, Field(gt=0, le=1e9, allow_inf_nan=False)] | None
    difficulty: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)] | None
    due: Time
    last_review: Time | None
    reps: Count
    lapses: Count


class SettingRow(Strict):
    key: Name
    value: Text

    @model_validator(mode="after")
    def _value_fits_its_key(self) -> SettingRow:
        try:
            parsed = json.loads(self.value)
        except ValueError:
            raise ValueError(f"the value {self.value[:40]!r} is not JSON") from None
        problem = setting_problem(self.key, parsed)
        if problem:
            raise ValueError(f"{self.key} {problem}")
        return self


class SessionRow(Strict):
    id: Id
    started: Time
    ended: Time | None = None
    mode: Mode


class CardRowModel(CardFields):
    question_id: Name


class ReviewRow(Strict):
    id: Id
    time: Time
    question_id: Name
    bank_id: Text
    content_hash: Text
    variant_seed: Annotated[int, Field(ge=-(2**63), le=2**63 - 1)] | None = None
    answer: Text
    correct: Flag
    rating: Annotated[int, Field(ge=1, le=4)]
    duration_ms: Count
    mode: Mode
    session_id: Id | None = None
    prev_card: Annotated[str, AfterValidator(_json_card)] | None = None
    first_of_day: Flag = 0
    was_review: Flag = 0
    claimed: Flag = 0  # counted right by the learner ("I was right")


class ReviewTopicRow(Strict):
    review_id: Id
    topic: Name
    correct: Flag
    counts_for_retention: Flag


class CodeAttemptRow(Strict):
    """One check of a code drill (``quizapp.store.code_attempts``): the code's hash, never
    the code."""

    id: Id
    time: Time
    question_id: Name
    drill_id: Name
    code_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    verdict: Name
    passed: Flag
    cases_passed: Count
    cases_total: Count
    duration_ms: Count
    origin: Literal["app", "cli"]
    session_id: Id | None = None
    review_id: Id | None = None


ROW_MODELS: dict[str, type[Strict]] = {
    "settings": SettingRow,
    "sessions": SessionRow,
    "cards": CardRowModel,
    "reviews": ReviewRow,
    "review_topics": ReviewTopicRow,
    "code_attempts": CodeAttemptRow,
}
assert set(CardFields.model_fields) == set(CARD_COLUMNS)

# what a cell may hold in the file; the row models then say what each column may hold
Scalar = bool | Annotated[int, Field(ge=-(2**63), le=2**63 - 1)] | float | str | None


class Block(Strict):
    columns: list[str]
    rows: list[list[Scalar]]


class BackupFile(Strict):
    format: Literal["quizapp-progress"]
    schema_version: Annotated[int, Field(ge=1, le=SCHEMA_VERSION)]
    settings: Block | None = None
    sessions: Block | None = None
    cards: Block | None = None
    reviews: Block | None = None
    review_topics: Block | None = None
    code_attempts: Block | None = None


class Backup:
    """A validated backup: per table, rows as dicts of the columns the file names."""

    def __init__(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        self.tables = tables

    @property
    def review_count(self) -> int:
        return len(self.tables["reviews"])

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables[table]


def validate_backup(raw: object, source: str) -> Backup:
    """The backup, or a StoreError listing what is wrong (``source:`` before each problem)."""
    if not isinstance(raw, dict):
        found = "null" if raw is None else type(raw).__name__.replace("dict", "object")
        problem = _("the file holds a JSON {found}, not a quizapp progress backup")
        raise _bad(source, [problem.format(found=found)])
    if raw.get("format") != FORMAT:
        problem = _('not a quizapp progress backup (no "format": "{format}")')
        raise _bad(source, [problem.format(format=FORMAT)])
    version = raw.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise StoreError(
            _(
                "{source}: this backup was written by a newer quizapp (schema {version}, this "
                "version knows {known})"
            ).format(source=source, version=version, known=SCHEMA_VERSION),
            kept=_(IMPORT_KEPT),
            todo=_("upgrade quizapp to import it"),
            fault=Fault.BAD_BACKUP,
        )
    try:
        envelope = BackupFile.model_validate(raw)
    except ValidationError as exc:
        raise _bad(source, _envelope_messages(exc)) from None
    problems: list[str] = []
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        block = getattr(envelope, table)
        tables[table] = _rows(table, block, problems) if block is not None else []
        if len(problems) > SHOWN_PROBLEMS:
            break
    if not problems:
        problems = _links(tables)
    if problems:
        raise _bad(source, problems)
    return Backup(tables)


def _rows(table: str, block: Block, problems: list[str]) -> list[dict[str, Any]]:
    model = ROW_MODELS[table]
    known = set(model.model_fields)
    unknown = [c for c in block.columns if c not in known]
    if unknown or len(set(block.columns)) != len(block.columns):
        problem = _("{table}: unknown or repeated columns {columns}")
        problems.append(problem.format(table=table, columns=unknown or block.columns))
        return []
    rows: list[dict[str, Any]] = []
    for number, values in enumerate(block.rows, start=1):
        if len(values) != len(block.columns):
            problem = _("{table} row {number}: {values} values for {columns} columns")
            problems.append(
                problem.format(
                    table=table, number=number, values=len(values), columns=len(block.columns)
                )
            )
            continue
        try:
            row = model.model_validate(dict(zip(block.columns, values, strict=True)))
        except ValidationError as exc:
            problems.extend(_messages(exc, _row(table, number)))
            continue
        rows.append(row.model_dump())
        if len(problems) > SHOWN_PROBLEMS:
            break
    return rows


def _links(tables: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Unique keys, and references to rows the file holds."""
    problems: list[str] = []
    keys = {
        "settings": ("key",),
        "sessions": ("id",),
        "cards": ("question_id",),
        "reviews": ("id",),
        "review_topics": ("review_id", "topic"),
        "code_attempts": ("id",),
    }
    for table, columns in keys.items():
        seen: set[tuple[object, ...]] = set()
        for number, row in enumerate(tables[table], start=1):
            key = tuple(row[c] for c in columns)
            if key in seen:
                problem = _("{row}: {columns} {key} repeats")
                problems.append(
                    problem.format(row=_row(table, number), columns=", ".join(columns), key=key)
                )
            seen.add(key)
    sessions = {row["id"] for row in tables["sessions"]}
    reviews = {row["id"] for row in tables["reviews"]}
    for number, row in enumerate(tables["reviews"], start=1):
        if row["session_id"] is not None and row["session_id"] not in sessions:
            problem = _(
                "{row}: session_id {session} is not among the "
                "backup's sessions (an export taken mid-answer by an older quizapp?)"
            )
            problems.append(problem.format(row=_row("reviews", number), session=row["session_id"]))
    for number, row in enumerate(tables["review_topics"], start=1):
        if row["review_id"] not in reviews:
            problem = _("{row}: review_id {review} is not among the backup's reviews")
            problems.append(
                problem.format(row=_row("review_topics", number), review=row["review_id"])
            )
    for number, row in enumerate(tables["code_attempts"], start=1):
        where = _row("code_attempts", number)
        if row["session_id"] is not None and row["session_id"] not in sessions:
            problem = _("{row}: session_id {session} is not among the backup's sessions")
            problems.append(problem.format(row=where, session=row["session_id"]))
        if row["review_id"] is not None and row["review_id"] not in reviews:
            problem = _("{row}: review_id {review} is not among the backup's reviews")
            problems.append(problem.format(row=where, review=row["review_id"]))
    return problems


def _envelope_messages(exc: ValidationError) -> list[str]:
    """One line per bad cell (``reviews row 3, value 8``), not one per type it could have been."""
    lines: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        if (
            len(loc) >= 4
            and loc[1] == "rows"
            and isinstance(loc[2], int)
            and isinstance(loc[3], int)
        ):
            place = _("{row}, value {number}").format(
                row=_row(str(loc[0]), loc[2] + 1), number=loc[3] + 1
            )
            lines.setdefault(place, _("{place}: not a number, text or null").format(place=place))
        else:
            place = ".".join(str(part) for part in loc)
            lines.setdefault(place, f"{place}: {error['msg']}" if place else str(error["msg"]))
    return list(lines.values())


def _messages(exc: ValidationError, where: str) -> Iterator[str]:
    for error in exc.errors(include_url=False):
        location = ".".join(str(part) for part in error["loc"])
        place = f"{where}, {location}" if where and location else where or location
        yield f"{place}: {error['msg']}" if place else str(error["msg"])


def _row(table: str, number: int) -> str:
    """``reviews row 3``: where a problem is (table names stay as the file spells them)."""
    return _("{table} row {number}").format(table=table, number=number)


def _bad(source: str, problems: list[str]) -> StoreError:
    shown = problems[:SHOWN_PROBLEMS]
    more = len(problems) - len(shown)
    listed = "; ".join(shown) + (_("; and {more} more").format(more=more) if more > 0 else "")
    return StoreError(
        _("{source}: not a valid progress backup: {problems}").format(
            source=source, problems=listed
        ),
        kept=_(IMPORT_KEPT),
        todo=_(IMPORT_TODO),
        fault=Fault.BAD_BACKUP,
    )

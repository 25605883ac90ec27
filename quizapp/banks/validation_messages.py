"""pydantic's errors, said the way a bank author needs them, at the offending YAML node.

Each message names the field and shows the value it got, and suggests the key, kind, topic,
template or question id that was probably meant (rapidfuzz). A rule across a question's fields
(answer or template, one correct option...) names the question by its id.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from quizapp.banks.field_types import ID_PATTERN
from quizapp.banks.no_code import NAME_A_DRILL, NO_CODE, runnable_key
from quizapp.banks.yaml_nodes import Path, PositionedData

# A suggestion is made at this rapidfuzz ratio (0-100) or above: 'titel' -> 'title' is 80,
# 'explantion' -> 'explanation' 95; unrelated words of the same length score near 30.
SUGGESTION_CUTOFF = 75


@dataclass(frozen=True)
class Problem:
    """One error: where in the data, where in the file, and what to say."""

    path: Path
    line: int
    col: int
    message: str


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or "" when none is close."""
    if not isinstance(word, str) or not word:
        return ""
    from rapidfuzz import fuzz, process, utils

    best = process.extractOne(
        word,
        [c for c in choices if c != word],
        scorer=fuzz.ratio,
        processor=utils.default_process,
        score_cutoff=SUGGESTION_CUTOFF,
    )
    return f" (did you mean '{best[0]}'?)" if best else ""


def question_label(data: Any, path: Path) -> str:
    """`` (question 'id')`` for a path inside ``questions[i]``; the item number without an id."""
    if len(path) < 2 or path[0] != "questions" or not isinstance(path[1], int):
        return ""
    questions = data.get("questions") if isinstance(data, Mapping) else None
    raw = questions[path[1]] if isinstance(questions, list) and path[1] < len(questions) else None
    qid = raw.get("id") if isinstance(raw, Mapping) else None
    if isinstance(qid, str) and qid.strip():
        return f" (question '{qid}')"
    return f" (question #{path[1] + 1})"


def labelled(message: str, data: Any, path: Path) -> str:
    """``message`` with its question's label, unless it names the question's id already."""
    label = question_label(data, path)
    if label.startswith(" (question '") and label[len(" (question ") : -1] in message:
        return message
    return message + label


def positioned_messages(
    exc: ValidationError, doc: PositionedData, base: Path = (), model: type[BaseModel] | None = None
) -> list[Problem]:
    """Every error of ``exc`` at its node; ``model`` (validated at ``base``) names the keys
    an unknown key could have meant."""
    out = []
    for error in exc.errors(include_url=False):
        path, leftover = _data_path(doc.data, base, error["loc"])
        where, message = _said(error, path, leftover, doc, model)
        out.append(Problem(path, *where, message))
    return _merged_unions(out)


def _said(
    error: Any, path: Path, leftover: list[Any], doc: PositionedData, model: type[BaseModel] | None
) -> tuple[tuple[int, int], str]:
    """Where the error is and what to say about it."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        name = leftover[-1] if leftover else (path[-1] if path else "?")
        return doc.position(path), f"missing required key '{name}'"
    if kind == "extra_forbidden":
        key = path[-1]
        allowed = _keys_at(model, error["loc"][:-1]) if model is not None else set()
        message = f"unknown key '{key}'{did_you_mean(key, allowed)}{_comma_hint(doc, path)}"
        if runnable_key(key):
            message += f"; {NO_CODE}: {NAME_A_DRILL}"
        return doc.position(path, key=True), message
    if kind == "union_tag_invalid":
        tags = [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")]
        tag = ctx.get("tag")
        message = (
            f"unknown kind '{tag}'{did_you_mean(tag, tags)}; expected one of {', '.join(tags)}"
        )
        return doc.position((*path, "kind")), message
    if kind == "union_tag_not_found":
        return doc.position(path), "missing required key 'kind'"
    if kind == "bank_rule":  # a rule's message names its keys, and its question by id
        return doc.position(path), labelled(error["msg"], doc.data, path)
    message = error["msg"].removeprefix("Value error, ")
    got = error.get("input")
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        message = (
            "ids use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit"
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        message = "Input should be a mapping (indented 'key: value' lines or {key: value})"
    elif kind == "too_short" and "min_length" in ctx:
        wanted, actual = ctx["min_length"], ctx.get("actual_length", 0)
        message = f"needs at least {wanted} item{'s' if wanted != 1 else ''}; it has {actual}"
    shown = "" if isinstance(got, dict | list) or got is None else f"; got {got!r}"
    hint = ctx.get("hint") or ""
    if kind == "string_type" and isinstance(got, bool | int | float):
        hint = "YAML reads yes/no/on/off/true/false and numbers as values: quote the text"
    if kind == "bool_type" and isinstance(got, str | int):
        hint = "write true or false, without quotes"
    if hint:
        shown += f" ({hint})"
    return doc.position(path), f"{_field_name(path)}{message}{shown}"


def _comma_hint(doc: PositionedData, path: Path) -> str:
    split = doc.flow_comma_split(path)
    if split is None:
        return ""
    before, text = split
    meant = f"{text}, {path[-1]}"
    return (
        f"; in a {{...}} mapping an unquoted comma ends the text: quote it, "
        f'like {before}: "{meant}"'
    )


_TYPE_MESSAGE = re.compile(
    r"^(?P<head>.*?)Input should be a valid (?P<what>[^;(]+?)(?P<tail>;.*)?$"
)


def _merged_unions(problems: list[Problem]) -> list[Problem]:
    """``version: [1]`` fails both ``int`` and ``str``: one message, not one per type."""
    out: list[Problem] = []
    for problem in problems:
        match = _TYPE_MESSAGE.match(problem.message)
        previous = _TYPE_MESSAGE.match(out[-1].message) if out else None
        if (
            match is not None
            and previous is not None
            and (out[-1].line, out[-1].col) == (problem.line, problem.col)
            and previous["head"] == match["head"]
        ):
            whats = f"{previous['what']} or a valid {match['what']}"
            message = f"{match['head']}Input should be a valid {whats}{previous['tail'] or ''}"
            out[-1] = Problem(problem.path, problem.line, problem.col, message)
        else:
            out.append(problem)
    return out


def _data_path(data: Any, base: Path, loc: tuple[Any, ...]) -> tuple[Path, list[Any]]:
    """Follow pydantic's loc through the data, skipping union tags; return the rest unmatched."""
    path: list[Any] = list(base)
    current = data
    for part in base:
        current = current[part] if isinstance(current, dict | list) else None
    leftover: list[Any] = []
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            path.append(part)
            current = current[part]
        else:
            leftover.append(part)
    return tuple(path), leftover


def _keys_at(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """The keys of the model that pydantic's ``loc`` (under ``model``) points into."""
    models = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        inner = [
            sub
            for m in models
            if part in m.model_fields
            for sub in _models_in(m.model_fields[part].annotation)
        ]
        # not a field: a union tag such as 'choice', naming the member whose kind it is
        tagged = [m for m in models if _kind_of(m) == part]
        models = inner or tagged or models
    return {name for m in models for name in m.model_fields}


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models inside an annotation: through lists, dicts, unions, Optional, Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _kind_of(model: type[BaseModel]) -> Any:
    field = model.model_fields.get("kind")
    choices = typing.get_args(field.annotation) if field is not None else ()
    return choices[0] if len(choices) == 1 else None


def _field_name(path: Path) -> str:
    names = [p for p in path if isinstance(p, str)]
    return f"'{names[-1]}': " if names else ""

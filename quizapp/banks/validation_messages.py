"""pydantic's errors, said the way a bank author needs them, at the offending YAML node."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from quizapp.banks.yaml_nodes import Path, PositionedData


def positioned_messages(
    exc: ValidationError, doc: PositionedData, base: Path = (), allowed_keys: Any = None
) -> list[tuple[int, int, str]]:
    out = []
    for error in exc.errors(include_url=False):
        path, leftover = _data_path(doc.data, base, error["loc"])
        kind = error["type"]
        ctx = error.get("ctx") or {}
        if kind == "missing":
            name = leftover[-1] if leftover else (path[-1] if path else "?")
            line, col = doc.position(path)
            out.append((line, col, f"missing required key '{name}'"))
        elif kind == "extra_forbidden":
            key = path[-1]
            line, col = doc.position(path, key=True)
            out.append((line, col, f"unknown key '{key}'{_suggest(key, error, allowed_keys)}"))
        elif kind == "union_tag_invalid":
            line, col = doc.position((*path, "kind"))
            expected = ", ".join(
                t.strip("'") for t in str(ctx.get("expected_tags", "")).split(", ")
            )
            out.append((line, col, f"unknown kind '{ctx.get('tag')}'; expected one of {expected}"))
        elif kind == "union_tag_not_found":
            line, col = doc.position(path)
            out.append((line, col, "missing required key 'kind'"))
        else:
            line, col = doc.position(path)
            field = _field_name(path)
            message = error["msg"].removeprefix("Value error, ")
            got = error.get("input")
            shown = "" if isinstance(got, dict | list) or got is None else f"; got {got!r}"
            if kind == "string_type" and isinstance(got, bool | int | float):
                shown += (
                    " (YAML reads yes/no/on/off/true/false and numbers as values: quote the text)"
                )
            out.append((line, col, f"{field}{message}{shown}"))
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


KNOWN_KEYS = frozenset(
    (
        "bank",
        "questions",
        "id",
        "title",
        "description",
        "version",
        "authors",
        "conventions",
        "topics",
        "summary",
        "section",
        "kind",
        "prompt",
        "explanation",
        "difficulty",
        "sources",
        "hints",
        "follow_ups",
        "tags",
        "options",
        "text",
        "correct",
        "feedback",
        "shuffle",
        "answers",
        "keywords",
        "answer",
        "tolerance",
        "abs",
        "rel",
        "sig_figs",
        "template",
        "params",
        "checks",
        "seed",
        "statement",
        "correction",
        "gru_update",
        "gru_reset",
        "framework",
    )
)


def _suggest(key: Any, error: Any, allowed: Any) -> str:
    if not isinstance(key, str):
        return ""
    close = difflib.get_close_matches(key, sorted(allowed or KNOWN_KEYS), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _field_name(path: Path) -> str:
    names = [p for p in path if isinstance(p, str)]
    return f"'{names[-1]}': " if names else ""

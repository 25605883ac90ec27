"""Which column of a CSV row is the front, the back, the explanation and the tags.

In order: ``--columns`` (``front,back,explanation,tags``; ``skip`` for a column to ignore),
Anki's ``#columns:`` header, a header row of column names (``front,back,tags``,
``Question;Answer;Explanation``, ``正面,背面``...), Anki's ``#tags column:N`` and friends, and
otherwise Anki's own order: front, back, tags. A first row whose every cell is a column name,
with a front and a back among them, is a header row: it is skipped and its names are used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ROLES = ("front", "back", "explanation", "tags")
SKIP = "skip"
NAMES: dict[str, frozenset[str]] = {
    "front": frozenset({"front", "question", "prompt", "term", "q", "正面", "问题", "题目", "问"}),
    "back": frozenset({"back", "answer", "definition", "a", "背面", "答案", "答"}),
    "explanation": frozenset({"explanation", "why", "extra", "notes", "解释", "说明", "解析"}),
    "tags": frozenset({"tags", "tag", "标签"}),
}
# Anki's export headers name columns that are not card text: never imported
ANKI_META = ("guid", "notetype", "deck")


class ColumnsProblem(Exception):
    """``--columns`` (or ``#columns``) that cannot be used; the message says why."""


@dataclass(frozen=True)
class Columns:
    """Column indices (0-based); ``explanation`` and ``tags`` may be absent."""

    front: int
    back: int
    explanation: int | None = None
    tags: int | None = None

    def describe(self) -> str:
        named = sorted(
            (index, role) for role in ROLES if (index := getattr(self, role)) is not None
        )
        return ", ".join(role for _, role in named)


def role_of(cell: str) -> str | None:
    name = cell.strip().strip(":：").strip().lower()
    return next((role for role, names in NAMES.items() if name in names), None)


def header_columns(row: Sequence[str]) -> Columns | None:
    """The plan a header row spells out, or None when the row is not a header."""
    cells = [cell for cell in row if cell.strip()]
    roles = [role_of(cell) for cell in row]
    named = [role for role in roles if role is not None]
    if not cells or len(named) != len(cells) or len(set(named)) != len(named):
        return None
    if "front" not in named or "back" not in named:
        return None
    return _plan({role: k for k, role in enumerate(roles) if role is not None})


def parse_columns(spec: str) -> Columns:
    """``front,back,explanation,tags`` (any order, ``skip`` for unused columns)."""
    names = [part.strip().lower() for part in spec.replace(";", ",").replace("\t", ",").split(",")]
    places: dict[str, int] = {}
    for k, name in enumerate(names):
        role = name if name in ROLES else role_of(name)
        if name == SKIP or name == "":
            continue
        if role is None:
            raise ColumnsProblem(
                f"unknown column '{name}' in --columns; use {', '.join(ROLES)} or {SKIP}"
            )
        if role in places:
            raise ColumnsProblem(f"column '{role}' named twice in --columns")
        places[role] = k
    if "front" not in places or "back" not in places:
        raise ColumnsProblem("--columns needs a front and a back column")
    return _plan(places)


def anki_columns(headers: Mapping[str, str]) -> Columns:
    """Anki's ``#... column:N`` headers: its card text is the remaining columns, in order."""
    meta = {index for name in ANKI_META if (index := _numbered(headers, name)) is not None}
    tags = _numbered(headers, "tags")
    text = [k for k in range(max([*meta, tags or 0, 2]) + 2) if k not in meta and k != tags]
    front, back = text[0], text[1]
    return Columns(front, back, None, tags if tags is not None else text[2])


def _numbered(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(f"{name} column")
    if value and value.isdigit() and int(value) >= 1:
        return int(value) - 1
    return None


def _plan(places: Mapping[str, int]) -> Columns:
    return Columns(places["front"], places["back"], places.get("explanation"), places.get("tags"))

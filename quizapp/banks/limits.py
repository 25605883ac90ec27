"""How much text a bank may hold in one place, so that every question shows at once.

Bank text is Markdown, parsed and laid out when a question is shown; a 10 MB prompt took 11 s
to appear. Any text of a bank (a prompt, an explanation, an option, a hint, a title...) may
hold at most ``MAX_TEXT_CHARS`` characters: the longest built-in text is under 1,000, and
20,000 is about ten screens of 80 columns. Longer text is a positioned bank error, reported
by ``quizapp validate`` and on Home like any other (the file is not loaded).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from quizapp.banks.yaml_nodes import PositionedData

MAX_TEXT_CHARS = 20_000

Where = tuple[Any, ...]


def text_limit_problems(doc: PositionedData) -> list[tuple[int, int, str]]:
    """A positioned problem for every text of the document longer than ``MAX_TEXT_CHARS``."""
    return [
        (
            *doc.position(where),
            f"this text is {length:,} characters long; bank text may be at most "
            f"{MAX_TEXT_CHARS:,} characters (split it, or link to a longer document)",
        )
        for where, length in _long_texts(doc.data, ())
    ]


def _long_texts(value: Any, where: Where) -> Iterator[tuple[Where, int]]:
    if isinstance(value, str):
        if len(value) > MAX_TEXT_CHARS:
            yield where, len(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _long_texts(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _long_texts(item, (*where, index))

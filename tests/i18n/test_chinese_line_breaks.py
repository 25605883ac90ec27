"""Chinese text never breaks a line between two Chinese characters, or after a full-width
punctuation mark.

A line break inside a paragraph is a soft break, which the app (as Markdown does) shows as a
space: "新状态 h_t。 更新约定" with a stray space after the full stop, "b_z)， h̃ = …" after
the comma. Chinese is written without spaces, so a translation keeps a paragraph's sentences
on one line (or starts a new paragraph with a blank line). The templates' Chinese messages
are checked the same way in tests/templates/test_templates_catalog.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from quizapp.paths import builtin_banks_dir
from tests.templates.zh_text import SOFT_BREAK


def _strings(node: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, f"{where}[{index}]")


def test_no_soft_break_between_chinese_characters() -> None:
    files = sorted((builtin_banks_dir() / "zh").glob("*.yaml"))
    assert len(files) > 15
    found = [
        f"{path.name}:{where}: {text[match.start() : match.end()]!r}"
        for path in files
        for where, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")), "")
        for match in SOFT_BREAK.finditer(text)
    ]
    assert found == [], "\n".join(found)

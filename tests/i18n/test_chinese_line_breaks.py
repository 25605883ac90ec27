"""Chinese text never breaks a line between two Chinese characters, or after a full-width
punctuation mark.

A line break inside a paragraph is a soft break, which the app (as Markdown does) shows as a
space: "新状态 h_t。 更新约定" with a stray space after the full stop, "b_z)， h̃ = …" after
the comma. Chinese is written without spaces, so a translation keeps a paragraph's sentences
on one line (or starts a new paragraph with a blank line). Checked in the banks'
translations and in the templates' messages (their prompts are Markdown too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

from quizapp.paths import builtin_banks_dir

LOCALE = Path(__file__).parents[2] / "quizapp" / "locale" / "zh" / "LC_MESSAGES"

PUNCTUATION = "\u3000-\u303f\uff00-\uffef"  # full-width: 。，：（）
CJK = f"\u4e00-\u9fff{PUNCTUATION}"
SOFT_BREAK = re.compile(rf"[{PUNCTUATION}][ \t]*\n[ \t]*\S|[{CJK}][ \t]*\n[ \t]*[{CJK}]")


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


def test_no_soft_break_in_a_chinese_template_message() -> None:
    with (LOCALE / "templates.po").open("rb") as po:
        translated = [
            (message.lineno, text)
            for message in read_po(po)
            if message.id
            for text in _translations(message.string)
        ]
    assert len(translated) > 300
    found = [
        f"templates.po:{line}: {text[match.start() : match.end()]!r}"
        for line, text in translated
        for match in SOFT_BREAK.finditer(text)
    ]
    assert found == [], "\n".join(found)


def _translations(string: str | list[str] | tuple[str, ...] | None) -> list[str]:
    """A message's translations: one, or one per plural form (none when untranslated)."""
    if isinstance(string, str):
        return [string] if string else []
    return [text for text in string or () if text]

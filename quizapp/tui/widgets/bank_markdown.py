"""Markdown for bank text: control characters made inert, links not opened, one shared parser.

Textual's ``Markdown`` builds a new ``MarkdownIt`` for every update, a few milliseconds each
on the path from a keypress to the feedback screen; the parser holds no per-document state,
so one instance serves every widget.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from textual.widgets import Markdown

from quizapp.tui.text import safe_text


@cache
def shared_parser() -> MarkdownIt:
    return MarkdownIt("gfm-like")


class BankMarkdown(Markdown):
    """A Markdown widget that only ever shows bank text as text."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(safe_text(text), id=id, open_links=False, parser_factory=shared_parser)

    def show(self, text: str) -> None:
        """Replace the document with bank text, made safe first."""
        self.update(safe_text(text))

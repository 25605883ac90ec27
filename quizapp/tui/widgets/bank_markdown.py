"""Markdown for bank text: control characters made inert, links not opened, HTML shown as text.

Most bank text is paragraphs with inline code and emphasis, and code blocks for the numeric
drills' givens (``quizapp.banks.text`` reads them; the catalog has read its questions' text
ahead of time, and screens pass ``catalog.paragraphs`` as the widget's reader). Those render
synchronously as one ``Static`` holding ``Content``, inline styles as Textual's Markdown has
them. Anything else (lists, tables, quotes, headings) goes to Textual's ``Markdown`` widget,
imported on first use.
Measured on the path to the first question: Textual's Markdown costs ~30 ms of imports and
mounts its blocks a frame after the screen, so the prompt showed ~20 ms after the screen
around it; the feedback screen's explanation likewise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content, Span
from textual.widget import Widget
from textual.widgets import Static

from quizapp.banks.text import Paragraphs, parse_paragraphs, safe_text, shared_parser

if TYPE_CHECKING:
    from textual.widgets import Markdown

# As Textual's Markdown styles inline code, emphasis, strong and strikethrough.
CODE = "$text-warning 95% on $warning 10%"
STYLES = {
    "code": CODE,
    "em": "italic",
    "strong": "bold",
    "s": "strike",
    "link": "underline",
    "image": "underline",
    "code_block": "$text-primary",  # never wrapped by hand: a matrix row longer than the
}  # screen wraps rather than hiding its end, as Textual's horizontally scrolled fence did

Reader = Callable[[str], Paragraphs | None]  # bank text -> its paragraphs (None: other blocks)


def paragraphs_content(text: str, read: Reader = parse_paragraphs) -> Content | None:
    """Bank text as one ``Content`` when it is only paragraphs; None when it needs the widget."""
    paragraphs = read(text)
    if paragraphs is None:
        return None
    plain, spans = paragraphs
    return Content(plain, spans=[Span(start, end, STYLES[kind]) for start, end, kind in spans])


class BankMarkdown(Widget):
    """Bank text rendered as Markdown, only ever as text."""

    DEFAULT_CSS = """
    BankMarkdown {
        height: auto;
        margin: 0 1;
    }
    BankMarkdown > .paragraphs {
        padding: 0 2;
        margin-bottom: 1;
    }
    """

    def __init__(
        self, text: str = "", *, id: str | None = None, read: Reader = parse_paragraphs
    ) -> None:
        """``read``: where parsed text comes from (a catalog's ``paragraphs``, parsed ahead)."""
        super().__init__(id=id)
        self._read = read
        self._paragraphs = Static(classes="paragraphs")
        self._markdown: Markdown | None = None
        self._composed = False
        self.show(text)

    def compose(self) -> ComposeResult:
        self._composed = True
        yield self._paragraphs
        if self._markdown is not None:
            yield self._markdown

    def show(self, text: str) -> None:
        """Replace the document with bank text, made safe first."""
        self.source = safe_text(text)
        content = paragraphs_content(text, self._read)
        self._paragraphs.update(content or "")
        self._paragraphs.display = bool(content)
        if content is not None:
            if self._markdown is not None:
                self._markdown.display = False
        elif self._markdown is None:
            self._markdown = _full_markdown(self.source)
            if self._composed:
                self.mount(self._markdown)
        else:
            self._markdown.update(self.source)
            self._markdown.display = True


def _full_markdown(text: str) -> Markdown:
    from textual.widgets import Markdown

    return Markdown(text, open_links=False, parser_factory=shared_parser)

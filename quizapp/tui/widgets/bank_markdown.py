"""Markdown for bank text: control characters made inert, links not opened, HTML shown as text.

Most bank text is paragraphs with inline code and emphasis. Those render synchronously as one
``Static`` holding ``Content`` built from markdown-it's tokens, styled as Textual's Markdown
styles them; text with no Markdown syntax at all skips the parser. Anything else (lists,
tables, code blocks, quotes, headings) goes to Textual's ``Markdown`` widget, imported on
first use. Measured on the path to the first question: Textual's Markdown costs ~30 ms of
imports and mounts its blocks a frame after the screen, so the prompt showed ~20 ms later
than the screen around it; the feedback screen's explanation likewise.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content, Span
from textual.widget import Widget
from textual.widgets import Static

from quizapp.tui.text import safe_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from textual.widgets import Markdown

# Any of these may start Markdown syntax, or is whitespace markdown-it treats unlike Python's
# str.split(); text without them is paragraphs of words, rendered without the parser.
_SYNTAX = re.compile(
    r"[\\`*_\[\]<>#!&|~]|[^\S \t\n]|^[ \t]|^[-+=]|^\d+[.)]| {2}$|https?:|www\.", re.MULTILINE
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SPACE = re.compile(r"\s+")

# As Textual's Markdown styles inline code, emphasis, strong and strikethrough.
CODE = "$text-warning 95% on $warning 10%"
INLINE_STYLES = {"em": "italic", "strong": "bold", "s": "strike", "link": "underline"}


@cache
def shared_parser() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough; raw HTML stays text (text is text)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def paragraphs_content(text: str) -> Content | None:
    """Bank text as one ``Content`` when it is only paragraphs; None when it needs the widget."""
    if not _SYNTAX.search(text):
        parts = (" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text))
        return Content("\n\n".join(part for part in parts if part))
    return content_from_tokens(shared_parser().parse(text))


def content_from_tokens(tokens: list[Token]) -> Content | None:
    paragraphs: list[Content] = []
    for token in tokens:
        if token.type in ("paragraph_open", "paragraph_close"):
            continue
        if token.type != "inline" or token.level != 1:
            return None
        inline = _inline_content(token.children or [])
        if inline is None:
            return None
        paragraphs.append(inline)
    return Content("\n\n").join(paragraphs)


def _inline_content(children: list[Token]) -> Content | None:
    """As Textual's MarkdownBlock builds a paragraph, without click actions on links."""
    text: list[str] = []
    spans: list[Span] = []
    opened: list[tuple[str, int]] = []
    position = 0

    def add(piece: str) -> None:
        nonlocal position
        text.append(piece)
        position += len(piece)

    for child in children:
        kind = child.type
        if kind == "text":
            add(_SPACE.sub(" ", child.content))
        elif kind == "softbreak":
            if not (text and text[-1].endswith(" ")):  # "word \t" then a break: one space
                add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            spans.append(Span(position, position + len(child.content), CODE))
            add(child.content)
        elif kind == "image":
            start = position
            add(f"🖼  ({child.attrs.get('alt') or child.content})")
            spans.append(Span(start, position, "underline"))
        elif kind.endswith("_open") and kind[:-5] in INLINE_STYLES:
            opened.append((INLINE_STYLES[kind[:-5]], position))
        elif kind.endswith("_close") and kind[:-6] in INLINE_STYLES and opened:
            style, start = opened.pop()
            spans.append(Span(start, position, style))
        else:
            return None
    return Content("".join(text), spans=spans)


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

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
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
        content = paragraphs_content(self.source)
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

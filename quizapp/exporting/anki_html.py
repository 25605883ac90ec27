"""Bank Markdown as the HTML of an Anki field: rendered by markdown-it, inert for Anki.

The same CommonMark the app reads (tables and strikethrough on, raw HTML kept as text), with
one change: a soft line break (a YAML line wrap inside a paragraph) is a space, so a card reads
as the author's sentences on any screen width. Code spans stay literal (``x ** 2`` keeps its
operator). Control characters are made visible first (``quizapp.banks.text.safe_text``).

Anki reads some syntax inside fields: ``[sound:x.mp3]`` plays a file, ``[latex]``, ``[$]`` and
``[$$]`` render LaTeX to media, ``[anki:...]`` asks for text-to-speech, and ``{{...}}`` is
template syntax. Bank text is text, so each of those openings is written as an HTML entity: the
card shows the same characters and Anki finds no syntax in them.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from quizapp.banks.text import safe_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_ANKI_SYNTAX = re.compile(r"\[(?=/?(?:sound:|latex\]|\$\$?\]|anki:))|\{\{|\}\}")
_ENTITIES = {"[": "&#91;", "{{": "&#123;&#123;", "}}": "&#125;&#125;"}
_ONE_PARAGRAPH = re.compile(r"\A<p>((?:(?!</?p>).)*)</p>\n?\Z", re.DOTALL)


def inert(fragment: str) -> str:
    """HTML with Anki's media and template openings written as entities."""
    return _ANKI_SYNTAX.sub(lambda match: _ENTITIES[match.group(0)], fragment)


def _space(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return " "


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    parser.add_render_rule("softbreak", _space)
    return parser


def block_html(markdown: str) -> str:
    """Markdown as block HTML (paragraphs, lists, code blocks, tables)."""
    return inert(_parser().render(safe_text(markdown)).strip())


def inline_html(markdown: str) -> str:
    """Markdown for a place inside a line (an option, an answer): one paragraph loses its
    ``<p>``; anything longer stays block HTML."""
    rendered = block_html(markdown)
    match = _ONE_PARAGRAPH.match(rendered)
    return match.group(1) if match else rendered


def text_html(text: str) -> str:
    """Plain text (a formula, a drawn number), escaped and inert."""
    return inert(html.escape(safe_text(text), quote=False))

"""Bank text made safe to show, and its Markdown read into inline spans once, not per display.

Bank text is text: control characters (C0 except newline and tab, DEL, C1) become visible
stand-ins, ESC becomes '␛', so ``\\x1b]0;title\\x07`` shows those characters and does nothing.

Most bank text is paragraphs with inline code and emphasis, and the numeric drills' givens
are code blocks: ``parse_paragraphs`` turns such text into one string with styled spans
(kinds, not styles: the TUI chooses the look; code blocks indented by two spaces), and returns
None for anything else (lists, tables, quotes, headings), which needs a full Markdown
renderer. Text with no Markdown syntax skips the parser, and so do plain paragraphs around
``` code blocks (a drawn question); the catalog parses the rest of its questions' text when
it is built, so showing a question needs no parser at all (markdown-it's import is ~17 ms of
start-up). Tests hold both readings to markdown-it's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_PICTURES[0x7F] = "␡"
_PICTURES.update({code: "�" for code in range(0x80, 0xA0)})
_TABLE = str.maketrans(_PICTURES)

# Any of these may start Markdown syntax, or is whitespace markdown-it treats unlike Python's
# str.split(); text without them is paragraphs of words, read without the parser. By
# CommonMark's flanking rules an underscore after a letter, digit or combining mark cannot
# open emphasis (i_t, h̃_(t−1): emphasis needs an opener, so only an underscore after anything
# else counts); brackets make a link only as [text](url) or with a [label]: definition; & only
# as an entity.
_SYNTAX = re.compile(
    r"[\\`*<>#!|~]|(?<![^\W_])(?<![\u0300-\u036f\u20d0-\u20ff])_|\](?:\(|:)|&#?[0-9A-Za-z]+;"
    r"|[^\S \t\n]|^[ \t]|^[-+=]|^\d+[.)]| {2}$|https?:|www\.",
    re.MULTILINE,
)
_FENCE = "```"
_BLANK_LINE = re.compile(r"[ \t]*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SPACE = re.compile(r"\s+")

INLINE_KINDS = ("code", "em", "strong", "s", "link", "image")
Span = tuple[int, int, str]  # start, end, one of INLINE_KINDS or "code_block"
Paragraphs = tuple[str, tuple[Span, ...]]  # paragraphs joined by a blank line, and their spans


def safe_text(value: object) -> str:
    """A string with every terminal control character made visible and inert."""
    return str(value).translate(_TABLE)


def needs_parser(text: str) -> bool:
    return _SYNTAX.search(text) is not None


def new_parser() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough; raw HTML stays text (text is text)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@cache
def shared_parser() -> MarkdownIt:
    """The parser of the thread that shows text (``new_parser``, made once)."""
    return new_parser()


def parse_paragraphs(text: str) -> Paragraphs | None:
    """Safe text as paragraphs and code blocks with spans, or None when it has other blocks."""
    return _parse_safe(safe_text(text))


def parse_all(texts: Iterable[str], *, own_parser: bool = False) -> dict[str, Paragraphs | None]:
    """What ``parse_paragraphs`` makes of each text that needs the parser, keyed by the text;
    ``own_parser``: with a parser of its own (a thread beside the one showing text)."""
    parser = new_parser() if own_parser else shared_parser()
    safe = {text: safe_text(text) for text in dict.fromkeys(texts)}  # first-seen order: stable
    return {text: _parse_safe(shown, parser) for text, shown in safe.items() if needs_parser(shown)}


def _parse_safe(text: str, parser: MarkdownIt | None = None) -> Paragraphs | None:
    if not needs_parser(text):
        return _plain_paragraphs(text)
    fenced = _fenced_paragraphs(text)
    if fenced is not None:
        return fenced
    return paragraphs_from_tokens((parser or shared_parser()).parse(text))


def _plain_paragraphs(text: str) -> Paragraphs:
    parts = (" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(part for part in parts if part), ()


def _fenced_paragraphs(text: str) -> Paragraphs | None:
    """Plain paragraphs and ``` code blocks, each between blank lines (a drawn question's
    prose and givens), read as markdown-it reads them; None for anything else (the parser
    reads it). The first drawn question of a start then needs no parser (its import is ~17
    ms of the keypress)."""
    pieces: list[tuple[str, Sequence[Span]]] = []
    lines = text.split("\n")
    at = 0
    while at < len(lines):
        if _BLANK_LINE.fullmatch(lines[at]):
            at += 1
            continue
        if lines[at] == _FENCE:
            end = at + 1
            while end < len(lines) and not _opens_fence(lines[end]):
                end += 1
            if end == len(lines) or lines[end] != _FENCE:
                return None  # unclosed, or closed by a fence of another form
            code = _code_block("".join(line + "\n" for line in lines[at + 1 : end]))
            pieces.append((code, [(0, len(code), "code_block")]))
            at = end + 1
            if at < len(lines) and not _BLANK_LINE.fullmatch(lines[at]):
                return None  # a paragraph straight after the fence
            continue
        end = at
        while end < len(lines) and not _BLANK_LINE.fullmatch(lines[end]):
            end += 1
        paragraph = "\n".join(lines[at:end])
        if needs_parser(paragraph):
            return None
        pieces.append(_plain_paragraphs(paragraph))
        at = end
    if not any(spans for _, spans in pieces):
        return None  # no code block: the syntax is elsewhere
    return _joined(pieces)


def _opens_fence(line: str) -> bool:
    stripped = line.lstrip(" \t")
    return stripped.startswith(("```", "~~~"))


def _code_block(content: str) -> str:
    """A code block's lines, each indented by two spaces (trailing empty lines dropped)."""
    return "\n".join(f"  {line}" for line in content.rstrip("\n").split("\n"))


def paragraphs_from_tokens(tokens: list[Token]) -> Paragraphs | None:
    pieces: list[tuple[str, Sequence[Span]]] = []
    for token in tokens:
        if token.type in ("paragraph_open", "paragraph_close"):
            continue
        if token.type in ("fence", "code_block") and token.level == 0:
            code = _code_block(token.content)
            inline: tuple[str, Sequence[Span]] | None = (code, [(0, len(code), "code_block")])
        elif token.type == "inline" and token.level == 1:
            inline = _inline(token.children or [])
        else:
            return None
        if inline is None:
            return None
        pieces.append(inline)
    return _joined(pieces)


def _joined(pieces: Iterable[tuple[str, Sequence[Span]]]) -> Paragraphs:
    """Blocks (text and its spans) as one text, a blank line between blocks, spans moved."""
    plain: list[str] = []
    spans: list[Span] = []
    offset = 0
    for text, block_spans in pieces:
        if plain:
            plain.append("\n\n")
            offset += 2
        plain.append(text)
        spans.extend((start + offset, end + offset, kind) for start, end, kind in block_spans)
        offset += len(text)
    return "".join(plain), tuple(spans)


def _inline(children: list[Token]) -> tuple[str, list[Span]] | None:
    """As Textual's MarkdownBlock reads a paragraph (whitespace runs become one space)."""
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
            spans.append((position, position + len(child.content), "code"))
            add(child.content)
        elif kind == "image":
            start = position
            add(f"🖼  ({child.attrs.get('alt') or child.content})")
            spans.append((start, position, "image"))
        elif kind.endswith("_open") and kind[:-5] in INLINE_KINDS:
            opened.append((kind[:-5], position))
        elif kind.endswith("_close") and kind[:-6] in INLINE_KINDS and opened:
            name, start = opened.pop()
            spans.append((start, position, name))
        else:
            return None
    return "".join(text), spans

"""Line breaks between Chinese characters, for every paragraph the app wraps.

Rich (and Textual's ``Content``, which wraps with Rich's ``divide_line``) breaks lines only at
spaces: a Chinese sentence is one long "word". A paragraph with one early space ("编写
param_count：一个循环层的参数量……") broke at that space and left "编写" alone on its line, and
every line ended wherever the last space happened to be. Chinese may break between any two
characters except before closing punctuation or after opening punctuation (避头尾), so each
wide character here is a word of its own, with the closing marks after it and the opening
marks before it; text without wide characters splits exactly as Rich splits it, so it is split
by Rich's own pattern, and the wide one (its character classes took 4 ms of every start to
compile) is compiled when the first wide character is wrapped.

Rich has no hook for this (its maintainers: "Rich isn't aware of the rules regarding
wrapping Chinese"), so ``install`` replaces the ``words`` that ``rich._wrap.divide_line``
calls; ``tests/tui/test_line_breaks.py`` fails if that function stops calling it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import rich._wrap

# Han, kana, CJK symbols and punctuation, fullwidth forms: what is written without spaces
WIDE = "\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
FIRST_WIDE = "\u2e80"  # a text whose characters all sort before it has no wide one
CLOSING = "，。、；：！？）】》」』〉〕”’"  # never at the start of a line
OPENING = "（【《「『〈〔“‘"  # never at the end of a line
WIDE_WORDS = (
    rf"\s*(?:[{OPENING}]*(?![{OPENING}])[{WIDE}][{CLOSING}]*"  # a wide character
    rf"|[{OPENING}]*[^\s{WIDE}]+[{CLOSING}]*"  # a run of narrow ones: a word, as in Rich
    r"|\S)\s*"  # anything else (an opening mark before a space), alone
)
RICH_WORDS = rich._wrap.re_word  # Rich's own pattern, which WIDE_WORDS extends
RICH_SPLIT = rich._wrap.words  # Rich's own words(), which install replaces


@functools.cache
def wide_words() -> re.Pattern[str]:
    """WIDE_WORDS, compiled once a text with a wide character is wrapped."""
    return re.compile(WIDE_WORDS)


def words_by(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int, str]]:
    """Rich's ``words`` loop (each word's start, end and text, with the spaces after it) by
    ``pattern``: Rich's own reads the pattern from its module, which install leaves alone."""
    match = pattern.match(text)
    while match is not None:
        start, end = match.span()
        yield start, end, match.group(0)
        match = pattern.match(text, end)


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """``text``'s words: Rich's own split for a text without wide characters, else by
    WIDE_WORDS."""
    if text.isascii() or max(text) < FIRST_WIDE:
        return iter(RICH_SPLIT(text))
    return words_by(wide_words(), text)


def install() -> None:
    """Make Rich's (and so Textual's) wrapping break between Chinese characters."""
    rich._wrap.words = words

"""Line breaks between Chinese characters, for every paragraph the app wraps.

Rich (and Textual's ``Content``, which wraps with Rich's ``divide_line``) breaks lines only at
spaces: a Chinese sentence is one long "word". A paragraph with one early space ("编写
param_count：一个循环层的参数量……") broke at that space and left "编写" alone on its line, and
every line ended wherever the last space happened to be. Chinese may break between any two
characters except before closing punctuation or after opening punctuation (避头尾), so each
wide character here is a word of its own, with the closing marks after it and the opening
marks before it; text without wide characters splits exactly as Rich splits it.

Rich has no hook for this (its maintainers: "Rich isn't aware of the rules regarding
wrapping Chinese"), so ``install`` replaces the pattern ``rich._wrap.words`` reads;
``tests/tui/test_line_breaks.py`` fails if that module stops reading it.
"""

from __future__ import annotations

import re

import rich._wrap

# Han, kana, CJK symbols and punctuation, fullwidth forms: what is written without spaces
WIDE = "\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
CLOSING = "，。、；：！？）】》」』〉〕”’"  # never at the start of a line
OPENING = "（【《「『〈〔“‘"  # never at the end of a line
WORDS = re.compile(
    rf"\s*(?:[{OPENING}]*(?![{OPENING}])[{WIDE}][{CLOSING}]*"  # a wide character
    rf"|[{OPENING}]*[^\s{WIDE}]+[{CLOSING}]*"  # a run of narrow ones: a word, as in Rich
    r"|\S)\s*"  # anything else (an opening mark before a space), alone
)
RICH_WORDS = rich._wrap.re_word  # Rich's own pattern (read before install), which WORDS extends


def install() -> None:
    """Make Rich's (and so Textual's) wrapping break between Chinese characters."""
    rich._wrap.re_word = WORDS

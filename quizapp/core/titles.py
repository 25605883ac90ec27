"""What screens call a topic and a question in one line: words a learner reads, never ids.

A topic with a ``title`` (every built-in one) is called by it. Otherwise (a learner's bank
may give a summary only) its title is the summary's first clause (up to the first ": ", "; " or
". " outside brackets; "et al." and a ratio's " : " do not end one), with the next clause too
when the first is a stub ("Per unit", "Pascanu et al."), cut at a word boundary. A topic
without a summary keeps its id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from quizapp.i18n.width import cell_width, fit

TOPIC_WIDTH = 48  # cells: a title and a score fit one line at 80 columns
STUB = 14  # a first clause shorter than this says too little on its own
_ABBREVIATIONS = ("et al", "e.g", "i.e", "vs", "cf")
_INLINE_MARKS = re.compile(r"\*\*|__|`")


def topic_title(topic_id: str, summaries: Mapping[str, str], width: int = TOPIC_WIDTH) -> str:
    """The topic's title as a learner reads it, at most ``width`` characters."""
    summary = " ".join(summaries.get(topic_id, "").split())
    if not summary:
        return topic_id
    title = _first_clause(summary)
    if cell_width(title) < STUB or title.lower().endswith(tuple(a + "." for a in _ABBREVIATIONS)):
        rest = summary[len(title) + 1 :].strip()
        joint = ": " if title.isascii() else "："
        title = f"{title}{joint}{_first_clause(rest)}" if rest else title
    return shorten(title.rstrip(".。") if not title.endswith("al.") else title, width)


def first_line(text: str, width: int = 72) -> str:
    """A prompt's first line as plain text: Markdown's inline marks and a heading's or quote's
    leading marks dropped, cut at ``width``."""
    for line in text.splitlines():
        line = _INLINE_MARKS.sub("", line).strip().lstrip("#>").strip()
        if line:
            return shorten(line, width)
    return ""


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary with "…" when it is wider than ``width`` cells (a CJK
    character takes two; Chinese, which has no spaces, is cut between characters)."""
    text = " ".join(text.split())
    if cell_width(text) <= width:
        return text
    cut = fit(text, width)[:-1]
    if " " in cut[len(cut) // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:，；：、") + "…"


def _first_clause(summary: str) -> str:
    depth = 0
    for index, char in enumerate(summary):
        if char in "([{（":
            depth += 1
        elif char in ")]}）":
            depth = max(0, depth - 1)
        elif depth == 0 and char in "：；。":  # Chinese ends a clause with no space after
            return summary[: index + 1] if char == "。" else summary[:index]
        elif depth == 0 and char in ":;." and summary[index + 1 : index + 2] == " ":
            if char == "." and summary[:index].lower().endswith(_ABBREVIATIONS):
                continue
            if char == ":" and summary[index - 1 : index] == " ":
                continue  # "LSTM : GRU : vanilla RNN" is a ratio, not a clause
            return summary[: index + 1] if char == "." else summary[:index]
    return summary

"""How wide text is on a terminal: CJK characters take two cells, combining marks none.

``len`` counts characters, so a column padded with ``str.ljust`` or cut with ``text[:n]`` goes
out of line (or cuts a character in half) as soon as it holds Chinese. These measure and pad
by cells, as the terminal draws them (the same rule as ``rich.cells.cell_len``, without
importing rich, so the headless core and the CLI can use them too).

>>> cell_width("输入门 gate")
11
>>> pad("门", 4) + "|"
'门  |'
>>> fit("长短期记忆网络", 5)
'长短…'
>>> wrap_cells("门控循环单元 GRU", 8)
['门控循环', '单元 GRU']
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"


def char_width(char: str) -> int:
    if unicodedata.combining(char) or char in "\u200b\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes on one line."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces to ``width`` cells (left-aligned column)."""
    return text + " " * max(0, width - cell_width(text))


def pad_left(text: str, width: int) -> str:
    """Spaces then ``text``, to ``width`` cells (right-aligned column)."""
    return " " * max(0, width - cell_width(text)) + text


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, with an ellipsis when cut, never half a wide
    character."""
    if cell_width(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for char in text:
        step = char_width(char)
        if used + step > width - 1:
            break
        out.append(char)
        used += step
    return "".join(out) + ELLIPSIS


# Chinese punctuation a line never starts with (it closes what is before it): the character
# before it moves down with it
NO_LINE_START = frozenset("，。、；：？！）」』】》〉”’…")


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells: broken at a space where there is one in
    reach, anywhere between two wide characters (Chinese needs no space to break), never
    inside a Latin word unless it alone is wider than a line, and never before closing
    punctuation such as "，" or "）"."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0
        for word in _breakable(paragraph):
            size = cell_width(word)
            if used + size > width and line.strip():
                kept, carried = line.rstrip(), ""
                if word[:1] in NO_LINE_START:  # "，" never starts a line: 的位 / 置，
                    cut = len(kept)
                    while cut > 1 and kept[cut - 1] in NO_LINE_START:
                        cut -= 1
                    if cut > 1 and char_width(kept[cut - 1]) == 2:
                        kept, carried = kept[: cut - 1], kept[cut - 1 :]
                lines.append(kept.rstrip())
                line = carried + word.lstrip()
                used = cell_width(line)
            else:
                line, used = line + word, used + size
        lines.append(line.rstrip())
    return lines


def _breakable(text: str) -> list[str]:
    """Pieces that may start a new line: each wide character, each space-led Latin run."""
    pieces: list[str] = []
    for char in text:
        if char_width(char) == 2 or not pieces or char == " " or char_width(pieces[-1][-1]) == 2:
            pieces.append(char)
        else:
            pieces[-1] += char
    return pieces

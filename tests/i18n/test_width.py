"""Terminal cells, not characters: the pattern for any text the TUI or CLI lays out itself.

A screen that pads or cuts text with ``len``, ``str.ljust`` or ``text[:n]`` misaligns (or cuts
a character in half) once the text is Chinese; measure with ``cell_width`` and lay out with
``pad``, ``pad_left``, ``fit`` and ``wrap_cells`` instead, and test it as these tests do: the
widths of the laid-out lines, in Chinese and in English.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from quizapp.i18n.width import cell_width, fit, pad, pad_left, wrap_cells

SAMPLES = ["输入门", "gate", "遗忘门 f_t", "h̃_t", "（LSTM）", "⊙", "", "长短期记忆网络（LSTM）"]


@pytest.mark.parametrize("text", SAMPLES)
def test_cells_as_rich_counts_them(text: str) -> None:
    assert cell_width(text) == cell_len(text)


def test_a_column_of_mixed_labels_lines_up() -> None:
    labels = ["遗忘门", "forget gate", "候选记忆元 g_t"]
    width = max(cell_width(label) for label in labels)
    rows = [pad(label, width) + "|" for label in labels]
    assert {cell_width(row) for row in rows} == {width + 1}
    assert {cell_width(pad_left(label, 16)) for label in labels} == {16}


@pytest.mark.parametrize("width", [1, 2, 3, 5, 8])
def test_fit_never_cuts_a_wide_character_or_overflows(width: int) -> None:
    shown = fit("长短期记忆网络", width)
    assert cell_width(shown) <= width
    assert shown == "长短期记忆网络" or shown.endswith("…")


def test_wrapping_by_cells_breaks_chinese_anywhere_and_latin_at_spaces() -> None:
    text = "门控循环单元（GRU）只有两个门：重置门 r_t 和更新门 z_t，没有单独的记忆元。"
    lines = wrap_cells(text, 20)
    assert all(cell_width(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.endswith("r_") or line.startswith("t ") for line in lines)
    assert wrap_cells("the forget gate decides", 10) == ["the forget", "gate", "decides"]


@pytest.mark.parametrize("width", range(8, 41))
def test_closing_punctuation_never_starts_a_line(width: int) -> None:
    text = "学习进度和你自己的题库存放的位置（默认：系统的用户数据目录）。也可以写在子命令之前。"
    lines = wrap_cells(text, width)
    assert all(cell_width(line) <= width for line in lines)
    assert "".join(lines) == text
    assert not any(line and line[0] in "，。、；：？！）" for line in lines)

"""Find English left on a Chinese screen: runs of three or more Latin words in a row.

Symbols, formulas, identifiers and paths are not English prose: a token with a digit, an
underscore, a slash, a dot inside or a Greek letter never counts as a word, and the names in
``SYMBOLS`` (cells, functions, keys, the program's own name) never do either. Text quoted from
a library (SQLite's own error message) is passed as ``quoted`` and left out.
"""

from __future__ import annotations

import re

SYMBOLS = frozenset(
    {
        "RNN", "LSTM", "GRU", "rnn", "lstm", "gru", "tanh", "relu", "sigmoid", "PyTorch",
        "Keras", "quizapp", "SQLite", "JSON", "UTF", "UTC", "FIFO", "Enter", "Esc", "Tab",
        "ctrl", "q", "k", "a", "b", "c", "h", "x", "i", "f", "g", "o", "r", "z", "n", "T", "H",
        "I", "W", "U", "chmod", "chattr", "schema", "application", "id", "null", "seed",
    }
)  # fmt: skip
WORD = re.compile(r"[A-Za-z]+")


def english_runs(text: str, quoted: tuple[str, ...] = ()) -> list[str]:
    """Each run of 3+ consecutive English words (tokens split at spaces and CJK text)."""
    for part in quoted:
        text = text.replace(part, " ")
    runs: list[str] = []
    current: list[str] = []
    # CJK characters and full-width punctuation end a run as a space does
    for token in re.split(r"[\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef·]+", text):
        word = token.strip(",.;:!?()[]'\"")
        if WORD.fullmatch(word) and word not in SYMBOLS:
            current.append(word)
            continue
        if len(current) >= 3:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 3:
        runs.append(" ".join(current))
    return runs


def test_the_detector_itself() -> None:
    assert english_runs("梯度消失（每步 ×0.500）") == []
    assert english_runs("RNN ρ* ≈ 1.234 · clip_grad_norm at 5") == []
    assert english_runs("保存失败：the disk is full") == ["the disk is full"]
    assert english_runs("q 退出 · Enter 返回") == []

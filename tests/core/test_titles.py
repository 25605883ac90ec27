"""Topics and questions named in words: a topic's title from its summary, a prompt's first line."""

from __future__ import annotations

import pytest

from quizapp.core.titles import first_line, shorten, topic_title

SUMMARIES = {
    "exploding": "Exploding gradients: unstable training, overflow, NaN weights.",
    "pascanu": "Pascanu et al.: largest singular value of W_hh < 1/gamma is sufficient.",
    "stub": "Per unit: three sigmoid layers and one tanh layer.",
    "ratio": "With matching bias conventions LSTM : GRU : vanilla RNN parameters are 4 : 3 : 1.",
    "brackets": "A gate is a sigmoid layer on [h_{t-1}, x_t]: 0 blocks, 1 passes.",
    "sentence": "Peepholes let the gates see the cell. Gers and Schmidhuber 2000.",
}


@pytest.mark.parametrize(
    ("topic", "title"),
    [
        ("exploding", "Exploding gradients"),
        ("pascanu", "Pascanu et al.: largest singular value of W_hh…"),
        ("stub", "Per unit: three sigmoid layers and one tanh…"),
        ("ratio", "With matching bias conventions LSTM : GRU…"),
        ("brackets", "A gate is a sigmoid layer on [h_{t-1}, x_t]"),
        ("sentence", "Peepholes let the gates see the cell"),
        ("unknown", "unknown"),  # no summary: the id is all there is
    ],
)
def test_topic_titles(topic: str, title: str) -> None:
    assert topic_title(topic, SUMMARIES) == title
    assert len(topic_title(topic, SUMMARIES)) <= 48


def test_first_line_drops_markdown_marks() -> None:
    assert first_line("\n> **Why** is `tanh` used?\n\nMore text.") == "Why is tanh used?"
    assert first_line("") == ""


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("short", 12) == "short"
    assert shorten("a" * 20, 8) == "aaaaaaa…"

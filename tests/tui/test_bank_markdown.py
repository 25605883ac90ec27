"""BankMarkdown: paragraphs render as one Static like Textual's Markdown; the rest goes to it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Markdown, Static

from quizapp.core.context import open_context
from quizapp.tui.widgets.bank_markdown import (
    _SYNTAX,
    CODE,
    BankMarkdown,
    content_from_tokens,
    paragraphs_content,
    shared_parser,
)


def _bank_texts(tmp_path: Path) -> list[str]:
    context = open_context(tmp_path / "data", seed=0)
    texts = []
    for question in context.catalog.questions.values():
        texts.append(question.prompt)
        if question.explanation:
            texts.append(question.explanation)
    context.close()
    return texts


def test_plain_text_skips_the_parser_and_matches_it(tmp_path: Path) -> None:
    """Every built-in text with no Markdown syntax renders the same with or without it."""
    texts = _bank_texts(tmp_path)
    plain = [t for t in texts if paragraphs_content(t) is not None and "`" not in t]
    assert len(plain) > 100
    for text in plain:
        assert paragraphs_content(text) == content_from_tokens(shared_parser().parse(text))


def test_the_fast_path_agrees_with_the_parser_on_random_text() -> None:
    """Text the syntax check lets through is exactly what markdown-it makes of it."""
    rng = random.Random(7)
    alphabet = "ab1 2.,)-=+:;'\"?\t\n\n\r\u00e9\u2299\u00a0\u3000"
    skipped = 0
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        if _SYNTAX.search(text):
            skipped += 1
            continue
        assert paragraphs_content(text) == content_from_tokens(shared_parser().parse(text)), text
    assert 4000 - skipped > 400  # enough strings took the fast path to mean something


def test_every_builtin_text_renders_without_the_markdown_widget(tmp_path: Path) -> None:
    assert all(paragraphs_content(t) is not None for t in _bank_texts(tmp_path))


def test_inline_styles_match_textual_markdown() -> None:
    content = paragraphs_content("Use `h_t` with *care*, **bold** and ~~old~~ [docs](http://x).")
    assert content is not None
    assert content.plain == "Use h_t with care, bold and old docs."
    styled = {content.plain[s.start : s.end]: s.style for s in content.spans}
    assert styled == {
        "h_t": CODE,
        "care": "italic",
        "bold": "bold",
        "old": "strike",
        "docs": "underline",
    }


def test_paragraphs_and_breaks() -> None:
    content = paragraphs_content("one\ntwo   words\n\n\nthree  \nfour")
    assert content is not None
    assert content.plain == "one two words\n\nthree\nfour"  # soft break, then a hard one


@pytest.mark.parametrize(
    "text",
    [
        "- a list\n- of items",
        "1. first\n2. second",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "```\nW = [[1, 2]]\n```",
        "    indented code",
        "> a quote",
        "# A heading",
        "---",
    ],
)
def test_other_blocks_need_the_markdown_widget(text: str) -> None:
    assert paragraphs_content(text) is None


def test_markup_and_html_stay_text() -> None:
    text = "Markup [bold]x[/bold] [@click=app.quit]y[/] and <b>html</b> &amp; more"
    content = paragraphs_content(text)
    assert content is not None
    assert content.plain == "Markup [bold]x[/bold] [@click=app.quit]y[/] and <b>html</b> & more"
    assert content.spans == []


class _Host(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield BankMarkdown(self.text, id="doc")


def _shown(widget: BankMarkdown) -> list[str]:
    return [type(child).__name__ for child in widget.children if child.display]


async def test_the_widget_switches_between_paragraphs_and_markdown() -> None:
    app = _Host("A `paragraph`.")
    async with app.run_test(size=(60, 12)) as pilot:
        doc = app.query_one("#doc", BankMarkdown)
        assert _shown(doc) == ["Static"]
        assert str(doc.query_one(".paragraphs", Static).content) == "A paragraph."
        doc.show("- a list\n- [bold]item[/bold]")
        await pilot.pause()
        assert _shown(doc) == ["Markdown"]
        markdown = doc.query_one(Markdown)
        assert markdown.source == "- a list\n- [bold]item[/bold]"
        assert "[bold]item[/bold]" in app.export_screenshot().replace("&#160;", " ")
        doc.show("Back to words.")
        await pilot.pause()
        assert _shown(doc) == ["Static"]
        doc.show("")
        assert _shown(doc) == []


async def test_a_document_that_needs_markdown_from_the_start() -> None:
    app = _Host("```\nW = [[0.5, -1]]\n```")
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        doc = app.query_one("#doc", BankMarkdown)
        assert _shown(doc) == ["Markdown"]
        assert "W = [[0.5, -1]]" in app.export_screenshot().replace("&#160;", " ")

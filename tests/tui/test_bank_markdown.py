"""BankMarkdown: paragraphs render as one Static like Textual's Markdown; the rest goes to it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Markdown, Static

from quizapp.core.catalog import Catalog
from quizapp.tui.widgets.bank_markdown import CODE, BankMarkdown, paragraphs_content


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


def test_texts_the_catalog_parsed_are_not_parsed_again() -> None:
    text = "A `remembered` text that only this test uses"
    catalog = Catalog({}, [], {}, parsed_texts={text: ("shown as remembered", ((9, 19, "code"),))})
    content = paragraphs_content(text, catalog.paragraphs)
    assert content is not None and content.plain == "shown as remembered"
    assert [(s.start, s.end, s.style) for s in content.spans] == [(9, 19, CODE)]


def test_a_cached_start_shows_inline_code_without_the_parser(tmp_path: Path) -> None:
    """The catalog parsed the prompt when it was built; showing it loads no markdown-it."""
    bank = tmp_path / "code.yaml"
    bank.write_text(CODE_BANK)
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        from pathlib import Path
        from quizapp.launch import prepare

        app = prepare(Path({str(tmp_path / "data")!r}), [Path({str(bank)!r})], builtin=False)

        async def main():
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.press("r")
                prompt = app.screen.query_one("#prompt .paragraphs").content
                print(prompt.plain, [str(s.style) for s in prompt.spans])
            app.context.close()

        asyncio.run(main())
        print("markdown_it" in sys.modules)
        """
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    shown, loaded = runs[1].stdout.strip().splitlines()
    assert shown == f"What does h_t hold? [{CODE!r}]"
    assert runs[0].stdout.strip().endswith("True")  # the first start built the catalog
    assert loaded == "False"


CODE_BANK = """\
bank: {id: code, title: Code}
questions:
  - id: code.q
    kind: short
    topics: [lstm.equations]
    prompt: "What does `h_t` hold?"
    answers: [the hidden state]
    explanation: The hidden state.
"""


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
    app = _Host("| W | b |\n|---|---|\n| [[0.5, -1]] | 0 |")
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        doc = app.query_one("#doc", BankMarkdown)
        assert _shown(doc) == ["Markdown"]
        assert "[[0.5, -1]]" in app.export_screenshot().replace("&#160;", " ")

"""Bank text: control characters made inert; paragraphs read into inline spans, once."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.banks.text import (
    Paragraphs,
    needs_parser,
    paragraphs_from_tokens,
    parse_paragraphs,
    safe_text,
    shared_parser,
)
from quizapp.core.catalog import Catalog
from quizapp.core.context import open_context


def _by_parser(text: str) -> Paragraphs | None:
    return paragraphs_from_tokens(shared_parser().parse(safe_text(text)))


@pytest.fixture(scope="module")
def builtin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    context = open_context(tmp_path_factory.mktemp("bank-text") / "data", seed=0)
    context.write_cache()  # what the app does a moment after its first screen
    yield context.catalog
    context.close()


def _texts(catalog: Catalog) -> list[str]:
    texts = []
    for question in catalog.questions.values():
        texts += [question.prompt, question.explanation]
    return texts


def test_plain_text_skips_the_parser_and_reads_the_same(builtin: Catalog) -> None:
    plain = [t for t in _texts(builtin) if not needs_parser(t)]
    assert len(plain) > 100
    for text in plain:
        assert parse_paragraphs(text) == _by_parser(text), text


def test_the_fast_path_agrees_with_the_parser_on_random_text() -> None:
    """Text the syntax check lets through is exactly what markdown-it makes of it."""
    rng = random.Random(7)
    alphabet = "ab1 2.,)-=+:;'\"?\t\n\n\r\u00e9\u2299\u00a0\u3000"
    fast = 0
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        if not needs_parser(safe_text(text)):
            fast += 1
            assert parse_paragraphs(text) == _by_parser(text), repr(text)
    assert fast > 400  # enough strings took the fast path to mean something


def test_the_catalog_parsed_every_text_that_needs_it(builtin: Catalog) -> None:
    needing = {t for t in _texts(builtin) if needs_parser(t)}
    assert len(needing) > 50
    assert needing <= set(builtin.parsed_texts)
    for text in needing:
        assert builtin.parsed_texts[text] == parse_paragraphs(text)
        assert builtin.parsed_texts[text] is not None  # built-in text is all paragraphs


def _paragraphs(text: str) -> Paragraphs:
    """What parse_paragraphs makes of text that is only paragraphs."""
    parsed = parse_paragraphs(text)
    assert parsed is not None, text
    return parsed


def test_inline_kinds() -> None:
    text, spans = _paragraphs("Use `h_t` with *care*, **bold**, ~~old~~ and [docs](http://x).")
    assert text == "Use h_t with care, bold, old and docs."
    assert {text[a:b]: kind for a, b, kind in spans} == {
        "h_t": "code",
        "care": "em",
        "bold": "strong",
        "old": "s",
        "docs": "link",
    }


def test_spans_follow_their_paragraph() -> None:
    text, spans = _paragraphs("First `a`.\n\nSecond `b`.")
    assert text == "First a.\n\nSecond b."
    assert [text[a:b] for a, b, _ in spans] == ["a", "b"]


def test_paragraphs_and_breaks() -> None:
    assert parse_paragraphs("one\ntwo   words\n\n\nthree  \nfour") == (
        "one two words\n\nthree\nfour",  # a soft break, then a hard one
        (),
    )


@pytest.mark.parametrize(
    "text",
    [
        "- a list\n- of items",
        "1. first\n2. second",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "> a quote",
        "# A heading",
        "---",
    ],
)
def test_other_blocks_need_a_markdown_renderer(text: str) -> None:
    assert parse_paragraphs(text) is None


def test_code_blocks_are_kept_line_by_line_and_indented() -> None:
    text = "Compute h from:\n\n```\nW = [[0.5, -1]\n     [2, 0]]\n```\n\nto 3 decimals."
    plain, spans = _paragraphs(text)
    assert plain == "Compute h from:\n\n  W = [[0.5, -1]\n       [2, 0]]\n\nto 3 decimals."
    assert [(plain[a:b], kind) for a, b, kind in spans] == [
        ("  W = [[0.5, -1]\n       [2, 0]]", "code_block")
    ]
    assert parse_paragraphs("    indented code") == ("  indented code", ((0, 15, "code_block"),))
    assert parse_paragraphs("- a list\n\n  ```\n  x\n  ```") is None  # a code block in a list


def test_markup_html_and_control_characters_stay_text() -> None:
    text = "Markup [bold]x[/bold] [@click=app.quit]y[/] and <b>html</b> &amp; \x1b]0;t\x07"
    assert parse_paragraphs(text) == (
        "Markup [bold]x[/bold] [@click=app.quit]y[/] and <b>html</b> & ␛]0;t␇",
        (),
    )


def test_the_safe_text_of_a_path_is_its_string(tmp_path: Path) -> None:
    assert safe_text(tmp_path) == str(tmp_path)

"""Bank text: control characters made inert; paragraphs read into inline spans, once."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.banks.text import (
    Paragraphs,
    _fenced_paragraphs,
    needs_parser,
    paragraphs_from_tokens,
    parse_paragraphs,
    safe_text,
    shared_parser,
)
from quizapp.core.catalog import Catalog
from quizapp.core.context import open_context
from quizapp.core.presenter import present
from quizapp.i18n import Language

LANGUAGES: tuple[Language, ...] = ("en", "zh")


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
    alphabet = "ab1 2.,)-=+:;'\"?_\t\n\n\r\u00e9\u2299\u00a0\u3000\u95e8"
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


def _random_block(rng: random.Random) -> str:
    """A paragraph, a code block or a near miss of one (the forms the fast path must refuse)."""
    roll = rng.random()
    if roll < 0.45:
        words = ["i_t", "h_(t−1)", "h̃_t", "W_x·x", "gate", "门_t", "[i][j]", "b_", "&", "x"]
        words += ["_a", "x__y", "(_a_)", "[a](b)", "[a]:", "&amp;", "*", "2.", "-"]
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
    lines = ["W = [[0.5, -1]", "     [2, 0]]", "", "  x", "\t= 3", "h_t  ", "``` ", " ```", "~~~"]
    body = "\n".join(rng.choice(lines) for _ in range(rng.randint(0, 4)))
    opener = rng.choice(["```"] * 6 + ["```python", " ```", "~~~"])
    closer = rng.choice(["```"] * 6 + ["", "``` ", "````"])
    return f"{opener}\n{body}\n{closer}" if body else f"{opener}\n{closer}"


def test_paragraphs_and_code_blocks_skip_the_parser_and_read_the_same() -> None:
    """Paragraphs and ``` code blocks between blank lines (a drawn question's prose and givens)
    read without the parser exactly as markdown-it reads them; anything else goes to it."""
    rng = random.Random(11)
    fast = 0
    for _ in range(3000):
        blocks = [_random_block(rng) for _ in range(rng.randint(1, 4))]
        gaps = [rng.choice(["\n\n", "\n\n\n", "\n \n", "\n"]) for _ in blocks]
        text = "".join(gap + block for gap, block in zip(gaps, blocks, strict=True))[len(gaps[0]) :]
        if _fenced_paragraphs(safe_text(text)) is not None:
            fast += 1
        assert parse_paragraphs(text) == _by_parser(text), repr(text)
    assert fast > 100  # 135 of these 3,000 texts (the rest: syntax in a paragraph, near misses)


def test_underscores_that_cannot_open_emphasis_are_not_syntax() -> None:
    """After a letter, digit or combining mark an underscore cannot open emphasis (a closer
    alone is text); after a space, punctuation, another underscore or nothing it can."""
    assert not needs_parser("the gate i_t and h_(t−1), W_xi·x, h̃_t, 门_t, x_ and [i][j] & co")
    for text in ("_a", "a _b", "a__b", "(_a_)", "a_\u00a0b", "[a](b)", "[a]: b", "&amp;"):
        assert needs_parser(text), text


def test_every_drawn_prompt_reads_as_the_parser_reads_it(builtin: Catalog) -> None:
    """Drawn questions (their prose and their givens' code block), in English and Chinese,
    over several draws: the same paragraphs and spans as markdown-it's, without the parser."""
    drawn = [q for q in builtin.questions.values() if getattr(q, "template", None)]
    assert len(drawn) > 50
    skipped = 0
    for language in LANGUAGES:
        catalog = builtin.in_language(language)
        for question in drawn:
            for seed in range(3):
                prompt = present(
                    catalog.questions[question.id], random.Random(seed), language=language
                ).prompt
                assert parse_paragraphs(prompt) == _by_parser(prompt), (question.id, language)
                if (
                    needs_parser(safe_text(prompt))
                    and _fenced_paragraphs(safe_text(prompt)) is None
                ):
                    skipped += 1
    assert skipped < 0.2 * 6 * len(drawn)  # most drawn prompts need no parser
    first = builtin.questions["numeric_drills.lstm-step-i"]  # the start-up benchmark's numeric
    for language in LANGUAGES:
        prompt = present(first, random.Random(0), language=language).prompt
        assert _fenced_paragraphs(safe_text(prompt)) is not None, language

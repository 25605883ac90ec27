"""Chinese paragraphs break between characters (``quizapp.tui.line_breaks``), as the app wraps
them: through Textual's ``Content`` and Rich's ``divide_line``. English wraps exactly as Rich
wraps it on its own, and no Chinese line starts with closing or ends with opening punctuation."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import rich._wrap
from rich._wrap import divide_line
from rich.cells import cell_len
from textual.content import Content

import quizapp.tui.app  # noqa: F401 (installs the line breaks, as the app does)
from quizapp.core.catalog import load_catalog
from quizapp.tui import line_breaks
from quizapp.tui.line_breaks import CLOSING, OPENING, RICH_SPLIT, RICH_WORDS, wide_words

WIDTHS = (17, 30, 41, 62, 80)


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Every built-in question's prompt and explanation, in English and in Chinese."""
    catalog = load_catalog(tmp_path_factory.mktemp("data"), cache=False)
    found: dict[str, list[str]] = {}
    for language in ("en", "zh"):
        shown = catalog.in_language(language)
        found[language] = [
            text
            for q in shown.questions.values()
            for text in (q.prompt, q.explanation)
            if text and "\n" not in text
        ]
    return found


def _lines(text: str, width: int) -> list[str]:
    return [str(line) for line in Content(text).wrap(width)]


def test_the_app_installs_the_words_rich_divides_lines_by() -> None:
    assert rich._wrap.words is line_breaks.words
    assert rich._wrap.re_word is RICH_WORDS and RICH_WORDS.pattern == r"\s*\S+\s*"  # Rich's, kept
    assert [w for _s, _e, w in rich._wrap.words("门控 GRU（2014）。")] == [
        "门",
        "控 ",
        "GRU",
        "（2014）。",
    ]
    assert "".join(w for _s, _e, w in rich._wrap.words("（ “ 门 ）")) == "（ “ 门 ）"


def test_a_short_word_before_a_long_chinese_run_stays_on_its_line() -> None:
    """The code screen's task line: "编写" no longer sits alone on the first line."""
    text = "编写 param_count：一个循环层的参数量，按教科书的约定每块一个偏置。起始代码的文档字符串"
    first, *rest = _lines(text, 60)
    assert first.startswith("编写 param_count：一个循环层的参数量")
    assert len(first) > 30 and rest


def _split(pattern: re.Pattern[str], text: str) -> list[str]:
    return [word for _start, _end, word in line_breaks.words_by(pattern, text)]


def test_english_wraps_as_rich_wraps_it(texts: dict[str, list[str]]) -> None:
    for text in (t for t in texts["en"] if not re.search("[\u2e80-\uffef]", t)):
        # the wide pattern, which such a text is not split by, would split it as Rich does
        assert _split(wide_words(), text) == _split(RICH_WORDS, text), text
        for width in WIDTHS:
            ours = divide_line(text, width)
            rich._wrap.words = RICH_SPLIT
            try:
                assert divide_line(text, width) == ours, (width, text)
            finally:
                rich._wrap.words = line_breaks.words


def test_english_is_wrapped_without_compiling_the_wide_pattern() -> None:
    """Its character classes took 4 ms of every start: compiled for the first wide text only
    (in a new process: this one has compiled it)."""
    code = (
        "import quizapp.tui.app\n"
        "from textual.content import Content\n"
        "from quizapp.tui import line_breaks\n"
        "Content('today’s review · “LSTM” — σ(x) ⊙ h ' * 9).wrap(30)\n"
        "assert line_breaks.wide_words.cache_info().currsize == 0\n"
        "assert [str(line) for line in Content('门控循环单元').wrap(4)] == ['门控', '循环', '单元']\n"
        "assert line_breaks.wide_words.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_chinese_lines_keep_their_punctuation_rules(texts: dict[str, list[str]]) -> None:
    chinese = [t for t in texts["zh"] if re.search("[\u4e00-\u9fff]", t)]
    assert len(chinese) > 500
    for text in chinese:
        for width in WIDTHS:
            lines = _lines(text, width)
            assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
            if max(cell_len(w.strip()) for w in wide_words().findall(text)) > width:
                continue  # a word wider than the line is folded wherever the width ends
            for line in lines[1:]:
                assert line[:1] not in CLOSING, (width, line, text)
            for line in lines[:-1]:
                assert line.rstrip()[-1:] not in OPENING, (width, line, text)

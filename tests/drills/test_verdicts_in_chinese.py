"""A code check's verdict in Chinese, as the app shows it under ``--lang zh``: every outcome's
headline, section titles and advice come from the catalog, none of the English frame is left
(what the judge measured, a value's description or the first difference, stays as it was),
the columns line up by cells, and English is what it was without a language set."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

from quizapp.drills import render as render_module
from quizapp.drills import render_verdict
from quizapp.drills.model import LearnerError
from quizapp.drills.verdict import (
    BadSignature,
    Crashed,
    ExitedEarly,
    FailedCase,
    MissingFunction,
    MistakeMatch,
    NotWritten,
    Outcome,
    OutOfMemory,
    OutOfTime,
    OutputCheck,
    OutputFlood,
    Passed,
    RaisedError,
    Shown,
    SyntaxProblem,
    Verdict,
    WrongAnswer,
    WrongShape,
)
from quizapp.i18n import using_language
from quizapp.i18n.width import cell_width

CASE = FailedCase(3, 12, "random sizes", (Shown("x", np.ones((1, 2))), Shown("h_prev", 0.5)))
ERROR = LearnerError("ValueError", "shapes (1,2) and (3,) not aligned", 7, "Traceback ...\n")
WRONG = OutputCheck("h", np.array([0.25, -0.5]), np.array([0.3, -0.5]), False, "first at [0]")
MISTAKE = MistakeMatch("gru.flip", "the other update convention", "z and 1 − z.", True, ("h",))
PARTIAL = MistakeMatch(
    "lstm.x", "the forget gate left out", "f scales c_prev.", False, ("c",), False
)

OUTCOMES: dict[str, Outcome] = {
    "passed": Passed(),
    "wrong answer": WrongAnswer(
        CASE, (WRONG, WRONG), WRONG, PARTIAL, ("the result has inf: something overflowed",)
    ),
    "wrong answer, a convention": WrongAnswer(CASE, (WRONG,), None, MISTAKE),
    "wrong shape": WrongShape(CASE, "h has shape (2,), expected (1, 2)", (Shown("h", 1.0),), 2.0),
    "not written": NotWritten("gru_step", "NotImplementedError"),
    "syntax": SyntaxProblem("invalid syntax", 4, 9, "return h +", "SyntaxError"),
    "syntax, no line": SyntaxProblem("invalid syntax", None, None, ""),
    "missing, a guess": MissingFunction("gru_step", ("gru", "helper"), "gru"),
    "missing": MissingFunction("gru_step", ()),
    "not callable": MissingFunction("gru_step", (), not_callable=True),
    "signature": BadSignature("gru_step(x, h_prev)", "gru_step(x)", "takes 1 positional argument"),
    "raised in a case": RaisedError(CASE, ERROR, MISTAKE),
    "raised in a case, no line": RaisedError(CASE, LearnerError("KeyError", "")),
    "raised while loading": RaisedError(None, ERROR),
    "raised while loading, no line": RaisedError(None, LearnerError("ImportError", "no scipy")),
    "cpu time": OutOfTime(CASE, "cpu", 2.0),
    "wall time, loading": OutOfTime(None, "wall", 8.0),
    "memory": OutOfMemory(CASE, 512 << 20, ERROR),
    "sys.exit": ExitedEarly(CASE, "3", "sys.exit"),
    "os._exit": ExitedEarly(None, "1", "os._exit"),
    "output flood": OutputFlood(CASE, 1 << 20),
    "crashed": Crashed(CASE, "the process was killed by signal 11"),
}


def verdict(outcome: Outcome, output: str = "") -> Verdict:
    passed = 12 if isinstance(outcome, Passed) else 2
    return Verdict("gru-step.take.after", outcome, passed, 12, 0.25, "0" * 64, output, len(output))


def frame_phrases() -> list[str]:
    """The English words of every message ``render`` translates, placeholders cut out: runs
    of three or more words (shorter ones, "expected", also occur in the judge's details)."""
    tree = ast.parse(Path(render_module.__file__).read_text(encoding="utf-8"))
    phrases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "ngettext"):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    for piece in re.split(r"\{[^}]*\}", arg.value):
                        words = re.findall(r"[A-Za-z']+", piece)
                        if len(words) >= 3:
                            phrases.add(" ".join(words))
    return sorted(phrases)


def english_words(text: str) -> str:
    return " ".join(re.findall(r"[A-Za-z']+", text))


@pytest.mark.parametrize("name", list(OUTCOMES))
def test_no_english_frame_is_left_in_chinese(name: str) -> None:
    shown = verdict(OUTCOMES[name], output="hello\n" * 30)
    with using_language("zh"):
        text = render_verdict(shown, 80)
    words = english_words(text)
    left = [phrase for phrase in frame_phrases() if phrase in words]
    assert not left, f"English left in the {name} verdict: {left}\n{text}"
    assert text.startswith("通过  " if shown.passed else "未通过  ")
    assert "{" not in text and "}" not in text  # every placeholder filled
    assert all(cell_width(line) <= 80 for line in text.splitlines() if "Traceback" not in line)


def test_the_english_frame_is_found_by_the_same_check() -> None:
    """The check above can fail: in English the frame is there."""
    text = render_verdict(verdict(OUTCOMES["raised in a case"]), 80)
    assert [p for p in frame_phrases() if p in english_words(text)]


def test_english_without_a_language_is_as_before() -> None:
    text = render_verdict(verdict(OUTCOMES["wrong answer"]), 100)
    assert text.splitlines()[0] == (
        "FAIL  gru-step.take.after: h and h differ from the engine's in case 3 of 12 (random "
        "sizes); 2 cases"
    )
    assert "; 2 cases passed before it" in " ".join(text.split())
    assert "Note: the result has inf: something overflowed" in text
    assert "c matches a known wrong method: the forget gate left out" in text


def test_english_with_narrow_symbols_wraps_as_english() -> None:
    """A "−" or "⊙" is not Chinese: such English is filled by textwrap, its first line as wide
    as the width allows (filled by cells, it lost the hanging indent's two columns)."""
    detail = "the child died computing 1 − z ⊙ h_prev for a very long time and then some"
    text = render_verdict(verdict(Crashed(CASE, detail)), 60)
    assert text.splitlines()[:2] == [
        "FAIL  gru-step.take.after: the child died computing 1 − z ⊙",
        "  h_prev for a very long time and then some in case 3 of 12",
    ]


def test_the_chinese_columns_line_up_by_cells() -> None:
    with using_language("zh"):
        text = render_verdict(verdict(OUTCOMES["wrong answer, a convention"]), 100)
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if "期望值" in line and "返回值" in line)
    start = cell_width(lines[header][: lines[header].index("返回值")])
    row = lines[header + 1]
    assert cell_width(row[: row.index("(2,)", 3)]) == start  # the returned column, aligned
    assert "换一种约定，这是对的：the other update convention" in text


def test_the_signature_lines_line_up_in_both_languages() -> None:
    for language in ("en", "zh"):
        with using_language(language):
            lines = render_verdict(verdict(OUTCOMES["signature"]), 100).splitlines()
        calls = [line for line in lines if "gru_step(" in line]
        assert len(calls) == 2
        assert len({cell_width(line[: line.index("gru_step(")]) for line in calls}) == 1

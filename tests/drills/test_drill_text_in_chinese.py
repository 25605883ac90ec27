"""What a code drill says of itself, in Chinese under ``--lang zh``: the task line's summary
of what to write and the label of each hidden case (shown when that case fails) come from the
catalog. A label that is code (``nn.LSTM(10, 20)``) and a summary that is formulas only read
the same in every language and stay as they are; anything with English words in it must be
translated, so a new drill or case that forgets ``N_`` fails here (the code screen's task line
in Chinese: ``tests/tui/test_code_flow.py``)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.gru import Reset, Update
from quizapp.drills import DRILLS, gru_step, render_verdict
from quizapp.drills.compare import check_output, describe_value, unpack
from quizapp.drills.model import Output
from quizapp.drills.verdict import (
    FailedCase,
    MistakeMatch,
    OutputCheck,
    Shown,
    Verdict,
    WrongAnswer,
    WrongShape,
)
from quizapp.i18n import translator, using_language
from quizapp.tui.screens.code_question import verdict_head
from tests.drills.helpers import run_check

ZH = translator("quizapp", "zh")
# a case that is a layer's constructor call, as the counting drills name theirs
CODE_LABEL = re.compile(r"(nn\.)?(GRU|LSTM|RNN|SimpleRNN)\([^)]*\)(, reset_after=(True|False))?")
# English words a sentence cannot do without (none is a variable of any drill's formulas)
ENGLISH = re.compile(
    r"\b(with|for|from|the|of|every|each|and|as|then|by|to|returns?|one|two|three|"
    r"sizes?|random|zero|large|small|hand|unit|units|layers?|sequences?|values?)\b"
    r"|\ban? [a-z]",  # an article ("|a|" is a variable)
    re.IGNORECASE,
)


def _labels() -> list[tuple[str, str]]:
    return sorted({(d.id, case.label) for d in DRILLS.values() for case in d.cases()})


def _needs_words(text: str) -> bool:
    return bool(ENGLISH.search(text))


@pytest.mark.parametrize(("drill", "label"), _labels())
def test_every_case_label_is_translated_unless_it_is_code(drill: str, label: str) -> None:
    shown = ZH.gettext(label)
    if CODE_LABEL.fullmatch(label):
        assert shown == label, f"{drill}: code reads the same in Chinese"
        return
    assert shown != label, f"{drill}: mark {label!r} with N_ and translate it"
    assert re.search("[\u4e00-\u9fff]", shown), shown
    assert not _needs_words(shown), shown


@pytest.mark.parametrize("drill_id", sorted(DRILLS))
def test_every_summary_is_translated_unless_it_is_formulas(drill_id: str) -> None:
    summary = DRILLS[drill_id].summary
    shown = ZH.gettext(summary)
    if shown == summary:
        assert not _needs_words(summary), f"{drill_id}: mark the summary with N_ and translate it"
    else:
        assert re.search("[\u4e00-\u9fff]", shown) and not _needs_words(shown), shown


def test_the_word_check_tells_formulas_from_sentences() -> None:
    gru = DRILLS["gru-step.keep.after"].summary
    assert not _needs_words(gru)  # formulas only: "h = z ⊙ h_prev + (1 − z) ⊙ n; n = ..."
    assert _needs_words(gru.replace("; ", " with "))  # how it read before: English
    assert _needs_words("hand-sized, square weights")
    assert not _needs_words("nn.LSTM(10, 20)")


def test_a_failed_case_is_named_by_its_chinese_label() -> None:
    case = FailedCase(2, 8, "random sizes, one input feature", (Shown("x", np.ones((1, 2))),))
    check = OutputCheck("h", np.array([0.5]), np.array([0.25]), False, "first at [0]")
    verdict = Verdict("rnn-step.rows", WrongAnswer(case, (check,), check), 1, 8, 0.1, "0" * 64)
    with using_language("zh"):
        text = render_verdict(verdict, width=80)
    assert "随机尺寸，只有一个输入特征" in text
    assert "random sizes" not in text
    english = render_verdict(verdict, width=80)
    assert "random sizes, one input feature" in english


def _mistakes() -> list[tuple[str, str, str]]:
    return sorted(
        {(d.id, m.name, m.explanation) for d in DRILLS.values() for m in d.mistakes},
    )


@pytest.mark.parametrize(("drill", "name", "explanation"), _mistakes())
def test_every_known_mistake_is_named_and_explained_in_chinese(
    drill: str, name: str, explanation: str
) -> None:
    for text in (name, explanation):
        shown = ZH.gettext(text)
        assert shown != text, f"{drill}: mark {text!r} with N_ and translate it"
        assert re.search("[\u4e00-\u9fff]", shown), shown


@pytest.mark.parametrize("update", ["keep", "take"])
def test_the_gru_convention_mistakes_say_what_the_formulas_say(update: Update) -> None:
    """Written out whole (to be translated whole), they are what the conventions' formulas
    and sources give."""
    other: Update = "take" if update == "keep" else "keep"
    name, explanation = gru_step.UPDATE_FLIPPED[update]
    assert name == f"the other update convention ({gru_step.UPDATES[other][0]})"
    assert explanation == (
        f"Your h is right under update '{other}': {gru_step.UPDATES[other][1]}. "
        f"This drill uses '{update}': {gru_step.UPDATES[update][0]}. The two differ only by "
        "swapping z and 1 − z."
    )
    reset: Reset = "after" if update == "keep" else "before"
    side: Reset = "before" if reset == "after" else "after"
    assert gru_step.RESET_ON_THE_OTHER_SIDE[reset] == (
        f"Your h is right with the reset {side} the matmul: {gru_step.RESETS[side][0]}. "
        f"This drill resets {reset}: {gru_step.RESETS[reset][0]}."
    )


def test_a_matched_mistake_reads_in_chinese() -> None:
    method = next(m for m in DRILLS["sigmoid"].mistakes if m.id == "sigmoid.sign-flipped")
    case = FailedCase(1, 6, "hand-sized", (Shown("x", np.ones(2)),))
    check = OutputCheck("y", np.array([0.5]), np.array([0.25]), False, "first at [0]")
    mistake = MistakeMatch(method.id, method.name, method.explanation, False, ("y",))
    verdict = Verdict("sigmoid", WrongAnswer(case, (check,), check, mistake), 0, 6, 0.1, "0" * 64)
    with using_language("zh"):
        text = render_verdict(verdict, width=80)
        head = verdict_head(verdict)
    name, explanation = ZH.gettext(method.name), ZH.gettext(method.explanation)
    assert name in text and name in head
    assert "".join(explanation.split()) in "".join(text.split())  # wrapped over lines
    assert "sign of x flipped" not in text and "rises from 0 to 1" not in text
    english = " ".join(render_verdict(verdict, width=80).split())
    assert method.name in english and method.explanation in english  # English as before


def test_what_the_check_measured_is_said_in_the_language_of_the_check() -> None:
    """The first difference and the count of differing elements, as the verdict shows them."""
    expected, returned = np.array([[0.5, 0.25], [1.0, 2.0]]), np.array([[0.5, 0.3], [1.0, 2.5]])
    tolerance = DRILLS["rnn-step.rows"].tolerance
    with using_language("zh"):
        array = check_output(Output("h"), expected, returned, tolerance).detail
        number = check_output(Output("s", "number"), 0.5, 0.75, tolerance).detail
    assert (
        array
        == "第一个不同之处在 [0, 1]：期望 0.25，返回 0.3；4 个元素中有 2 个不同，最大 |差值| 为 0.5"
    )
    assert number == "期望 0.5，返回 0.75"
    english = check_output(Output("h"), expected, returned, tolerance).detail
    assert english == (
        "first difference at [0, 1]: expected 0.25, returned 0.3; 2 of 4 elements differ, "
        "largest |difference| 0.5"
    )


SIGMOID_HEAD = "import numpy as np\n\n\ndef sigmoid(x):\n"


@pytest.mark.parametrize(
    ("body", "english", "chinese"),
    [
        (
            "    return np.zeros(3)\n",
            "y has shape (3,), expected (6,)",
            "y 的形状为 (3,)，应为 (6,)",
        ),
        (
            "    return x, x\n",
            "y should be one array (6,); returned a tuple of 2 values",
            "y 应为一个数组 (6,)；返回的是含 2 个值的元组",
        ),
    ],
)
def test_a_wrong_shape_is_said_in_the_language_of_the_check(
    body: str, english: str, chinese: str
) -> None:
    """A real check of a learner's file (run in a child process) that returns the wrong shape."""
    drill = DRILLS["sigmoid"]
    with using_language("zh"):
        verdict = run_check(drill, SIGMOID_HEAD + body)
        text = render_verdict(verdict)
    assert isinstance(verdict.outcome, WrongShape)
    assert "".join(chinese.split()) in "".join(text.split())  # wrapped by cells
    assert english not in " ".join(text.split())
    assert english in " ".join(render_verdict(run_check(drill, SIGMOID_HEAD + body)).split())


def test_what_a_return_value_is_said_to_be_in_chinese() -> None:
    returns = DRILLS["lstm-forward.batch-first"].returns
    with using_language("zh"):
        assert describe_value(np.zeros((2, 3))) == "一个数组 (2, 3)"
        assert describe_value([1.0]) == "含 1 个值的列表"
        assert (
            unpack(returns, np.zeros(2))
            == "返回的是一个数组 (2,)；应为含 3 个值的元组（out, h_n, c_n）"
        )
    assert (
        unpack(returns, np.zeros(2))
        == "returned an array (2,); expected a tuple of 3 (out, h_n, c_n)"
    )


def test_a_value_that_came_back_as_no_data_is_described_in_chinese() -> None:
    """An array too large to send, an array of text and an over-long tuple are described by
    the parent in the current language; an object's own repr is shown as it is."""
    from quizapp.drills.harness import MAX_ELEMENTS, MAX_ITEMS, decode, encode

    big = decode(encode(np.zeros(MAX_ELEMENTS + 1)))
    words = decode(encode(np.array(["a", "b"])))
    long = decode(encode(tuple(range(MAX_ITEMS + 1))))
    thing = decode(encode(object()))
    assert describe_value(big) == f"an array too large to compare ({MAX_ELEMENTS + 1},)"
    assert describe_value(words) == "an array of <U1 (2,)"
    assert describe_value(long) == f"a tuple of {MAX_ITEMS + 1} values"
    with using_language("zh"):
        assert describe_value(big) == f"一个过大、无法比较的数组 ({MAX_ELEMENTS + 1},)"
        assert describe_value(words) == "一个 <U1 类型的数组 (2,)"
        assert describe_value(long) == f"含 {MAX_ITEMS + 1} 个值的元组"
        assert describe_value(thing).startswith("<object object at")

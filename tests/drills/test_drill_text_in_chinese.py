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

from quizapp.drills import DRILLS, render_verdict
from quizapp.drills.verdict import FailedCase, OutputCheck, Shown, Verdict, WrongAnswer
from quizapp.i18n import translator, using_language

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

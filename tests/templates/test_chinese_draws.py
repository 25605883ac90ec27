"""Every numeric template drawn in Chinese: the 101 template questions of the built-in banks at
50 seeds each and every accepted combination of each template's choices at 5 seeds, each next to
the same draw in English. The text is Chinese (no English sentence left, every message looked up
found in the catalog), the numbers are the English draw's, the glossary's avoided forms never
appear, and the worked solution still shows every step a mistake points at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from quizapp.templates import TEMPLATES
from quizapp.templates.base import Tolerance
from quizapp.templates.prose import prose
from tests.templates.draw_cases import bank_cases, choice_cases
from tests.templates.zh_text import (
    avoided,
    english_sentences,
    learner_text,
    numbers,
    numeric_content,
)

BANK_SEEDS = range(50)
CHOICE_SEEDS = range(2)  # every branch of every template: the text hardly depends on the seed
# symbols a template may pass through the catalog without a translation (tanh(c_t), ∂L/∂W_hh)
MATH_WORDS = {"tanh", "sqrt", "diag", "softmax", "exp", "log"}


def _cases(name: str) -> Iterator[tuple[str, dict[str, Any], range]]:
    for case_id, template, params in bank_cases():
        if template == name:
            yield case_id, params, BANK_SEEDS
    for case_id, template, params in choice_cases():
        if template == name:
            yield case_id, params, CHOICE_SEEDS


@pytest.fixture
def looked_up(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Every message the Chinese templates look up and the catalog does not hold, recorded as
    they draw."""
    missing: set[str] = set()
    zh = prose("zh")
    gettext, ngettext = zh._gettext, zh._ngettext

    def recording_gettext(message: str) -> str:
        found = gettext(message)
        if found == message:
            missing.add(message)
        return found

    def recording_ngettext(singular: str, plural: str, n: int) -> str:
        found = ngettext(singular, plural, n)
        if found in (singular, plural):
            missing.add(singular)
        return found

    monkeypatch.setattr(zh, "_gettext", recording_gettext)
    monkeypatch.setattr(zh, "_ngettext", recording_ngettext)
    return missing


def _needs_translation(message: str) -> bool:
    """A message with words in it; a formula, a symbol or a name in capitals (GRU) has none."""
    words = [w for w in english_sentences(message) + message.split() if w.isalpha()]
    return any(w not in MATH_WORDS and not w.isupper() for w in words) or bool(
        english_sentences(message)
    )


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_draw_in_chinese_has_the_english_numbers_and_no_english_text(
    name: str, looked_up: set[str]
) -> None:
    problems: list[str] = []
    draws = 0
    for case_id, params, seeds in _cases(name):
        for seed in seeds:
            en = TEMPLATES[name].draw(seed, params)
            zh = TEMPLATES[name].draw(seed, params, language="zh")
            draws += 1
            where = f"{case_id} seed {seed}"
            assert zh.language == "zh"
            if numeric_content(zh) != numeric_content(en):
                problems.append(f"{where}: numbers differ from the English draw")
            english = dict(learner_text(en))
            for field, text in learner_text(zh):
                for sentence in english_sentences(text):
                    problems.append(f"{where} {field}: English left: {sentence!r}")
                for form in avoided(text):
                    problems.append(f"{where} {field}: glossary avoids {form!r}")
                if numbers(text) != numbers(english[field]):
                    problems.append(f"{where} {field}: numbers {numbers(text)} in Chinese")
            labels = {s.label for s in zh.steps}
            for mistake in zh.mistakes:
                if mistake.step not in labels:
                    problems.append(f"{where}: {mistake.id} points at a step not shown")
            if [m.id for m in zh.colliding_mistakes()] != [m.id for m in en.colliding_mistakes()]:
                problems.append(f"{where}: different mistakes collide")
    assert draws >= 5
    assert problems[:20] == []
    assert sorted(m for m in looked_up if _needs_translation(m)) == []


def test_the_checks_find_english_in_english_draws() -> None:
    """The detectors are not vacuous: on the English draws they fire."""
    variant = TEMPLATES["lstm_step"].draw(0)
    assert english_sentences(variant.prompt)
    assert english_sentences(variant.mistakes[0].explanation)
    assert not english_sentences(
        "门 r 和 z（Cho et al.、Andrew Ng, colah）: `clip_grad_norm_(max_norm=2)`"
    )


def test_tolerances_in_chinese() -> None:
    assert Tolerance(abs=0).describe("zh") == "须精确相等"
    assert Tolerance(abs=0.01).describe("zh") == "误差不超过 ±0.01"
    assert Tolerance(rel=0.02).describe("zh") == "相对误差不超过 2%"
    assert Tolerance(rel=0.005).describe("zh") == "相对误差不超过 0.005"
    assert Tolerance(sig_figs=3).describe("zh") == "保留 3 位有效数字"
    assert Tolerance(sig_figs=3).describe() == "to 3 significant figures"


def test_mistakes_named_together_read_in_chinese() -> None:
    """Two wrong methods with the same answer on a draw are named together, in Chinese too."""
    joined = [
        m
        for case_id, name, params in choice_cases()
        for seed in CHOICE_SEEDS
        for m in TEMPLATES[name].draw(seed, params, language="zh").mistakes
        if "在这组数值下它们给出相同的答案" in m.name
    ]
    assert joined
    assert all("或者，对于“" in m.explanation for m in joined)


def test_a_chinese_prompt_reads_as_chinese() -> None:
    variant = TEMPLATES["gru_step"].draw(7, {"quantity": "h", "update": "take"}, language="zh")
    assert variant.prompt.startswith("使用如下 GRU：")
    assert "根据以下数值计算隐状态 h_t：" in variant.prompt
    assert variant.answer_form == "2 个数组成的向量，保留 3 位小数"
    names = {m.id: m.name for m in variant.mistakes}
    assert names["gru.update-flipped"] == "用了另一种更新约定（z 和 1 − z 互换）"

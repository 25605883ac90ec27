"""The gradient lab and the step inspector in Chinese, driven by a pilot: verdicts, the
clipping and critical-radius lines, an inspector parse error, and no English prose left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from textual.screen import Screen
from textual.widgets import Static

from quizapp.i18n import using_language
from quizapp.tools.inspector import InspectorError, inspect_step
from quizapp.tools.lab import classify, describe_fit, lab_curves
from quizapp.tools.lab_settings import LabSettings
from quizapp.tui.screens.inspector import StepInspectorScreen
from quizapp.tui.screens.lab import GradientLabScreen
from tests.helpers import CORE_BANK, RunApp, make_context
from tests.i18n.latin import english_runs


def _shown(screen: Screen[Any]) -> str:
    return "\n".join(str(widget.render()) for widget in screen.query(Static))


async def test_the_lab_says_its_verdicts_in_chinese(tmp_path: Path, run_app: RunApp) -> None:
    context = make_context(tmp_path, CORE_BANK, language="zh")
    try:
        async with run_app(context, size=(120, 40)) as (app, pilot):
            settings = LabSettings(cell="all", radius=2.5, clip=2.0, input_scale=0.0, hidden=16)
            await app.push_screen(GradientLabScreen(settings))
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, GradientLabScreen)
            text = screen.verdicts()
            assert "━ RNN    梯度爆炸  ×1.106" in text
            assert "┅ LSTM c 梯度消失  ×0.967" in text
            assert "RNN ρ* ≈ 1.560 (ρ ≥ ρ*)" in text
            assert "理论值 ρ* = 1/max|φ'| = 1" in text
            assert "σ_max<1 ⇒ 梯度消失：ρ < 0.58" in text
            assert "clip_grad_norm 阈值 2，被裁剪的 k：" in text
            shown = _shown(screen)
            assert "谱半径 ρ" in shown and "遗忘门偏置" in shown and "裁剪阈值" in shown
            assert english_runs(shown) == [], shown
    finally:
        context.close()


def test_the_lab_texts_in_chinese_and_english() -> None:
    result = lab_curves(LabSettings(cell="rnn", radius=2.5, clip=2.0, input_scale=0.0, hidden=16))
    curve = result.curve("rnn")
    assert curve.clipping is not None and result.critical is not None
    with using_language("zh"):
        assert describe_fit(classify(0.5 ** np.arange(10.0)[::-1])) == ("梯度消失（每步 ×0.500）")
        assert describe_fit(classify(np.array([float("inf"), 1.0]))) == ("梯度爆炸（溢出）")
        assert curve.clipping.describe(20).startswith("20 步中有 ")
        assert "步被裁剪（k 0-" in curve.clipping.describe(20)
        critical = result.critical.describe()
        assert "理论值 1/max|φ'| = 1" in critical
        assert "时 σ_max<1（必然梯度消失）" in critical
    assert "theory 1/max|φ'| = 1" in result.critical.describe()


def test_an_inspector_parse_error_in_chinese() -> None:
    with using_language("zh"):
        try:
            inspect_step("lstm", "1,,x", "0.5", "0.1")
        except InspectorError as exc:
            assert str(exc) == "x_t：应为用逗号分隔的数字（输入的是 '1,,x'）"
        else:
            raise AssertionError("no error")


async def test_the_inspector_in_chinese(tmp_path: Path, run_app: RunApp) -> None:
    context = make_context(tmp_path, CORE_BANK, language="zh")
    try:
        async with run_app(context, size=(100, 30)) as (app, pilot):
            await app.push_screen(StepInspectorScreen())
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StepInspectorScreen)
            shown = screen.shown_text()
            for name in (
                "输入门",
                "遗忘门",
                "输出门",
                "记忆元",
                "隐状态",
                "单元 1",
                "激活前的值 a",
            ):
                assert name in shown, name
            assert english_runs(_shown(screen)) == [], _shown(screen)
            await pilot.press("home", "ctrl+k", *"1,,x")
            await pilot.pause()
            assert screen.problem == "x_t：应为用逗号分隔的数字（输入的是 '1,,x'）"
            assert "（显示上一个有效的步骤）" in screen.shown_text()
            await pilot.press("backspace", "backspace", "backspace", "enter")
            await pilot.pause()
            assert screen.problem is None
            await pilot.press("ctrl+g")  # the GRU
            await pilot.pause()
            shown = _shown(screen)
            assert "重置门" in shown and "更新门" in shown
            assert "PyTorch/Keras 约定：z 保留旧状态" in shown
            assert english_runs(shown) == [], shown
    finally:
        context.close()

"""SVG snapshots of the main screens in Chinese (``--lang zh``) at 80x24 and 120x40.

The core test bank with its Chinese translation file (tests/data/zh/core.yaml) and two
sibling gate questions translated beside the English. What to look for in every one: no
character cut in half at a border or an ellipsis, option letters and table columns in line
with Chinese text on either side, the key bar's descriptions in Chinese and none clipped.
Update with ``pytest tests/tui/test_snapshots_zh.py --snapshot-update`` after reading the
report.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from quizapp.tui.app import QuizApp
from tests.helpers import (
    CORE_BANK,
    DATA_DIR,
    SnapCompare,
    help_over_home,
    mock_report_of_two,
    numeric_feedback,
    planner_over_home,
    record_answer,
    snapshot_app,
    statistics_after_one_answer,
)
from tests.helpers import SNAPSHOT_SIZE_IDS as SIZE_IDS
from tests.helpers import SNAPSHOT_SIZES as SIZES
from tests.helpers import counts_shown as _counts_shown
from tests.helpers import to_question as _to_question

pytestmark = pytest.mark.usefixtures("steady_cursor")  # (see tests/tui/conftest.py)


def _app(name: str) -> QuizApp:
    banks = (DATA_DIR / "zh" / "core.yaml", DATA_DIR / "gates_zh.yaml")
    return snapshot_app(f"zh-{name}", CORE_BANK, *banks, language="zh")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_home_zh(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Home in Chinese: the title bar "quizapp — RNN · LSTM · GRU 面试练习", the banks 核心 and
    Gates with their question counts, today's counts (待复习 / 新题 / 学习中 / 已学), and the key bar in Chinese,
    every description whole."""
    assert snap_compare(_app(f"home-{size[0]}"), terminal_size=size, run_before=_counts_shown)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_choice_question_zh(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """A choice question in Chinese: "第 1 题，共 9 题 · ..." on the progress line, the prompt
    "LSTM 的记忆元是怎样更新的？", options a) and b) with the formulas as written, the letters in
    one column, the pick hint and the answer box, the key bar in Chinese."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _to_question(pilot, "core.choice")

    assert snap_compare(_app(f"choice-{size[0]}"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_choice_feedback_zh(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Feedback after picking b) on the choice question: the verdict in Chinese (回答错误), the
    right answer a), each option's Chinese feedback beside its letter (对。/ 那是 h。), the
    explanation 以加法方式更新。 and the rating keys in Chinese (重来 / 困难 / 良好 / 简单)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _to_question(pilot, "core.choice")
        await pilot.press("b", "enter")
        await pilot.pause()

    assert snap_compare(_app(f"fbk-{size[0]}"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_numeric_feedback_with_worked_solution_zh(
    snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    """A wrong answer to the LSTM drill: the Chinese prompt 计算一步 LSTM。 above the template's
    numbers, the red verdict in Chinese, both answers, and the worked-solution table under its
    Chinese heading, its columns in line (the step labels are the template's: English until the
    templates' Chinese catalog lands)."""

    assert snap_compare(_app(f"numfb-{size[0]}"), terminal_size=size, run_before=numeric_feedback)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_short_question_fallback_zh(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The flashcard core.flash, which has no Chinese: its English prompt under a line saying
    it is shown in English (no translation yet), the rest of the screen in Chinese."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _to_question(pilot, "core.flash")

    assert snap_compare(_app(f"fallb-{size[0]}"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_statistics_zh(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Statistics in Chinese after one right answer: the headline (复习 1 次 · 已学 1 题 · 连续
    1 天 ...), the calendar with weekday names 一 三 五 日 in a 4-cell column and today lit, the
    forecast line, one topic bar with its Chinese note, and 顽固题 at the end."""

    assert snap_compare(
        _app(f"stats-{size[0]}"), terminal_size=size, run_before=statistics_after_one_answer
    )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_settings_zh(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Settings in Chinese: 目标记忆保持率 0.9, 每天新题数 20, the empty interview date with its
    placeholder 例如 2026-04-15, the theme select, the language select on 跟随系统区域设置 (below
    the fold at 80x24) and the data directory; 保存 and 返回 in the key bar."""
    assert snap_compare(_app(f"settings-{size[0]}"), terminal_size=size, press=["comma"])


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_planner_zh(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The planner in Chinese, clock at 2026-03-02 09:00 UTC, interview 2026-03-11: the days
    left, readiness and expected recall sentences in Chinese, today's session, the daily load,
    one bar per topic in line whatever the label, and the date field above the key bar."""

    app = _app(f"planner-{size[0]}")
    context = app.context
    settings = context.store.settings
    settings.interview_date = "2026-03-11"
    settings.new_per_day = 5
    context.store.save_settings(settings)
    record_answer(context, "core.choice", 3)
    record_answer(context, "core.short", 1)
    context.clock.advance(minutes=30)

    assert snap_compare(app, terminal_size=size, run_before=planner_over_home)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_mock_report_zh(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The mock report in Chinese after two wrong answers (the first said certain, F5; the
    second guessing, F2): the score, the weakest topics, the calibration sentences and bars,
    and the answers table whose columns stay in line with Chinese answers in them."""

    assert snap_compare(_app(f"mockr-{size[0]}"), terminal_size=size, run_before=mock_report_of_two)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_help_zh(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Help over Home in Chinese: the heading, each key right-aligned in its column with its
    Chinese description and binding id, nothing cut at the box's edge."""

    assert snap_compare(_app(f"help-{size[0]}"), terminal_size=size, run_before=help_over_home)


def test_gradient_lab_zh(snap_compare: SnapCompare) -> None:
    """The gradient lab in Chinese at 80x24, default knobs: the knob labels (单元, 隐藏单元数 H,
    谱半径 ρ, 遗忘门偏置, 裁剪阈值, 输入尺度, 随机种子) in one column with their values in
    line, the verdicts 梯度消失 / 梯度爆炸 / 稳定 beside each curve's colour with the per-step
    factor in line, the ρ* lines, the plot beside them, the key bar in Chinese."""
    from quizapp.tui.screens.lab import GradientLabScreen

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(GradientLabScreen())
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app("lab"), terminal_size=(80, 24), run_before=run_before)


def test_step_inspector_zh(snap_compare: SnapCompare) -> None:
    """The step inspector in Chinese at 80x24, an LSTM step from seed 0: the gate rows 输入门,
    遗忘门, 候选值, 输出门 then 记忆元 and 隐状态, each name padded so the σ/tanh column and the
    bars stay in line, 单元 1 / 单元 2 over the bars, 激活前的值 a rows dimmed, the fields'
    titles (随机种子) and the key bar in Chinese."""
    from quizapp.tui.screens.inspector import StepInspectorScreen

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(StepInspectorScreen())
        await pilot.pause()

    assert snap_compare(_app("inspector"), terminal_size=(80, 24), run_before=run_before)

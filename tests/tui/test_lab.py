"""The gradient lab and the step inspector, driven through the keyboard."""

from __future__ import annotations

import numpy as np
from textual.pilot import Pilot
from textual.widgets import Input

from engine.gru import GRUCell
from engine.lstm import LSTMCell
from quizapp.core.context import QuizContext
from quizapp.tools.lab import lab_curves
from quizapp.tools.lab_settings import KNOBS, LabSettings
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.inspector import StepInspectorScreen
from quizapp.tui.screens.lab import GradientLabScreen
from tests.helpers import RunApp


async def _settled(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_lab_recomputes_when_a_knob_turns(context: QuizContext, run_app: RunApp) -> None:
    async with run_app(size=(80, 24)) as (app, pilot):
        await app.push_screen(GradientLabScreen())
        await _settled(pilot)
        screen = app.screen
        assert isinstance(screen, GradientLabScreen)
        assert screen.result is not None and screen.result.settings == LabSettings()
        before = screen.verdicts()
        assert "LSTM c vanishing" in before
        assert "RNN ρ* ≈" in before
        # down to the forget bias, then up three rungs: 1 -> 2 -> 3 -> 5
        forget = [knob.name for knob in KNOBS].index("forget_bias")
        await pilot.press(*["down"] * forget)
        assert screen.selected == forget
        await pilot.press("right", "plus", "right")
        await _settled(pilot)
        assert screen.settings.forget_bias == 5.0
        assert screen.result.settings == screen.settings
        after = screen.verdicts()
        assert "LSTM c stable" in after and after != before
        expected = lab_curves(screen.settings).curve("lstm")
        np.testing.assert_array_equal(screen.result.curve("lstm").cell_path, expected.cell_path)
        # one cell alone, then the reset key brings all three back
        await pilot.press("c")
        await _settled(pilot)
        assert screen.settings.cell == "rnn"
        assert "LSTM" not in screen.verdicts()
        await pilot.press("r")
        await _settled(pilot)
        assert screen.settings == LabSettings() and screen.verdicts() == before
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_lab_shows_an_exploding_rnn_and_the_clipping_line(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(120, 40)) as (app, pilot):
        settings = LabSettings(cell="rnn", hidden=16, input_scale=0.0, radius=2.0)
        await app.push_screen(GradientLabScreen(settings))
        await _settled(pilot)
        screen = app.screen
        radius = [knob.name for knob in KNOBS].index("radius")
        await pilot.press(*["down"] * radius, "right", "right")  # 2.0 -> 2.25 -> 2.5
        await pilot.press("down", "down", "down", "right", "right", "right", "right")  # clip 2
        await _settled(pilot)
        assert (screen.settings.radius, screen.settings.clip) == (2.5, 2.0)
        text = screen.verdicts()
        assert "RNN    exploding" in text
        assert "clip_grad_norm at 2, k hit:" in text and "  RNN " in text
        await pilot.press("minus")
        await _settled(pilot)
        assert screen.settings.clip == 1.0


async def test_inspector_shows_the_engines_step_for_typed_numbers(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(80, 24)) as (app, pilot):
        await app.push_screen(StepInspectorScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StepInspectorScreen)
        assert screen.focused is screen.field("x")
        await pilot.press("home", "ctrl+k", *"0.5, -1")
        await pilot.press("tab", "home", "ctrl+k", *"0.1, 0.2, 0.3")
        await pilot.press("tab", "home", "ctrl+k", *"1, -1, 0")
        await pilot.press("tab", "home", "ctrl+k", "4")
        await pilot.pause()
        assert screen.problem is None
        cell = LSTMCell.random(2, 3, np.random.default_rng(4))
        step = cell.step([0.5, -1.0], [0.1, 0.2, 0.3], [1.0, -1.0, 0.0])
        np.testing.assert_array_equal(screen.inspection.step.h, step.h)
        shown = screen.shown_text()
        for value in (*step.i, *step.f, *step.g, *step.o, *step.c, *step.h):
            assert f"{value:+.4f}" in shown
        assert "LSTM step · I=2 H=3 · weights from seed 4" in shown
        # ctrl+g: the GRU on the same numbers, its convention on screen
        await pilot.press("ctrl+g")
        await pilot.pause()
        gru = GRUCell.random(2, 3, np.random.default_rng(4), update="keep", reset="after")
        gru_step = gru.step([0.5, -1.0], [0.1, 0.2, 0.3])
        shown = screen.shown_text()
        for value in (*gru_step.r, *gru_step.z, *gru_step.n, *gru_step.h):
            assert f"{value:+.4f}" in shown
        assert "h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h~" in shown
        assert screen.field("c").disabled
        # ctrl+r: the next seed
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.field("seed").value == "5" and screen.inspection.seed == 5
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_inspector_answers_bad_input_with_a_sentence(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(80, 24)) as (app, pilot):
        await app.push_screen(StepInspectorScreen())
        await pilot.pause()
        screen = app.screen
        good = screen.inspection
        assert good is not None
        await pilot.press("home", "ctrl+k", *"1,,x")
        await pilot.pause()
        assert screen.problem == "x_t: expected numbers separated by commas (got '1,,x')"
        shown = screen.shown_text()
        assert shown.startswith("x_t: expected numbers separated by commas")
        assert "showing the last valid step" in shown
        assert screen.inspection.x == (1.0,)  # the last valid step (x_t = 1) stays
        await pilot.press("backspace", "backspace", "backspace", "enter")
        await pilot.pause()
        assert screen.problem is None
        assert screen.inspection.x == (1.0,)
        # typed weights that do not fit are refused the same way
        weights = screen.query_one("#insp-weights-input", Input)
        weights.focus()
        await pilot.press(*"1, 2")
        await pilot.pause()
        assert screen.problem is not None and screen.problem.startswith("weights: expected 8 rows")

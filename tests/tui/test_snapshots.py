"""SVG snapshots of the main screens at 80x24 and 120x40 (pytest-textual-snapshot).

Data paths are fixed per test so the home screen's "data:" line is stable. Update with
``pytest tests/tui/test_snapshots.py --snapshot-update`` only after reading the report.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from quizapp.tools.lab_settings import LabSettings
from quizapp.tui.app import QuizApp
from tests.helpers import (
    CORE_BANK,
    CORE_RIGHT,
    SNAPSHOT_SIZE_IDS,
    SNAPSHOT_SIZES,
    SnapCompare,
    answer_all,
    counts_shown,
    help_over_home,
    mock_report_of_two,
    numeric_feedback,
    planner_over_home,
    record_answer,
    snapshot_app,
    statistics_after_one_answer,
    to_question,
)

pytestmark = pytest.mark.usefixtures("steady_cursor")


def _app(name: str) -> QuizApp:
    return snapshot_app(name, CORE_BANK)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_home(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Home: the Core bank with 7 new questions under the columns Questions, Due, New,
    Learning and Learned (0, 7, 0, 0), today's review count, and the key bar."""

    async def run_before(pilot: Pilot[None]) -> None:
        await counts_shown(pilot)

    assert snap_compare(_app(f"home-{size[0]}"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_choice_question(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """A choice question: progress line, prompt, options a) and b), the pick hint and the input."""

    async def run_before(pilot: Pilot[None]) -> None:
        await to_question(pilot, "core.choice")

    assert snap_compare(_app(f"choice-{size[0]}"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_numeric_feedback_with_worked_solution(
    snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    """Feedback on a wrong LSTM drill: red verdict, both answers, then the worked solution as
    a table under a bold header (step, formula, value) and a rule: 11 rows a_i ... h, every
    value whole at 80 columns as at 120 (a longer formula or value wraps inside its column)."""

    assert snap_compare(
        _app(f"feedback-{size[0]}"), terminal_size=size, run_before=numeric_feedback
    )


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_help(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Help over the home screen: every home key and the app's keys."""

    assert snap_compare(_app(f"help-{size[0]}"), terminal_size=size, run_before=help_over_home)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_settings(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Settings: retention 0.9, 20 new per day, an empty interview date (placeholder shown),
    the theme select, the language select on "Follow the system locale" (at 80x24 it is below
    the fold, reached by scrolling) and the data directory."""
    assert snap_compare(_app(f"settings-{size[0]}"), terminal_size=size, press=["comma"])


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_statistics(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Statistics after one right answer: headline, calendar with today lit, forecast, topic bar."""

    assert snap_compare(
        _app(f"stats-{size[0]}"), terminal_size=size, run_before=statistics_after_one_answer
    )


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_mock_question(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """A mock interview question: the countdown line (15:00 left, clock pinned), no feedback,
    the "How sure: not said yet (F2 guessing, ..., or Ctrl+O for the next)" line, F2-F5 and
    ^o in the key bar, and End as ^g (a key laptops do not keep for themselves)."""
    assert snap_compare(_app(f"mockq-{size[0]}"), terminal_size=size, press=["m", "ctrl+s"])


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_mock_report(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The mock report after two wrong answers, the first said "certain" (F5), the second
    "guessing" (F2). A reviewer should see: "0 of 2 right in 0:00" in red; "Weakest topics:"
    naming topic titles, not ids; bars by kind and by topic (titles); the calibration section
    naming the first question by its prompt in quotes (certain) as sure and wrong, then "When
    sure you were right 0 of 1 (0%) · 1 sure and wrong" and bars for guessing 0/1 and certain
    0/1 (dotted for the unused levels); "Every question" with each prompt, "you: ... · expected:
    ..." and its topic, time and confidence below it, hanging under the mark; the key bar with
    esc Home and r Practise the missed, no rating keys.
    """

    assert snap_compare(_app(f"mockr-{size[0]}"), terminal_size=size, run_before=mock_report_of_two)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_planner(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The interview planner, clock pinned at 2026-03-02 09:00 UTC, interview 2026-03-11.

    A reviewer should see: "Interview in 9 days (2026-03-11, assumed 09:00 UTC)"; readiness
    0% (nothing is at 90% recall nine days out) with expected recall 31% and 4 of 7 questions
    never seen; "Today's session (2 reviews, 2 new)" raising recall on the day 31% → 54%; the
    daily load "1 new a day until 2026-03-09 ... (your setting of 5 a day covers it)" and 3
    reviews already scheduled (2 today); one bar per topic, weakest first: the four unseen
    topics empty at 0%, then gates.definition (answered wrong) 57%, lstm.gates-roles 78% and
    lstm.equations (Good twice) 80%, bars 20 wide at 80 columns and 30 at 120; the date field
    holding 2026-03-11 above the key bar (esc Back, ^s Save date).
    """

    app = _app(f"planner-{size[0]}")
    context = app.context
    settings = context.store.settings
    settings.interview_date = "2026-03-11"
    settings.new_per_day = 5
    context.store.save_settings(settings)
    record_answer(context, "core.choice", 3)
    record_answer(context, "core.short", 3)
    context.clock.advance(minutes=10)
    record_answer(context, "core.choice", 3)
    record_answer(context, "core.multi", 1)
    context.clock.advance(minutes=30)

    assert snap_compare(app, terminal_size=size, run_before=planner_over_home)


async def _lab(pilot: Pilot[None], settings: LabSettings | None = None) -> None:
    from quizapp.tui.screens.lab import GradientLabScreen

    await pilot.app.push_screen(GradientLabScreen(settings or LabSettings()))
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_gradient_lab(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The gradient lab on its defaults (seed 0, T=100, H=8, ρ=1): knob list with 'cell' picked,
    all four curves vanishing on a log plot from 1e-18 up to the line at 1, the coloured legend
    with per-step rates, and the RNN's critical radius ρ* ≈ 1.435 with the σ_max bound 0.82."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _lab(pilot)

    assert snap_compare(_app(f"lab-{size[0]}"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_gradient_lab_exploding_with_clipping(
    snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    """The lab after keys: H=16, no input, ρ raised to 2.5, clip at 10: the red RNN curve climbs
    to ~2e5 at k=0 ('exploding ×1.106'), the yellow clipping line at 10 above the line at 1, the
    LSTM and GRU still vanishing, and the count of clipped steps per cell."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _lab(pilot, LabSettings(hidden=16, input_scale=0.0, radius=2.25))
        await pilot.press("down", "down", "down", "right")  # radius 2.25 -> 2.5
        await pilot.press("down", "down", "down", *["right"] * 6)  # clip off -> 10
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(f"labx-{size[0]}"), terminal_size=size, run_before=run_before)


async def _inspector(pilot: Pilot[None]) -> None:
    from quizapp.tui.screens.inspector import StepInspectorScreen

    await pilot.app.workers.wait_for_complete()
    await pilot.app.push_screen(StepInspectorScreen())
    await pilot.pause()


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_step_inspector_lstm(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The step inspector, LSTM, seed 0: x_t=1, h=(0.5,-0.5), c=(0.2,-0.3); bars for i f g o
    (green from 0, g centred on 0) with values and pre-activations, c_t, tanh(c_t), h_t, the
    equations, and the seeded weights row by row (scroll for the rest at 80x24)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _inspector(pilot)

    assert snap_compare(_app(f"inspl-{size[0]}"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_step_inspector_gru_with_an_error(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The inspector toggled to the GRU (ctrl+g), then x_t typed as '1,,x': the warning line
    'x_t: expected numbers separated by commas (got '1,,x') (showing the last valid step)',
    r z h~ bars still showing x_t=1, the c field greyed out, and the update convention
    'h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h~' spelled out."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _inspector(pilot)
        await pilot.press("ctrl+g", "home", "ctrl+k", *"1,,x")
        await pilot.pause()

    assert snap_compare(_app(f"inspg-{size[0]}"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_session_summary(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The end of today's review of the 7 core questions, the choice question answered wrong
    and the flashcard rated Again, interview set for 2026-03-09 (7 days from the pinned clock).

    A reviewer should see: "Today's review done: 5 of 7 right" in red; "Interview in 7 days:
    projected recall on the day 0% → …% for these 7; across all 7: 0% → …%"; bars "By kind of
    question" (Single choice 0/1, Flashcard 0/1, the rest 1/1) and "By topic (weakest first)"
    with topic titles; "When they come back in your reviews: 7 within a day"; "Missed (2): Enter
    shows one again · r practises them all now" above the two missed prompts, each with "you:
    … · expected: …" and its topic title and "in 1 min" below, the first highlighted; the key
    bar: esc Home, r Practise the missed.
    """

    async def run_before(pilot: Pilot[None]) -> None:
        await counts_shown(pilot)
        await pilot.press("enter")
        await answer_all(pilot, wrong={"core.choice", "core.flash"})
        await pilot.pause()

    app = _app(f"summary-{size[0]}")
    settings = app.context.store.settings
    settings.interview_date = "2026-03-09"
    settings.fit_to_interview = False  # the premise: the setting's new per day, as given
    app.context.store.save_settings(settings)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_mock_report_times_up(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The honest mock report when time runs out: a three-question mock, the first answer
    typed right but never sent, then the clock past the limit.

    A reviewer should see: "Time's up: 1 of 3 right (2 not answered, counted wrong) in 15:00"
    in red (not "1 of 1 right"); weakest topics by title; "No confidence given: say how sure
    you are…"; "Every question" listing 1. ✓ the answered prompt with "you: …", then 2. and 3.
    ✗ with "Not answered: not reached: time ran out." and "you: (nothing) · expected: …" and
    their topic titles; the key bar: esc Home, r Practise the missed.
    """

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("m")
        pilot.app.screen.query_one("#length").value = "3"
        await pilot.press("ctrl+s")
        screen = pilot.app.screen
        current = screen.mock.current
        if current.variant is not None:
            typed = ", ".join(str(v) for v in current.variant.answer)
        else:
            typed = CORE_RIGHT[current.question_id]
        await pilot.press(*typed)
        pilot.app.context.clock.advance(minutes=15)
        screen.tick()
        await pilot.pause()

    assert snap_compare(_app(f"mocktu-{size[0]}"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_planner_actions(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The planner with actions: interview 2026-03-05 (3 days from the pinned clock), New per
    day 2, the choice question answered Again.

    A reviewer should see the headline "Interview in 3 days (2026-03-05, …)" at the top (the
    screen is not scrolled to the focused list); under the daily load ("3 new a day until
    2026-03-03 … raise New questions per day from 2 to 3 in Settings"): "What to do now (Enter
    on one, or its key)" and two lines, "n  Raise new questions per day from 2 to 3: all seen
    in time" (highlighted) and "w  Practise the weakest topics now: <the LSTM equations topic's
    title> (1 question)"; the topic bars by title, their notes on one line at 80 columns; the
    key bar with n Raise new and w Practise weakest (no c Cram: it is not the last day).
    """

    app = _app(f"planact-{size[0]}")
    context = app.context
    settings = context.store.settings
    settings.interview_date = "2026-03-05"
    settings.fit_to_interview = False  # the premise: the setting's new per day, as given
    settings.new_per_day = 2
    context.store.save_settings(settings)
    record_answer(context, "core.choice", 1)

    assert snap_compare(app, terminal_size=size, run_before=planner_over_home)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_fault_over_a_question(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The fault screen over the short question after its database file was deleted: the red
    title "The progress database was deleted, and written back", the sentence saying it was
    written back from the open copy, "Kept: ... nothing was lost", what to do, and "Enter back
    ... · q quit"; under it "Not saved: ..." and the typed answer "forget gate" in its box."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, QuizApp)
        await to_question(pilot, "core.short")
        app.context.store.path.unlink()
        await pilot.press(*"forget gate", "enter")
        await pilot.pause()

    assert snap_compare(_app(f"fault-{size[0]}"), terminal_size=size, run_before=run_before)

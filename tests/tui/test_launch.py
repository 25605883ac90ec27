"""``quizapp.launch``: the start path the command uses builds a working app and leaves the GC on."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot

from quizapp.cli import main
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.question import QuestionScreen
from tests.helpers import CORE_BANK


async def test_prepare_builds_the_app_with_the_gc_back_on(tmp_path: Path) -> None:
    from quizapp.launch import prepare

    bank = tmp_path / "core.yaml"
    bank.write_text(CORE_BANK)
    app = prepare(tmp_path / "data", [bank], builtin=False, seed=1)
    assert isinstance(app, QuizApp) and gc.isenabled()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, QuestionScreen)
    app.context.close()


def test_the_command_without_a_subcommand_runs_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = {}

    def fake_run(self: QuizApp) -> None:  # the real run needs a terminal
        started["questions"] = len(self.context.catalog.questions)

    monkeypatch.setattr(QuizApp, "run", fake_run)
    bank = tmp_path / "core.yaml"
    bank.write_text(CORE_BANK)
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), "--bank", str(bank)])
    assert result.exit_code == 0, result.output
    assert started["questions"] > 7  # the built-in banks and the --bank file


@pytest.mark.parametrize("fails", [False, True], ids=["runs", "fails in the app"])
def test_the_command_pauses_the_gc_until_home_is_painted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: bool
) -> None:
    seen: dict[str, object] = {}

    def fake_run(self: QuizApp) -> None:  # the real run needs a terminal: the same app, headless
        seen["while Textual starts"] = gc.isenabled()

        async def drive() -> None:
            async with self.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                seen["screen"] = type(self.screen).__name__
                seen["once Home is painted"] = gc.isenabled()
                if fails:
                    raise RuntimeError("a bug in the app")

        asyncio.run(drive())

    monkeypatch.setattr(QuizApp, "run", fake_run)
    bank = tmp_path / "core.yaml"
    bank.write_text(CORE_BANK)
    try:
        result = CliRunner().invoke(
            main, ["--data-dir", str(tmp_path / "data"), "--bank", str(bank)]
        )
    finally:
        gc.unfreeze()  # the app froze this test process's heap, as it does its own
    assert seen == {
        "while Textual starts": False,
        "screen": "HomeScreen",
        "once Home is painted": True,
    }
    assert (result.exit_code != 0) is fails, result.output
    assert gc.isenabled()


async def test_a_start_that_read_the_banks_writes_the_cache_once_the_app_is_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quizapp.tui.app as app_module
    from quizapp.launch import prepare
    from quizapp.paths import cache_dir

    bank = tmp_path / "core.yaml"
    bank.write_text(CORE_BANK)
    for delay in (600.0, 0.05):  # not before its moment; then written off the UI thread
        monkeypatch.setattr(app_module, "CACHE_AFTER_S", delay)
        data = tmp_path / f"data-{delay}"
        app = prepare(data, [bank], builtin=False, seed=1)
        assert app.context.pending_cache is not None
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("r")
            if delay > 1:
                assert not list(cache_dir(data).glob("catalog*.json"))
                assert app.context.pending_cache is not None
            else:
                context = app.context
                await _until(pilot, lambda: context.pending_cache is None)  # noqa: B023
                await app.workers.wait_for_complete()
                assert len(list(cache_dir(data).glob("catalog*.json"))) == 1
        app.context.close()


async def _until(pilot: Pilot[None], done: Callable[[], bool], seconds: float = 20) -> None:
    """Wait (as a loaded machine may need) for what a timer in the app does."""
    for _ in range(int(seconds / 0.05)):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never did it")


@pytest.mark.parametrize("templates", [True, False])
async def test_the_engine_is_loaded_while_home_is_read_when_a_question_needs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, templates: bool
) -> None:
    """CORE_BANK has a template drill; without it no question is drawn and nothing loads."""
    import quizapp.tui.app as app_module
    from quizapp.launch import prepare

    monkeypatch.setattr(app_module, "ENGINE_AFTER_S", 0.05)
    loaded: list[str] = []
    monkeypatch.setattr(QuizApp, "load_engine", lambda self: loaded.append("engine"))
    bank = tmp_path / "core.yaml"
    text = CORE_BANK
    if not templates:
        start, end = _drill_block(text)
        text = text[:start] + text[end:]
    bank.write_text(text)
    app = prepare(tmp_path / "data", [bank], builtin=False, seed=1)
    assert app.context.catalog.has_templates is templates
    async with app.run_test(size=(100, 30)) as pilot:
        if templates:
            await _until(pilot, lambda: loaded == ["engine"])
        else:
            await pilot.pause(0.5)
            assert loaded == []
    app.context.close()


def _drill_block(text: str) -> tuple[int, int]:
    start = text.index("  - id: core.drill")
    end = text.find("\n  - id:", start + 1)
    return start, (end + 1 if end != -1 else len(text))


@pytest.mark.parametrize("first_is_drawn", [True, False])
async def test_the_engine_loads_as_soon_as_home_counts_a_review_that_starts_with_a_drawn_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_is_drawn: bool
) -> None:
    """A learner who presses r the moment Home appears waited for NumPy's import when the
    first question was a template's: Home's count of today's review names that question, and
    the engine loads DRAWN_FIRST_ENGINE_AFTER_S later, not after ENGINE_AFTER_S (here longer
    than the test). A review that starts with another kind leaves its first question's build
    alone meanwhile."""
    import quizapp.tui.app as app_module
    from quizapp.launch import prepare

    monkeypatch.setattr(app_module, "ENGINE_AFTER_S", 600.0)
    loaded: list[str] = []
    monkeypatch.setattr(QuizApp, "load_engine", lambda self: loaded.append("engine"))
    bank = tmp_path / "core.yaml"
    start, end = _drill_block(CORE_BANK)
    questions = CORE_BANK.index("  - id:")
    # the drill alone, or the core bank (whose review starts with its choice question)
    bank.write_text(CORE_BANK[:questions] + CORE_BANK[start:end] if first_is_drawn else CORE_BANK)
    app = prepare(tmp_path / "data", [bank], builtin=False, seed=1)
    catalog = app.context.catalog
    first = app.context.store.due_queue(list(catalog.questions), order=catalog.new_order)[0]
    assert (first == "core.drill") is first_is_drawn and catalog.has_templates
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()  # Home's counts
        if first_is_drawn:  # ENGINE_AFTER_S is ten minutes away
            await _until(pilot, lambda: loaded == ["engine"])
        else:
            await pilot.pause(app_module.DRAWN_FIRST_ENGINE_AFTER_S + 0.3)
            assert loaded == []
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")  # back Home, which counts again: still loaded once
        await app.workers.wait_for_complete()
        await pilot.pause(app_module.DRAWN_FIRST_ENGINE_AFTER_S + 0.3)
        assert isinstance(app.screen, HomeScreen)
        assert loaded == (["engine"] if first_is_drawn else [])
    app.context.close()

"""Home's notice of banks that failed to load: the first errors each at its place, then how
many more and where to see them all; the other banks still load."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from quizapp.tui.screens.home import NOTICE_ERRORS, HomeScreen
from tests.helpers import CORE_BANK, RunApp, make_context


async def test_many_broken_banks_are_counted_not_cut_off(tmp_path: Path, run_app: RunApp) -> None:
    broken = [f"bank: {{id: b{k}, title: B}}\nquestions:\n  - {{id: x\n" for k in range(7)]
    context = make_context(tmp_path, CORE_BANK, *broken)
    assert len(context.catalog.failed_files) == 7
    async with run_app(context, size=(80, 24)) as (app, pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        lines = str(app.screen.query_one("#notice", Static).render()).splitlines()
        assert lines[0] == "7 bank files could not be loaded:"
        listed = [line for line in lines if line.startswith(str(tmp_path))]
        assert len(listed) == NOTICE_ERRORS
        assert all(".yaml:4:1: YAML syntax error" in line for line in listed)  # file:line:col
        assert lines[-1] == "… and 3 more: run quizapp validate"
        assert "core" in {q.bank_id for q in context.catalog.questions.values()}
    context.close()

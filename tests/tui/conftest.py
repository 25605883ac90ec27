"""Pilot tests run the app as the CLI builds it, on the ``context`` fixture or their own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from quizapp.core.context import QuizContext
from quizapp.tui.app import QuizApp
from quizapp.tui.factory import build_app
from tests.helpers import RunApp


@pytest.fixture
def run_app(request: pytest.FixtureRequest) -> RunApp:
    """``async with run_app(size=(100, 30)) as (app, pilot)``: the app on the ``context``
    fixture, or on a context of the test's own (``run_app(other)``, and then the fixture is
    never built), made by ``build_app`` as the CLI makes it."""

    @asynccontextmanager
    async def run(
        on: QuizContext | None = None, *, size: tuple[int, int] = (100, 30)
    ) -> AsyncIterator[tuple[QuizApp, Pilot[None]]]:
        app = build_app(on if on is not None else request.getfixturevalue("context"))
        async with app.run_test(size=size) as pilot:
            yield app, pilot

    return run


@pytest.fixture
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The answer box's cursor shows and never blinks (the snapshot modules use this). On a
    busy machine (``-n 8`` on two cores) a half-second blink could land before the screenshot
    and hide it: the snapshots failed at random. The app itself still blinks."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)

"""Keys can be remapped by binding id in keymap.toml; every binding has an id to remap."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.widgets import Static

from quizapp.paths import keymap_file
from quizapp.tui.keymap import known_binding_ids, load_keymap
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.question import QuestionScreen
from tests.helpers import CORE_BANK, RunApp, make_context


def test_every_binding_of_every_screen_has_an_id() -> None:
    import importlib
    import pkgutil

    import quizapp.tui.screens as screens
    from quizapp.tui.app import QuizApp

    missing = []
    owners: list[type] = [QuizApp]
    for module in pkgutil.iter_modules(screens.__path__):
        loaded = importlib.import_module(f"quizapp.tui.screens.{module.name}")
        owners.extend(
            v
            for v in vars(loaded).values()
            if isinstance(v, type) and v.__module__ == loaded.__name__
        )
    for owner in owners:
        for binding in getattr(owner, "BINDINGS", []) or []:
            if not isinstance(binding, Binding) or not binding.id:
                missing.append(f"{owner.__name__}: {binding}")
    assert missing == []
    assert {"home.review", "feedback.undo", "app.help"} <= set(known_binding_ids())


def test_problems_are_reported_by_line_and_the_rest_applies(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text(
        '"home.review" = "x"\n"home.nonsense" = "y"\n"feedback.undo" = 3\n', encoding="utf-8"
    )
    keymap, problems = load_keymap(path)
    assert keymap == {"home.review": "x"}
    assert problems[0] == f"{path}:2: unknown binding id 'home.nonsense' (F1 lists them)"
    assert problems[1].startswith(f"{path}:3: 'feedback.undo' needs keys as a string")


def test_a_broken_file_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('"home.review" = \n', encoding="utf-8")
    keymap, problems = load_keymap(path)
    assert keymap == {} and len(problems) == 1 and problems[0].startswith(f"{path}:1: ")


async def test_a_remapped_key_opens_the_review_and_help_shows_it(
    tmp_path: Path, run_app: RunApp
) -> None:
    context = make_context(tmp_path, CORE_BANK)
    keymap_file(context.data_dir).write_text('"home.review" = "x"\n', encoding="utf-8")
    async with run_app(context, size=(100, 30)) as (app, pilot):
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).render())
        assert "x  Review due  [home.review]" in text
        assert "(press x)" in str(app.screen_stack[-2].query_one("#summary", Static).render())
        await pilot.press("escape")
        await pilot.press("r")  # the old key no longer reviews
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("x")
        assert isinstance(app.screen, QuestionScreen)
    context.close()

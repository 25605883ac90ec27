"""Which language quizapp speaks: --lang, then QUIZAPP_LANG, then the saved setting, then the
locale (LC_ALL, LC_MESSAGES, LANG), then English; an unknown code is a clear CLI error."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Select

from quizapp.cli import main
from quizapp.core.context import QuizContext, open_context
from quizapp.i18n import (
    UnknownLanguage,
    _,
    current_language,
    language_from_locale,
    normalise_language,
    resolve_language,
)
from quizapp.store import Store
from quizapp.tui.screens.settings import SettingsScreen
from tests.helpers import CORE_BANK, RunApp


@pytest.fixture
def core_bank(tmp_path: Path) -> Path:
    path = tmp_path / "core.yaml"
    path.write_text(CORE_BANK, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("code", "language"),
    [("zh", "zh"), ("zh_CN.UTF-8", "zh"), ("zh-Hans", "zh"), ("ZH", "zh"), ("en_GB", "en")],
)
def test_codes_and_locales_name_a_language(code: str, language: str) -> None:
    assert normalise_language(code) == language


def test_the_locale_decides_in_posix_order() -> None:
    assert language_from_locale({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert language_from_locale({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert language_from_locale({"LC_ALL": "zh_TW.UTF-8", "LC_MESSAGES": "en_US"}) == "zh"
    assert language_from_locale({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) is None  # C: English
    assert language_from_locale({"LANG": "fr_FR.UTF-8"}) is None


def test_precedence_lang_env_setting_locale() -> None:
    env = {"QUIZAPP_LANG": "en", "LANG": "zh_CN.UTF-8"}
    assert resolve_language("zh", "en", env) == "zh"
    assert resolve_language(None, "zh", env) == "en"
    assert resolve_language(None, "zh", {"LANG": "en_US.UTF-8"}) == "zh"
    assert resolve_language(None, None, {"LANG": "zh_CN.UTF-8"}) == "zh"
    assert resolve_language(None, None, {}) == "en"
    assert resolve_language(None, "xx", {"LANG": "zh_CN.UTF-8"}) == "zh"  # a bad setting: passed
    with pytest.raises(
        UnknownLanguage, match="--lang: unknown language 'fr'; quizapp speaks: en, zh"
    ):
        resolve_language("fr", None, {})
    with pytest.raises(UnknownLanguage, match="QUIZAPP_LANG: unknown language 'de'"):
        resolve_language(None, None, {"QUIZAPP_LANG": "de"})


def test_unknown_codes_are_clear_cli_errors(
    monkeypatch: pytest.MonkeyPatch, core_bank: Path
) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--lang", "fr", "validate", str(core_bank)])
    assert result.exit_code == 2
    assert (
        "Invalid value for '--lang': unknown language 'fr'; quizapp speaks: en, zh" in result.output
    )
    result = runner.invoke(main, ["validate", str(core_bank), "--lang", "xx"])
    assert result.exit_code == 2 and "unknown language 'xx'" in result.output
    monkeypatch.setenv("QUIZAPP_LANG", "klingon")
    result = runner.invoke(main, ["stats"])
    assert result.exit_code == 2
    assert "QUIZAPP_LANG: unknown language 'klingon'" in result.output


@pytest.mark.parametrize(
    "args",
    [["--lang", "zh", "--help"], ["export", "anki", "--lang", "zh", "--help"]],
    ids=["before", "after the subcommand"],
)
def test_lang_switches_the_help(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "用法：" in result.output and "选项：" in result.output


def test_a_chinese_locale_gives_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    result = CliRunner().invoke(main, ["--help"])
    assert "用法：" in result.output
    monkeypatch.setenv("QUIZAPP_LANG", "en")
    assert "Usage:" in CliRunner().invoke(main, ["--help"]).output


def test_the_saved_setting_chooses_unless_lang_or_env_say_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, core_bank: Path
) -> None:
    with Store.open(tmp_path / "data") as store:
        settings = store.settings
        settings.language = "zh"
        store.save_settings(settings)
    context = open_context(tmp_path / "data", [core_bank], builtin=False)
    assert (context.language, current_language(), context.catalog.language) == ("zh", "zh", "zh")
    context.close()
    context = open_context(tmp_path / "data", [core_bank], builtin=False, language="en")
    assert context.language == "en"
    context.close()
    monkeypatch.setenv("QUIZAPP_LANG", "en")
    context = open_context(tmp_path / "data", [core_bank], builtin=False)
    assert context.language == "en"
    context.close()


def test_a_saved_language_outside_the_list_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        settings = store.settings
        settings.language = "fr"
        with pytest.raises(ValueError, match="language must be one of en, zh"):
            store.save_settings(settings)


async def test_settings_switch_the_language_and_save_it(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("comma")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#language", Select).value = "zh"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert context.store.settings.language == "zh"
        assert context.language == "zh" and context.catalog.language == "zh"
        assert _("Usage:") == "用法："
        app.screen.query_one("#language", Select).value = "locale"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert context.store.settings.language is None
        assert context.language == "en"  # the tests' locale is C.UTF-8

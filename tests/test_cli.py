"""The top-level command: help lists the data directory, version prints, overrides resolve."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp import __version__
from quizapp.cli import main
from quizapp.paths import DATA_DIR_ENV, builtin_banks_dir, resolve_data_dir


def test_help_shows_data_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Data directory" in result.output
    assert "--data-dir" in result.output and "--bank" in result.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_data_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert resolve_data_dir() == tmp_path / "env"
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.delenv(DATA_DIR_ENV)
    assert resolve_data_dir().name == "quizapp"


def test_builtin_banks_are_found() -> None:
    assert builtin_banks_dir().is_dir()


def _leaf_commands() -> list[list[str]]:
    """Every subcommand as typed: ["stats"], ["export", "anki"], ["drill", "list"]..."""
    import click

    group = main
    ctx = click.Context(group)
    out: list[list[str]] = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            out.extend([name, sub] for sub in command.list_commands(ctx))
        else:
            out.append([name])
    return out


def test_every_subcommand_shows_the_global_options_in_its_help() -> None:
    leaves = _leaf_commands()
    assert ["stats"] in leaves and ["export", "anki"] in leaves and len(leaves) >= 14
    for words in leaves:
        result = CliRunner().invoke(main, [*words, "--help"])
        assert result.exit_code == 0, (words, result.output)
        assert "--data-dir" in result.output and "--bank" in result.output, words


def test_global_options_after_the_subcommand(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import click

    from quizapp.cli import CliContext

    seen: list[CliContext] = []

    @click.command()
    @click.pass_obj
    def probe(ctx: CliContext) -> None:
        seen.append(ctx)

    monkeypatch.setitem(main.commands, "probe", probe)
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("x")
    second.write_text("x")
    args = ["--data-dir", str(tmp_path / "before"), "--bank", str(first)]
    result = CliRunner().invoke(
        main, [*args, "probe", "--data-dir", str(tmp_path / "after"), "--bank", str(second)]
    )
    assert result.exit_code == 0, result.output
    (ctx,) = seen
    assert ctx.data_dir == tmp_path / "after"  # the one nearer the command wins
    assert ctx.extra_banks == [first, second]  # banks add up
    assert CliRunner().invoke(main, ["probe", "--bank", str(tmp_path / "missing")]).exit_code == 2


def test_data_dir_after_a_real_subcommand(tmp_path: Path) -> None:
    from quizapp.store import AnswerRecord, Store, SystemClock

    with Store.open(tmp_path) as store:
        store.record_answer(
            AnswerRecord(SystemClock().now(), "q", "b", "h", None, "x", True, 3, 100, "review")
        )
    result = CliRunner().invoke(main, ["stats", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Reviews stored: 1" in result.output

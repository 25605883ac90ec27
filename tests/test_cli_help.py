"""``quizapp --help`` lists every subcommand as click would, without importing any of them."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from quizapp.cli import LAZY_COMMANDS, SUMMARIES, main


def test_every_lazy_command_has_a_summary() -> None:
    assert set(SUMMARIES) == set(LAZY_COMMANDS)


def test_the_listing_is_what_click_writes_from_the_commands_themselves() -> None:
    ctx = click.Context(main, info_name="quizapp")
    ours = click.HelpFormatter(width=80)
    main.format_commands(ctx, ours)
    imported = click.HelpFormatter(width=80)
    click.Group.format_commands(main, ctx, imported)  # imports each command for its help
    assert ours.getvalue() == imported.getvalue()
    assert all(f"  {name} " in ours.getvalue() for name in LAZY_COMMANDS)


def test_summaries_are_the_commands_own_first_sentences() -> None:
    ctx = click.Context(main)
    for name, summary in SUMMARIES.items():
        command = main.get_command(ctx, name)
        assert command is not None
        assert command.get_short_help_str(1 << 16) == summary, name


def test_a_narrow_terminal_shortens_summaries_as_click_does() -> None:
    ctx = click.Context(main, info_name="quizapp")
    ours, imported = click.HelpFormatter(width=50), click.HelpFormatter(width=50)
    main.format_commands(ctx, ours)
    click.Group.format_commands(main, ctx, imported)
    assert ours.getvalue() == imported.getvalue()


def test_help_imports_no_subcommand_and_no_pydantic() -> None:
    script = (
        "import sys\n"
        "from quizapp.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in sys.modules if m.startswith('quizapp.commands.')\n"
        "          or m.split('.')[0] in ('pydantic', 'yaml', 'numpy', 'textual', 'sqlite3')]\n"
        "print('loaded:', sorted(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "Commands:" in done.stdout
    assert done.stdout.strip().endswith("loaded: []")


def test_help_still_runs_through_the_console_entry_point() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "validate" in result.output and "Data directory:" in result.output

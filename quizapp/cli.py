"""The ``quizapp`` command line: options shared by every subcommand, and lazy subcommands.

Subcommands live in ``quizapp.commands.<module>`` and are imported only when they run, so
``quizapp --help`` and the TUI start fast. ``quizapp.launch`` starts the app; ``build_app`` in
``quizapp.tui.factory`` is the one place the TUI is built, for this CLI and the tests alike.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

import click

from quizapp import __version__
from quizapp.paths import resolve_data_dir

# name -> (module, attribute); a command whose module is not there yet is simply not listed.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("quizapp.commands.validate", "validate"),
    "schema": ("quizapp.commands.schema", "schema"),
    "stats": ("quizapp.commands.stats", "stats"),
    "optimize": ("quizapp.commands.optimize", "optimize"),
    "export-progress": ("quizapp.commands.progress_backup", "export_progress"),
    "import-progress": ("quizapp.commands.progress_backup", "import_progress"),
    "export": ("quizapp.commands.export", "export"),
    "new": ("quizapp.commands.new", "new"),
    "preview": ("quizapp.commands.preview", "preview"),
    "import-csv": ("quizapp.commands.import_csv", "import_csv"),
    "drill": ("quizapp.commands.drill", "drill"),
}


@dataclass
class CliContext:
    """What the top-level options hand to every subcommand."""

    data_dir: Path
    extra_banks: list[Path] = field(default_factory=list)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        available = [
            name
            for name, (module, _) in LAZY_COMMANDS.items()
            if importlib.util.find_spec(module) is not None
        ]
        return sorted(set(super().list_commands(ctx)) | set(available))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, attribute = LAZY_COMMANDS[cmd_name]
            if importlib.util.find_spec(module_name) is None:
                return None
            command: click.Command = getattr(importlib.import_module(module_name), attribute)
            return command
        return super().get_command(ctx, cmd_name)


def _epilog() -> str:
    return f"Data directory: {resolve_data_dir()} (set QUIZAPP_DATA_DIR or --data-dir to change)"


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    epilog=_epilog(),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where progress and your own banks live (default: the platform's user data dir).",
)
@click.option(
    "--bank",
    "banks",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Add a bank file or a folder of banks (repeatable).",
)
@click.version_option(__version__, "--version", prog_name="quizapp")
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None, banks: tuple[Path, ...]) -> None:
    """Practise RNN, LSTM and GRU interview questions. With no subcommand, opens the app."""
    ctx.obj = CliContext(data_dir=resolve_data_dir(data_dir), extra_banks=list(banks))
    if ctx.invoked_subcommand is None:
        from quizapp.launch import run

        run(ctx.obj.data_dir, ctx.obj.extra_banks)


if __name__ == "__main__":  # pragma: no cover
    main()

"""The ``quizapp`` command line: options shared by every subcommand, and lazy subcommands.

Subcommands live in ``quizapp.commands.<module>`` and are imported only when they run, so
``quizapp --help`` and the TUI start fast. ``quizapp.launch`` starts the app; ``build_app`` in
``quizapp.tui.factory`` is the one place the TUI is built, for this CLI and the tests alike.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


# name -> its summary, the first sentence of its help: ``quizapp --help`` lists the commands from
# here without importing them (their modules load pydantic, the store, the engine). A test
# renders the help both ways, so a summary that drifts from its command's help fails it.
SUMMARIES: dict[str, str] = {
    "validate": "Check bank files or folders; print every problem as path:line:col: message.",
    "schema": "Print the JSON Schema of the bank format (for the yaml-language-server line).",
    "stats": "Reviews, accuracy and retention per topic, due forecast, streak and leeches.",
    "optimize": "Fit FSRS parameters to your review log (needs the optimizer extra).",
    "export-progress": "Write all progress (cards, reviews, sessions, settings) to a JSON file.",
    "import-progress": "Load a JSON backup made by export-progress.",
    "export": "Export the question banks for other tools.",
    "new": "Write a starter bank with one example of every question kind.",
    "preview": (
        "Try a bank file in the app; it reloads when you save, and shows its errors on Home."
    ),
    "import-csv": (
        "Import Anki-style CSV/TSV (front, back, optional explanation and tags) as flashcards."
    ),
    "drill": "Write an RNN, LSTM or GRU function in NumPy; the engine checks it on hidden cases.",
}


@dataclass
class CliContext:
    """What the top-level options hand to every subcommand."""

    data_dir: Path
    extra_banks: list[Path] = field(default_factory=list)


DATA_DIR_HELP = "Where progress and your own banks live (default: the platform's user data dir)."
BANK_HELP = "Add a bank file or a folder of banks (repeatable)."


def _global_options() -> list[click.Option]:
    """``--data-dir`` and ``--bank`` as a subcommand takes them, after its name."""
    return [
        click.Option(
            ["--data-dir", "global_data_dir"],
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help=f"{DATA_DIR_HELP} Also accepted before the subcommand.",
        ),
        click.Option(
            ["--bank", "global_banks"],
            multiple=True,
            type=click.Path(exists=True, path_type=Path),
            help=f"{BANK_HELP} Also accepted before the subcommand.",
        ),
    ]


def with_global_options(command: click.Command) -> click.Command:
    """Give ``command`` (each command of a group) the global options, once.

    A command with an option of the same name keeps its own (``export anki --bank`` means
    "only this bank"). Values given after the subcommand update the shared ``CliContext``: a
    data directory replaces the one given before, banks add to those given before.
    """
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            with_global_options(sub)
        return command
    names = {param.name for param in command.params}
    if command.callback is None or names & {"global_data_dir", "global_banks"}:
        return command  # no callback to hand them to, or given them already
    taken = {opt for param in command.params for opt in param.opts}
    added = [option for option in _global_options() if not set(option.opts) & taken]
    command.params.extend(added)
    command.callback = _applying(command.callback, [str(option.name) for option in added])
    return command


def _applying(callback: Callable[..., Any], names: list[str]) -> Callable[..., Any]:
    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in names}
        shared = click.get_current_context().find_object(CliContext)
        if shared is not None:
            if given.get("global_data_dir") is not None:
                shared.data_dir = resolve_data_dir(given["global_data_dir"])
            shared.extra_banks.extend(given.get("global_banks") or ())
        return callback(*args, **kwargs)

    return run


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
            return with_global_options(command)
        found = super().get_command(ctx, cmd_name)
        return with_global_options(found) if found is not None else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's listing, with the lazy commands' summaries taken from ``SUMMARIES``."""
        rows: list[tuple[str, str | None]] = []
        for name in self.list_commands(ctx):
            if name in SUMMARIES:
                rows.append((name, None))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(1 << 16)))
        if not rows:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        listing = [(name, _shortened(summary or SUMMARIES[name], limit)) for name, summary in rows]
        with formatter.section("Commands"):
            formatter.write_dl(listing)


def _shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` at a word, with "...", as click shortens a command's help."""
    if len(text) <= limit:
        return text
    import textwrap

    return textwrap.shorten(text, limit, placeholder="...", break_on_hyphens=False)


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
    help=DATA_DIR_HELP,
)
@click.option(
    "--bank",
    "banks",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help=BANK_HELP,
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

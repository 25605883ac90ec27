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
        "Import Anki-style CSV/TSV (front, back, optional tags) as a bank of flashcards."
    ),
    "drill": "Write an RNN, LSTM or GRU function in NumPy; the engine checks it on hidden cases.",
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

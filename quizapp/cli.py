"""The ``quizapp`` command line: options shared by every subcommand, and lazy subcommands.

Subcommands live in ``quizapp.commands.<module>`` and are imported only when they run, so
``quizapp --help`` and the TUI start fast. ``quizapp.launch`` starts the app; ``build_app`` in
``quizapp.tui.factory`` is the one place the TUI is built, for this CLI and the tests alike.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from quizapp import __version__
from quizapp.cli_translation import TranslatedPath, install
from quizapp.i18n import N_, _, resolve_language, set_language
from quizapp.i18n.width import cell_width, fit, pad, wrap_cells
from quizapp.paths import resolve_data_dir

install()  # click's own errors and usage words through the catalog, in the interface's language

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
    "validate": N_("Check bank files or folders; print every problem as path:line:col: message."),
    "schema": N_("Print the JSON Schema of the bank format (for the yaml-language-server line)."),
    "stats": N_("Reviews, accuracy and retention per topic, due forecast, streak and leeches."),
    "optimize": N_("Fit FSRS parameters to your review log (needs the optimizer extra)."),
    "export-progress": N_(
        "Write all progress (cards, reviews, sessions, settings, code checks) to a JSON file."
    ),
    "import-progress": N_("Load a JSON backup made by export-progress."),
    "export": N_("Export the question banks for other tools."),
    "new": N_("Write a starter bank with one example of every question kind."),
    "preview": N_(
        "Try a bank file in the app; it reloads when you save, and shows its errors on Home."
    ),
    "import-csv": N_(
        "Import Anki-style CSV/TSV (front, back, optional explanation and tags) as flashcards."
    ),
    "drill": N_(
        "Write an RNN, LSTM or GRU function in NumPy; the engine checks it on hidden cases."
    ),
}


@dataclass
class CliContext:
    """What the top-level options hand to every subcommand (``language``: ``--lang``)."""

    data_dir: Path
    extra_banks: list[Path] = field(default_factory=list)
    language: str | None = None

    def resolved_language(self) -> str:
        """``--lang``, else ``QUIZAPP_LANG``, else the locale (commands that open no store)."""
        return resolve_language(self.language)


DATA_DIR_HELP = N_(
    "Where progress and your own banks live (default: the platform's user data dir)."
)
BANK_HELP = N_("Add a bank file or a folder of banks (repeatable).")
LANG_HELP = N_(
    "Language of the questions and the interface: en or zh (default: QUIZAPP_LANG, "
    "then the language saved in Settings, then the locale)."
)
BEFORE_TOO = N_("Also accepted before the subcommand.")
MAIN_HELP = N_("Practise RNN, LSTM and GRU interview questions. With no subcommand, opens the app.")
# click's own words in the help, translated in the quizapp catalog (click has none of its own)
CLICK_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
)


class TranslatedHelp(click.HelpFormatter):
    """The help in the interface's language: every text, heading and description goes through
    ``_`` (text that is not in the catalog, such as an option's name, stays as it is)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _spaced(_((prefix or "Usage:").strip())))

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_colon(_(heading))}\n")

    def write_text(self, text: str) -> None:
        """Each paragraph translated on its own (a command's help is one message per
        paragraph); Chinese wrapped by terminal cells, as click wraps English at spaces."""
        paragraphs = [_(_one_line(paragraph)) for paragraph in text.split("\n\n")]
        if all(paragraph.isascii() for paragraph in paragraphs):
            super().write_text("\n\n".join(paragraphs))
            return
        width = max(self.width - self.current_indent, 11)
        for number, paragraph in enumerate(paragraphs):
            if number:
                self.write("\n")
            for line in wrap_cells(paragraph, width):
                self.write(f"{'':>{self.current_indent}}{line}\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        translated = [(term, _translated_row(text)) for term, text in rows]
        if all(text.isascii() for _term, text in translated):
            super().write_dl(translated, col_max, col_spacing)
            return
        # click wraps at spaces and counts characters; Chinese has no spaces and is two cells
        # wide, so its descriptions are wrapped here by terminal cells.
        first = min(max(cell_width(term) for term, _text in translated), col_max)
        indent = self.current_indent + first + col_spacing
        width = max(self.width - indent, 10)
        for term, text in translated:
            lines = wrap_cells(text, width) or [""]
            if cell_width(term) <= first:
                self.write(f"{'':>{self.current_indent}}{pad(term, first + col_spacing)}")
                self.write(f"{lines[0]}\n")
                lines = lines[1:]
            else:
                self.write(f"{'':>{self.current_indent}}{term}\n")
            for line in lines:
                self.write(f"{'':>{indent}}{line}\n")


def _one_line(paragraph: str) -> str:
    """A paragraph of help as its message in the catalog: click's line breaks and indents
    gone (a docstring's lines are wrapped; click wraps them again when it writes them)."""
    return " ".join(paragraph.split())


def _translated_row(text: str) -> str:
    """An option's help, translated; a suffix click adds (``[default: 3]``) kept after it."""
    head, bracket, tail = text.partition("  [")
    before_too = head.endswith(BEFORE_TOO) and head != BEFORE_TOO
    if before_too:
        head = head.removesuffix(BEFORE_TOO).rstrip()
    shown = _(head)
    if before_too:
        shown += ("" if shown.endswith("。") else " ") + _(BEFORE_TOO)
    return shown + (f"  [{tail}" if bracket else "")


def _colon(text: str) -> str:
    """A heading with its colon: full-width after Chinese, as click writes it after English."""
    return text + ("：" if not text.isascii() else ":")


def _spaced(prefix: str) -> str:
    return prefix if prefix.endswith("：") else prefix + " "


class TranslatedContext(click.Context):
    formatter_class = TranslatedHelp


def _language_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check ``--lang`` (and QUIZAPP_LANG) as soon as it is parsed, and switch the interface
    to it, so the help and every message after it are in that language. A subcommand's own
    ``--lang`` left out keeps the language given before the subcommand."""
    if value is None and ctx.parent is not None:
        return value
    try:
        language = resolve_language(value)
        if value is not None:  # else the language make_context read from the command line
            set_language(language)  # (a --lang after the subcommand) stays
    except ValueError as exc:
        if value:
            raise click.BadParameter(str(exc).removeprefix("--lang: "), ctx, param) from None
        raise click.UsageError(str(exc), ctx) from None
    return value


def _global_options() -> list[click.Option]:
    """``--data-dir`` and ``--bank`` as a subcommand takes them, after its name."""
    return [
        click.Option(
            ["--data-dir", "global_data_dir"],
            type=TranslatedPath(file_okay=False, path_type=Path),
            default=None,
            help=f"{DATA_DIR_HELP} {BEFORE_TOO}",
        ),
        click.Option(
            ["--bank", "global_banks"],
            multiple=True,
            type=TranslatedPath(exists=True, path_type=Path),
            help=f"{BANK_HELP} {BEFORE_TOO}",
        ),
        click.Option(
            ["--lang", "global_language"],
            default=None,
            metavar="CODE",
            is_eager=True,
            callback=_language_option,
            help=f"{LANG_HELP} {BEFORE_TOO}",
        ),
    ]


def with_global_options(command: click.Command) -> click.Command:
    """Give ``command`` (each command of a group) the global options, once.

    A command with an option of the same name keeps its own (``export anki --bank`` means
    "only this bank"). Values given after the subcommand update the shared ``CliContext``: a
    data directory replaces the one given before, banks add to those given before.
    """
    command.context_class = TranslatedContext
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            with_global_options(sub)
        return command
    names = {param.name for param in command.params}
    if command.callback is None or names & {"global_data_dir", "global_banks", "global_language"}:
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
            if given.get("global_language"):
                shared.language = given["global_language"]
        return callback(*args, **kwargs)

    return run


class TranslatedGroup(click.Group):
    """A group whose listing gives each command's summary in the interface's language: the
    first sentence of its help, translated whole, then shortened to the width as click does."""

    context_class = TranslatedContext

    def summary(self, ctx: click.Context, name: str) -> str | None:
        command = self.get_command(ctx, name)
        if command is None or command.hidden:
            return None
        return command.get_short_help_str(1 << 16)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, self.summary(ctx, name)) for name in self.list_commands(ctx)]
        listed = [(name, summary) for name, summary in rows if summary is not None]
        if not listed:
            return
        limit = formatter.width - 6 - max(len(name) for name, _summary in listed)
        with formatter.section("Commands"):
            formatter.write_dl([(name, _shortened(_(text), limit)) for name, text in listed])


def _language_in(args: list[str]) -> str | None:
    """The last ``--lang`` value among ``args`` (before any ``--``), as click will read it."""
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


class LazyGroup(TranslatedGroup):
    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """``--lang`` (else QUIZAPP_LANG and the locale) applies before any option is read:
        ``--help`` exits as soon as it is read, and a mistyped option is reported before the
        option's callback would run; the callback reports a code that is not a language."""
        with contextlib.suppress(ValueError):
            set_language(resolve_language(_language_in(args)))
        return super().make_context(info_name, args, parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        available = [
            name
            for name, (module, _attribute) in LAZY_COMMANDS.items()
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

    def summary(self, ctx: click.Context, name: str) -> str | None:
        """A lazy command's from ``SUMMARIES``: listing them imports none of them."""
        return SUMMARIES[name] if name in SUMMARIES else super().summary(ctx, name)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Where the data lives (looked up when the help is shown)."""
        epilog = _("Data directory: {path} (set QUIZAPP_DATA_DIR or --data-dir to change)")
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(epilog.format(path=resolve_data_dir()))


def _shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` at a word, with "...", as click shortens a command's help
    (text with wide characters, which has no spaces to cut at, by terminal cells)."""
    if cell_width(text) <= limit:
        return text
    if not text.isascii():
        return fit(text, limit)
    import textwrap

    return textwrap.shorten(text, limit, placeholder="...", break_on_hyphens=False)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    help=MAIN_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--data-dir",
    type=TranslatedPath(file_okay=False, path_type=Path),
    default=None,
    help=DATA_DIR_HELP,
)
@click.option(
    "--bank",
    "banks",
    multiple=True,
    type=TranslatedPath(exists=True, path_type=Path),
    help=BANK_HELP,
)
@click.option(
    "--lang",
    "language",
    default=None,
    metavar="CODE",
    is_eager=True,
    callback=_language_option,
    help=LANG_HELP,
)
@click.version_option(__version__, "--version", prog_name="quizapp")
@click.pass_context
def main(
    ctx: click.Context, data_dir: Path | None, banks: tuple[Path, ...], language: str | None
) -> None:
    """Practise RNN, LSTM and GRU interview questions. With no subcommand, opens the app."""
    ctx.obj = CliContext(
        data_dir=resolve_data_dir(data_dir), extra_banks=list(banks), language=language
    )
    if ctx.invoked_subcommand is None:
        from quizapp.launch import run

        run(ctx.obj.data_dir, ctx.obj.extra_banks, language=language)


if __name__ == "__main__":  # pragma: no cover
    main()

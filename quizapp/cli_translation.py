"""click's own words (its errors and usage lines) in the interface's language.

click marks its messages for gettext but ships no catalogs. ``install`` points the click
modules that say them at quizapp's ``_`` and ``ngettext``, which look a message up in the
``quizapp`` catalog in the current language when it is said (English: the message as click
wrote it). The messages a learner meets are listed here, so ``make catalogs`` extracts them
into the catalog; a test checks that each is still one of click's own.
"""

from __future__ import annotations

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

from quizapp.i18n import N_, _, ngettext

# click's msgids, word for word (tests/i18n/test_cli_in_chinese.py checks them against click)
MESSAGES = (
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing command."),
    N_("Aborted!"),
    N_("Option {name!r} does not take a value."),
    N_("Could not open file {filename!r}: {message}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("Do you want to continue?"),
    N_("Confirm the action without prompting."),
    N_("Error: invalid input"),
    N_("Argument {name!r} takes {nargs} values."),
)


def _plural_messages() -> None:  # pragma: no cover - never called: marks click's plurals
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1)
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1)
    ngettext(
        "Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1
    )
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1)


MODULES = (
    click.core,
    click.decorators,
    click.exceptions,
    click.formatting,
    click.parser,
    click.termui,
    click.types,
)


def install() -> None:
    """click's modules say their messages through quizapp's catalog from now on."""
    for module in MODULES:
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


class TranslatedPath(click.Path):
    """``click.Path`` whose kind (file, directory, path), in its messages ("Directory 'x' is a
    file.") and as its metavar, is in the language of the moment it is shown: click names it
    when the option is made, and the top-level options are made before ``--lang`` is read."""

    @property
    def name(self) -> str:
        if self.file_okay and not self.dir_okay:
            return _("file")
        if self.dir_okay and not self.file_okay:
            return _("directory")
        return _("path")

    @name.setter
    def name(self, value: str) -> None:
        """click's ``__init__`` names the kind; it follows ``file_okay`` and ``dir_okay`` here."""

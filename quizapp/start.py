"""The ``quizapp`` console script: a learner's everyday start opens the app without click.

``quizapp``, ``quizapp --data-dir DIR`` and ``quizapp --lang zh`` (the forms a learner types
every day, and what a launcher or alias runs) go straight to ``quizapp.launch.run``: importing
click and the command line's help machinery was about 10 ms of a start of about 200 ms. Every
other command line, and any value the fast reading is not sure of, goes to click
(``quizapp.cli.main``), which stays the one definition of the command line: its options, help,
errors and exit codes. A test checks that both readings give ``run`` the same arguments.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

# the options a plain start may carry (``quizapp.cli.main``'s, without ``--bank``, whose check
# that the path exists and whose repeats are click's to read)
PLAIN_OPTIONS = ("--data-dir", "--lang")


class PlainStart(NamedTuple):
    """What ``quizapp.cli.main`` hands to ``quizapp.launch.run`` for a plain start (a
    NamedTuple: ``quizapp --help`` passes through here, and importing msgspec or dataclasses
    for one record was 5-10% of its time)."""

    data_dir: Path
    language: str | None


def plain_start(args: Sequence[str]) -> PlainStart | None:
    """The start ``args`` ask for, if they name no subcommand and only ``--data-dir`` and
    ``--lang``, once each, with values click would take as they are; else None (click reads
    them, and reports what is wrong with them)."""
    from quizapp.i18n import resolve_language
    from quizapp.paths import resolve_data_dir

    given: dict[str, str] = {}
    rest = list(args)
    while rest:
        name, equals, value = rest.pop(0).partition("=")
        if name not in PLAIN_OPTIONS or name in given:
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None
        given[name] = value
    data_dir = given.get("--data-dir")
    if data_dir is not None and os.path.exists(data_dir) and not os.path.isdir(data_dir):
        return None  # click.Path(file_okay=False) says it is a file
    language = given.get("--lang")
    try:
        resolve_language(language)  # an unknown code (or QUIZAPP_LANG) is click's to report
    except ValueError:
        return None
    return PlainStart(resolve_data_dir(Path(data_dir) if data_dir else None), language)


def main() -> None:
    """The console script's entry point."""
    start = plain_start(sys.argv[1:])
    if start is None:
        from quizapp.cli import main as command_line

        command_line()
        return
    from quizapp.i18n import resolve_language, set_language
    from quizapp.launch import run

    set_language(resolve_language(start.language))
    try:
        run(start.data_dir, (), language=start.language)
    except KeyboardInterrupt:  # before the app takes the terminal: as click ends it
        print("\nAborted!", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":  # pragma: no cover
    main()

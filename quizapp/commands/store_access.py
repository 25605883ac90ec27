"""The progress store as every CLI command opens it: each database fault a clear message.

A ``StoreError`` (or any ``sqlite3.Error`` that gets this far) becomes the same text the app
shows, on stderr, with exit code 1. What the learner must know on opening (a damaged database
moved aside in the last days, settings put back to defaults) is printed first, by every
command. After an unclean exit the full check runs here, inline: a command can afford it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import click

from quizapp.cli import CliContext
from quizapp.i18n import _
from quizapp.store import Fault, Store, StoreError
from quizapp.store.errors import describe


@contextmanager
def open_store(ctx: CliContext) -> Iterator[Store]:
    try:
        store = Store.open(ctx.data_dir)
    except StoreError as exc:
        raise click.ClickException(exc.message) from None
    try:
        if store.needs_check:
            store.verify()
        if store.notice:
            click.echo(store.notice, err=True)
        yield store
    except (StoreError, sqlite3.Error, OSError) as exc:
        doing, kept = _("reading the progress database"), _("nothing was changed")
        error = describe(exc, store.path, doing, kept)
        if error.fault is Fault.DAMAGED:
            _recover(store)
        raise click.ClickException(error.message) from None
    finally:
        store.close()


def _recover(store: Store) -> None:
    """A damaged page met mid-command: check now, and move the file aside if it fails."""
    try:
        recovery = store.verify()
    except StoreError as exc:
        click.echo(exc.message, err=True)
        return
    if recovery is not None:
        click.echo(recovery.message, err=True)

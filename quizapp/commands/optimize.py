"""``quizapp optimize``: personalise the FSRS parameters from your own reviews."""

from __future__ import annotations

import click

from quizapp.cli import CliContext
from quizapp.commands.store_access import open_store
from quizapp.store.optimizing import optimize as fit


@click.command()
@click.pass_obj
def optimize(ctx: CliContext) -> None:
    """Fit FSRS parameters to your review log (needs the optimizer extra)."""
    with open_store(ctx) as store:
        outcome = fit(store)
    click.echo(outcome.message)

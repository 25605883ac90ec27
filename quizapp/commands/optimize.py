"""``quizapp optimize``: personalise the FSRS parameters from your own reviews."""

from __future__ import annotations

import click

from quizapp.cli import CliContext
from quizapp.store import Store, StoreError
from quizapp.store.optimizing import optimize as fit


@click.command()
@click.pass_obj
def optimize(ctx: CliContext) -> None:
    """Fit FSRS parameters to your review log (needs the optimizer extra)."""
    try:
        with Store.open(ctx.data_dir) as store:
            outcome = fit(store)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(outcome.message)

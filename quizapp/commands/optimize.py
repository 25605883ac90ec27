"""``quizapp optimize``: personalise the FSRS parameters from your own reviews."""

from __future__ import annotations

import click

from quizapp.cli import CliContext
from quizapp.commands.store_access import open_store
from quizapp.i18n import _
from quizapp.store.optimizing import OptimizeOutcome
from quizapp.store.optimizing import optimize as fit


@click.command()
@click.pass_obj
def optimize(ctx: CliContext) -> None:
    """Fit FSRS parameters to your review log (needs the optimizer extra)."""
    with open_store(ctx) as store:
        outcome = fit(store)
    click.echo(outcome.message)
    _report(outcome)


def _report(outcome: OptimizeOutcome) -> None:
    """The fitted parameters and the fit's log loss; a refusal exits 1 (nothing was saved)."""
    if not outcome.ok:
        raise SystemExit(1)
    if outcome.parameters is not None:
        values = ", ".join(f"{p:.4f}" for p in outcome.parameters)
        click.echo(_("parameters: {values}").format(values=values))
    if outcome.loss_before is not None and outcome.loss_after is not None:
        click.echo(
            _(
                "log loss: {before:.4f} before, {after:.4f} after "
                "(lower predicts your recall better)"
            ).format(before=outcome.loss_before, after=outcome.loss_after)
        )

"""``quizapp preview BANK.yaml``: the app on one bank, reloaded whenever the file is saved.

Answers go to a throwaway data directory, so trying a bank out never moves the author's own
schedule; validation errors are listed on Home, in place, instead of ending the program.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from quizapp.cli import SUMMARIES, CliContext
from quizapp.cli_translation import TranslatedPath
from quizapp.i18n import N_


@click.command(
    help="\n\n".join(
        (
            SUMMARIES["preview"],
            N_(
                "Answers go to a throwaway folder (never --data-dir), so trying a bank leaves "
                "your own schedule as it was."
            ),
        )
    )
)
@click.argument("bank", type=TranslatedPath(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def preview(ctx: CliContext, bank: Path) -> None:
    from quizapp.launch import run

    with tempfile.TemporaryDirectory(prefix="quizapp-preview-") as scratch:
        run(Path(scratch), [bank], builtin=False, watch=bank, language=ctx.language)

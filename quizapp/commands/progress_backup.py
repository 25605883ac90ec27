"""``quizapp export-progress FILE`` / ``import-progress FILE``: a JSON backup that round-trips."""

from __future__ import annotations

from pathlib import Path

import click

from quizapp.cli import CliContext
from quizapp.store import Store, StoreError
from quizapp.store.backup import import_progress as load_backup
from quizapp.store.backup import read_backup, write_backup


@click.command("export-progress")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def export_progress(ctx: CliContext, file: Path) -> None:
    """Write all progress (cards, reviews, sessions, settings) to a JSON file."""
    try:
        with Store.open(ctx.data_dir) as store:
            count = write_backup(store, file)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {count} reviews to {file}")


@click.command("import-progress")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replace", is_flag=True, help="Overwrite the progress already in the data directory."
)
@click.pass_obj
def import_progress(ctx: CliContext, file: Path, replace: bool) -> None:
    """Load a JSON backup made by export-progress."""
    try:
        data = read_backup(file)
        with Store.open(ctx.data_dir) as store:
            count = load_backup(store, data, replace=replace)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"imported {count} reviews into {ctx.data_dir}")

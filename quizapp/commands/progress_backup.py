"""``quizapp export-progress FILE`` / ``import-progress FILE``: a JSON backup that round-trips.

Export writes a snapshot atomically and never replaces an existing file without asking (or
``--force``), and never an empty backup over one with answers unless forced. Import checks the
whole file before the database is opened, keeps a safety copy before ``--replace``, and
changes nothing when it fails.
"""

from __future__ import annotations

from pathlib import Path

import click

from quizapp.cli import CliContext
from quizapp.cli_translation import TranslatedPath
from quizapp.commands.store_access import open_store
from quizapp.i18n import N_, _
from quizapp.store import StoreError
from quizapp.store.backup import (
    backup_text,
    existing_review_count,
    load_backup,
    review_count,
    write_atomically,
)
from quizapp.store.backup import (
    export_progress as snapshot,
)
from quizapp.store.backup import (
    import_progress as load_into,
)


@click.command("export-progress")
@click.argument("file", type=TranslatedPath(dir_okay=False, path_type=Path))
@click.option(
    "--force", is_flag=True, help=N_("Replace FILE without asking, even with less in it.")
)
@click.pass_obj
def export_progress(ctx: CliContext, file: Path, force: bool) -> None:
    """Write all progress (cards, reviews, sessions, settings, code checks) to a JSON file."""
    with open_store(ctx) as store:
        data = snapshot(store)
    count = review_count(data)
    if file.exists() or file.is_symlink():
        _may_replace(file, count, force)
    try:
        write_atomically(file, backup_text(data))
    except StoreError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(_("wrote {count} reviews to {file}").format(count=count, file=file))


def _may_replace(file: Path, count: int, force: bool) -> None:
    held = existing_review_count(file)
    if count == 0 and held != 0 and not force:
        what = f"{held} reviews" if held is not None else "data that is not a backup quizapp reads"
        raise click.ClickException(
            f"the data directory has no reviews, and {file} holds {what}: refusing to write an "
            f"empty backup over it. {file} was kept as it was. If the data directory is the "
            "wrong one, pass --data-dir; to replace the file anyway, pass --force."
        )
    if force:
        return
    held_text = f"{held} reviews" if held is not None else "not a quizapp backup"
    question = f"{file} exists ({held_text}); replace it with {count} reviews?"
    try:
        if click.confirm(question, err=True):
            return
    except click.Abort:
        pass
    raise click.ClickException(
        _("{file} was kept as it was; pass --force to replace it.").format(file=file)
    )


@click.command("import-progress")
@click.argument("file", type=TranslatedPath(dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help=N_("Overwrite the progress already in the data directory (a safety copy is kept)."),
)
@click.pass_obj
def import_progress(ctx: CliContext, file: Path, replace: bool) -> None:
    """Load a JSON backup made by export-progress."""
    try:
        backup = load_backup(file)
    except StoreError as exc:
        raise click.ClickException(exc.message) from None
    with open_store(ctx) as store:
        outcome = load_into(store, backup, replace=replace)
    click.echo(
        _("imported {count} reviews into {folder}").format(
            count=outcome.reviews, folder=ctx.data_dir
        )
    )
    if outcome.safety_copy is not None:
        click.echo(
            _("the progress it replaced was copied to {path}").format(path=outcome.safety_copy)
        )

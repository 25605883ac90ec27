"""``quizapp new BANK.yaml``: write a commented starter bank that validates as written."""

from __future__ import annotations

from pathlib import Path

import click

from quizapp.cli_translation import TranslatedPath
from quizapp.i18n import N_


@click.command()
@click.argument("path", type=TranslatedPath(path_type=Path))
@click.option("--id", "bank_id", default=None, help=N_("Bank id (default: from the file name)."))
@click.option("--title", default=None, help=N_("Bank title (default: from the id)."))
@click.option("--force", is_flag=True, help=N_("Overwrite the file if it exists."))
def new(path: Path, bank_id: str | None, title: str | None, force: bool) -> None:
    """Write a starter bank with one example of every question kind."""
    from quizapp.authoring.starter import (
        StarterError,
        bank_id_from_path,
        title_from_id,
        write_starter,
    )

    bank_id = bank_id or bank_id_from_path(path)
    title = title or title_from_id(bank_id)
    try:
        schema_note = write_starter(path, bank_id, title, force=force)
    except StarterError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    click.echo(f"wrote {path} (bank id '{bank_id}'); check it with: quizapp validate {path}")
    click.echo(schema_note, err=schema_note.startswith("warning"))

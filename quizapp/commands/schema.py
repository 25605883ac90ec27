"""``quizapp schema``: the bank format's JSON Schema for editors, printed or written to a folder."""

from __future__ import annotations

from pathlib import Path

import click

from quizapp.cli_translation import TranslatedPath
from quizapp.i18n import N_


@click.command()
@click.option(
    "--write",
    "folder",
    type=TranslatedPath(file_okay=False, path_type=Path),
    default=None,
    help=N_("Write bank.schema.json into this folder (beside your banks) instead of printing it."),
)
def schema(folder: Path | None) -> None:
    """Print the JSON Schema of the bank format (for the yaml-language-server line)."""
    from quizapp.banks.schema import SCHEMA_LINE, SchemaFileTaken, schema_text, write_schema

    if folder is None:
        click.echo(schema_text(), nl=False)
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target, changed = write_schema(folder)
    except SchemaFileTaken as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(
            f"{folder}: cannot write the schema: {exc.strerror or exc}"
        ) from None
    click.echo(f"{'wrote' if changed else 'up to date:'} {target}")
    click.echo(f"put this line first in each bank in {folder}:")
    click.echo(SCHEMA_LINE)

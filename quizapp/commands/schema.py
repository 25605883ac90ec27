"""``quizapp schema``: print the bank format's JSON Schema for editors."""

from __future__ import annotations

import click

from quizapp.banks.schema import schema_text


@click.command()
def schema() -> None:
    """Print the JSON Schema of the bank format (for the yaml-language-server line)."""
    click.echo(schema_text(), nl=False)

"""``quizapp import-csv IN.csv OUT.yaml``: Anki-style CSV/TSV into a new flashcard bank.

Broken rows are reported as ``IN.csv:LINE: message`` on stderr and skipped; the rest are
imported. Anything that stops the whole import is one line and exit 1, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import click

from quizapp.cli import SUMMARIES
from quizapp.cli_translation import TranslatedPath
from quizapp.i18n import N_


@click.command(
    "import-csv",
    help="\n\n".join(
        (
            SUMMARIES["import-csv"],
            N_(
                "A first row of column names (front,back,tags...) is skipped and says which "
                "column is which. A card without an explanation gets none."
            ),
        )
    ),
)
@click.argument("source", type=TranslatedPath(exists=True, dir_okay=False, path_type=Path))
@click.argument("out", type=TranslatedPath(path_type=Path))
@click.option("--id", "bank_id", default=None, help=N_("Bank id (default: from OUT's file name)."))
@click.option("--title", default=None, help=N_("Bank title (default: from the CSV's file name)."))
@click.option(
    "--topic",
    default=None,
    help=N_("Topic for cards whose tags name no known topic id (default: rnn.recurrence)."),
)
@click.option(
    "--delimiter",
    default=None,
    help=N_("Field separator: a character, or tab/comma/semicolon/pipe (default: detected)."),
)
@click.option(
    "--columns",
    default=None,
    help=N_(
        "Which column is which, e.g. front,back,explanation,tags (skip for one to ignore). "
        "Default: a header row's names, else front, back, tags."
    ),
)
@click.option(
    "--encoding",
    default=None,
    help=N_(
        "The file's text encoding, e.g. gbk or utf-16 (default: UTF-8; a file that is not "
        "UTF-8 is refused with the encoding it looks like)."
    ),
)
@click.option("--force", is_flag=True, help=N_("Overwrite OUT if it exists."))
def import_csv(
    source: Path,
    out: Path,
    bank_id: str | None,
    title: str | None,
    topic: str | None,
    delimiter: str | None,
    columns: str | None,
    encoding: str | None,
    force: bool,
) -> None:
    from quizapp.authoring.csv_import import DEFAULT_TOPIC, CsvImportError, import_file
    from quizapp.authoring.starter import bank_id_from_path, title_from_id

    bank_id = bank_id or bank_id_from_path(out)
    title = title or title_from_id(bank_id_from_path(source))
    try:
        outcome = import_file(
            source,
            out,
            bank_id=bank_id,
            title=title,
            topic=topic or DEFAULT_TOPIC,
            delimiter=delimiter,
            columns=columns,
            encoding=encoding,
            force=force,
        )
    except CsvImportError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    except Exception as exc:  # never a traceback
        click.echo(f"error: internal error: {type(exc).__name__}: {exc}", err=True)
        raise SystemExit(1) from None
    for problem in outcome.problems:
        click.echo(problem.format(str(source)), err=True)
    if outcome.header is not None:
        names = ", ".join(outcome.header.names)
        click.echo(f"{source}:{outcome.header.line}: header row ({names}) skipped")
    skipped = f", {len(outcome.problems)} row(s) skipped" if outcome.problems else ""
    click.echo(
        f"wrote {out}: {outcome.imported} flashcard(s) in bank '{bank_id}'{skipped} "
        f"(columns: {outcome.columns})"
    )
    click.echo(outcome.schema_note, err=outcome.schema_note.startswith("warning"))

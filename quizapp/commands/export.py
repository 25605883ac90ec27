"""``quizapp export anki|markdown OUT``: the banks as an Anki package or a printable cheat sheet.

Any bank error refuses the export (every error printed as ``path:line:col: message``, exit 1,
nothing written); an unwritable output is one line and exit 1, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from quizapp.cli import CliContext, TranslatedGroup
from quizapp.cli_translation import TranslatedPath
from quizapp.i18n import N_, _, ngettext

BANK_OPTION = click.option(
    "--bank",
    "banks",
    multiple=True,
    type=TranslatedPath(path_type=Path),
    help=N_("Export only this bank file or folder (repeatable). Default: built-in and your banks."),
)


@click.group(cls=TranslatedGroup)
def export() -> None:
    """Export the question banks for other tools."""


def _run(action: Callable[[], str]) -> None:
    from quizapp.exporting.common import ExportError

    try:
        message = action()
    except ExportError as exc:
        for line in exc.lines:
            click.echo(line, err=True)
        raise SystemExit(1) from None
    except Exception as exc:  # never a traceback
        problem = f"{type(exc).__name__}: {exc}"
        click.echo(_("export failed: internal error: {problem}").format(problem=problem), err=True)
        raise SystemExit(1) from None
    click.echo(message)


@export.command(
    help="\n\n".join(
        (
            N_(
                "Write an Anki package (.apkg); re-importing a newer export updates the same notes."
            ),
            N_(
                "One deck per bank, quizapp::<bank id> (a renamed bank keeps its deck), options "
                "shuffled the same way every time, one note per numeric variant with a front of "
                "its own."
            ),
        )
    )
)
@click.argument("out", type=TranslatedPath(dir_okay=False, path_type=Path))
@BANK_OPTION
@click.option(
    "--variants",
    default=3,
    show_default=True,
    type=click.IntRange(1, 50),
    help=N_("Drawn variants per numeric template question."),
)
@click.pass_obj
def anki(ctx: CliContext, out: Path, banks: tuple[Path, ...], variants: int) -> None:

    def action() -> str:
        from quizapp.exporting.anki import build_package, package_bytes
        from quizapp.exporting.common import export_paths, load_for_export, write_output

        result = load_for_export(export_paths(ctx.data_dir, banks, ctx.extra_banks))
        export = build_package(result, variants=variants, language=ctx.resolved_language())
        write_output(out, package_bytes(export.package))
        message = ngettext(
            "wrote {out}: {notes} notes from {questions} questions in {banks} bank",
            "wrote {out}: {notes} notes from {questions} questions in {banks} banks",
            len(result.banks),
        )
        message = message.format(
            out=out, notes=export.notes, questions=len(result.questions), banks=len(result.banks)
        )
        if export.repeated_fronts:
            message += ngettext(
                "; {count} template question gave fewer than {variants} variants with a "
                "front of its own: {ids}",
                "; {count} template questions gave fewer than {variants} variants with a "
                "front of their own: {ids}",
                len(export.repeated_fronts),
            ).format(
                count=len(export.repeated_fronts),
                variants=variants,
                ids=", ".join(export.repeated_fronts),
            )
        return message

    _run(action)


@export.command(help=N_("Write a printable Markdown cheat sheet grouped by topic."))
@click.argument("out", type=TranslatedPath(dir_okay=False, path_type=Path))
@BANK_OPTION
@click.pass_obj
def markdown(ctx: CliContext, out: Path, banks: tuple[Path, ...]) -> None:

    def action() -> str:
        from quizapp.exporting.common import export_paths, load_for_export, write_output
        from quizapp.exporting.markdown import cheat_sheet

        result = load_for_export(export_paths(ctx.data_dir, banks, ctx.extra_banks))
        text = cheat_sheet(result, language=ctx.resolved_language())
        write_output(out, text.encode("utf-8"))
        return ngettext(
            "wrote {out}: {questions} questions in {banks} bank",
            "wrote {out}: {questions} questions in {banks} banks",
            len(result.banks),
        ).format(out=out, questions=len(result.questions), banks=len(result.banks))

    _run(action)

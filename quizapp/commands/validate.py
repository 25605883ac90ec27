"""``quizapp validate PATH...``: compiler-style errors, a one-line summary, exit 1 on errors.

The item-writing rules (``quizapp.banks.item_rules``) and text a translation leaves in English
(``warning[untranslated]``, from the loader's own checks) add ``path:line:col: warning[rule-id]:
message`` lines; warnings alone exit 0, and ``--strict`` reports them as ``error[rule-id]``
and counts them as errors (exit 1). Error lines and the summary are a contract outside
checks rely on: with no warnings the output is exactly what it was before the rules.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from quizapp.banks import load_banks
from quizapp.banks.template_checks import DEFAULT_SEEDS
from quizapp.banks.translation_checks import UNTRANSLATED
from quizapp.cli_translation import TranslatedPath
from quizapp.i18n import N_
from quizapp.paths import topics_file


@click.command()
@click.argument("paths", nargs=-1, required=True, type=TranslatedPath(path_type=Path))
@click.option(
    "--seeds",
    default=DEFAULT_SEEDS,
    show_default=True,
    type=click.IntRange(min=1),
    help=N_("Draws per numeric template."),
)
@click.option(
    "--strict",
    is_flag=True,
    help=N_("Treat item-writing warnings (long correct option, catch-alls...) as errors."),
)
def validate(paths: tuple[Path, ...], seeds: int, strict: bool) -> None:
    """Check bank files or folders; print every problem as path:line:col: message."""
    try:
        missing = [p for p in paths if not os.path.lexists(p)]  # a dangling link: the loader says
        from quizapp.banks.item_rules import check_items
        from quizapp.templates import TEMPLATES

        result = load_banks(
            [p for p in paths if p not in missing],
            topics_path=topics_file(),
            templates=TEMPLATES,
            template_seeds=seeds,
        )
        drawn = result.templates_checked
        errors = sorted(result.errors)
        lines = [f"{p}:1:1: no such file or folder" for p in missing] + [str(e) for e in errors]
        warnings = sorted([*check_items(result.banks), *result.warnings])
    except Exception as exc:  # never a traceback: say where and what
        click.echo(f"{paths[0]}:1:1: internal error: {type(exc).__name__}: {exc}")
        raise SystemExit(1) from None
    failed_files = {str(p) for p in result.failed_files} | {e.path for e in errors}
    if strict:
        lines += [w.render("error") for w in warnings]
        failed_files |= {w.path for w in warnings}
        warnings = []
    for line in lines:
        click.echo(line)
    for warning in warnings:
        click.echo(warning.render())
    files = result.files_read
    questions = len(result.questions)
    if lines:
        failed = len(failed_files) + len(missing)
        click.echo(f"{len(lines)} error(s) in {failed} of {files + len(missing)} file(s)")
        raise SystemExit(1)
    if warnings:
        untranslated = sum(w.rule == UNTRANSLATED for w in warnings)
        kinds = [
            f"{len(warnings) - untranslated} item-writing warning(s)"
            if untranslated < len(warnings)
            else "",
            f"{untranslated} untranslated text(s)" if untranslated else "",
        ]
        click.echo(
            f"{' and '.join(k for k in kinds if k)} in {len({w.path for w in warnings})} "
            "file(s); --strict makes them errors"
        )
    click.echo(
        f"ok: {files} file(s), {questions} questions, {drawn} numeric templates "
        f"checked with {seeds} seeds each"
    )

"""``quizapp drill list | start | solution | check``: implement-it drills from the shell.

Outside checks call these: keep the names, outputs and exit codes. ``check`` exits 0 when
every hidden case passes, 1 when one fails or the code does not run, 2 for a usage error (an
unknown drill, a missing file). A drill is quizapp's own code; the learner's file runs in a
separate, limited process (``quizapp.drills.runner``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from quizapp.cli import CliContext, TranslatedGroup
from quizapp.cli_translation import TranslatedPath
from quizapp.i18n import N_

if TYPE_CHECKING:
    from quizapp.drills import Drill, Verdict

USAGE_ERROR = 2


@click.group(cls=TranslatedGroup)
def drill() -> None:
    """Write an RNN, LSTM or GRU function in NumPy; the engine checks it on hidden cases."""


@drill.command("list", help=N_("List every drill: its id (the variant) and what it asks for."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON list of {id, title, ...}."))
def list_drills(as_json: bool) -> None:
    from quizapp.drills import DRILLS

    if as_json:
        rows = [
            {
                "id": d.id,
                "title": d.title,
                "family": d.family,
                "function": d.function,
                "signature": d.signature,
                "cases": len(d.cases()),
                "mistakes": [m.id for m in d.mistakes],
                "topics": list(d.topics),
                "tags": dict(d.tags),
            }
            for d in DRILLS.values()
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max(len(drill_id) for drill_id in DRILLS)
    click.echo(f"{'ID':<{width}}  TITLE")
    for d in DRILLS.values():
        click.echo(f"{d.id:<{width}}  {d.title}")
    click.echo(f"\n{len(DRILLS)} drills. Begin one with: quizapp drill start ID FILE")


@drill.command(help=N_("Write the drill's starter code (signature, docstring, shapes) to FILE."))
@click.argument("drill_id", metavar="DRILL_ID")
@click.argument("file", type=TranslatedPath(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=N_("Overwrite FILE if it exists."))
def start(drill_id: str, file: Path, force: bool) -> None:
    chosen = _drill_or_exit(drill_id)
    if file.exists() and not force:
        _usage_error(f"{file} exists; pass --force to overwrite it")
    if not file.parent.is_dir():
        _usage_error(f"no such folder: {file.parent}")
    try:
        file.write_text(chosen.starter, encoding="utf-8")
    except OSError as exc:
        _usage_error(f"cannot write {file}: {exc.strerror or exc}")
    click.echo(f"Wrote the starter for {chosen.id} to {file}: {chosen.title}.")
    click.echo(f"Write {chosen.function}, then run: quizapp drill check {chosen.id} {file}")


@drill.command(help=N_("Print the reference solution: a complete file that `drill check` passes."))
@click.argument("drill_id", metavar="DRILL_ID")
def solution(drill_id: str) -> None:
    click.echo(_drill_or_exit(drill_id).reference, nl=False)


@drill.command(
    help="\n\n".join(
        (
            N_("Run FILE on the drill's hidden cases and print the verdict (exit 0 pass, 1 fail)."),
            N_(
                "When a loaded bank question names this drill, the check is recorded as an "
                "attempt at it in the data directory; a pass also answers the question (FSRS "
                "schedules it)."
            ),
        )
    )
)
@click.argument("drill_id", metavar="DRILL_ID")
@click.argument(
    "file", type=TranslatedPath(exists=True, dir_okay=False, readable=True, path_type=Path)
)
@click.option(
    "--time-limit",
    type=click.IntRange(1, 600),
    default=None,
    help=N_("CPU seconds the code may use (default 10); the wall clock allows twice that + 10."),
)
@click.pass_obj
def check(ctx: CliContext, drill_id: str, file: Path, time_limit: int | None) -> None:
    chosen = _drill_or_exit(drill_id)
    from quizapp.drills import DEFAULT_LIMITS, Limits, check_source, render_verdict

    limits = DEFAULT_LIMITS
    if time_limit is not None:
        limits = Limits(cpu_s=time_limit, wall_s=2.0 * time_limit + 10.0)
    try:
        source = file.read_bytes()
    except OSError as exc:
        _usage_error(f"cannot read {file}: {exc.strerror or exc}")
    try:
        verdict = check_source(chosen, source, str(file), limits)
    except Exception as exc:  # a fault of quizapp's, never the learner's: no traceback
        problem = f"{type(exc).__name__}: {exc}"
        click.echo(f"quizapp could not check {file}: internal error ({problem})", err=True)
        raise SystemExit(1) from None
    click.echo(render_verdict(verdict), nl=False)
    _record(ctx, verdict)
    raise SystemExit(0 if verdict.passed else 1)


def _record(ctx: CliContext, verdict: Verdict) -> None:
    """Keep the check for every loaded question that names the drill; said on stderr (stdout
    is the verdict alone). A store that cannot be written is a warning: the exit code stays
    the verdict's."""
    import random

    from quizapp.banks.frozen import CodeRecord
    from quizapp.commands.store_access import open_store
    from quizapp.core.catalog import load_catalog
    from quizapp.core.code_drill import record_outside_check
    from quizapp.core.presentation import RATING_NAMES

    catalog = load_catalog(ctx.data_dir, ctx.extra_banks)
    questions = [
        q
        for q in catalog.questions.values()
        if isinstance(q, CodeRecord) and q.drill_id == verdict.drill_id
    ]
    if not questions:
        return
    try:
        with open_store(ctx) as store:
            for question in questions:
                feedback = record_outside_check(
                    store, store.clock, question, verdict, random.Random()
                )
                if feedback is None:
                    click.echo(f"Recorded the attempt at {question.id}.", err=True)
                    continue
                card = store.card(question.id)
                due = f", due again {card.due:%Y-%m-%d}" if card is not None else ""
                rating = RATING_NAMES[feedback.rating]
                click.echo(f"Recorded {question.id} as passed ({rating}{due}).", err=True)
    except click.ClickException as exc:
        click.echo(f"Warning: the check was not recorded: {exc.message}", err=True)


def _drill_or_exit(drill_id: str) -> Drill:
    from quizapp.drills import DRILLS

    if drill_id in DRILLS:
        return DRILLS[drill_id]
    _usage_error(f"unknown drill '{drill_id}'{_suggestions(drill_id, list(DRILLS))}")


def _suggestions(drill_id: str, known: list[str]) -> str:
    """'; did you mean ...?' from a family name or close spellings (rapidfuzz)."""
    family = [k for k in known if k.split(".", 1)[0] == drill_id]
    if family:
        return f"; {drill_id} has the variants {', '.join(family)}"
    from rapidfuzz import fuzz, process

    close = process.extract(drill_id, known, scorer=fuzz.WRatio, limit=3, score_cutoff=70)
    if not close:
        return "; see quizapp drill list"
    return f"; did you mean {' or '.join(name for name, _, _ in close)}?"


def _usage_error(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(USAGE_ERROR)

"""``quizapp stats [--json]``: the same statistics the TUI shows, for people and scripts."""

from __future__ import annotations

import json

import click

from quizapp.cli import CliContext
from quizapp.commands.store_access import open_store
from quizapp.core.catalog import load_catalog
from quizapp.i18n import N_, _, ngettext
from quizapp.i18n.width import fit, pad
from quizapp.store.stats import summary


@click.command()
@click.option("--json", "as_json", is_flag=True, help=N_("Print machine-readable JSON."))
@click.pass_obj
def stats(ctx: CliContext, as_json: bool) -> None:
    """Reviews, accuracy and retention per topic, due forecast, streak and leeches."""
    language = ctx.resolved_language()
    catalog = load_catalog(ctx.data_dir, ctx.extra_banks, language=language)
    with open_store(ctx) as store:
        result = summary(store, catalog.topics_of())
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, sort_keys=True))
        return
    retention = f"{result.true_retention:.0%}" if result.true_retention is not None else _("n/a")
    click.echo(
        _("Reviews stored: {reviews}   questions started: {started}").format(
            reviews=result.total_reviews, started=result.cards_learned
        )
    )
    click.echo(
        ngettext(
            "Streak: {days} day (longest {longest})",
            "Streak: {days} days (longest {longest})",
            result.current_streak,
        ).format(days=result.current_streak, longest=result.longest_streak)
    )
    click.echo(
        _("True retention (last 30 days): {retention} over {count} reviews").format(
            retention=retention, count=result.true_retention_n
        )
    )
    click.echo(
        _("Due today: {today}   next 7 days: {week}").format(
            today=result.due_forecast[0], week=sum(result.due_forecast[:7])
        )
    )
    if result.topics:
        click.echo(_("Weakest topics:"))
        for topic in result.topics[:5]:
            if topic.accuracy is not None:
                title = fit(catalog.topic_title(topic.topic), 36)
                answers = f"{topic.correct}/{topic.answers}"
                click.echo(f"  {topic.accuracy:4.0%}  {pad(title, 36)} {answers}")
    if result.leeches:
        click.echo(_("Leeches (8+ lapses): {ids}").format(ids=", ".join(result.leeches)))

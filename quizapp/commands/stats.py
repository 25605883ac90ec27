"""``quizapp stats [--json]``: the same statistics the TUI shows, for people and scripts."""

from __future__ import annotations

import json

import click

from quizapp.cli import CliContext
from quizapp.commands.store_access import open_store
from quizapp.core.catalog import load_catalog
from quizapp.store.stats import summary


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.pass_obj
def stats(ctx: CliContext, as_json: bool) -> None:
    """Reviews, accuracy and retention per topic, due forecast, streak and leeches."""
    catalog = load_catalog(ctx.data_dir, ctx.extra_banks)
    with open_store(ctx) as store:
        result = summary(store, catalog.topics_of())
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, sort_keys=True))
        return
    retention = f"{result.true_retention:.0%}" if result.true_retention is not None else "n/a"
    click.echo(f"Reviews stored: {result.total_reviews}   cards learned: {result.cards_learned}")
    click.echo(f"Streak: {result.current_streak} day(s) (longest {result.longest_streak})")
    click.echo(f"True retention (last 30 days): {retention} over {result.true_retention_n} reviews")
    click.echo(f"Due today: {result.due_forecast[0]}   next 7 days: {sum(result.due_forecast[:7])}")
    if result.topics:
        click.echo("Weakest topics:")
        for topic in result.topics[:5]:
            if topic.accuracy is not None:
                summary_text = catalog.topic_summaries.get(topic.topic, "")[:50]
                click.echo(f"  {topic.accuracy:4.0%}  {topic.topic:<28} {summary_text}")
    if result.leeches:
        click.echo(f"Leeches (8+ lapses): {', '.join(result.leeches)}")

"""Statistics: where the learner stands at a glance (the same queries as `quizapp stats`)."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Sparkline, Static

from quizapp.store.stats import StatsSummary, summary
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.charts import bars, review_calendar
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar


class StatsScreen(QuizScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="stats.back"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(plain("Loading statistics…"), id="headline", classes="options")
            yield Static(id="calendar", classes="options")
            yield Static(plain("Due in the next 30 days"), classes="progress")
            yield Sparkline([0], id="forecast")
            yield Static(id="forecast-note", classes="progress")
            yield Static(plain("Accuracy per topic (weakest first)"), classes="progress")
            yield Static(id="topics", classes="options")
            yield Static(id="leeches", classes="options")
        yield KeyBar()

    def on_mount(self) -> None:
        self.check_database()  # a deleted file written back before the worker reads
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        context = self.context
        with context.store.reader() as store:
            result = summary(store, context.catalog.topics_of(), context.clock.now())
        self.app.call_from_thread(self.show, result)

    def show(self, result: StatsSummary) -> None:
        context = self.context
        retention = f"{result.true_retention:.0%}" if result.true_retention is not None else "n/a"
        self.query_one("#headline", Static).update(
            plain(
                f"{result.total_reviews} reviews · {result.cards_learned} questions started · "
                f"streak {result.current_streak} day(s) (longest {result.longest_streak}) · "
                f"true retention {retention} ({result.true_retention_n} first reviews, 30 days)"
            )
        )
        self.query_one("#calendar", Static).update(
            review_calendar(result.reviews_per_day, context.clock.now().date())
        )
        self.query_one("#forecast", Sparkline).data = [float(n) for n in result.due_forecast]
        self.query_one("#forecast-note", Static).update(
            plain(f"today {result.due_forecast[0]} · next 7 days {sum(result.due_forecast[:7])}")
        )
        summaries = context.catalog.topic_summaries
        rows = [
            (
                topic.topic,
                topic.accuracy,
                f"{topic.correct}/{topic.answers}"
                + (f" · retention {topic.retention:.0%}" if topic.retention is not None else "")
                + (
                    f" · {summaries.get(topic.topic, '')[:40]}"
                    if summaries.get(topic.topic)
                    else ""
                ),
            )
            for topic in result.topics
        ]
        self.query_one("#topics", Static).update(bars(rows) if rows else plain("No answers yet."))
        leeches = ", ".join(result.leeches) or "none"
        self.query_one("#leeches", Static).update(plain(f"Leeches (8+ lapses): {leeches}"))

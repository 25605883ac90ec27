"""Statistics: where the learner stands at a glance (the same queries as `quizapp stats`)."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Sparkline, Static

from quizapp.i18n import N_, _, ngettext
from quizapp.store.stats import StatsSummary, summary
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.charts import bars, review_calendar
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

BAR_WIDTH = 30


class StatsScreen(QuizScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", N_("Back"), id="stats.back"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(plain(_("Loading statistics…")), id="headline", classes="options")
            yield Static(id="calendar", classes="options")
            yield Static(plain(_("Due in the next 30 days")), classes="progress")
            yield Sparkline([0], id="forecast")
            yield Static(id="forecast-note", classes="progress")
            yield Static(plain(_("Accuracy per topic (weakest first)")), classes="progress")
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
        retention = (
            f"{result.true_retention:.0%}" if result.true_retention is not None else _("n/a")
        )
        parts = [
            ngettext("{count} review", "{count} reviews", result.total_reviews),
            ngettext("{count} question started", "{count} questions started", result.cards_learned),
            ngettext(
                "streak {count} day (longest {longest})",
                "streak {count} days (longest {longest})",
                result.current_streak,
            ),
            ngettext(
                "true retention {retention} ({count} first review, 30 days)",
                "true retention {retention} ({count} first reviews, 30 days)",
                result.true_retention_n,
            ),
        ]
        counts = (
            result.total_reviews,
            result.cards_learned,
            result.current_streak,
            result.true_retention_n,
        )
        headline = " · ".join(
            part.format(count=count, longest=result.longest_streak, retention=retention)
            for part, count in zip(parts, counts, strict=True)
        )
        self.query_one("#headline", Static).update(plain(headline))
        self.query_one("#calendar", Static).update(
            review_calendar(result.reviews_per_day, context.clock.now().date())
        )
        self.query_one("#forecast", Sparkline).data = [float(n) for n in result.due_forecast]
        self.query_one("#forecast-note", Static).update(
            plain(
                _("today {today} · next 7 days {week}").format(
                    today=result.due_forecast[0], week=sum(result.due_forecast[:7])
                )
            )
        )
        title = context.catalog.topic_title
        rows = []
        for topic in result.topics:
            note = f"{topic.correct}/{topic.answers}"
            if topic.retention is not None:
                note += " · " + _("retention {percent}").format(percent=f"{topic.retention:.0%}")
            rows.append((title(topic.topic), topic.accuracy, note))
        self.query_one("#topics", Static).update(
            bars(rows, width=BAR_WIDTH) if rows else plain(_("No answers yet."))
        )
        leeches = ", ".join(result.leeches) or _("none")
        self.query_one("#leeches", Static).update(
            plain(_("Leeches (8+ lapses): {leeches}").format(leeches=leeches))
        )

"""The interview planner: days left, readiness on the day, per-topic recall, the daily load.

The numbers come from ``quizapp.planning.interview`` (fsrs projections), in a thread worker.
The date can be typed right here (saved to Settings, like the Settings screen's field).
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static

from quizapp.planning.interview import Plan, parse_interview_date, plan
from quizapp.tui.faults import fault_boundary
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.charts import bars
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar


class PlannerScreen(QuizScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="planner.back"),
        Binding("ctrl+s", "save_date", "Save date", id="planner.save_date"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: Plan | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(plain("Planning…"), id="headline", classes="verdict-right")
            yield Static(id="readiness", classes="options")
            yield Static(id="today", classes="options")
            yield Static(id="load", classes="options")
            yield Static(id="topics-title", classes="progress")
            yield Static(id="topics", classes="options")
            yield Label(
                plain("Interview date (YYYY-MM-DD; empty = none), Enter to save"),
                classes="progress",
            )
            yield Input(id="date", placeholder="e.g. 2026-04-15")
            yield Static(id="problem", classes="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        settings = self.context.store.settings
        self.query_one("#date", Input).value = settings.interview_date or ""
        self.check_database()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        context = self.context
        with context.store.reader() as store:
            result = plan(context.catalog, store, context.clock)
        self.app.call_from_thread(self.show, result)

    def show(self, result: Plan) -> None:
        self.plan = result
        headline = self.query_one("#headline", Static)
        parts = ("#readiness", "#today", "#load", "#topics-title", "#topics")
        if not result.has_projection:
            headline.set_classes("problem")
            headline.update(plain(result.message))
            for selector in parts:
                self.query_one(selector, Static).display = selector == "#readiness"
            self.query_one("#readiness", Static).update(
                plain("Type the date below and press Enter, or set it in Settings (key ,).")
            )
            self.query_one("#date", Input).focus()
            return
        for selector in parts:
            self.query_one(selector, Static).display = True
        headline.set_classes("verdict-right")
        headline.update(plain(result.message))
        target = f"{result.desired_retention:.0%}"
        ready = round(result.overall_readiness * result.total)
        self.query_one("#readiness", Static).update(
            plain(
                f"Readiness {result.overall_readiness:.0%} ({ready} of {result.total} questions "
                f"at ≥{target} recall on the day, if you stopped now) · expected recall "
                f"{result.overall_recall:.0%} · {result.unseen} never seen"
            )
        )
        effect = result.today
        if effect is None or effect.empty:
            today = "Today's session: nothing due and no new questions left for today."
        else:
            today = (
                f"Today's session ({effect.reviews} review{'s' * (effect.reviews != 1)}, "
                f"{effect.new} new): recall on the day {effect.recall_without:.0%} → "
                f"{effect.recall_with:.0%}, readiness {effect.readiness_without:.0%} → "
                f"{effect.readiness_with:.0%}"
            )
        self.query_one("#today", Static).update(plain(today))
        load = result.load
        if load is not None:
            scheduled = (
                f"Reviews already scheduled before the day: {load.reviews_before} "
                f"(about {load.reviews_per_day} a day, {load.reviews_by_day[0]} today)"
            )
            self.query_one("#load", Static).update(
                plain(
                    f"Daily load: {load.message}\n{scheduled}",
                    style="" if load.feasible else "bold",
                )
            )
        self.query_one("#topics-title", Static).update(
            plain("Projected recall per topic on the day (weakest first)")
        )
        width = 20 if self.size.width < 100 else 30
        rows = [
            (
                topic.topic,
                topic.expected_recall,
                f"{topic.expected_recall:.0%} · {topic.ready}/{topic.questions} ready"
                + (f" · {topic.unseen} unseen" if topic.unseen else ""),
            )
            for topic in result.topics
        ]
        self.query_one("#topics", Static).update(
            bars(rows, width=width) if rows else plain("No questions loaded.")
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save_date()

    @fault_boundary("saving the interview date", "the date was not changed")
    def action_save_date(self) -> None:
        context = self.context
        problem = self.query_one("#problem", Static)
        try:
            day = parse_interview_date(self.query_one("#date", Input).value)
        except ValueError as exc:
            problem.update(plain(str(exc)))
            return
        settings = context.store.settings
        settings.interview_date = day.isoformat() if day else None
        context.store.save_settings(settings)
        problem.update("")
        self.notify("Interview date saved." if day else "Interview date cleared.")
        self.load()

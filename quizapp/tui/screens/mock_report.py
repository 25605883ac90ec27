"""The mock interview report: score per topic, time per question, weakest topics, wrong answers."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quizapp.core.mock import CONFIDENCE_LEVELS, MockReport
from quizapp.tui.text import plain
from quizapp.tui.widgets.charts import bars
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar


class MockReportScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Home", id="mock_report.home"),
    ]

    def __init__(self, report: MockReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        report = self.report
        minutes, seconds = divmod(int(report.total_seconds), 60)
        headline = f"{report.score_line} in {minutes}:{seconds:02d}"
        if report.timed_out:
            headline += f" · time ran out with {report.unanswered} unasked"
        if not report.answers:
            weakest = "none yet: no question was answered"
        else:
            weakest = ", ".join(report.weakest_topics) or "none: every topic answered right"
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(plain(headline), id="headline", classes="verdict-right")
            yield Static(plain(f"Weakest topics: {weakest}"), id="weakest", classes="options")
            rows = [(s.topic, s.accuracy, f"{s.correct}/{s.total}") for s in report.per_topic]
            yield Static(bars(rows), id="per-topic", classes="options")
            if report.calibration:
                lines = [
                    f"{CONFIDENCE_LEVELS[level]}: {right}/{n} right"
                    for level, (right, n) in sorted(report.calibration.items())
                ]
                yield Static(plain("Confidence: " + " · ".join(lines)), classes="progress")
            yield Static(
                plain("Every answer (Enter on a row shows its explanation)"), classes="progress"
            )
            yield DataTable(id="answers", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#answers", DataTable)
        table.add_columns("", "question", "time", "your answer")
        for index, answer in enumerate(self.report.answers):
            mark = "✓" if answer.feedback.correct else "✗"
            table.add_row(
                mark,
                plain(answer.feedback.question_id),
                f"{answer.seconds:.0f}s",
                plain(answer.feedback.answer_given[:40]),
                key=str(index),
            )
        table.focus()

    def action_review_answer(self) -> None:
        from quizapp.tui.screens.feedback import FeedbackScreen

        table = self.query_one("#answers", DataTable)
        if table.row_count == 0:
            return
        index = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        self.app.push_screen(FeedbackScreen(None, self.report.answers[index].feedback))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_review_answer()

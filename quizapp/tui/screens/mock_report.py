"""The mock interview report: score per topic, confidence calibration, every answer.

Calibration: the sure-and-wrong answers (fairly sure or certain, and wrong) are named first,
then accuracy per confidence level as bars; the answers table shows each answer's level.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from quizapp.core.mock import CONFIDENCE_LEVELS, MockReport
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.charts import bars
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar


class MockReportScreen(QuizScreen[None]):
    AUTO_FOCUS = "#answers"  # focused straight away: no detour through another widget
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
            yield from self.calibration()
            yield Static(
                plain("Every answer (Enter on a row shows its explanation)"), classes="progress"
            )
            yield DataTable(id="answers", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def calibration(self) -> ComposeResult:
        report = self.report
        yield Static(plain("Confidence calibration"), classes="progress")
        costly = report.confident_and_wrong
        if costly:
            named = ", ".join(
                f"{a.feedback.question_id} ({CONFIDENCE_LEVELS[a.confidence or 0]})" for a in costly
            )
            yield Static(
                plain(f"Sure and wrong, the costly case: {named}"),
                id="sure-and-wrong",
                classes="verdict-wrong",
            )
        yield Static(plain(report.calibration_line), id="calibration-line", classes="options")
        if report.rated:
            rows = [
                (
                    row.label,
                    row.accuracy,
                    f"{row.correct}/{row.answers} right" if row.answers else "no answers",
                )
                for row in report.calibration_rows
            ]
            yield Static(bars(rows), id="calibration", classes="options")

    def on_mount(self) -> None:
        table = self.query_one("#answers", DataTable)
        table.add_columns("", "question", "time", "sure", "your answer")
        for index, answer in enumerate(self.report.answers):
            mark = "✓" if answer.feedback.correct else "✗"
            table.add_row(
                mark,
                plain(answer.feedback.question_id),
                f"{answer.seconds:.0f}s",
                CONFIDENCE_LEVELS.get(answer.confidence or 0, "—"),
                plain(answer.feedback.answer_given[:40]),
                key=str(index),
            )

    def action_review_answer(self) -> None:
        from quizapp.tui.screens.feedback import FeedbackScreen

        table = self.query_one("#answers", DataTable)
        if table.row_count == 0:
            return
        index = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        self.app.push_screen(FeedbackScreen(self.report.answers[index].feedback, mock=True))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_review_answer()

"""Home: banks with due / new / learned counts, today's review, practice, and load errors."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from quizapp.core.session import ReviewSession
from quizapp.tui.text import plain


class HomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review", "Review due", id="home.review"),
        Binding("p", "practise", "Practise bank", id="home.practise"),
        Binding("m", "mock", "Mock interview", id="home.mock"),
        Binding("s", "stats", "Statistics", id="home.stats"),
        Binding("comma", "settings", "Settings", id="home.settings"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(id="summary")
            yield DataTable(id="banks", cursor_type="row", zebra_stripes=True)
            yield Static(id="notice", classes="notice")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#banks", DataTable)
        table.add_columns("Bank", "Questions", "Due", "New", "Learned")
        self.refresh_counts()
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def refresh_counts(self) -> None:
        context = self.app.context  # type: ignore[attr-defined]
        catalog = context.catalog
        groups = catalog.questions_by_bank()
        counts = context.store.status_counts(groups)
        table = self.query_one("#banks", DataTable)
        table.clear()
        for bank in catalog.banks:
            due, new, learned = counts.get(bank.id, (0, 0, 0))
            table.add_row(
                plain(bank.title), len(groups.get(bank.id, [])), due, new, learned, key=bank.id
            )
        queue = context.store.due_queue(list(catalog.questions), context.clock.now())
        self.query_one("#summary", Static).update(
            plain(
                f"{len(catalog.questions)} questions in {len(catalog.banks)} banks · "
                f"today's review: {len(queue)} (press r) · data: {context.data_dir}"
            )
        )
        notice = self.query_one("#notice", Static)
        if catalog.errors:
            lines = [f"{len(catalog.failed_files)} bank file(s) could not be loaded:"]
            lines += [str(e) for e in catalog.errors[:20]]
            notice.update(plain("\n".join(lines)))
            notice.display = True
        else:
            notice.display = False

    def _start(self, session: ReviewSession) -> None:
        from quizapp.tui.screens.question import QuestionScreen

        if session.total == 0:
            self.notify("Nothing to ask here right now.", title="All done")
            return
        self.app.push_screen(QuestionScreen(session))

    def action_mock(self) -> None:
        from quizapp.tui.screens.mock_setup import MockSetupScreen

        self.app.push_screen(MockSetupScreen())

    def action_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_settings(self) -> None:
        from quizapp.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def action_review(self) -> None:
        context = self.app.context  # type: ignore[attr-defined]
        self._start(
            ReviewSession(context.catalog.questions, context.store, context.clock, context.rng)
        )

    def action_practise(self) -> None:
        context = self.app.context  # type: ignore[attr-defined]
        table = self.query_one("#banks", DataTable)
        if table.row_count == 0:
            return
        bank_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        ids = context.catalog.questions_by_bank().get(bank_id, [])
        order = [ids[int(i)] for i in context.rng.permutation(len(ids))]
        self._start(
            ReviewSession(
                context.catalog.questions,
                context.store,
                context.clock,
                context.rng,
                queue=order,
                mode="cram",
            )
        )

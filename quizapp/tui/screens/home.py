"""Home: banks with due / new / learning / learned counts, today's review, practice, and load
errors."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.cells import cell_len, set_cell_size
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.style import Style
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizapp.i18n import N_, _, ngettext
from quizapp.tui.faults import FAULTS, fault_boundary
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain, safe_text
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:  # imported with the first session (``QuizApp.load_question_screen`` ahead)
    from quizapp.core.session import ReviewSession

MORE = (("d", N_("interview plan")), ("g", N_("gradient lab")), ("i", N_("step inspector")))


# Learning: answered, in fsrs's learning steps, back within minutes (not learned yet)
COLUMNS = (N_("Bank"), N_("Questions"), N_("Due"), N_("New"), N_("Learning"), N_("Learned"))
TITLE_WIDTH = 37  # a longer bank title is cut with "…" so the counts stay in view at 80 columns
NOTICE_ERRORS = 4  # the errors Home lists (the notice box is 8 lines); validate lists all
QUICK_COUNTS_S = 0.015  # counts this quick are taken on the UI thread when Home comes back


def table_lines(rows: list[tuple[object, ...]]) -> list[Content]:
    """Rows as aligned columns of plain text (bank titles are never markup).

    An OptionList of such lines, under a header, replaced Textual's DataTable here: the
    DataTable's cell rendering cost ~11 ms of the ~90 ms between start-up and the first
    question, for a table of a few rows.
    """
    cells = [[safe_text(cell) for cell in row] for row in rows]
    for row in cells:
        if cell_len(row[0]) > TITLE_WIDTH:
            row[0] = set_cell_size(row[0], TITLE_WIDTH - 1) + "…"
    widths = [max(cell_len(row[i]) for row in cells) for i in range(len(cells[0]))]
    pad = "  ".join  # two spaces between columns, one before the first, as DataTable's cells
    return [
        Content(" " + pad(set_cell_size(c, w) for c, w in zip(row, widths, strict=True)))
        for row in cells
    ]


def more_line() -> Content:
    """The tools that do not fit the key bar, each clickable like a key."""
    items = []
    for key, label in MORE:
        text = f"{key} {_(label)}"
        click = Style.from_meta({"@click": f"app.simulate_key({key!r})"})
        items.append(Content(text, spans=[Span(0, len(text), click)]).stylize("bold", 0, 1))
    return Content("").join([Content(_("More:") + " "), Content(" · ").join(items)])


class Counted(NamedTuple):
    """What Home counts (off the UI thread, but when that was quick): per bank, today's
    review (its size and first question) and the interview plan's line."""

    counts: Mapping[str, tuple[int, int, int, int]]
    due: int
    first: str | None
    plan_line: str | None


class HomeScreen(QuizScreen[None]):
    AUTO_FOCUS = "#banks"  # straight to the table: focusing the scroll body first restyled it
    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter as well as r: the bank table has the focus and would take Enter for itself.
        Binding("enter,r", "review", N_("Review due"), id="home.review", priority=True),
        Binding("p", "practise", N_("Practise bank"), id="home.practise"),
        Binding("m", "mock", N_("Mock interview"), id="home.mock"),
        Binding("s", "stats", N_("Statistics"), id="home.stats"),
        Binding("comma", "settings", N_("Settings"), id="home.settings"),
        Binding("q", "app.quit", N_("Quit"), id="home.quit"),
        # Listed on Home's "More" line and in help (F1); the key bar has no room at 80 columns.
        Binding("d", "planner", N_("Interview plan"), id="home.planner", show=False),
        Binding("g", "lab", N_("Gradient lab"), id="home.lab", show=False),
        Binding("i", "inspector", N_("Step inspector"), id="home.inspector", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(id="summary")
            plan = Static(id="plan", classes="progress")
            plan.display = False  # shown with a plan's line: shown empty, the rows below jumped
            yield plan
            yield Static(id="banks-header", classes="table-header")
            yield OptionList(id="banks")
            yield Static(more_line(), id="more", classes="progress")
            yield Static(id="notice", classes="notice")
        yield KeyBar()

    _quick_counts = False  # the first counts of a start come from the worker, always

    def on_mount(self) -> None:
        self.show_counts({}, None)  # banks at once; their counts follow from a worker

    def on_screen_resume(self) -> None:  # also sent when the screen is first shown
        self.check_database()
        if self._quick_counts:  # back from a session on a small history: count in this frame
            try:
                self._show_counted(self._counted())
                self.refresh(layout=True)  # laid out in the frame that shows Home again
                return
            except FAULTS:
                pass  # the worker meets it again and the app's fault boundary shows it
        self.refresh_counts()

    @work(thread=True, exclusive=True, group="home-counts")  # a fault: the app's boundary
    def refresh_counts(self) -> None:
        """Count the banks off the UI thread: 100,000 reviews take tens of ms."""
        self.app.call_from_thread(self._show_counted_if_shown, self._counted())

    def _show_counted_if_shown(self, counted: Counted) -> None:
        """The worker's counts, unless a session has started over Home since: they would
        restyle and repaint a screen nobody sees while the first question is being built (a
        key pressed as Home appears lands there), and Home counts again when it is back."""
        if self.is_active:  # on top (is_current also holds for the screen just under the top)
            self._show_counted(counted)

    def _counted(self) -> Counted:
        """Per-bank counts, today's review and the plan's line; remembers whether that was
        quick enough to do on the UI thread next time (the first frame of a pop back Home
        then shows its new counts, not the old ones)."""
        started = time.thread_time()  # this thread's CPU: the UI thread's share is not counted
        context = self.context
        groups = context.catalog.questions_by_bank()
        with context.store.reader() as store:
            counts = store.status_counts(groups)
            catalog, now = context.catalog, context.clock.now()
            due = store.due_queue(list(catalog.questions), now, order=catalog.new_order)
            plan_line = None
            if store.settings.interview_date:  # no date, no plan: the planner stays unloaded
                from quizapp.planning.interview import today_line

                plan_line = today_line(context.catalog, store, context.clock)
        self._quick_counts = time.thread_time() - started < QUICK_COUNTS_S
        return Counted(counts, len(due), due[0] if due else None, plan_line)

    def _show_counted(self, counted: Counted) -> None:
        """The counts and the plan line, painted as one frame (two calls painted twice); the
        app hears which question today's review starts with (``QuizApp.expect_first``)."""
        with self.app.batch_update():
            self.show_counts(counted.counts, counted.due)
            self.show_plan(counted.plan_line)
        self.app.expect_first(counted.first)

    def show_plan(self, line: str | None) -> None:
        """What today's session does for the interview date (nothing when no date is set)."""
        plan = self.query_one("#plan", Static)
        plan.update(plain(line or ""))
        plan.display = line is not None

    def show_counts(self, counts: Mapping[str, tuple[int, int, int, int]], due: int | None) -> None:
        """Rows for the catalog as it is now; "…" where a count is not known yet."""
        context = self.context
        catalog = context.catalog
        groups = catalog.questions_by_bank()
        rows: list[tuple[object, ...]] = [tuple(_(name) for name in COLUMNS)]
        for bank in catalog.banks:
            known = counts.get(bank.id) or ("…", "…", "…", "…")
            rows.append((bank.title, len(groups.get(bank.id, [])), *known))
        header, *lines = table_lines(rows)
        self.query_one("#banks-header", Static).update(header.stylize("bold"))
        banks = self.query_one("#banks", OptionList)
        ids = [bank.id for bank in catalog.banks]
        if [option.id for option in banks.options] == ids:
            # the same banks, new counts: emptied and refilled, the list rebuilt every option
            # and hid and showed its scrollbar
            for index, (option, line) in enumerate(zip(banks.options, lines, strict=True)):
                if option.prompt != line:
                    banks.replace_option_prompt_at_index(index, line)
        else:
            cursor = banks.highlighted or 0
            banks.clear_options()
            banks.add_options(Option(line, id=bank) for line, bank in zip(lines, ids, strict=True))
            if lines:
                banks.highlighted = min(cursor, len(lines) - 1)
            rows_shown = banks.styles.max_height
            if rows_shown is not None and rows_shown.is_cells:
                # known before the first layout: found there, the scrollbar laid the table out
                # and painted it a second time (20 banks at 80x24)
                banks.show_vertical_scrollbar = len(lines) > rows_shown.value
        self._show_summary(due)

    def _show_summary(self, due: int | None) -> None:
        """The catalog's size, today's review and where the data is, then the notices."""
        context = self.context
        catalog = context.catalog
        due_text = "…" if due is None else str(due)
        self.query_one("#summary", Static).update(
            plain(
                _(
                    "{questions} in {banks} · today's review: {due} (press {key}) · data: {path}"
                ).format(
                    questions=ngettext(
                        "{count} question", "{count} questions", len(catalog.questions)
                    ).format(count=len(catalog.questions)),
                    banks=ngettext("{count} bank", "{count} banks", len(catalog.banks)).format(
                        count=len(catalog.banks)
                    ),
                    due=due_text,
                    key=self.key_for("home.review"),
                    path=context.data_dir,
                )
            )
        )
        self.show_notice()

    def show_notice(self) -> None:
        """What the store must tell (a damaged database moved aside, settings put back) above
        the banks that could not be loaded, each error at its line."""
        catalog = self.context.catalog
        lines = []
        store_notice = self.context.store.notice
        if store_notice:
            lines.append(store_notice)
        if catalog.errors:
            lines.append(
                ngettext(
                    "{count} bank file could not be loaded:",
                    "{count} bank files could not be loaded:",
                    len(catalog.failed_files),
                ).format(count=len(catalog.failed_files))
            )
            lines += [str(e) for e in catalog.errors[:NOTICE_ERRORS]]
            if len(catalog.errors) > NOTICE_ERRORS:
                lines.append(
                    _("… and {count} more: run quizapp validate").format(
                        count=len(catalog.errors) - NOTICE_ERRORS
                    )
                )
        notice = self.query_one("#notice", Static)
        notice.update(plain("\n".join(lines)))
        notice.display = bool(lines)

    def _start(self, session: ReviewSession) -> None:
        from quizapp.tui.screens.question import QuestionScreen

        if session.total == 0:
            self.notify(_("Nothing to ask here right now."), title=_("All done"))
            return
        self.app.push_screen(QuestionScreen(session))

    def action_mock(self) -> None:
        from quizapp.tui.screens.mock_setup import MockSetupScreen

        self.app.push_screen(MockSetupScreen())

    def action_planner(self) -> None:
        from quizapp.tui.screens.planner import PlannerScreen

        self.app.push_screen(PlannerScreen())

    def action_lab(self) -> None:
        from quizapp.tui.screens.lab import GradientLabScreen

        self.app.push_screen(GradientLabScreen())

    def action_inspector(self) -> None:
        from quizapp.tui.screens.inspector import StepInspectorScreen

        self.app.push_screen(StepInspectorScreen())

    def action_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_settings(self) -> None:
        from quizapp.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    @fault_boundary(N_("starting the review"), N_("nothing was changed"))
    def action_review(self) -> None:
        from quizapp.core.session import ReviewSession

        context = self.context
        self._start(
            ReviewSession(
                context.catalog.questions,
                context.store,
                context.clock,
                context.rng,
                order=context.catalog.new_order,  # new questions interleaved across topics
                interview_at=self._interview_at(),
            )
        )

    def _interview_at(self) -> datetime | None:
        """The interview's moment, so the session's summary can say what it did for the day."""
        context = self.context
        if not context.store.settings.interview_date:  # no date: the planner stays unloaded
            return None
        from quizapp.planning.interview import interview_of

        interview = interview_of(context.store.settings, context.clock.now(), ())
        return interview.at if interview is not None else None

    @fault_boundary(N_("starting the practice"), N_("nothing was changed"))
    def action_practise(self) -> None:
        from quizapp.core.session import ReviewSession

        context = self.context
        banks = self.query_one("#banks", OptionList)
        if banks.highlighted is None:
            return
        bank_id = str(banks.get_option_at_index(banks.highlighted).id)
        ids = context.catalog.questions_by_bank().get(bank_id, [])
        order = context.rng.sample(ids, len(ids))
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

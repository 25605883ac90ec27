"""The end of a session: how many were right, per kind and topic, the questions missed and
when each comes back, and what the session did for the interview date.

The numbers are ``quizapp.core.summary``'s; this screen lays them out. The missed questions are
a list: Enter on one shows its feedback again (read only), ``r`` practises them all now (a
practice session: the schedule already brings them back). Esc goes Home.

Every learner-visible sentence is a literal in ``TEXT`` (issue 20 wraps them in ``_()``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static

from quizapp.core.context import QuizContext
from quizapp.core.session import ReviewSession
from quizapp.core.summary import SessionSummary, Tally
from quizapp.i18n import N_, _
from quizapp.tui.naming import Namer
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.answer_list import AnswerList, Entry
from quizapp.tui.widgets.charts import bars
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

TEXT = {
    "review": N_("Today's review done: {headline}"),
    "cram": N_("Practice done: {headline}"),
    "kinds": N_("By kind of question"),
    "topics": N_("By topic (weakest first)"),
    "returns": N_("When they come back in your reviews: {returns}"),
    "missed": N_("Missed ({count}): Enter shows one again · {key} practises them all now"),
    "none_missed": N_("Nothing missed."),
    "score": N_("{right}/{total} right"),
}


class SummaryScreen(QuizScreen[None]):
    AUTO_FOCUS = "#missed"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", N_("Home"), id="summary.home"),
        Binding("r", "retry", N_("Practise the missed"), id="summary.retry"),
    ]

    def __init__(self, session: ReviewSession, summary: SessionSummary) -> None:
        super().__init__()
        self.session = session
        self.summary = summary

    def compose(self) -> ComposeResult:
        summary = self.summary
        head = _(TEXT["cram"]) if summary.mode == "cram" else _(TEXT["review"])
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(plain(head.format(headline=summary.headline)), id="headline")
            if summary.interview is not None:
                yield Static(plain(summary.interview.line), id="interview", classes="options")
            yield Static(plain(_(TEXT["kinds"])), classes="progress")
            yield Static(tally_bars(summary.per_kind), id="per-kind", classes="options")
            yield Static(plain(_(TEXT["topics"])), classes="progress")
            yield Static(tally_bars(summary.per_topic), id="per-topic", classes="options")
            returns = " · ".join(
                _("{count} {when}").format(count=n, when=_(when)) for when, n in summary.returns
            )
            yield Static(plain(_(TEXT["returns"]).format(returns=returns)), id="returns")
            missed = _(TEXT["missed"]).format(
                count=len(summary.missed), key=self.key_for("summary.retry")
            )
            yield Static(
                plain(missed if summary.missed else _(TEXT["none_missed"])),
                id="missed-title",
                classes="progress",
            )
            yield AnswerList(id="missed")
        yield KeyBar()

    def on_mount(self) -> None:
        style = "verdict-wrong" if self.summary.wrong else "verdict-right"
        self.query_one("#headline").set_classes(style)
        self.query_one("#returns").add_class("options")
        missed = self.query_one(AnswerList)
        missed.display = bool(self.summary.missed)
        body = self.query_one("#body", VerticalScroll)
        self.call_after_refresh(body.scroll_home, animate=False)  # the headline, not the list
        missed.show(
            [
                Entry(feedback=m.feedback, number=None, facts=(*m.topics, m.comes_back))
                for m in self.summary.missed
            ]
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.summary.missed)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from quizapp.tui.screens.feedback import FeedbackScreen

        entry = self.query_one(AnswerList).selected_entry(event.option_index)
        self.app.push_screen(FeedbackScreen(entry.feedback, mock=False))

    def action_retry(self) -> None:
        """The missed questions again, now, as practice (their reviews are already set)."""
        self.app.switch_screen(practice_of(self.context, self.summary.missed_ids))


def practice_of(context: QuizContext, question_ids: Sequence[str]) -> QuizScreen[None]:
    """A practice session (logged, the schedule left alone) over ``question_ids``, in order."""
    from quizapp.tui.screens.question import QuestionScreen

    session = ReviewSession(
        context.catalog.questions,
        context.store,
        context.clock,
        context.rng,
        queue=question_ids,
        mode="cram",
    )
    return QuestionScreen(session)


def tally_bars(tallies: Sequence[Tally]) -> Text:
    """One bar per tally: its label, its share right, and "right/total right"."""
    rows = [
        (t.label, t.accuracy, _(TEXT["score"]).format(right=t.right, total=t.total))
        for t in tallies
    ]
    return bars(rows)


def summary_of(context: QuizContext, session: ReviewSession) -> SessionSummary:
    """The session's summary, measured against the interview date when one is set."""
    from quizapp.planning.interview import interview_of

    namer = Namer(context.catalog)
    interview = interview_of(
        context.store.settings, context.clock.now(), list(context.catalog.questions)
    )
    return session.summary(context.store, namer.topic, interview)

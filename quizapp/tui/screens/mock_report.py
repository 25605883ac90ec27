"""The mock interview report: the score (every question the interview counted, answered or
not), time's up or ended early said so, score per kind and topic, confidence calibration, then
every question: its prompt, the learner's answer, the expected one and its topics, by title.

Enter on a question shows its feedback again (read only: a mock answer is never rated), ``r``
practises the missed ones now, Esc goes Home. The per-kind tally and when the missed questions
come back are the session summary's (``quizapp.core.summary``), as after a review.

Every learner-visible sentence is a literal in ``TEXT`` (issue 20 wraps them in ``_()``).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static

from quizapp.core.mock import CONFIDENCE_LEVELS, MockReport
from quizapp.core.presentation import Feedback
from quizapp.core.summary import SessionSummary, summarize
from quizapp.core.titles import first_line
from quizapp.i18n import N_, _, join_names
from quizapp.tui.naming import Namer
from quizapp.tui.screen import QuizScreen
from quizapp.tui.screens.summary import practice_of, tally_bars
from quizapp.tui.text import plain
from quizapp.tui.widgets.answer_list import AnswerList, Entry
from quizapp.tui.widgets.charts import bars
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

TEXT = {
    "headline": N_("{score} in {minutes}:{seconds:02d}"),
    "times_up": N_("Time's up: {score} in {minutes}:{seconds:02d}"),
    "ended_early": N_("Ended early: {score} in {minutes}:{seconds:02d}"),
    "weakest": N_("Weakest topics: {topics}"),
    "weakest_none_answered": N_("Weakest topics: none yet, no question was answered"),
    "weakest_none": N_("Weakest topics: none, every topic answered right"),
    "kinds": N_("By kind of question"),
    "topics": N_("By topic (weakest first)"),
    "calibration": N_("Confidence calibration"),
    "sure_and_wrong": N_("Sure and wrong, the costly case: {named}"),
    "named": "“{prompt}” ({level})",  # no words to translate
    "score": N_("{right}/{total} right"),
    "level_score": N_("{right}/{total} right"),
    "no_answers": N_("no answers"),
    "every": N_("Every question (Enter shows one again · {key} practises the missed now)"),
    "seconds": N_("{seconds:.0f} s"),
}


class MockReportScreen(QuizScreen[None]):
    AUTO_FOCUS = "#answers"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", N_("Home"), id="mock_report.home"),
        Binding("r", "retry", N_("Practise the missed"), id="mock_report.retry"),
    ]

    def __init__(self, report: MockReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        self._namer = Namer(self.context.catalog)
        self.summary = self._summary()
        report = self.report
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(plain(self._headline()), id="headline")
            yield Static(plain(self._weakest()), id="weakest", classes="options")
            yield Static(plain(_(TEXT["kinds"])), classes="progress")
            yield Static(tally_bars(self.summary.per_kind), id="per-kind", classes="options")
            yield Static(plain(_(TEXT["topics"])), classes="progress")
            rows = [
                (
                    self._namer.topic(s.topic),
                    s.accuracy,
                    _(TEXT["score"]).format(right=s.correct, total=s.total),
                )
                for s in report.per_topic
            ]
            yield Static(bars(rows), id="per-topic", classes="options")
            yield from self.calibration()
            every = _(TEXT["every"]).format(key=self.key_for("mock_report.retry"))
            yield Static(plain(every), id="every", classes="progress")
            yield AnswerList(id="answers")
        yield KeyBar()

    def _summary(self) -> SessionSummary:
        context = self.context
        return summarize(
            self.report.all_feedback,
            mode="mock",
            store=context.store,
            now=context.clock.now(),
            topic_title=self._namer.topic,
        )

    def _headline(self) -> str:
        report = self.report
        minutes, seconds = divmod(int(report.total_seconds), 60)
        template = _(TEXT["headline"])
        if report.timed_out:
            template = _(TEXT["times_up"])
        elif report.ended_early:
            template = _(TEXT["ended_early"])
        return template.format(score=report.score_line, minutes=minutes, seconds=seconds)

    def _weakest(self) -> str:
        report = self.report
        if not report.answers:
            return _(TEXT["weakest_none_answered"])
        if not report.weakest_topics:
            return _(TEXT["weakest_none"])
        topics = join_names(self._namer.topic(t) for t in report.weakest_topics)
        return _(TEXT["weakest"]).format(topics=topics)

    def calibration(self) -> ComposeResult:
        report = self.report
        yield Static(plain(_(TEXT["calibration"])), classes="progress")
        costly = report.confident_and_wrong
        if costly:
            named = join_names(
                TEXT["named"].format(
                    prompt=first_line(a.feedback.presented.question.prompt, width=50),
                    level=_(CONFIDENCE_LEVELS[a.confidence or 0]),
                )
                for a in costly
            )
            yield Static(
                plain(_(TEXT["sure_and_wrong"]).format(named=named)),
                id="sure-and-wrong",
                classes="verdict-wrong",
            )
        yield Static(plain(report.calibration_line), id="calibration-line", classes="options")
        if report.rated:
            rows = [
                (
                    _(row.label),
                    row.accuracy,
                    _(TEXT["level_score"]).format(right=row.correct, total=row.answers)
                    if row.answers
                    else _(TEXT["no_answers"]),
                )
                for row in report.calibration_rows
            ]
            yield Static(bars(rows), id="calibration", classes="options")

    def on_mount(self) -> None:
        wrong = self.report.correct < self.report.total
        self.query_one("#headline").set_classes("verdict-wrong" if wrong else "verdict-right")
        self.query_one(AnswerList).show(self.entries())
        body = self.query_one("#body", VerticalScroll)
        self.call_after_refresh(body.scroll_home, animate=False)  # the score, not the list

    def entries(self) -> list[Entry]:
        """Every answer in the order asked, then the questions left unanswered."""
        comes_back = {m.question_id: m.comes_back for m in self.summary.missed}
        entries: list[Entry] = []
        for number, answer in enumerate(self.report.answers, start=1):
            facts = [self._namer.topic(t) for t in answer.topics]
            facts.append(_(TEXT["seconds"]).format(seconds=answer.seconds))
            if answer.confidence is not None:
                facts.append(_(CONFIDENCE_LEVELS[answer.confidence]))
            facts += self._back(answer.feedback, comes_back)
            entries.append(Entry(answer.feedback, number, tuple(facts)))
        start = len(entries) + 1
        for number, missing in enumerate(self.report.unanswered, start=start):
            topics = missing.feedback.presented.question.topics
            facts = [self._namer.topic(t) for t in topics]
            facts += self._back(missing.feedback, comes_back)
            entries.append(Entry(missing.feedback, number, tuple(facts)))
        return entries

    @staticmethod
    def _back(feedback: Feedback, comes_back: dict[str, str]) -> list[str]:
        when = comes_back.get(feedback.question_id)
        return [when] if when else []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.summary.missed)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from quizapp.tui.screens.feedback import FeedbackScreen

        entry = self.query_one(AnswerList).selected_entry(event.option_index)
        self.app.push_screen(FeedbackScreen(entry.feedback, mock=True))

    def action_retry(self) -> None:
        """The missed questions again, now, as practice (the schedule is left alone)."""
        self.app.switch_screen(practice_of(self.context, self.summary.missed_ids))

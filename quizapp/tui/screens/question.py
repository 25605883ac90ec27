"""A question of any kind: prompt, options, typed answer or flashcard reveal, hints."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from quizapp.banks.frozen import SpotTheMistakeRecord
from quizapp.core.presentation import AnswerProblem, Feedback
from quizapp.core.session import ReviewSession
from quizapp.i18n import N_, _
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import fallback_note, plain
from quizapp.tui.widgets.bank_markdown import BankMarkdown
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.question_panel import QuestionPanel, pick_option
from quizapp.tui.widgets.title_bar import TitleBar


class QuestionScreen(QuizScreen[None]):
    AUTO_FOCUS = "#entry"  # a flashcard hides it; show_next then focuses the body
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "hint", N_("Hint"), id="question.hint"),
        Binding("space", "reveal", N_("Reveal"), id="question.reveal"),
        Binding("1", "rate(1)", N_("Again"), id="question.rate_again", show=False),
        Binding("2", "rate(2)", N_("Hard"), id="question.rate_hard", show=False),
        Binding("3", "rate(3)", N_("Good"), id="question.rate_good", show=False),
        Binding("4", "rate(4)", N_("Easy"), id="question.rate_easy", show=False),
        Binding("escape", "leave", N_("Home"), id="question.leave"),
        Binding("pageup", "scroll_body(-1)", N_("Scroll up"), id="question.scroll_up", show=False),
        Binding(
            "pagedown", "scroll_body(1)", N_("Scroll down"), id="question.scroll_down", show=False
        ),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.revealed = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="progress", classes="progress")
        yield Static(id="fallback", classes="problem")
        read = self.context.catalog.paragraphs
        yield QuestionPanel(
            read,
            below=(Static(id="hints", classes="options"), BankMarkdown(id="answer", read=read)),
        )
        yield Static(id="form", classes="progress")
        yield Static(id="problem", classes="problem")
        yield Input(id="entry", placeholder=_("Your answer, then Enter"))
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_next(self.session.next_question())

    def show_next(self, presented: object) -> None:
        current = self.session.current
        if presented is None or current is None:
            self.session.finish()
            count = len(self.session.answered)
            self.notify(
                _("Session done: {count} answered.").format(count=count),
                title=_("Well done"),
            )
            self.app.pop_screen()
            return
        self.revealed = False
        if current.kind == "code":  # its own screen: the editor, checks and verdicts
            from quizapp.tui.screens.code_question import CodeQuestionScreen

            self.app.push_screen(CodeQuestionScreen(self.session), self.after_feedback)
            return
        self.query_one("#progress", Static).update(plain(current.progress_line))
        self.show_fallback(current.question_id)
        self.query_one(QuestionPanel).show(current)
        hints = self.query_one("#hints", Static)
        hints.update("")
        hints.display = False
        answer = self.query_one("#answer", BankMarkdown)
        answer.show("")
        answer.display = False
        problem = self.query_one("#problem", Static)
        problem.update("")
        entry = self.query_one("#entry", Input)
        entry.value = ""
        is_card = current.kind == "flashcard"
        entry.display = not is_card
        form = _("Space shows the answer; then rate 1 Again · 2 Hard · 3 Good · 4 Easy")
        if not is_card:
            question = current.question
            if current.options and current.kind == "multi":
                form = _("Pick letters or numbers, e.g. a c, then Enter")
            elif (
                current.options and isinstance(question, SpotTheMistakeRecord) and question.answers
            ):
                form = _("Pick a letter or number, then Enter (or type what is wrong)")
            elif current.options:
                form = _("Pick a letter or number, then Enter")
            elif current.expected_form:
                form = _("Answer: {form}").format(form=current.expected_form)
            else:
                form = _("Type your answer, then Enter")
        self.query_one("#form", Static).update(plain(form))
        if is_card:
            self.query_one("#body").focus()
        else:
            entry.focus()

    def show_fallback(self, question_id: str) -> None:
        """Say so when some of the question is shown in English (no translation of it yet)."""
        fallback = self.query_one("#fallback", Static)
        note = fallback_note(self.context.catalog, question_id)
        fallback.update(plain(note))
        fallback.display = bool(note)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        result = self.session.submit(event.value)
        if isinstance(result, AnswerProblem):
            self.query_one("#problem", Static).update(plain(result.message))
            return
        self.show_feedback(result)

    def show_feedback(self, feedback: Feedback) -> None:
        from quizapp.tui.screens.feedback import FeedbackScreen

        self.app.push_screen(FeedbackScreen(self.session, feedback), self.after_feedback)

    def after_feedback(self, outcome: str | None) -> None:
        if outcome == "leave":  # left a code question for Home: its file is saved
            self.action_leave()
            return
        if outcome == "undo" and self.session.current is not None:
            self.show_next(self.session.current)
            return
        self.show_next(self.session.next_question())

    async def action_pick(self, label: str) -> None:
        """A click on an option: choose it (choice), or toggle it in the answer (multi)."""
        current = self.session.current
        if current is None or not current.options or self.app.screen is not self:
            return
        await pick_option(self.query_one("#entry", Input), current, label)

    def action_hint(self) -> None:
        hint = self.session.hint()
        current = self.session.current
        if hint is None or current is None:
            self.notify(_("No more hints for this question."))
            return
        shown = [_("Hint: {hint}").format(hint=h) for h in current.hints[: current.hints_shown]]
        hints = self.query_one("#hints", Static)
        hints.update(plain("\n".join(shown)))
        hints.display = True

    def action_reveal(self) -> None:
        current = self.session.current
        if current is None or current.kind != "flashcard" or self.revealed:
            return
        self.revealed = True
        answer = self.query_one("#answer", BankMarkdown)
        answer.show(self.session.reveal())
        answer.display = True

    def action_rate(self, rating: int) -> None:
        current = self.session.current
        if current is None or current.kind != "flashcard" or not self.revealed:
            return
        self.show_feedback(self.session.rate(rating))

    def action_scroll_body(self, direction: int) -> None:
        self.query_one(QuestionPanel).page(direction)

    def action_leave(self) -> None:
        self.session.finish()
        self.app.pop_screen()

"""A review or practice session on one screen: the question, then its feedback, in place.

The screen is built once per session. Asking shows the prompt, options and answer box;
feedback shows the verdict, the marked options, the worked solution and the explanation
(``FeedbackView``). Each answer refills the widgets already mounted instead of pushing a new
screen: a fresh feedback screen's styling, layout and first paint were ~70% of the time from
the keypress to the feedback (issue 18).

Keys mean one thing: Esc goes Home from either view (the answer is saved before its feedback
shows); Enter (or Space) goes on from the feedback; 1-4 change the recorded rating there; the
key bar shows only the keys that work in the view on screen (``check_action``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from quizapp.banks.frozen import SpotTheMistakeRecord
from quizapp.core.presentation import RATING_NAMES, AnswerProblem, Feedback, PresentedQuestion
from quizapp.core.session import ReviewSession
from quizapp.i18n import N_, _
from quizapp.store import StoreError
from quizapp.store.answers import ANSWER_KEPT
from quizapp.tui.faults import NOT_RATED, NOT_SAVED, fault_boundary
from quizapp.tui.naming import Namer
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import fallback_note, plain
from quizapp.tui.widgets.answer_input import AnswerInput
from quizapp.tui.widgets.bank_markdown import BankMarkdown
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.question_panel import QuestionPanel, pick_option
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from quizapp.tui.widgets.feedback_view import FeedbackView

ASKING = frozenset({"hint", "reveal", "rate", "pick"})
ANSWERED = frozenset({"next", "rerate", "undo", "claim"})
RATE_IDS = ("rate_again", "rate_hard", "rate_good", "rate_easy")


class QuestionScreen(QuizScreen[None]):
    AUTO_FOCUS = "#entry"  # a flashcard hides it; show_next then focuses the body
    DEFAULT_CSS = """
    QuestionScreen > #ask { height: 1fr; }
    QuestionScreen > #answer-view { display: none; }
    QuestionScreen > #rating { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # the feedback
        Binding("enter,space", "next", N_("Next"), id="feedback.next"),
        Binding("i", "claim", N_("I was right"), id="feedback.claim"),
        Binding("u", "undo", N_("Undo"), id="feedback.undo"),
        Binding("1", "rerate(1)", N_("Again"), id="feedback.rate_again", show=False),
        Binding("2", "rerate(2)", N_("Hard"), id="feedback.rate_hard", show=False),
        Binding("3", "rerate(3)", N_("Good"), id="feedback.rate_good", show=False),
        Binding("4", "rerate(4)", N_("Easy"), id="feedback.rate_easy", show=False),
        # asking
        Binding("ctrl+t", "hint", N_("Hint"), id="question.hint"),
        Binding("space", "reveal", N_("Reveal"), id="question.reveal"),
        Binding("1", "rate(1)", N_("Again"), id="question.rate_again", show=False),
        Binding("2", "rate(2)", N_("Hard"), id="question.rate_hard", show=False),
        Binding("3", "rate(3)", N_("Good"), id="question.rate_good", show=False),
        Binding("4", "rate(4)", N_("Easy"), id="question.rate_easy", show=False),
        # both
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
        self.feedback: Feedback | None = None  # shown now; None while asking
        self._view: FeedbackView | None = None  # mounted after the first question shows
        self._view_mounted: AwaitMount | None = None

    def compose(self) -> ComposeResult:
        read = self.context.catalog.paragraphs
        yield TitleBar()
        yield Static(id="progress", classes="progress")
        yield Static(id="fallback", classes="problem")
        with Vertical(id="ask"):
            yield QuestionPanel(
                read,
                below=(Static(id="hints", classes="options"), BankMarkdown(id="answer", read=read)),
            )
            yield Static(id="form", classes="progress")
            yield Static(id="problem", classes="problem")
            yield AnswerInput(id="entry", placeholder=_("Your answer, then Enter"))
        yield Static(id="rating", classes="progress")
        yield KeyBar()

    def on_mount(self) -> None:
        self._namer = Namer(self.context.catalog)
        self.show_next(self.session.next_question())
        self.call_after_refresh(self.feedback_view)

    def feedback_view(self) -> AwaitMount:
        """The feedback's widgets, mounted (hidden) once the first question is on screen:
        half the screen's widgets, and DataTable's import, were a fifth of the time from the
        key to the first question, and nobody answers within a frame (a key that does waits
        for the mount)."""
        if self._view_mounted is None:
            from quizapp.tui.widgets.feedback_view import FeedbackView

            self._view = FeedbackView(self.context.catalog.paragraphs, id="answer-view")
            self._view_mounted = self.mount(self._view, before="#rating")
        return self._view_mounted

    async def _view_ready(self) -> None:
        """The feedback view, mounted: awaited only until it is (an await of a mount, even a
        finished one, starts a task, waits a turn of the event loop and asks for a layout of
        the screen: on every answer, ~3 ms of the keypress in a whole-bank probe)."""
        if self._view is None or not self._view.is_mounted:
            await self.feedback_view()

    @property
    def view(self) -> FeedbackView:
        """The feedback view (mounted by ``feedback_view``, before any feedback is shown)."""
        assert self._view is not None, "feedback shown before feedback_view() was awaited"
        return self._view

    @property
    def showing_feedback(self) -> bool:
        return self.feedback is not None

    # -- asking ------------------------------------------------------------------------------
    def show_next(self, presented: PresentedQuestion | None) -> None:
        current = self.session.current
        if presented is None or current is None:
            self._finish()
            return
        self.feedback = None
        self.revealed = False
        if current.kind == "code":  # its own screen: the editor, checks and verdicts
            from quizapp.tui.screens.code_question import CodeQuestionScreen

            self.app.push_screen(CodeQuestionScreen(self.session), self.after_code)
            return
        self._show_view(asking=True)
        self.query_one("#progress", Static).update(plain(self._namer.heading(current)))
        self.show_fallback(current.question_id)
        self.query_one(QuestionPanel).show(current)
        hints = self.query_one("#hints", Static)
        hints.update("")
        hints.display = False
        answer = self.query_one("#answer", BankMarkdown)
        answer.show("")
        answer.display = False
        self.query_one("#problem", Static).update("")
        entry = self.query_one("#entry", Input)
        entry.value = ""
        is_card = current.kind == "flashcard"
        entry.display = not is_card
        self.query_one("#form", Static).update(plain(self._form_line(current)))
        if is_card:
            self.query_one(QuestionPanel).focus()
        else:
            entry.focus()
        self.refresh_bindings()

    def _form_line(self, current: PresentedQuestion) -> str:
        if current.kind == "flashcard":
            reveal, rates = self.key_for("question.reveal"), self._rates("question")
            return _("{reveal} shows the answer; then rate {rates}").format(
                reveal=reveal, rates=rates
            )
        question = current.question
        if current.options and current.kind == "multi":
            return _("Pick letters or numbers, e.g. a c, then Enter")
        if current.options and isinstance(question, SpotTheMistakeRecord) and question.answers:
            return _("Pick a letter or number, then Enter (or type what is wrong)")
        if current.options:
            return _("Pick a letter or number, then Enter")
        if current.expected_form:
            return _("Answer: {form}").format(form=current.expected_form)
        return _("Type your answer, then Enter")

    def _rates(self, prefix: str) -> str:
        """'1 Again · 2 Hard · 3 Good · 4 Easy', with the keys the keymap gives them."""
        return " · ".join(
            f"{self.key_for(f'{prefix}.{rate_id}')} {_(RATING_NAMES[n])}"
            for n, rate_id in enumerate(RATE_IDS, start=1)
        )

    def show_fallback(self, question_id: str) -> None:
        """Say so when some of the question is shown in English (no translation of it yet)."""
        fallback = self.query_one("#fallback", Static)
        note = fallback_note(self.context.catalog, question_id)
        fallback.update(plain(note))
        fallback.display = bool(note)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.feedback is not None or self.session.current is None:
            return
        await self._view_ready()
        result = self.submit(event.value)
        if result is None:  # not saved: the fault screen said why; the answer stays in the box
            self.query_one("#problem", Static).update(plain(_(NOT_SAVED)))
            return
        if isinstance(result, AnswerProblem):
            self.query_one("#problem", Static).update(plain(result.message))
            return
        self.show_feedback(result)

    @fault_boundary(N_("saving your answer"), ANSWER_KEPT)
    def submit(self, raw: str) -> Feedback | AnswerProblem:
        return self.session.submit(raw)

    def after_code(self, outcome: str | None) -> None:
        """Back from a code question's screen (its feedback was shown there)."""
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
        if current is None or not current.options:
            return
        await pick_option(self.query_one("#entry", Input), current, label)

    def action_hint(self) -> None:
        hint = self.session.hint()
        current = self.session.current
        if hint is None or current is None:
            return
        shown = [_("Hint: {hint}").format(hint=h) for h in current.hints[: current.hints_shown]]
        hints = self.query_one("#hints", Static)
        hints.update(plain("\n".join(shown)))
        hints.display = True
        self.refresh_bindings()

    def action_reveal(self) -> None:
        self.revealed = True
        answer = self.query_one("#answer", BankMarkdown)
        answer.show(self.session.reveal())
        answer.display = True
        self.refresh_bindings()

    async def action_rate(self, rating: int) -> None:
        current = self.session.current
        if current is None or current.kind != "flashcard" or not self.revealed:
            return
        await self._view_ready()
        feedback = self.rate(rating)
        if feedback is None:
            self.query_one("#problem", Static).update(plain(_(NOT_RATED)))
            return
        self.show_feedback(feedback)

    @fault_boundary(N_("saving your rating"), ANSWER_KEPT)
    def rate(self, rating: int) -> Feedback:
        return self.session.rate(rating)

    # -- the feedback ------------------------------------------------------------------------
    def show_feedback(self, feedback: Feedback) -> None:
        self.feedback = feedback
        view = self.view
        view.show(feedback, self._suggestion(feedback))
        self._show_view(asking=False)
        view.body.focus()
        self.show_rating()
        self.refresh_bindings()

    def _suggestion(self, feedback: Feedback) -> str | None:
        """ "Close to 'forget gate': a typo? If so, press i (I was right).", for near misses."""
        if feedback.correct is not False:
            return None
        from quizapp.core.near_miss import near_miss  # with the first rejected answer

        reason = near_miss(feedback)
        if reason is None:
            return None
        return _("{reason} If you meant it, press {key} (I was right).").format(
            reason=reason, key=self.key_for("feedback.claim")
        )

    def show_rating(self) -> None:
        feedback = self.feedback
        if feedback is None:
            return
        name = _(RATING_NAMES[feedback.rating])
        self.query_one("#rating", Static).update(
            plain(
                _("Recorded as {rating} · change it: {rates}").format(
                    rating=name, rates=self._rates("feedback")
                )
            )
        )

    def action_next(self) -> None:
        self.show_next(self.session.next_question())

    @fault_boundary(N_("changing the rating"), N_("the answer is kept with its old rating"))
    def action_rerate(self, rating: int) -> None:
        self.feedback = self.session.override_rating(rating)
        self.show_rating()

    @fault_boundary(N_("counting the answer as right"), N_("the answer is kept as it was"))
    def action_claim(self) -> None:
        try:
            feedback = self.session.claim_correct()
        except StoreError as error:  # answered again in another window since
            self.notify(str(error), title=_("Not changed"), severity="warning")
            return
        self.show_feedback(feedback)

    @fault_boundary(N_("taking the answer back"), N_("the answer is kept as it was"))
    def action_undo(self) -> None:
        if self.session.undo() is not None:
            self.notify(_("Answer taken back."))
            self.show_next(self.session.current)

    # -- both --------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys of the view on screen work (and show in the key bar)."""
        if action in ASKING:
            current = self.session.current
            if self.feedback is not None or current is None:
                return False
            is_card = current.kind == "flashcard"
            if action == "hint":
                return current.hints_shown < len(current.hints)
            if action == "reveal":
                return is_card and not self.revealed
            if action == "rate":
                return is_card and self.revealed
            return True
        if action in ANSWERED:
            if self.feedback is None:
                return False
            if action == "claim":
                return self.feedback.correct is False
            return True
        return True

    def action_scroll_body(self, direction: int) -> None:
        if self.feedback is None:
            self.query_one(QuestionPanel).page(direction)
        else:
            body = self.view.body
            body.scroll_page_up() if direction < 0 else body.scroll_page_down()

    def action_leave(self) -> None:
        """Home, from the question or its feedback: every answer given is saved already."""
        self.app.pop_screen()
        self.end_session()  # after leaving, so a fault is shown over Home

    @fault_boundary(N_("ending the session"), N_("every answer of it is kept"))
    def end_session(self) -> None:
        self.session.finish()

    def _show_view(self, *, asking: bool) -> None:
        self.query_one("#ask").display = asking
        if self._view is not None:  # not mounted yet: hidden by the screen's CSS
            self._view.display = not asking
        self.query_one("#rating").display = not asking

    def _finish(self) -> None:
        """The session's end: its summary in place of this screen."""
        from quizapp.tui.screens.summary import SummaryScreen, summary_of

        self.end_session()
        if not self.session.answered:
            self.app.pop_screen()
            return
        self.app.switch_screen(SummaryScreen(self.session, summary_of(self.context, self.session)))

"""A code question: the task and signature, the learner's code, a check, the verdict.

The learner writes the drill's function in the in-app editor (Textual's ``TextArea`` with
Python highlighting) or in their own ``$VISUAL`` / ``$EDITOR`` (the app is suspended while it
runs: ``quizapp.tui.external_editor``). The file is kept per drill in the data directory, saved
before every check, before the editor opens, every few seconds while typing and on leaving, so
nothing typed is lost. A check runs on a worker thread (a separate, limited process does the
running); its verdict, the first failing case and the mistake it matches, shows below the
editor. A pass opens the feedback (the reference solution and the explanation) to rate;
giving up shows it too. A mock interview's coding round is ``mock_code_question``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static, TextArea

from quizapp.core import code_drill
from quizapp.core.code_drill import CodeAsker
from quizapp.core.presentation import Feedback
from quizapp.core.session import ReviewSession
from quizapp.i18n import N_, _
from quizapp.tui.external_editor import find_editor, run_editor
from quizapp.tui.faults import fault_boundary
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.bank_markdown import BankMarkdown
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.drills import Verdict

AUTOSAVE_SECONDS = 3.0


CHECK_KEPT = N_("this check was not recorded; your code is kept in its file")


def verdict_head(verdict: Verdict) -> str:
    """The line above the verdict: the known mistake it matches ("" when none matched)."""
    mistake = getattr(verdict.outcome, "mistake", None)
    if mistake is None:
        return ""
    if mistake.convention:
        return _("✗ Right under another convention: {mistake}").format(mistake=_(mistake.name))
    return _("✗ Looks like {mistake}").format(mistake=_(mistake.name))


class CodeQuestionScreen(QuizScreen[str]):
    """Dismisses with the feedback screen's outcome ("next", "undo") or "leave"."""

    AUTO_FOCUS = "#code"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "check", N_("Check"), id="code.check", priority=True),
        Binding("ctrl+o", "external_editor", N_("$EDITOR"), id="code.editor", priority=True),
        Binding("e", "external_editor", N_("$EDITOR"), id="code.editor_key", show=False),
        Binding("ctrl+t", "hint", N_("Hint"), id="code.hint", priority=True),
        Binding("ctrl+g", "give_up", N_("Give up"), id="code.give_up", priority=True),
        Binding("escape", "escape", N_("Leave editor"), id="code.escape"),
        Binding("pageup", "scroll_task(-1)", N_("Scroll up"), id="code.scroll_up", show=False),
        Binding("pagedown", "scroll_task(1)", N_("Scroll down"), id="code.scroll_down", show=False),
    ]

    def __init__(self, session: CodeAsker) -> None:
        super().__init__()
        self.session = session
        presented = session.current
        if presented is None or session.code is None:
            raise ValueError("the session is not asking a code question")
        self.presented = presented
        self.drill = code_drill.drill_of(session.code.question)
        self.solution = code_drill.read_solution(self.context.data_dir, self.drill)
        self.saved_text = self.solution.text if self.solution.path.exists() else None
        self.checking = False
        self.verdict: Verdict | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(plain(self._progress()), id="progress", classes="progress")
        with VerticalScroll(id="task"):
            yield BankMarkdown(id="prompt", read=self.context.catalog.paragraphs)
            yield Static(plain(self._signature()), id="signature", classes="signature")
            yield Static(id="hints", classes="options")
        yield TextArea.code_editor(
            self.solution.text, language="python", id="code", soft_wrap=False
        )
        yield Static(id="verdict-head", classes="diagnosis")
        with VerticalScroll(id="verdict-pane"):
            yield Static(id="verdict-text")
        yield Static(id="status", classes="progress")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#prompt", BankMarkdown).show(self.presented.prompt)
        self.query_one("#hints", Static).display = False
        self.query_one("#verdict-pane").display = False
        self.query_one("#verdict-head").display = False
        if self.solution.problem:
            self.notify(self.solution.problem, title=_("Your file"), severity="warning", timeout=10)
        where = self._shown_path()
        self.show_status(_("Your file: {path} · ctrl+r checks it").format(path=where))
        self.set_interval(AUTOSAVE_SECONDS, self.autosave)

    # -- text -------------------------------------------------------------------------------
    def _progress(self) -> str:
        return _("{progress} · drill {drill}").format(
            progress=self.presented.progress_line, drill=self.drill.id
        )

    def _signature(self) -> str:
        task = _(
            "Write {function}: {summary}. The starter's docstring gives the shapes, the layout "
            "and the conventions."
        ).format(function=self.drill.function, summary=_(self.drill.summary).rstrip(".。"))
        return f"{task}\n\n{self.drill.signature}"

    def _shown_path(self) -> str:
        path = self.solution.path
        try:
            return "~/" + str(path.relative_to(os.path.expanduser("~")))
        except ValueError:
            return str(path)

    def show_status(self, text: str) -> None:
        self.query_one("#status", Static).update(plain(text))

    # -- the file ---------------------------------------------------------------------------
    @property
    def code(self) -> str:
        return self.query_one("#code", TextArea).text

    def save(self) -> bool:
        """Write the editor's text to the learner's file if it changed; False if that failed."""
        text = self.code
        if text == self.saved_text:
            return True
        try:
            code_drill.write_solution(self.solution.path, text)
        except OSError as exc:
            self.notify(
                _("Could not save {path}: {problem}. Your code is still in the editor.").format(
                    path=self.solution.path, problem=exc.strerror or exc
                ),
                title=_("Not saved"),
                severity="error",
                timeout=10,
            )
            return False
        self.saved_text = text
        return True

    def autosave(self) -> None:
        if self.is_attached:
            self.save()

    # -- actions ----------------------------------------------------------------------------
    def action_check(self) -> None:
        if self.checking or not self.is_current:
            return
        self.save()
        self.checking = True
        self.show_status(
            _("Checking {function} on the hidden cases…").format(function=self.drill.function)
        )
        self.run_check(self.code)

    @work(thread=True, exclusive=True, group="code-check")
    def run_check(self, source: str) -> None:
        verdict = code_drill.run_check(self.drill, source, self.solution.path.name)
        self.app.call_from_thread(self.show_verdict, verdict)

    @fault_boundary(N_("saving the check"), CHECK_KEPT)
    def show_verdict(self, verdict: Verdict) -> None:
        self.checking = False
        self.verdict = verdict
        self.session.record_check(verdict)
        if verdict.passed:
            self.finish(gave_up=False)
            return
        self._render_verdict()
        checks = len(self.session.code.checks) if self.session.code else 0
        self.show_status(
            _("Check {number} failed · fix it, ctrl+r again · ctrl+g: the reference").format(
                number=checks
            )
        )

    def _render_verdict(self) -> None:
        from quizapp.drills import render_verdict

        if self.verdict is None:
            return
        self.add_class("-checked")
        head = self.query_one("#verdict-head", Static)
        named = verdict_head(self.verdict)
        head.update(plain(named))
        head.display = bool(named)
        pane = self.query_one("#verdict-pane", VerticalScroll)
        pane.display = True
        width = max(40, (pane.content_size.width or self.size.width) - 2)
        self.query_one("#verdict-text", Static).update(plain(render_verdict(self.verdict, width)))
        pane.scroll_home(animate=False)
        editor = self.query_one("#code", TextArea)  # smaller now: keep the cursor in view
        self.call_after_refresh(editor.scroll_cursor_visible, center=True, animate=False)

    def on_resize(self) -> None:
        if self.verdict is not None and not self.verdict.passed:
            self.call_after_refresh(self._render_verdict)

    @fault_boundary(
        N_("saving your answer"), N_("nothing was recorded; your code is kept in its file")
    )
    def action_give_up(self) -> None:
        if self.checking or not self.is_current:
            return
        self.save()
        self.finish(gave_up=True)

    def finish(self, *, gave_up: bool) -> None:
        width = max(40, self.size.width - 4)
        feedback = self.session.finish_code(gave_up=gave_up, width=width)
        self.show_feedback(feedback)

    def show_feedback(self, feedback: Feedback) -> None:
        from quizapp.tui.screens.code_feedback import CodeFeedbackScreen

        session = self.session if isinstance(self.session, ReviewSession) else None
        self.app.push_screen(CodeFeedbackScreen(session, feedback), self._after_feedback)

    def _after_feedback(self, outcome: str | None) -> None:
        self.dismiss(outcome or "next")

    def action_hint(self) -> None:
        hint = self.session.hint()
        current = self.session.current
        if hint is None or current is None:
            self.notify(_("No more hints for this question."))
            return
        hints = self.query_one("#hints", Static)
        shown = current.hints[: current.hints_shown]
        hints.update(plain("\n".join(_("Hint: {hint}").format(hint=h) for h in shown)))
        hints.display = True

    def action_escape(self) -> None:
        """Out of the editor first (so single keys work); from the task, back to Home."""
        editor = self.query_one("#code", TextArea)
        if editor.has_focus:
            self.query_one("#task").focus()
            self.show_status(
                _("Left the editor: e opens $EDITOR · Tab back to the code · Esc Home")
            )
            return
        self.save()
        self.dismiss("leave")

    def action_scroll_task(self, direction: int) -> None:
        task = self.query_one("#task", VerticalScroll)
        if direction < 0:
            task.scroll_page_up()
        else:
            task.scroll_page_down()

    def action_external_editor(self) -> None:
        """Edit the file in $VISUAL / $EDITOR with the app suspended, then read it back."""
        if self.checking or not self.is_current:
            return
        command = find_editor(self)
        if command is None or not self.save():
            return
        if not self.solution.path.exists():  # the starter, never saved: the editor needs a file
            self.saved_text = None
            self.save()
        returncode = run_editor(self, command, self.solution.path)
        if returncode is not None:
            self._reload_from_file(returncode)

    def _reload_from_file(self, returncode: int) -> None:
        reread = code_drill.read_solution(self.context.data_dir, self.drill)
        if reread.problem:
            self.notify(reread.problem, title=_("Your file"), severity="warning", timeout=10)
            return
        editor = self.query_one("#code", TextArea)
        if reread.text != editor.text:
            editor.load_text(reread.text)
        self.saved_text = reread.text
        shown = self._shown_path()
        self.show_status(
            _("Read back {path} (the editor exited with {code}) · ctrl+r checks it").format(
                path=shown, code=returncode
            )
            if returncode
            else _("Read back {path} · ctrl+r checks it").format(path=shown)
        )
        editor.focus()

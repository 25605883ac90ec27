"""A mock interview's coding round: the code question's screen with its own countdown, one
submission and no verdict until the report (like every interview answer)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Static

from quizapp.core.mock import MockInterview
from quizapp.i18n import N_, _
from quizapp.tui.faults import fault_boundary
from quizapp.tui.screens.code_question import CHECK_KEPT, CodeQuestionScreen
from quizapp.tui.text import plain

if TYPE_CHECKING:
    from quizapp.drills import Verdict


class MockCodeQuestionScreen(CodeQuestionScreen):
    """A mock interview's coding round: its own countdown, one submission, no verdict until
    the report (like every interview answer). Time running out submits the code as it is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "check", N_("Submit"), id="mock_code.submit", priority=True),
        Binding("ctrl+o", "external_editor", N_("$EDITOR"), id="mock_code.editor", priority=True),
        Binding("e", "external_editor", N_("$EDITOR"), id="mock_code.editor_key", show=False),
        Binding("escape", "escape", N_("Leave editor"), id="mock_code.escape"),
        Binding("pageup", "scroll_task(-1)", N_("Scroll up"), id="mock_code.scroll_up", show=False),
        Binding(
            "pagedown", "scroll_task(1)", N_("Scroll down"), id="mock_code.scroll_down", show=False
        ),
    ]

    def __init__(self, mock: MockInterview) -> None:
        super().__init__(mock)
        self.mock = mock

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No hints and no giving up (it would show the reference) in an interview."""
        return action not in {"hint", "give_up"}

    def on_mount(self) -> None:
        super().on_mount()
        self.show_status(_("Coding round: ctrl+r submits (no verdict until the report)"))
        self.tick()
        self.set_interval(1.0, self.tick)

    def _progress(self) -> str:
        left = self.mock.drill_time_left()
        seconds = int(left.total_seconds()) if left is not None else 0
        done = len(self.mock.answers)
        return _(
            "Mock interview · coding round · {done} of {length} answered · {clock} left for "
            "this drill"
        ).format(
            done=done, length=self.mock.length, clock=f"{seconds // 60:02d}:{seconds % 60:02d}"
        )

    def tick(self) -> None:
        if self.checking or self.mock.code is None:
            return
        self.query_one("#progress", Static).update(plain(self._progress()))
        left = self.mock.drill_time_left()
        if left is not None and left.total_seconds() <= 0 and self.is_current:
            self.notify(_("Time is up for this drill: your code as it stands is submitted."))
            self.action_check()

    @fault_boundary(N_("saving the check"), CHECK_KEPT)
    def show_verdict(self, verdict: Verdict) -> None:
        self.checking = False
        self.session.record_check(verdict)
        self.session.finish_code(width=max(40, self.size.width - 4))
        self.dismiss("next")

    def action_escape(self) -> None:
        """Out of the editor; the interview goes on (F10 on the next question ends it)."""
        self.query_one("#task").focus()
        self.show_status(_("Left the editor: e opens $EDITOR · Tab back to the code"))

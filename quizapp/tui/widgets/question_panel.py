"""The question as both question screens show it: a scroll body with the prompt, then options.

Review and mock interviews ask the same way: the prompt as bank Markdown (from the catalog's
parsed text), the options of a choice as one clickable block (a click runs the screen's
``pick``), each screen's own lines above or below (a follow-up note, hints, a flashcard's
answer). The screens keep what differs: the answer box's rules and what happens on Enter.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input

from quizapp.core.presentation import PresentedQuestion
from quizapp.tui.widgets.bank_markdown import BankMarkdown, Reader
from quizapp.tui.widgets.hanging import Hanging
from quizapp.tui.widgets.options import option_lines, picked


class QuestionPanel(VerticalScroll):
    def __init__(
        self,
        read: Reader,
        *,
        above: Sequence[Widget] = (),
        below: Sequence[Widget] = (),
        id: str = "body",
    ) -> None:
        super().__init__(id=id)
        self._read = read
        self._above = above
        self._below = below

    def compose(self) -> ComposeResult:
        yield from self._above
        yield BankMarkdown(id="prompt", read=self._read)
        yield Hanging(id="options", classes="options")
        yield from self._below

    def show(self, presented: PresentedQuestion) -> None:
        """The prompt (with a variant's numbers) and the options in their shown order."""
        self.query_one("#prompt", BankMarkdown).show(presented.prompt)
        options = self.query_one("#options", Hanging)
        options.update(option_lines(presented.options))
        options.display = bool(presented.options)  # no blank line where a card has none

    def page(self, direction: int) -> None:
        """One page up (direction < 0) or down: the screens' PageUp and PageDown."""
        if direction < 0:
            self.scroll_page_up()
        else:
            self.scroll_page_down()


async def pick_option(entry: Input, presented: PresentedQuestion, label: str) -> None:
    """A click on option ``label``: answer with it (choice), or toggle it in the box (multi)."""
    entry.focus()
    if picked(entry, label, several=presented.kind == "multi"):
        await entry.action_submit()

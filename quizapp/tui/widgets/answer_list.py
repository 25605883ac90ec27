"""Answers as a list a learner scans: a mark and the question, what they said and what was
expected, then its topic and facts (time, confidence, when it comes back). Enter (or a click)
on one opens its feedback.

Each entry is one option of an ``OptionList`` whose lines hang under the mark; they are wrapped
for the list's width and wrapped again when it changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.events import Resize
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quizapp.core.presentation import RATING_NAMES, Feedback, counts_right
from quizapp.core.titles import first_line
from quizapp.i18n import _
from quizapp.tui.text import safe_text
from quizapp.tui.widgets.hanging import Line, hanging

INDENT = Content("    ")


@dataclass(frozen=True)
class Entry:
    """One answer in the list: its feedback, its number, and the facts shown under it."""

    feedback: Feedback
    number: int | None
    facts: tuple[str, ...]  # topic titles first, then "12 s", "certain", "back tomorrow"...


def given(feedback: Feedback) -> str:
    """What the learner answered, as they would say it (a pick by its option's text)."""
    if feedback.correct is None:
        return _("rated {rating}").format(rating=_(RATING_NAMES[feedback.rating]))
    picked = [f"{o.label}) {o.text}" for o, chosen in feedback.option_feedback if chosen]
    if picked:
        return "; ".join(picked)
    return feedback.answer_given or _("(nothing)")


def entry_lines(entry: Entry) -> list[Line]:
    feedback = entry.feedback
    right = counts_right(feedback)
    mark = Content("✓ " if right else "✗ ").stylize("bold $success" if right else "bold $error")
    number = f"{entry.number}. " if entry.number is not None else ""
    prompt = first_line(feedback.presented.question.prompt, width=400)
    said = _("you: {answer}").format(answer=safe_text(given(feedback)))
    if not right:
        said += " · " + _("expected: {answer}").format(answer=safe_text(feedback.expected))
    head = mark + Content(number)  # a wrapped prompt hangs under its own first word
    lines: list[Line] = [(head, Content(safe_text(prompt)).stylize("bold"))]
    if feedback.note and not right:
        lines.append((INDENT, Content(safe_text(feedback.note)).stylize("$warning")))
    lines.append((INDENT, Content(said)))
    if entry.facts:
        lines.append((INDENT, Content(safe_text(" · ".join(entry.facts))).stylize("dim")))
    return lines


class AnswerList(OptionList):
    """Entries as options; ``entries`` holds them in the order shown."""

    DEFAULT_CSS = """
    AnswerList {
        height: auto;
        max-height: 100%;
        border: none;
        padding: 0;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: tuple[Entry, ...] = ()
        self._width = 0
        self._spans: list[tuple[int, int]] = []  # (first line, lines) of each entry

    def show(self, entries: Sequence[Entry]) -> None:
        self.entries = tuple(entries)
        self._rebuild()

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._width:
            self._rebuild()

    def _rebuild(self) -> None:
        width = self.scrollable_content_region.width or self.size.width or 78
        self._width = self.size.width
        cursor = self.highlighted
        self.clear_options()
        shown = [
            Content("\n").join(hanging(entry_lines(entry), max(20, width - 1)))
            for entry in self.entries
        ]
        self._spans = []
        line = 0
        for content in shown:
            height = content.plain.count("\n") + 1
            self._spans.append((line, height))
            line += height
        self.add_options(Option(content, id=str(i)) for i, content in enumerate(shown))
        if self.entries:
            self.highlighted = min(cursor or 0, len(self.entries) - 1)

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Also scroll the screen's body: the list grows to its full height inside it, so
        its own scrolling alone would leave the highlighted entry off screen."""
        super().scroll_to_highlight(top)
        container = self.parent
        index = self.highlighted
        if index is None or index >= len(self._spans) or not isinstance(container, Widget):
            return
        first, height = self._spans[index]
        top_line = self.virtual_region.y + self.gutter.top + first
        container.scroll_to_region(
            Region(0, top_line, self.size.width, height), animate=False, immediate=True
        )

    def selected_entry(self, index: int) -> Entry:
        return self.entries[index]

"""The answer box of both question screens: one line, at most ``MAX_ANSWER_CHARS`` characters.

A paste longer than the room left is cut to fit, with a notice that says so (Textual's own
Input refuses the whole paste with a bell); keys typed past the limit give the same notice
once, not a bell per key (a terminal without bracketed paste delivers a paste as keys). No
answer needs more: the graders read at most a few hundred characters, and a 100,000-character
answer made the feedback screen lay out a page of it on every frame.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from quizapp.i18n import N_, _

MAX_ANSWER_CHARS = 10_000
CUT_NOTICE = N_("An answer may be at most {count} characters: the paste was cut to fit.")
FULL_NOTICE = N_("An answer may be at most {count} characters.")


def notice(message: str) -> str:
    """``CUT_NOTICE`` or ``FULL_NOTICE`` in the learner's language, with the limit in it."""
    return _(message).format(count=f"{MAX_ANSWER_CHARS:,}")


class AnswerInput(Input):
    def __init__(self, *, id: str, placeholder: str) -> None:
        super().__init__(id=id, placeholder=placeholder, max_length=MAX_ANSWER_CHARS)
        self._told_full = False

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own handler would refuse the paste whole
        event.stop()
        if not event.text:
            return
        line = event.text.splitlines()[0]  # one line, as Input takes it
        start, end = sorted(self.selection)
        room = MAX_ANSWER_CHARS - (len(self.value) - (end - start))
        if len(line) > room:
            line = line[: max(0, room)]
            self.notify(notice(CUT_NOTICE), title=_("Answer cut"), severity="warning")
        if line:
            self.replace(line, start, end)

    def restricted(self) -> None:
        """A key typed past the limit: say why once, instead of ringing the bell per key."""
        if not self._told_full:
            self._told_full = True
            self.notify(notice(FULL_NOTICE), title=_("Answer full"), severity="warning")

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        if len(value) < MAX_ANSWER_CHARS:
            self._told_full = False

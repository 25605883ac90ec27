"""The top line: app title and what this screen is, in one widget.

The subtitle is an English source string (marked with ``N_`` where it is written) translated
here, when it is drawn.

Textual's ``Header`` is four widgets with watchers on the app's title; every screen push paid
for them. The title here never changes while a screen is up, so one rendered line is enough.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from quizapp.i18n import _


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        text-align: center;
        text-style: bold;
    }
    """

    def __init__(self, subtitle: str | None = None) -> None:
        super().__init__()
        self._subtitle = subtitle

    def render(self) -> Content:
        subtitle = _(self._subtitle or self.app.sub_title)
        return Content(f"{self.app.title} — {subtitle}" if subtitle else self.app.title)

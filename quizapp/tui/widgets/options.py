"""Options of a choice question as one clickable block: a click picks, as typing the letter does.

Each option line carries a ``screen.pick('<label>')`` action; the option text itself is bank
text and is made safe and kept literal (``Content(...)`` never parses markup). Wrapped option
text hangs under its first word (``Hanging``), not under the letter.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content, Span
from textual.style import Style
from textual.widgets import Input

from quizapp.core.presentation import OptionView
from quizapp.tui.text import safe_text
from quizapp.tui.widgets.hanging import Line


def option_lines(options: Sequence[OptionView]) -> list[Line]:
    """``a) text`` per option, the whole line clickable."""
    lines = []
    for option in options:
        click = Style.from_meta({"@click": f"screen.pick({option.label!r})"})
        label = f"{option.label}) "
        text = safe_text(option.text)
        lines.append(
            (
                Content(label, spans=[Span(0, len(label), click)]).stylize("bold", 0, 2),
                Content(text, spans=[Span(0, len(text), click)]),
            )
        )
    return lines


def picked(entry: Input, label: str, *, several: bool) -> bool:
    """Put a clicked label into the answer box; True when the answer is complete (submit it)."""
    if not several:
        entry.value = label
        return True
    chosen = entry.value.replace(",", " ").split()
    if label in chosen:
        chosen.remove(label)
    else:
        chosen.append(label)
    entry.value = " ".join(sorted(chosen))
    return False

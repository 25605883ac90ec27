"""Terminal pictures of the statistics: a review calendar and horizontal bars, as Rich Text.

They are plain renderables (no markup parsing), so topic names from banks stay text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from rich.text import Text

from quizapp.core.titles import shorten
from quizapp.i18n import N_, _
from quizapp.i18n.width import cell_width, fit, pad
from quizapp.tui.text import safe_text

LEVELS = ("grey23", "green4", "green3", "green1", "bright_green")
WEEKDAYS = (N_("Mon"), "", N_("Wed"), "", N_("Fri"), "", N_("Sun"))


def review_calendar(per_day: Mapping[str, int], today: date, weeks: int = 26) -> Text:
    """An Anki-style heatmap: one column per week, one row per weekday, darker = fewer reviews."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    peak = max(per_day.values(), default=0) or 1
    text = Text()
    for weekday, name in enumerate(WEEKDAYS):
        text.append(fit(pad(_(name) if name else "", 4), 4))
        for week in range(weeks):
            day = start + timedelta(days=7 * week + weekday)
            if day > today:
                text.append("  ")
                continue
            count = per_day.get(day.isoformat(), 0)
            level = 0 if count == 0 else 1 + min(3, int(4 * count / (peak + 1)))
            text.append("■ ", style=LEVELS[level])
        text.append("\n")
    text.append(
        "    "
        + _("{weeks} weeks · darkest = no reviews · brightest = {peak} a day").format(
            weeks=weeks, peak=peak
        )
    )
    return text


def bars(
    rows: Sequence[tuple[str, float | None, str]], width: int = 30, label_width: int = 34
) -> Text:
    """Horizontal bars for values in [0, 1]: (label, value, note) per row; labels longer
    than ``label_width`` are shortened."""
    text = Text()
    label_width = min(label_width, max((cell_width(label) for label, _v, _n in rows), default=0))
    for label, value, note in rows:
        shown = shorten(safe_text(label), label_width)  # a long title ends in "…", not mid-word
        text.append(pad(shown, label_width) + " ")
        if value is None:
            text.append("·" * width, style="grey35")
        else:
            filled = round(max(0.0, min(1.0, value)) * width)
            colour = "green3" if value >= 0.85 else "yellow3" if value >= 0.6 else "red3"
            text.append("█" * filled, style=colour)
            text.append("░" * (width - filled), style="grey35")
        text.append(f" {safe_text(note)}\n")
    return text

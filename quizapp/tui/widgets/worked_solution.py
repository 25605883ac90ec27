"""The worked solution: every step the engine computed, as a table that fits the screen.

A step's formula and value wrap inside their columns (a Rich table re-laid out for the width
the widget has), so an 80-column terminal shows each value whole: a 3x3 Jacobian's nine
entries or a BPTT product's formula were cut off at the right edge of a DataTable, whose
columns keep their content's width. A wrapped row's continuation lines leave the step
column empty, so each row starts where a label stands. The step where the learner's method
went wrong (the diagnosis names it) is marked ▶ and bold.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table
from textual.widgets import Static

from quizapp.core.presentation import WorkedStepView
from quizapp.i18n import N_, _
from quizapp.tui.text import plain

STEP_COLUMNS = (N_("step"), N_("formula"), N_("value"))
SLIPPED_MARK = "▶ "


def steps_table(steps: Sequence[WorkedStepView], slipped: str | None = None) -> Table:
    """``steps`` as a table whose formula and value columns wrap; ``slipped``: the label of
    the step the diagnosis points at."""
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        expand=False,
        header_style="bold",
    )
    step, formula, value = (plain(_(name)) for name in STEP_COLUMNS)
    table.add_column(step, overflow="fold")
    table.add_column(formula, overflow="fold")
    table.add_column(value, overflow="fold")
    for row in steps:
        marked = row.label == slipped
        label = plain(SLIPPED_MARK + row.label if marked else row.label)
        table.add_row(label, plain(row.formula), plain(row.value), style="bold" if marked else None)
    return table


class WorkedSolution(Static):
    """The worked-solution table; ``show`` fills it for one answer."""

    DEFAULT_CSS = """
    WorkedSolution { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.steps: tuple[WorkedStepView, ...] = ()  # shown now

    def show(self, steps: Sequence[WorkedStepView], slipped: str | None = None) -> None:
        self.steps = tuple(steps)
        self.update(steps_table(self.steps, slipped) if self.steps else "")

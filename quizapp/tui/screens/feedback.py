"""Feedback: right or wrong at a glance, both answers, the explanation and the worked solution."""

from __future__ import annotations

from typing import ClassVar

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Sparkline, Static

from quizapp.core.presentation import RATING_NAMES, Feedback, WorkedStepView
from quizapp.core.session import ReviewSession
from quizapp.i18n import N_, _
from quizapp.i18n.width import cell_width, pad
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.bank_markdown import BankMarkdown
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

STEP_COLUMNS = (N_("step"), N_("formula"), N_("value"))


def answers_text(given: str, expected: str) -> str:
    """The learner's answer above the expected one, both values in one column (by cells)."""
    labels = (_("Your answer:"), _("Expected:"))
    width = max(cell_width(label) for label in labels) + 1
    return f"{pad(labels[0], width)}{given}\n{pad(labels[1], width)}{expected}"


def _diagnosis_text(feedback: Feedback) -> str:
    diagnosis = feedback.diagnosis
    assert diagnosis is not None
    lines = [diagnosis.headline, diagnosis.explanation]
    if diagnosis.step and feedback.worked_steps:
        lines.append(
            _("It happens at step {step} (marked ▶ in the worked solution).").format(
                step=diagnosis.step
            )
        )
    return "\n".join(lines)


def _curve(feedback: Feedback) -> tuple[str, list[float]] | None:
    """A predict-then-compute drill's curve (the engine's norms over k), if it has one."""
    variant = feedback.presented.variant
    extras = variant.extras if variant is not None else {}
    if "curve" not in extras:
        return None
    return str(extras.get("curve_label", "")), [float(v) for v in extras["curve"]]


def _row_of(steps: tuple[WorkedStepView, ...], label: str) -> int:
    return next((row for row, step in enumerate(steps) if step.label == label), 0)


def _code_verdict(feedback: Feedback) -> Static:
    code = feedback.code
    assert code is not None
    if code.passed:
        text = (
            _("✓ Passed: all {cases} hidden cases, on the first check")
            if code.checks == 1
            else _("✓ Passed: all {cases} hidden cases, on check {number}")
        ).format(cases=code.cases_total, number=code.checks)
        return Static(plain(text), id="verdict", classes="verdict-right")
    return Static(
        plain(_("✗ Given up: the reference solution")), id="verdict", classes="verdict-wrong"
    )


def _last_check(feedback: Feedback) -> ComposeResult:
    """A code question given up: the verdict of its last check, what to compare against."""
    code = feedback.code
    if code is not None and code.verdict_report and not code.passed:
        yield Static(plain(_("Your last check:")), classes="progress")
        yield Static(plain(code.verdict_report), id="last-verdict", classes="options")


def _reference(feedback: Feedback) -> ComposeResult:
    """The drill's reference solution, after the explanation that walks through it (the
    module docstring, which only repeats how to check the file, left out)."""
    code = feedback.code
    if code is None:
        return
    yield Static(plain(_("The reference solution:")), classes="progress")
    yield Static(
        Syntax(without_module_docstring(code.reference), "python", theme="ansi_dark"),
        id="reference",
        classes="options",
    )


def without_module_docstring(source: str) -> str:
    """``source`` from its first line after the opening docstring (all of it if none)."""
    stripped = source.lstrip()
    for quote in ('"""', "'''"):
        if stripped.startswith(quote):
            end = stripped.find(quote, len(quote))
            if end != -1:
                return stripped[end + len(quote) :].lstrip("\n")
    return source


class FeedbackScreen(QuizScreen[str]):
    AUTO_FOCUS = "#body"  # focused straight away: no detour through another widget
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,escape", "next", N_("Next"), id="feedback.next"),
        Binding("1", "rate(1)", N_("Again"), id="feedback.rate_again"),
        Binding("2", "rate(2)", N_("Hard"), id="feedback.rate_hard"),
        Binding("3", "rate(3)", N_("Good"), id="feedback.rate_good"),
        Binding("4", "rate(4)", N_("Easy"), id="feedback.rate_easy"),
        Binding("u", "undo", N_("Undo"), id="feedback.undo"),
    ]

    def __init__(self, session: ReviewSession | None, feedback: Feedback) -> None:
        """``session`` None: a read-only review (mock interview report), no re-rating or undo."""
        super().__init__()
        self.session = session
        self.feedback = feedback

    def compose(self) -> ComposeResult:
        fb = self.feedback
        yield TitleBar()
        if fb.correct is None:
            yield Static(plain(_("✓ Self-rated flashcard")), id="verdict", classes="verdict-right")
        elif fb.code is not None:
            yield _code_verdict(fb)
        elif fb.correct:
            yield Static(plain(_("✓ Right")), id="verdict", classes="verdict-right")
        else:
            yield Static(plain(_("✗ Not quite")), id="verdict", classes="verdict-wrong")
        with VerticalScroll(id="body"):
            if fb.correct is not None:
                yield Static(
                    plain(answers_text(fb.answer_given, fb.expected)),
                    classes="options",
                )
            if fb.diagnosis is not None:
                yield Static(plain(_diagnosis_text(fb)), id="diagnosis", classes="diagnosis")
            if fb.note:
                yield Static(plain(fb.note), classes="problem")
            if fb.option_feedback:
                lines = []
                for option, picked in fb.option_feedback:
                    mark = "✓" if option.correct else "✗"
                    you = " ← " + _("you") if picked else ""
                    lines.append(f"{mark} {option.label}) {option.text}{you}")
                    if option.feedback:
                        lines.append(f"     {option.feedback}")
                yield Static(plain("\n".join(lines)), classes="options")
            curve = _curve(fb)
            if curve is not None:
                label, values = curve
                last = len(values) - 1
                yield Static(
                    plain(
                        _(
                            "The computed curve: {label} for k = 0 … {last} (from {first_value} "
                            "at k = 0 to {last_value} at k = {last})"
                        ).format(
                            label=label,
                            last=last,
                            first_value=f"{values[0]:.1f}",
                            last_value=f"{values[-1]:.1f}",
                        )
                    ),
                    classes="progress",
                )
                yield Sparkline(values, id="curve")
            yield from _last_check(fb)
            if fb.worked_steps:
                yield Static(
                    plain(_("Worked solution (compare step by step):")), classes="progress"
                )
                yield DataTable(id="steps", cursor_type="row", zebra_stripes=True)
            yield BankMarkdown(
                fb.explanation, id="explanation", read=self.context.catalog.paragraphs
            )
            yield from _reference(fb)
        yield Static(id="rating", classes="progress")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.feedback.worked_steps:
            table = self.query_one("#steps", DataTable)
            table.add_columns(*(plain(_(name)) for name in STEP_COLUMNS))
            slipped = self.feedback.diagnosis.step if self.feedback.diagnosis else None
            for step in self.feedback.worked_steps:
                label = plain(step.label)
                if step.label == slipped:
                    label = plain(f"▶ {step.label}", style="bold")
                table.add_row(label, plain(step.formula), plain(step.value))
            if slipped is not None:
                table.move_cursor(row=_row_of(self.feedback.worked_steps, slipped))
        self.show_rating()

    def show_rating(self) -> None:
        if self.session is None:
            self.query_one("#rating", Static).update(
                plain(_("Mock interview answer: logged, not scheduled · Enter back to the report"))
            )
            return
        name = _(RATING_NAMES[self.feedback.rating])
        self.query_one("#rating", Static).update(
            plain(
                _(
                    "Recorded as {rating} · 1 Again 2 Hard 3 Good 4 Easy to change · u undo · "
                    "Enter next"
                ).format(rating=name)
            )
        )

    def action_rate(self, rating: int) -> None:
        if self.session is None:
            return
        self.feedback = self.session.override_rating(rating)
        self.show_rating()

    def action_undo(self) -> None:
        if self.session is not None and self.session.undo() is not None:
            self.notify(_("Answer taken back."))
            self.dismiss("undo")

    def action_next(self) -> None:
        self.dismiss("next")

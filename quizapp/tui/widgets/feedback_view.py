"""Feedback on one answer: the verdict, both answers, each option marked, the diagnosis, the
worked solution and the explanation. Built once per screen and refilled per answer.

A new feedback screen per answer spent ~70% of the keypress-to-feedback path on Textual's
styling, layout and first paint of fresh widgets (issue 18's profiles); ``show`` only updates
the widgets already mounted. Each option's mark is a symbol as well as a colour (✓ right,
✗ wrong; "← you", "← missed", "← the answer" in words), so it reads the same under NO_COLOR.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Sparkline, Static

from quizapp.core.presentation import Feedback
from quizapp.i18n import _
from quizapp.i18n.width import cell_width, pad
from quizapp.tui.text import plain, safe_text
from quizapp.tui.widgets.bank_markdown import BankMarkdown, Reader
from quizapp.tui.widgets.hanging import Hanging, Line
from quizapp.tui.widgets.worked_solution import WorkedSolution

RIGHT_MARK = "✓ "
WRONG_MARK = "✗ "


def verdict(feedback: Feedback) -> tuple[str, str]:
    """The headline and its style class."""
    if feedback.claimed:
        return _("✓ Counted as right: you said you were right"), "verdict-right"
    if feedback.correct is None:
        return _("✓ Self-rated flashcard"), "verdict-right"
    code = feedback.code
    if code is not None:
        if code.passed:
            passed = (
                _("✓ Passed: all {cases} hidden cases, on the first check")
                if code.checks == 1
                else _("✓ Passed: all {cases} hidden cases, on check {number}")
            )
            return passed.format(cases=code.cases_total, number=code.checks), "verdict-right"
        return _("✗ Given up: the reference solution"), "verdict-wrong"
    if feedback.correct:
        return _("✓ Right"), "verdict-right"
    if feedback.review_id is None and feedback.note and feedback.note.startswith("Not answered"):
        return _("✗ Not answered"), "verdict-wrong"
    return _("✗ Not quite"), "verdict-wrong"


def answer_lines(feedback: Feedback) -> list[Line]:
    """Your answer and the expected one, unless the marked options already show both."""
    if feedback.correct is None:
        return [(Content(_("Answer:") + " "), Content(safe_text(feedback.expected)))]
    picked = any(chosen for _option, chosen in feedback.option_feedback)
    given = safe_text(feedback.answer_given) or _("(nothing)")
    yours, expected = _("Your answer:"), _("Expected:")
    width = max(cell_width(yours), cell_width(expected)) + 1  # the answers in one column
    if feedback.option_feedback:
        return [] if picked else [(Content(yours + " "), Content(given))]
    return [
        (Content(pad(yours, width)), Content(given)),
        (Content(pad(expected, width)), Content(safe_text(feedback.expected))),
    ]


def option_marks(feedback: Feedback) -> list[Line]:
    """Every option with its mark, what the learner did with it, and its feedback below."""
    several = feedback.presented.kind == "multi"
    lines: list[Line] = []
    for option, chosen in feedback.option_feedback:
        mark = Content(RIGHT_MARK if option.correct else WRONG_MARK).stylize(
            "bold $success" if option.correct else "bold $error", 0, 1
        )
        label = f"{option.label}) "
        text = Content(safe_text(option.text))
        if chosen:
            text = text.stylize("bold").append(Content(" ← " + _("you")).stylize("bold"))
        elif option.correct:
            tag = " ← " + (_("missed") if several else _("the answer"))
            text = text.append(Content(tag).stylize("bold $warning"))
        lines.append((mark + Content(label).stylize("bold"), text))
        if option.feedback:
            indent = " " * (cell_width(RIGHT_MARK) + cell_width(label))
            lines.append((Content(indent), Content(safe_text(option.feedback)).stylize("dim")))
    return lines


def _curve(feedback: Feedback) -> tuple[str, list[float]] | None:
    """A predict-then-compute drill's curve (the engine's norms over k), if it has one."""
    variant = feedback.presented.variant
    extras = variant.extras if variant is not None else {}
    if "curve" not in extras:
        return None
    return str(extras.get("curve_label", "")), [float(v) for v in extras["curve"]]


def without_module_docstring(source: str) -> str:
    """``source`` from its first line after the opening docstring (all of it if none): the
    module docstring of a drill's reference only repeats how to check the file."""
    stripped = source.lstrip()
    for quote in ('"""', "'''"):
        if stripped.startswith(quote):
            end = stripped.find(quote, len(quote))
            if end != -1:
                return stripped[end + len(quote) :].lstrip("\n")
    return source


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


class FeedbackBody(VerticalScroll):
    """The feedback's scrolling body. Its focus moves with every answer (the answer box has it
    while asking); Textual restyles a widget and all its descendants when its focus changes,
    which was a sixth of the keypress-to-feedback path. No rule styles a descendant by this
    container's focus, so only the container (and its scrollbars) is restyled; a test checks
    every descendant's styles match a full restyle."""

    def watch_has_focus(self, _has_focus: bool) -> None:
        self.app.stylesheet.update_nodes([self], animate=True)


class FeedbackView(Vertical):
    """The verdict line above a scrolling body; ``show`` fills both for one answer."""

    DEFAULT_CSS = """
    FeedbackView { height: 1fr; }
    FeedbackView > #feedback-body { height: 1fr; }
    """

    def __init__(self, read: Reader, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._read = read

    def compose(self) -> ComposeResult:
        yield Static(id="verdict")
        with FeedbackBody(id="feedback-body"):
            yield Hanging(id="answers", classes="options")
            yield Static(id="diagnosis", classes="diagnosis")
            yield Static(id="note", classes="problem")
            yield Static(id="near", classes="near")
            yield Hanging(id="marks", classes="options")
            yield Static(id="curve-label", classes="progress")
            yield Sparkline([], id="curve")
            yield Static(plain(_("Worked solution (compare step by step):")), id="steps-label")
            yield WorkedSolution(id="steps")
            yield Static(plain(_("Your last check:")), id="last-check-label")
            yield Static(id="last-verdict", classes="options")
            yield BankMarkdown(id="explanation", read=self._read)
            yield Static(plain(_("The reference solution:")), id="reference-label")
            yield Static(id="reference", classes="options")

    def on_mount(self) -> None:
        for label in ("#steps-label", "#last-check-label", "#reference-label"):
            self.query_one(label).add_class("progress")

    @property
    def body(self) -> FeedbackBody:
        return self.query_one("#feedback-body", FeedbackBody)

    def show(self, feedback: Feedback, suggestion: str | None = None) -> None:
        """Everything about ``feedback``; ``suggestion``: a line that offers a key (I was right)."""
        headline, style = verdict(feedback)
        line = self.query_one("#verdict", Static)
        line.update(plain(headline))
        line.set_classes(style)
        self._fill(self.query_one("#answers", Hanging), answer_lines(feedback))
        diagnosis = feedback.diagnosis
        self._text("#diagnosis", _diagnosis_text(feedback) if diagnosis else None)
        self._text("#note", feedback.note)
        self._text("#near", suggestion)
        self._fill(self.query_one("#marks", Hanging), option_marks(feedback))
        self._show_curve(feedback)
        self._show_steps(feedback)
        self._show_code(feedback)
        self.query_one("#explanation", BankMarkdown).show(feedback.explanation)
        self.body.scroll_home(animate=False)

    def _text(self, selector: str, text: str | None) -> None:
        widget = self.query_one(selector, Static)
        widget.update(plain(text or ""))
        widget.display = bool(text)

    @staticmethod
    def _fill(block: Hanging, lines: list[Line]) -> None:
        block.update(lines)
        block.display = bool(lines)

    def _show_curve(self, feedback: Feedback) -> None:
        curve = _curve(feedback)
        sparkline = self.query_one("#curve", Sparkline)
        sparkline.display = curve is not None
        if curve is None:
            self._text("#curve-label", None)
            return
        label, values = curve
        last = len(values) - 1
        self._text(
            "#curve-label",
            _(
                "The computed curve: {label} for k = 0 … {last} (from {first_value} at k = 0 "
                "to {last_value} at k = {last})"
            ).format(
                label=label,
                last=last,
                first_value=f"{values[0]:.1f}",
                last_value=f"{values[-1]:.1f}",
            ),
        )
        sparkline.data = values

    def _show_code(self, feedback: Feedback) -> None:
        """A code question: the last check's verdict when given up, and the reference."""
        code = feedback.code
        last = code.verdict_report if code is not None and not code.passed else ""
        self._text("#last-verdict", last or None)
        self.query_one("#last-check-label").display = bool(last)
        reference = self.query_one("#reference", Static)
        shown = code is not None and bool(code.reference)
        reference.display = shown
        self.query_one("#reference-label").display = shown
        if code is not None and shown:
            from rich.syntax import Syntax  # with pygments, ~20 ms: only for code questions

            source = without_module_docstring(code.reference)
            reference.update(Syntax(source, "python", theme="ansi_dark"))

    def _show_steps(self, feedback: Feedback) -> None:
        table = self.query_one("#steps", WorkedSolution)
        steps = feedback.worked_steps
        table.display = bool(steps)
        self.query_one("#steps-label").display = bool(steps)
        if not steps and not table.steps:
            return
        table.show(steps, feedback.diagnosis.step if feedback.diagnosis else None)

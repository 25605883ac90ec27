"""The step inspector: one LSTM or GRU step on the learner's own numbers, every gate a bar.

Inputs along the top (x_t, h_{t-1}, c_{t-1}, seed; Tab moves between them), the step below:
each gate per hidden unit as a bar (σ gates from 0 to 1, tanh-valued ones from -1 to 1, centred)
with its value and pre-activation, then c_t and h_t, the equations with the GRU's update
convention spelled out, and the weights (from the seed, or typed). The numbers are the engine's
``step()`` output via ``quizapp.tools.inspector``; a bad field gets a sentence and the last valid
step stays on screen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from quizapp.i18n import N_, _
from quizapp.i18n.width import fit, pad
from quizapp.tools.inspector import GateView, Inspection, InspectorError, inspect_step
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

NAMES = {"lstm": "LSTM", "gru": "GRU"}
LABEL_WIDTH = 28  # "tanh(c_t) squashed cell  σ " etc.
FIELDS = (
    ("x", "x_t", "1.0"),
    ("h", "h_{t-1}", "0.5, -0.5"),
    ("c", "c_{t-1}", "0.2, -0.3"),
    ("seed", N_("seed"), "0"),
)


class StepInspectorScreen(QuizScreen[None]):
    DEFAULT_CSS = """
    StepInspectorScreen #insp-fields {
        height: 3;
    }
    StepInspectorScreen #insp-fields Input {
        width: 1fr;
    }
    StepInspectorScreen #insp-fields #insp-seed {
        width: 12;
    }
    StepInspectorScreen #insp-problem {
        height: auto;
        color: $warning;
        padding: 0 1;
    }
    StepInspectorScreen #insp-body {
        height: 1fr;
    }
    StepInspectorScreen #insp-body Static {
        padding: 0 1;
        height: auto;
    }
    StepInspectorScreen #insp-weights-input {
        margin: 0 0 1 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "toggle_cell", N_("LSTM/GRU"), id="inspector.toggle"),
        Binding("ctrl+r", "next_seed", N_("Next seed"), id="inspector.seed"),
        Binding("escape", "app.pop_screen", N_("Back"), id="inspector.back"),
        Binding("pageup", "scroll_body(-1)", N_("Scroll up"), id="inspector.up", show=False),
        Binding("pagedown", "scroll_body(1)", N_("Scroll down"), id="inspector.down", show=False),
    ]

    def __init__(self, kind: str = "lstm") -> None:
        super().__init__()
        self.kind = kind
        self.inspection: Inspection | None = None
        self.problem: str | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(N_("Step inspector"))
        with Horizontal(id="insp-fields"):
            for key, label, value in FIELDS:
                field = Input(value, id=f"insp-{key}", select_on_focus=False)
                field.border_title = _(label)
                yield field
        yield Static(id="insp-problem")
        with VerticalScroll(id="insp-body"):
            yield Static(id="insp-head")
            yield Static(id="insp-gates")
            yield Static(id="insp-equations", classes="progress")
            yield Static(id="insp-weights")
            weights = Input(
                id="insp-weights-input",
                placeholder=_("own weights: rows 'W_h.., W_x.., b' separated by ';' (empty: seed)"),
            )
            weights.border_title = _("weights (optional)")
            yield weights
        yield KeyBar()

    def on_mount(self) -> None:
        self.recompute()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.recompute()

    def on_resize(self) -> None:
        if self.inspection is not None:
            self.show(self.inspection)

    def field(self, key: str) -> Input:
        return self.query_one(f"#insp-{key}", Input)

    # -- actions ----------------------------------------------------------------------------
    def action_toggle_cell(self) -> None:
        self.kind = "gru" if self.kind == "lstm" else "lstm"
        self.recompute()

    def action_next_seed(self) -> None:
        seed = self.field("seed")
        try:
            seed.value = str(int(seed.value.strip()) + 1)
        except ValueError:
            seed.value = "0"
        # Input.Changed recomputes

    def action_scroll_body(self, direction: int) -> None:
        body = self.query_one("#insp-body", VerticalScroll)
        body.scroll_page_up() if direction < 0 else body.scroll_page_down()

    # -- computing --------------------------------------------------------------------------
    def recompute(self) -> None:
        c_field = self.field("c")
        c_field.disabled = self.kind != "lstm"
        c_field.border_title = "c_{t-1}" if self.kind == "lstm" else _("c_{t-1} (LSTM only)")
        problem = self.query_one("#insp-problem", Static)
        try:
            inspection = inspect_step(
                self.kind,
                self.field("x").value,
                self.field("h").value,
                c_field.value,
                self.field("seed").value,
                self.query_one("#insp-weights-input", Input).value,
            )
        except InspectorError as exc:
            self.problem = str(exc)
            shown = self.problem
            if self.inspection is not None:
                shown = _("{problem} (showing the last valid step)").format(problem=shown)
            problem.update(plain(shown))
            problem.display = True
            return
        self.problem = None
        problem.update("")
        problem.display = False
        self.inspection = inspection
        self.show(inspection)

    def show(self, inspection: Inspection) -> None:
        name = NAMES[inspection.kind]
        source = (
            _("weights from seed {seed} (PyTorch init U(±1/√H))").format(seed=inspection.seed)
            if inspection.seed is not None
            else _("typed weights")
        )
        head = Text()
        head.append(_("{cell} step").format(cell=name), style="bold")
        head.append(f" · I={inspection.input_size} H={inspection.hidden_size} · {source}")
        self.query_one("#insp-head", Static).update(head)
        width = max(40, self.size.width - 2)
        self.query_one("#insp-gates", Static).update(gate_text(inspection, width))
        self.query_one("#insp-equations", Static).update(plain("\n".join(inspection.equations)))
        self.query_one("#insp-weights", Static).update(weight_text(inspection))

    def shown_text(self) -> str:
        """Everything the step panel shows, as plain text (for tests)."""
        parts = [
            self.query_one(f"#insp-{key}", Static).render()
            for key in ("problem", "head", "gates", "equations", "weights")
        ]
        return "\n".join(getattr(part, "plain", str(part)) for part in parts)


def bar(value: float, low: float, width: int) -> Text:
    """A bar for ``value`` on [low, 1]: filled from 0 (σ, [0, 1]) or from the centre ([-1, 1])."""
    text = Text()
    if low >= 0.0:
        filled = round(max(0.0, min(1.0, value)) * width)
        text.append("█" * filled, style="green3")
        text.append("░" * (width - filled), style="grey35")
        return text
    half = width // 2
    amount = round(min(1.0, abs(value)) * half)
    over = abs(value) > 1.0
    if value < 0:
        text.append("◂" if over else "░", style="red3" if over else "grey35")
        text.append("░" * (half - amount - 1 if over else half - amount), style="grey35")
        if over:
            amount = half - 1
        text.append("█" * amount, style="red3")
        text.append("│")
        text.append("░" * half, style="grey35")
    else:
        text.append("░" * half, style="grey35")
        text.append("│")
        shown = half - 1 if over else amount
        text.append("█" * shown, style="green3")
        text.append("░" * (half - shown - (1 if over else 0)), style="grey35")
        if over:
            text.append("▸", style="green3")
    return text


def _row_label(view: GateView) -> str:
    label = f"{view.symbol:<9} {pad(_(view.name), 13)} {view.activation:<4}"
    return pad(fit(label, LABEL_WIDTH), LABEL_WIDTH)


def gate_text(inspection: Inspection, width: int) -> Text:
    """One line per gate and state: a bar and value per hidden unit; pre-activations dimmed."""
    units = inspection.hidden_size
    per_unit = (width - LABEL_WIDTH) // units
    bar_width = max(6, min(21, per_unit - 9))
    if bar_width % 2 == 0:
        bar_width -= 1  # odd: the centred bars get a middle column
    text = Text()
    header = " " * LABEL_WIDTH + "".join(
        pad(" " + _("unit {number}").format(number=u + 1), bar_width + 9) for u in range(units)
    )
    text.append(header.rstrip() + "\n", style="dim")
    for view in (*inspection.gates, *inspection.states):
        text.append(_row_label(view))
        for value in view.values:
            text.append(" ")
            text.append_text(bar(value, view.low, bar_width))
            text.append(f" {value:+.4f}")
        text.append("\n")
        if view.pre is not None:
            text.append(pad("  " + _("pre-activation a"), LABEL_WIDTH), style="dim")
            for value in view.pre:
                text.append(f" {'':<{bar_width}} {value:+.4f}", style="dim")
            text.append("\n")
    text.rstrip()
    return text


def _vector(values: tuple[float, ...]) -> str:
    return "[" + " ".join(f"{v:+.3f}" for v in values) + "]"


def weight_text(inspection: Inspection) -> Text:
    """The stacked weights row by row: gate and unit, W_h row, W_x row, the two biases."""
    text = Text()
    order = "i f g o" if inspection.kind == "lstm" else "r z n"
    text.append(
        _("Weights (PyTorch layout, rows {order}): W_h h + W_x x + b_ih + b_hh").format(order=order)
        + "\n"
    )
    for row in inspection.weights:
        label = f"{row.symbol}{row.unit + 1}"
        text.append(f"{label:<4}", style="bold")
        text.append(f" W_h {_vector(row.w_h)}  W_x {_vector(row.w_x)}")
        text.append(f"  b {row.b_ih:+.3f} {row.b_hh:+.3f}\n")
    text.rstrip()
    return text

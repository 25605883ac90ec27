"""The gradient lab: turn a knob, watch ||dh_T/dh_k|| of an RNN, an LSTM and a GRU move.

The knobs are a list on the left (up/down picks one, left/right or -/+ changes it); the curves
are drawn on a log scale with plotext, one colour per cell, with the line at 1 (no gain, no
loss) and the clipping threshold when one is set. The numbers come from
``quizapp.tools.lab.lab_curves`` in a thread worker; a result for settings that have since
changed is dropped.
"""

from __future__ import annotations

import contextlib
import math
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Static
from textual.worker import get_current_worker

from quizapp.i18n import N_, _
from quizapp.i18n.width import fit as fit_cells
from quizapp.i18n.width import pad
from quizapp.tools.lab import RATE_TOLERANCE, Fit, LabResult, verdict_name
from quizapp.tools.lab_settings import KNOBS, LabSettings
from quizapp.tui.screen import QuizScreen
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

# plotext colour names; Rich reads the same names as the same ANSI colours
COLOURS = {"rnn": "red", "lstm": "cyan", "lstm-c": "blue", "gru": "green"}
FLOOR_EXPONENT = -300  # log10 of the smallest norm drawn (a norm of exactly 0 sits here)
NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200)  # decades between y ticks


class GradientLabScreen(QuizScreen[None]):
    DEFAULT_CSS = """
    GradientLabScreen #lab-main {
        height: 1fr;
    }
    GradientLabScreen #lab-side {
        width: 32;
        height: 1fr;
        padding: 0 1;
    }
    GradientLabScreen #lab-knobs, GradientLabScreen #lab-verdicts {
        height: auto;
    }
    GradientLabScreen #lab-status {
        height: 1;
        color: $text-muted;
    }
    GradientLabScreen #lab-plot {
        width: 1fr;
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "select(-1)", N_("Knob"), key_display="↑↓", id="lab.up"),
        Binding("down", "select(1)", N_("Next knob"), id="lab.down", show=False),
        Binding(
            "right,plus,equals_sign", "change(1)", N_("Change"), key_display="←→", id="lab.more"
        ),
        Binding("left,minus", "change(-1)", N_("Less"), id="lab.less", show=False),
        Binding("c", "cycle_cell", N_("Cell"), id="lab.cell"),
        Binding("r", "reset", N_("Reset"), id="lab.reset"),
        Binding("escape,q", "app.pop_screen", N_("Back"), id="lab.back"),
    ]

    def __init__(self, settings: LabSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or LabSettings()
        self.selected = 0
        self.result: LabResult | None = None
        self.computing = False

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield TitleBar(N_("Gradient lab"))
        with Horizontal(id="lab-main"):
            with Vertical(id="lab-side"):
                yield Static(id="lab-knobs")
                yield Static(id="lab-status")
                yield Static(id="lab-verdicts")
            yield PlotextPlot(id="lab-plot")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_knobs()
        self.recompute()

    # -- knobs ------------------------------------------------------------------------------
    def show_knobs(self) -> None:
        text = Text()
        for k, knob in enumerate(KNOBS):
            value = knob.shown(self.settings)
            chosen = k == self.selected
            line = f"{'▸' if chosen else ' '} {pad(_(knob.label), 12)}{'◂ ' if chosen else '  '}"
            line += f"{value}{' ▸' if chosen else ''}"
            text.append(pad(fit_cells(line, 30), 30), style="reverse" if chosen else "")
            text.append("\n")
        text.rstrip()
        self.query_one("#lab-knobs", Static).update(text)

    def action_select(self, direction: int) -> None:
        self.selected = (self.selected + direction) % len(KNOBS)
        self.show_knobs()

    def action_change(self, direction: int) -> None:
        self.apply(KNOBS[self.selected].step(self.settings, direction))

    def action_cycle_cell(self) -> None:
        knob = KNOBS[0]
        stepped = knob.step(self.settings, 1)
        self.apply(stepped if stepped != self.settings else self.settings.replace(cell="all"))

    def action_reset(self) -> None:
        self.apply(LabSettings())

    def apply(self, settings: LabSettings) -> None:
        if settings == self.settings:
            return
        self.settings = settings
        self.show_knobs()
        self.recompute()

    # -- computing --------------------------------------------------------------------------
    def recompute(self) -> None:
        self.computing = True
        self.query_one("#lab-status", Static).update(Text(_("computing…"), style="italic"))
        self.compute(self.settings)

    @work(thread=True, exclusive=True, group="lab")
    def compute(self, settings: LabSettings) -> None:
        from quizapp.tools.lab import lab_curves

        try:
            result: LabResult | str = lab_curves(settings)
        except (ValueError, ArithmeticError) as exc:  # engine refusals (non-finite states)
            result = _("Could not compute these settings: {problem}").format(problem=exc)
        if get_current_worker().is_cancelled:
            return
        with contextlib.suppress(RuntimeError):  # the app closed while this ran
            self.app.call_from_thread(self.show_result, settings, result)

    def show_result(self, settings: LabSettings, result: LabResult | str) -> None:
        if settings != self.settings or not self.is_attached:
            return  # a newer computation is on its way
        self.computing = False
        status = self.query_one("#lab-status", Static)
        if isinstance(result, str):
            status.update(Text(result, style="bold red"))
            return
        self.result = result
        low, high = math.exp(-RATE_TOLERANCE), math.exp(RATE_TOLERANCE)
        status.update(
            Text(
                _("×rate/step · stable {low}–{high}").format(low=f"{low:.2f}", high=f"{high:.2f}"),
                style="dim",
            )
        )
        self.query_one("#lab-verdicts", Static).update(verdict_text(result))
        self.draw(result)

    def verdicts(self) -> str:
        """The verdict panel as plain text (for tests and screen readers)."""
        return str(self.query_one("#lab-verdicts", Static).content)

    # -- plotting ---------------------------------------------------------------------------
    def draw(self, result: LabResult) -> None:
        from textual_plotext import PlotextPlot

        widget: PlotextPlot = self.query_one("#lab-plot", PlotextPlot)
        draw_plot(widget.plt, result)
        widget.refresh()


def _fit(fit: Fit) -> str:
    """'vanishing ×0.796': the verdict and the per-step factor, 25 cells at most."""
    verdict = verdict_name(fit.verdict)
    if math.isinf(fit.slope):
        return _("{verdict} overflow").format(verdict=verdict)
    rate = fit.rate
    return f"{pad(verdict, 9)} ×{rate:.3f}" if rate < 100 else f"{pad(verdict, 9)} ×{rate:.0e}"


def _log10(values: Any) -> list[float]:
    out = []
    for value in values:
        v = float(value)
        if not math.isfinite(v):
            out.append(300.0)
        elif v <= 0.0:
            out.append(float(FLOOR_EXPONENT))
        else:
            out.append(max(float(FLOOR_EXPONENT), math.log10(v)))
    return out


def _tick_label(exponent: int) -> str:
    return "1" if exponent == 0 else f"1e{exponent}"


def draw_plot(plt: Any, result: LabResult) -> None:
    """log10 ||dh_T/dh_k|| against k on a linear axis labelled in powers of ten.

    plotext's own log scale mislabels wide ranges and fails with ylim; drawing log10 values
    keeps ticks at whole decades and the plot deterministic.
    """
    settings = result.settings
    plt.clear_figure()
    ks = list(range(settings.length))
    lows, highs = [0.0], [0.0]
    marker = "braille"
    for curve in result.curves:
        ys = _log10(curve.norms)
        lows.append(min(ys))
        highs.append(max(ys))
        plt.plot(ks, ys, color=COLOURS[curve.kind], marker=marker)
        if curve.cell_path is not None:
            path = _log10(curve.cell_path)
            lows.append(min(path))
            highs.append(max(path))
            plt.plot(ks, path, color=COLOURS["lstm-c"], marker=marker)
    plt.hline(0.0, "white")
    if settings.clip is not None:
        level = math.log10(settings.clip)
        lows.append(level)
        highs.append(level)
        plt.hline(level, "yellow")
    low, high = math.floor(min(lows)), math.ceil(max(highs))
    if high == low:
        high += 1
    step = next(s for s in NICE_STEPS if (high - low) / s <= 5)
    ticks = [t for t in range(step * math.ceil(low / step), high + 1, step)]
    plt.yticks(ticks, [_tick_label(t) for t in ticks])
    plt.ylim(low, high)
    last = settings.length - 1
    xticks = sorted({0, last // 4, last // 2, (3 * last) // 4, last})
    plt.xticks(xticks, [str(x) for x in xticks])
    plt.xlim(0, max(1, last))
    plt.xlabel(_("k (step)"))
    plt.title(_("‖dh_T/dh_k‖, log scale"))


def verdict_text(result: LabResult) -> Text:
    """One line per curve in its plot colour (the legend), then the threshold and clipping."""
    text = Text()
    for curve in result.curves:
        text.append("━ ", style=COLOURS[curve.kind])
        text.append(f"{curve.name:<6} {_fit(curve.fit)}\n")
        if curve.cell_path_fit is not None:
            text.append("┅ ", style=COLOURS["lstm-c"])
            text.append(f"{'LSTM c':<6} {_fit(curve.cell_path_fit)}\n")
    text.append("─ ", style="bold")
    text.append(_("1: no gain, no loss") + "\n", style="dim")
    settings = result.settings
    if result.critical is not None:
        critical = result.critical
        if critical.value is not None:
            side = "<" if settings.radius < critical.value else "≥"
            text.append(f"RNN ρ* ≈ {critical.value:.3f} (ρ {side} ρ*)\n", style="bold")
        else:
            text.append(_("no RNN ρ* ≤ 3 (saturates)") + "\n", style="bold")
        text.append(
            _("theory ρ* = 1/max|φ'| = {value}").format(value=f"{critical.linear_theory:g}") + "\n",
            style="dim",
        )
        text.append(
            _("σ_max<1 ⇒ vanish: ρ < {bound}").format(bound=f"{critical.vanishing_bound:.2f}")
            + "\n"
        )
    if settings.clip is not None:
        text.append("─ ", style="yellow")
        text.append(_("clip_grad_norm at {clip}, k hit:").format(clip=f"{settings.clip:g}") + "\n")
        counts = " ".join(
            f"{curve.name} {len(curve.clipping.steps)}"
            for curve in result.curves
            if curve.clipping is not None
        )
        text.append(f"  {counts}\n")
    text.rstrip()
    return text

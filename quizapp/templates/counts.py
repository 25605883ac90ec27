"""Parameter counts under a named framework's bias convention, computed by the engine."""

from __future__ import annotations

from typing import Literal

import numpy as np

import engine
from quizapp.templates.base import (
    Field,
    Mistake,
    Params,
    Prose,
    Template,
    Tolerance,
    Variant,
    WorkedStep,
)
from quizapp.templates.prose import N_

BLOCKS = {"rnn": 1, "gru": 3, "lstm": 4}
NAMES = {
    ("pytorch", "lstm"): "`torch.nn.LSTM`",
    ("pytorch", "gru"): "`torch.nn.GRU`",
    ("pytorch", "rnn"): "`torch.nn.RNN`",
    ("keras", "lstm"): "`keras.layers.LSTM`",
    ("keras", "gru"): "`keras.layers.GRU`",
    ("keras", "rnn"): "`keras.layers.SimpleRNN`",
    ("textbook", "lstm"): N_("a textbook LSTM layer"),
    ("textbook", "gru"): N_("a textbook GRU layer"),
    ("textbook", "rnn"): N_("a textbook vanilla RNN layer"),
}


class ParamCountParams(Params):
    cell: Literal["rnn", "gru", "lstm"] = "lstm"
    framework: Literal["pytorch", "keras", "textbook"] = "pytorch"
    num_layers: int = Field(1, ge=1, le=4)
    bidirectional: bool = False
    proj_size: bool = Field(False, description="Draw a proj_size (PyTorch LSTM only).")
    reset_after: bool = Field(
        True, description="Keras GRU: the Keras 3 default True keeps two biases."
    )
    min_size: int = Field(2, ge=1, le=512)
    max_size: int = Field(64, ge=2, le=1024)  # the hidden size is drawn from 2 up

    def check(self) -> None:
        if self.min_size > self.max_size:
            raise ValueError("min_size must not exceed max_size")
        if self.framework != "pytorch" and (self.num_layers > 1 or self.bidirectional):
            raise ValueError("num_layers and bidirectional are PyTorch arguments")
        if self.proj_size and (self.cell != "lstm" or self.framework != "pytorch"):
            raise ValueError("proj_size exists only for PyTorch's LSTM")


class ParamCount(Template):
    name = "param_count"
    summary = "Trainable parameters of a recurrent layer under a framework's bias convention."
    topics = ("numeric.param-count",)
    params_model = ParamCountParams

    def build(self, rng: np.random.Generator, p: ParamCountParams, tr: Prose) -> Variant:
        x = int(rng.integers(p.min_size, p.max_size + 1))
        h = int(rng.integers(max(2, p.min_size), p.max_size + 1))
        proj = int(rng.integers(1, h)) if p.proj_size else 0
        total = engine.param_count(
            p.cell,
            x,
            h,
            framework=p.framework,
            num_layers=p.num_layers,
            bidirectional=p.bidirectional,
            proj_size=proj,
            reset_after=p.reset_after,
        )
        g = BLOCKS[p.cell]
        layer = tr(NAMES[(p.framework, p.cell)])
        if p.framework == "pytorch":
            call_args = [f"input_size={x}", f"hidden_size={h}"]
            if p.num_layers > 1:
                call_args.append(f"num_layers={p.num_layers}")
            if p.bidirectional:
                call_args.append("bidirectional=True")
            if proj:
                call_args.append(f"proj_size={proj}")
            what = f"{layer}({', '.join(call_args)})"
            bias_note = tr("PyTorch keeps two bias vectors per gate block (bias_ih and bias_hh).")
        elif p.framework == "keras":
            extra = ""
            if p.cell == "gru":
                extra = f", reset_after={p.reset_after}"
            what = tr(
                "{layer}({hidden}{extra}) on inputs with {inputs} features (Keras 3)",
                layer=layer,
                hidden=h,
                extra=extra,
                inputs=x,
            )
            if p.cell == "gru" and p.reset_after:
                bias_note = tr(
                    "Keras GRU with reset_after=True keeps an input and a recurrent bias: "
                    "bias shape (2, 3h)."
                )
            else:
                bias_note = tr("Keras keeps one bias vector per gate block.")
        else:
            what = tr(
                "{layer} with input size {inputs} and hidden size {hidden}",
                layer=layer,
                inputs=x,
                hidden=h,
            )
            bias_note = tr("The textbook keeps one bias per gate block.")
        steps = self._steps(p, g, x, h, proj, total, tr)
        mistakes = count_mistakes(p, g, x, h, proj, total, tr)
        return Variant(
            givens={"input_size": x, "hidden_size": h, "proj_size": proj},
            prompt=tr(
                "How many trainable parameters does {what} have? {bias_note}",
                what=what,
                bias_note=bias_note,
            ),
            answer=float(total),
            tolerance=Tolerance(abs=0),
            steps=steps,
            answer_form=tr("a whole number"),
            extras={"cell": p.cell, "framework": p.framework, "input_size": x, "hidden_size": h},
            mistakes=mistakes,
        )

    def _steps(
        self, p: ParamCountParams, g: int, x: int, h: int, proj: int, total: int, tr: Prose
    ) -> list[WorkedStep]:
        if p.framework != "pytorch":
            biases = (
                g * h * (2 if (p.framework == "keras" and p.cell == "gru" and p.reset_after) else 1)
            )
            return [
                WorkedStep(tr("input weights"), f"{g}·h·x = {g}·{h}·{x}", float(g * h * x)),
                WorkedStep(tr("recurrent weights"), f"{g}·h·h = {g}·{h}·{h}", float(g * h * h)),
                WorkedStep(tr("biases"), f"{biases // (g * h)} × {g}·h", float(biases)),
                WorkedStep(tr("total"), tr("sum"), float(total)),
            ]
        out = proj or h
        directions = 2 if p.bidirectional else 1
        steps = []
        for layer in range(p.num_layers):
            layer_in = x if layer == 0 else directions * out
            per_dir = g * h * layer_in + g * h * out + 2 * g * h + (proj * h if proj else 0)
            formula = f"{g}·{h}·{layer_in} + {g}·{h}·{out} + 2·{g}·{h}"
            if proj:
                formula += f" + {proj}·{h} (weight_hr)"
            steps.append(
                WorkedStep(layer_label(tr, layer, p.bidirectional), formula, float(per_dir))
            )
        steps.append(
            WorkedStep(
                tr("total"),
                tr("sum over layers × {directions} direction(s)", directions=directions),
                float(total),
            )
        )
        return steps


def layer_label(tr: Prose, layer: int, bidirectional: bool) -> str:
    """The worked step of one layer (per direction), which a mistake may point at."""
    if bidirectional:
        return tr("layer {layer} per direction", layer=layer)
    return tr("layer {layer}", layer=layer)


FRAMEWORK_NAMES = {
    "pytorch": N_("PyTorch's"),
    "keras": N_("the Keras"),
    "textbook": N_("the textbook"),
}


def count_mistakes(
    p: ParamCountParams, g: int, x: int, h: int, proj: int, total: int, tr: Prose
) -> tuple[Mistake, ...]:
    """Counts that are right under another framework's bias layout, and the stacking slip."""
    found: list[Mistake] = []
    directions = 2 if p.bidirectional else 1
    asked = tr(FRAMEWORK_NAMES[p.framework])
    if p.framework == "pytorch":
        one_bias = total - g * h * p.num_layers * directions
        found.append(
            Mistake(
                "count.one-bias",
                tr("PyTorch's second bias forgotten"),
                layer_label(tr, 0, p.bidirectional),
                float(one_bias),
                tr(
                    "That is the count with one bias vector per gate block (Keras, the textbook); "
                    "this question asks for PyTorch's, which keeps two (bias_ih and bias_hh)."
                ),
                convention=True,
            )
        )
        if p.bidirectional and p.num_layers > 1:
            out = proj or h
            narrow = total - (p.num_layers - 1) * directions * g * h * out
            found.append(
                Mistake(
                    "count.stacked-input",
                    tr("layers above the first fed h inputs instead of 2h"),
                    layer_label(tr, 1, True),
                    float(narrow),
                    tr(
                        "A bidirectional layer concatenates both directions, so every layer after "
                        "the first takes {directions}·{out} = {inputs} inputs.",
                        directions=directions,
                        out=out,
                        inputs=directions * out,
                    ),
                )
            )
    else:
        two_bias = engine.param_count(p.cell, x, h, framework="pytorch")
        found.append(
            Mistake(
                "count.two-biases",
                tr("two bias vectors counted (PyTorch's layout)"),
                tr("biases"),
                float(two_bias),
                tr(
                    "That is PyTorch's count (bias_ih and bias_hh); this question asks for "
                    "{asked} count, with one bias per gate block — except the Keras GRU with "
                    "reset_after=True.",
                    asked=asked,
                )
                if p.cell == "gru" and p.framework == "keras"  # not the textbook's GRU
                else tr(
                    "That is PyTorch's count (bias_ih and bias_hh); this question asks for "
                    "{asked} count, with one bias per gate block.",
                    asked=asked,
                ),
                convention=True,
            )
        )
        if p.framework == "keras" and p.cell == "gru":
            other = engine.param_count(
                "gru", x, h, framework="keras", reset_after=not p.reset_after
            )
            found.append(
                Mistake(
                    "count.reset-after",
                    tr(
                        "the Keras GRU counted with reset_after={reset_after}",
                        reset_after=not p.reset_after,
                    ),
                    tr("biases"),
                    float(other),
                    tr(
                        "reset_after=True (the Keras 3 default) keeps an input and a recurrent "
                        "bias, bias shape (2, 3h); reset_after=False keeps one, shape (3h,)."
                    ),
                    convention=True,
                )
            )
    return tuple(m for m in found if m.answer != float(total))

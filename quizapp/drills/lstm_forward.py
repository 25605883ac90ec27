"""An LSTM forward over a sequence with a batch: sequence-first (T, B, I) or batch-first (B, T, I).

The function returns what ``torch.nn.LSTM`` (one layer, one direction) returns: every step's
output and the final states. The drill id names the input layout, as PyTorch's
``batch_first`` does; h_0 and c_0 are (B, H) here (PyTorch adds a leading layer axis).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

import engine
from quizapp.drills.cells import (
    Size,
    draw_inputs,
    draw_state,
    draw_weights,
    lstm_by_hand,
)
from quizapp.drills.common import UNSTABLE_SIGMOID, float_arrays, rng_for
from quizapp.drills.model import Array, Case, Drill, Expected, Output, Outputs, Returns, WrongMethod
from quizapp.drills.source import STABLE_SIGMOID, Task, build_drill
from quizapp.i18n import N_


@dataclass(frozen=True)
class SeqSize:
    size: Size
    steps: int


SIZES = (
    SeqSize(Size(N_("hand-sized"), 2, 2, 1, hand=True), 3),
    SeqSize(Size(N_("hand-sized, a batch of 2"), 1, 3, 2, hand=True), 2),
    SeqSize(Size(N_("random sizes"), 4, 3, 3), 5),
    SeqSize(Size(N_("one time step"), 3, 4, 2), 1),
    SeqSize(Size(N_("batch and time of the same size"), 2, 3, 4), 4),
    SeqSize(Size(N_("one hidden unit"), 3, 1, 3), 4),
    SeqSize(Size(N_("zero initial states"), 2, 3, 2, zero_state=True), 4),
    SeqSize(Size(N_("a longer sequence"), 3, 4, 2), 15),
    SeqSize(Size(N_("large pre-activations, |a| in the thousands"), 2, 3, 2, scale=30.0), 3),
)

SIGNATURE = """
def lstm_forward(
    xs: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
"""


def _doc(batch_first: bool) -> str:
    xs = "(B, T, I)" if batch_first else "(T, B, I)"
    out = "(B, T, H)" if batch_first else "(T, B, H)"
    step = "xs[:, t]" if batch_first else "xs[t]"
    flag = "batch_first=True" if batch_first else "the default batch_first=False"
    return f"""
An LSTM over a whole sequence for a batch, in PyTorch's layout (torch.nn.LSTM, one layer, one
direction, {flag}). At each step t, with x_t = {step} of shape (B, I):

    a = x_t W_ihᵀ + b_ih + h W_hhᵀ + b_hh           (B, 4H): blocks i, f, g, o
    i, f, o = σ(a_i), σ(a_f), σ(a_o)   g = tanh(a_g)
    c = f ⊙ c + i ⊙ g
    h = o ⊙ tanh(c)

Args:
    xs: {xs} inputs.
    h0: (B, H) initial hidden state (PyTorch's h_0 is (1, B, H) for one layer).
    c0: (B, H) initial cell state.
    W_ih: (4H, I) input weights, row blocks i, f, g, o.
    W_hh: (4H, H) recurrent weights, the same order.
    b_ih: (4H,) input bias.
    b_hh: (4H,) recurrent bias (PyTorch adds both).

Returns:
    (out, h_n, c_n): out {out} holds h after every step (out for step t is h_t, never
    h_(t−1)); h_n and c_n, each (B, H), are the states after the last step.

σ must not overflow: a hidden case has pre-activations in the thousands.
"""


def _body(batch_first: bool) -> str:
    axis = 1 if batch_first else 0
    step = "xs[:, t]" if batch_first else "xs[t]"
    return f"""
H = h0.shape[1]
h, c = h0, c0
outputs = []
for t in range(xs.shape[{axis}]):
    a = {step} @ W_ih.T + b_ih + h @ W_hh.T + b_hh  # (B, 4H)
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H : 2 * H])
    g = np.tanh(a[:, 2 * H : 3 * H])
    o = sigmoid(a[:, 3 * H :])
    c = f * c + i * g
    h = o * np.tanh(c)
    outputs.append(h)
return np.stack(outputs, axis={axis}), h, c
"""


def _seq(p: dict[str, Array], batch_first: bool) -> Array:
    """xs as (T, B, I)."""
    return p["xs"].transpose(1, 0, 2) if batch_first else p["xs"]


def _run(
    p: dict[str, Array],
    batch_first: bool,
    *,
    carry_h: bool = True,
    carry_c: bool = True,
    shift: bool = False,
    **slips: bool,
) -> Outputs:
    """The forward with the given slips; step t by the engine unless a by-hand slip is set."""
    cell = engine.LSTMCell.from_torch(p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])
    h, c = p["h0"], p["c0"]
    hs = []
    for x in _seq(p, batch_first):
        h_in, c_in = (h if carry_h else p["h0"]), (c if carry_c else p["c0"])
        if slips:
            args = dict(p, x=x, h_prev=h_in, c_prev=c_in)
            slipped = lstm_by_hand(args, **slips)
            h_new, c_new = slipped["h"], slipped["c"]
        else:
            step = cell.step(x, h_in, c_in)
            h_new, c_new = step.h, step.c
        hs.append(h if shift else h_new)
        h, c = h_new, c_new
    out = np.stack(hs, axis=1 if batch_first else 0)
    return {"out": out, "h_n": h, "c_n": c}


def _time_axis(p: dict[str, Array]) -> Outputs | None:
    """Batch-first xs looped over as if sequence-first (x_t = xs[t], outputs stacked on axis
    0). NumPy's broadcasting lets it run only when B = T, or B = 1 (h0 then broadcasts)."""
    batch, steps = p["xs"].shape[:2]
    if batch not in (steps, 1):
        return None
    return _run(p, batch_first=False)


def _mistakes(batch_first: bool) -> tuple[WrongMethod, ...]:
    def run(**options: bool) -> Callable[[Case], Outputs | None]:
        return lambda case: _run(float_arrays(case.args), batch_first, **options)

    found = [
        WrongMethod(
            "lstm.state-not-carried",
            N_("h not carried from step to step (every step starts from h0)"),
            N_("Each step's h becomes the next step's h_prev: update h inside the loop."),
            compute=run(carry_h=False),
        ),
        WrongMethod(
            "lstm.cell-not-carried",
            N_("c not carried from step to step (every step starts from c0)"),
            N_("The cell state is the memory: each step's c becomes the next step's c_prev."),
            compute=run(carry_c=False),
        ),
        WrongMethod(
            "lstm.outputs-shifted",
            N_("out holds h_(t−1) at step t (appended before the update)"),
            N_("out for step t is the h computed at step t; h0 is not an output."),
            compute=run(shift=True),
        ),
        WrongMethod(
            "lstm.no-forget-gate",
            N_("the forget gate was left out (c = c + i ⊙ g)"),
            N_("The forget gate scales the old cell first: c = f ⊙ c + i ⊙ g."),
            compute=run(forget_gate=False),
        ),
        WrongMethod(
            "lstm.second-bias-dropped",
            N_("PyTorch's second bias b_hh was left out"),
            N_("PyTorch keeps two biases and adds both at every step."),
            compute=lambda case: _run(
                dict(float_arrays(case.args), b_hh=np.zeros_like(np.asarray(case.args["b_hh"]))),
                batch_first,
            ),
        ),
        UNSTABLE_SIGMOID,
    ]
    if batch_first:
        found.append(
            WrongMethod(
                "lstm.time-axis",
                N_("the loop ran over the batch axis: (B, T, I) read as (T, B, I)"),
                N_(
                    "With batch_first the time axis is 1: x_t = xs[:, t]. When B = T (or B = 1, "
                    "where h0 broadcasts) the shapes still fit, so only the numbers show it."
                ),
                compute=lambda case: _time_axis(float_arrays(case.args)),
            )
        )
    return tuple(found)


def _drill(batch_first: bool) -> Drill:
    name = "batch-first" if batch_first else "seq-first"
    drill_id = f"lstm-forward.{name}"
    title = f"an LSTM forward over a batch of sequences ({name}, PyTorch layout)"

    def cases() -> list[Case]:
        rng = rng_for(drill_id)
        found = []
        for seq in SIZES:
            xs = draw_inputs(rng, seq.size, seq.steps)
            if batch_first:
                xs = xs.transpose(1, 0, 2).copy()
            h0, c0 = draw_state(rng, seq.size), draw_state(rng, seq.size, 2.0)
            args = {"xs": xs, "h0": h0, "c0": c0, **draw_weights(rng, seq.size, 4)}
            found.append(Case(seq.size.label, args))
        return found

    def expected(case: Case) -> Expected:
        p = float_arrays(case.args)
        cell = engine.LSTMCell.from_torch(p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])
        steps = cell.forward(_seq(p, batch_first), p["h0"], p["c0"])
        out = np.stack([s.h for s in steps], axis=1 if batch_first else 0)
        return Expected({"out": out, "h_n": steps[-1].h, "c_n": steps[-1].c})

    return build_drill(
        drill_id,
        title,
        Task("lstm_forward", SIGNATURE, _doc(batch_first), _body(batch_first), STABLE_SIGMOID),
        summary=N_("Every step's h and the final (h_n, c_n), as torch.nn.LSTM returns them."),
        returns=Returns((Output("out"), Output("h_n"), Output("c_n")), "tuple"),
        cases=cases,
        expected=expected,
        mistakes=_mistakes(batch_first),
        topics=("lstm.equations", "practice.input-shape"),
        tags={"cell": "lstm", "layout": name},
    )


DRILLS = (_drill(batch_first=False), _drill(batch_first=True))

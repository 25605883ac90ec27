"""One LSTM step returning h and c: PyTorch's batch-first rows, or the textbook's columns."""

from __future__ import annotations

import numpy as np

import engine
from quizapp.drills.cells import (
    ROWS,
    STEP_SIZES,
    Layout,
    RowsStep,
    columns,
    draw_inputs,
    draw_state,
    draw_weights,
    lstm_by_hand,
    permute_blocks,
)
from quizapp.drills.common import UNSTABLE_SIGMOID, rng_for
from quizapp.drills.model import Array, Case, Drill, Expected, Output, Returns, WrongMethod
from quizapp.drills.source import STABLE_SIGMOID, Task, build_drill
from quizapp.i18n import N_

TITLE = "one LSTM step returning h and c"
EQUATIONS = """
    i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
    c = f ⊙ c_prev + i ⊙ g
    h = o ⊙ tanh(c)
"""
GATES_NOTE = (
    'You may return a third value, a dict with any of the gates "i", "f", "g", "o" (each shaped '
    "like h): when h or c is wrong, the check names the first gate that differs."
)
OVERFLOW_NOTE = (
    "σ must not overflow: a hidden case has pre-activations in the thousands, and NumPy's "
    "overflow warnings are errors in the check."
)

ROWS_DOC = f"""
One LSTM step in PyTorch's layout, batch-first rows (torch.nn.LSTMCell, no peepholes).

    a = x W_ihᵀ + b_ih + h_prev W_hhᵀ + b_hh        (B, 4H): blocks a_i, a_f, a_g, a_o
{EQUATIONS}
Args:
    x: (B, I) inputs, one example per row.
    h_prev: (B, H) previous hidden state.
    c_prev: (B, H) previous cell state.
    W_ih: (4H, I) input weights, row blocks in PyTorch's gate order i, f, g, o.
    W_hh: (4H, H) recurrent weights, the same order.
    b_ih: (4H,) input bias.
    b_hh: (4H,) recurrent bias: PyTorch keeps two biases and adds both.

Returns:
    (h, c), each (B, H). {GATES_NOTE}

{OVERFLOW_NOTE}
"""
ROWS_SIGNATURE = """
def lstm_step(
    x: np.ndarray,
    h_prev: np.ndarray,
    c_prev: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
"""
ROWS_BODY = """
H = h_prev.shape[1]
a = x @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh  # (B, 4H)
i = sigmoid(a[:, :H])
f = sigmoid(a[:, H : 2 * H])
g = np.tanh(a[:, 2 * H : 3 * H])
o = sigmoid(a[:, 3 * H :])
c = f * c_prev + i * g
h = o * np.tanh(c)
return h, c
"""

COLUMNS_DOC = f"""
One LSTM step in the textbook's layout: column vectors, one column per example, one matrix
W acting on the concatenation [h_prev; x] (h_prev on top), one bias.

    a = W [h_prev; x] + b                          (4H, B): blocks a_i, a_f, a_g, a_o
{EQUATIONS}
Args:
    x: (I, B) inputs, one example per column.
    h_prev: (H, B) previous hidden state.
    c_prev: (H, B) previous cell state.
    W: (4H, H + I) weights; row blocks i, f, g, o; the first H columns act on h_prev.
    b: (4H, 1) bias, one per gate row.

Returns:
    (h, c), each (H, B). {GATES_NOTE}

{OVERFLOW_NOTE}
"""
COLUMNS_SIGNATURE = """
def lstm_step(
    x: np.ndarray,
    h_prev: np.ndarray,
    c_prev: np.ndarray,
    W: np.ndarray,
    b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
"""
COLUMNS_BODY = """
H = h_prev.shape[0]
a = W @ np.concatenate([h_prev, x], axis=0) + b  # (4H, B)
i = sigmoid(a[:H])
f = sigmoid(a[H : 2 * H])
g = np.tanh(a[2 * H : 3 * H])
o = sigmoid(a[3 * H :])
c = f * c_prev + i * g
h = o * np.tanh(c)
return h, c
"""


def _engine(p: dict[str, Array]) -> dict[str, Array]:
    cell = engine.LSTMCell.from_torch(p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])
    return cell.step(p["x"], p["h_prev"], p["c_prev"]).as_dict()


def _hc(out: dict[str, Array]) -> dict[str, Array]:
    return {"h": out["h"], "c": out["c"]}


def _blocks(order: str) -> RowsStep:
    """The step a learner computes who reads PyTorch's i, f, g, o blocks as ``order``."""

    def step(p: dict[str, Array]) -> dict[str, Array]:
        names = ("W_ih", "W_hh", "b_ih", "b_hh")
        return _hc(_engine(dict(p, **{n: permute_blocks(p[n], order, "ifgo") for n in names})))

    return step


def _zero(*names: str) -> RowsStep:
    """The step with the named parameters left out (zeros)."""

    def step(p: dict[str, Array]) -> dict[str, Array]:
        return _hc(_engine(dict(p, **{n: np.zeros_like(p[n]) for n in names})))

    return step


def _mistakes(layout: Layout) -> tuple[WrongMethod, ...]:
    found = [
        WrongMethod(
            "lstm.no-forget-gate",
            N_("the forget gate was left out (c = c_prev + i ⊙ g)"),
            N_("The forget gate scales the old cell first: c = f ⊙ c_prev + i ⊙ g."),
            compute=layout.lift(lambda p: lstm_by_hand(p, forget_gate=False)),
        ),
        WrongMethod(
            "lstm.sigmoid-tanh-swapped",
            N_("σ and tanh swapped (gates through tanh, the candidate through σ)"),
            N_(
                "Gates use σ, so their values lie in (0, 1) and read as 'how much passes'; "
                "only the "
                "candidate g and the squash of the cell use tanh."
            ),
            compute=layout.lift(lambda p: lstm_by_hand(p, swap_activations=True)),
        ),
        WrongMethod(
            "lstm.i-f-swapped",
            N_("i and f swapped (c = i ⊙ c_prev + f ⊙ g)"),
            N_(
                "The second block is the forget gate: f multiplies c_prev (what to keep), "
                "the first, "
                "i, multiplies the candidate g (what to write)."
            ),
            compute=layout.lift(_blocks("figo")),
        ),
        WrongMethod(
            "lstm.gate-order",
            N_("the gate blocks read as i, f, o, g (CS231n's order) instead of i, f, g, o"),
            N_(
                "PyTorch (and Keras, which calls g 'c') stack the blocks input, forget, candidate, "
                "output: the third block is the candidate, through tanh."
            ),
            compute=layout.lift(_blocks("ifog")),
        ),
        WrongMethod(
            "lstm.old-cell-in-h",
            N_("c_prev used where the new c belongs (h = o ⊙ tanh(c_prev))"),
            N_("h is computed after the new cell: h = o ⊙ tanh(c), with c from this step."),
            compute=layout.lift(lambda p: lstm_by_hand(p, old_cell_in_h=True)),
        ),
        WrongMethod(
            "lstm.no-tanh-c",
            N_("tanh(c) omitted from h (h = o ⊙ c)"),
            N_("The cell is squashed before the output gate scales it: h = o ⊙ tanh(c)."),
            compute=layout.lift(lambda p: lstm_by_hand(p, tanh_c=False)),
        ),
        UNSTABLE_SIGMOID,
    ]
    if layout.name == "rows":
        found.append(
            WrongMethod(
                "lstm.second-bias-dropped",
                N_("PyTorch's second bias b_hh was left out"),
                N_(
                    "PyTorch keeps two biases and adds both: a = x W_ihᵀ + b_ih + h_prev W_hhᵀ + "
                    "b_hh. (Keras and the textbook have one; the same cell has b = b_ih + b_hh.)"
                ),
                compute=layout.lift(_zero("b_hh")),
            )
        )
    else:
        found += [
            WrongMethod(
                "lstm.concat-order",
                N_("the concatenation taken as [x; h_prev] instead of [h_prev; x]"),
                N_(
                    "W's first H columns act on h_prev: a = W [h_prev; x] + b. With [x; h_prev] "
                    "the shapes still fit (H + I rows either way), so only the numbers show it."
                ),
                compute=layout.lift(_concat_swapped),
            ),
            WrongMethod(
                "lstm.bias-left-out",
                N_("the bias b was left out"),
                N_("Every gate's pre-activation includes its bias: a = W [h_prev; x] + b."),
                compute=layout.lift(_zero("b_ih", "b_hh")),
            ),
        ]
    return tuple(found)


def _concat_swapped(p: dict[str, Array]) -> dict[str, Array]:
    inputs = p["x"].shape[1]
    w = np.concatenate([p["W_hh"], p["W_ih"]], axis=1)  # the W the learner was given
    return _hc(_engine(dict(p, W_ih=w[:, :inputs], W_hh=w[:, inputs:])))


def _drill(layout: Layout, signature: str, doc: str, body: str, layout_name: str) -> Drill:
    drill_id = f"lstm-step.{layout.name}"

    def cases() -> list[Case]:
        rng = rng_for(drill_id)
        found = []
        for size in STEP_SIZES:
            x = draw_inputs(rng, size)
            h, c = draw_state(rng, size), draw_state(rng, size, 2.0)
            rows = {"x": x, "h_prev": h, "c_prev": c, **draw_weights(rng, size, 4)}
            found.append(layout.case(size.label, rows))
        return found

    def expected(case: Case) -> Expected:
        step = layout.outputs(_engine(layout.rows(case)))
        return Expected(
            {"h": step["h"], "c": step["c"]},
            {k: np.asarray(step[k]) for k in ("i", "f", "g", "o")},
        )

    return build_drill(
        drill_id,
        f"{TITLE} ({layout_name})",
        Task("lstm_step", signature, doc, body, STABLE_SIGMOID),
        summary=N_("c = f ⊙ c_prev + i ⊙ g, h = o ⊙ tanh(c), from stacked gate weights."),
        returns=Returns((Output("h"), Output("c")), "tuple", ("i", "f", "g", "o")),
        cases=cases,
        expected=expected,
        mistakes=_mistakes(layout),
        topics=("lstm.equations", "lstm.gate-order", "numeric.lstm-step"),
        tags={"cell": "lstm", "layout": layout.name},
    )


DRILLS = (
    _drill(ROWS, ROWS_SIGNATURE, ROWS_DOC, ROWS_BODY, "PyTorch layout, batch-first rows"),
    _drill(
        columns(("x", "h_prev", "c_prev")),
        COLUMNS_SIGNATURE,
        COLUMNS_DOC,
        COLUMNS_BODY,
        "textbook layout, column vectors",
    ),
)

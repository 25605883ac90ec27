"""One vanilla (Elman) RNN step: PyTorch's batch-first rows, or the textbook's columns."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

import engine
from engine.activations import sigmoid
from quizapp.drills.cells import (
    ROWS,
    STEP_SIZES,
    Layout,
    RowsStep,
    draw_inputs,
    draw_state,
    draw_weights,
)
from quizapp.drills.common import float_arrays, overflowed, rng_for
from quizapp.drills.model import Array, Case, Drill, Expected, Output, Returns, Value, WrongMethod
from quizapp.drills.source import Task, build_drill
from quizapp.i18n import N_

TITLE = "one vanilla RNN step"
ROWS_SIGNATURE = """
def rnn_step(
    x: np.ndarray,
    h_prev: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> np.ndarray:
"""
ROWS_DOC = """
One step of a tanh RNN in PyTorch's layout, batch-first rows (torch.nn.RNNCell):

    h = tanh(x W_ihᵀ + b_ih + h_prev W_hhᵀ + b_hh)

Args:
    x: (B, I) inputs, one example per row.
    h_prev: (B, H) previous hidden state.
    W_ih: (H, I) input weights.
    W_hh: (H, H) recurrent weights (row k holds the weights into unit k).
    b_ih: (H,) input bias.
    b_hh: (H,) recurrent bias: PyTorch keeps two biases and adds both.

Returns:
    h, (B, H).
"""
ROWS_BODY = """
return np.tanh(x @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh)
"""
COLUMNS_SIGNATURE = """
def rnn_step(
    x: np.ndarray,
    h_prev: np.ndarray,
    W_xh: np.ndarray,
    W_hh: np.ndarray,
    b: np.ndarray,
) -> np.ndarray:
"""
COLUMNS_DOC = """
One step of a tanh RNN in the textbook's layout, column vectors, one column per example:

    h = tanh(W_xh x + W_hh h_prev + b)

Args:
    x: (I, B) inputs, one example per column.
    h_prev: (H, B) previous hidden state.
    W_xh: (H, I) input weights.
    W_hh: (H, H) recurrent weights (row k holds the weights into unit k).
    b: (H, 1) bias.

Returns:
    h, (H, B).
"""
COLUMNS_BODY = """
return np.tanh(W_xh @ x + W_hh @ h_prev + b)
"""

UNSTABLE_TANH = WrongMethod(
    "tanh.unstable",
    N_("a tanh built from exp overflowed on a large pre-activation"),
    N_(
        "(exp(2a) − 1) / (exp(2a) + 1) overflows once 2a > 709.78. np.tanh is accurate to "
        "rounding and never overflows; if you must write it, use exp(−2|a|) and put the sign back."
    ),
    recognise=overflowed,
)


def _to_columns(args: Mapping[str, Value], names: tuple[str, ...]) -> dict[str, Value]:
    out: dict[str, Value] = {n: np.asarray(args[n]).T.copy() for n in names}
    out["W_xh"] = np.asarray(args["W_ih"]).copy()
    out["W_hh"] = np.asarray(args["W_hh"]).copy()
    out["b"] = (np.asarray(args["b_ih"]) + np.asarray(args["b_hh"]))[:, None]
    return out


def _to_rows(args: Mapping[str, Value], names: tuple[str, ...]) -> dict[str, Array]:
    p = float_arrays(args)
    out = {n: p[n].T for n in names}
    b = p["b"][:, 0]
    out.update(W_ih=p["W_xh"], W_hh=p["W_hh"], b_ih=b, b_hh=np.zeros_like(b))
    return out


COLUMNS = Layout("columns", ("x", "h_prev"), _to_columns, _to_rows, transpose_outputs=True)


def _engine(p: dict[str, Array]) -> engine.RNNStep:
    cell = engine.RNNCell.from_torch(p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])
    return cell.step(p["x"], p["h_prev"])


def _changed(change: RowsStep) -> RowsStep:
    def step(p: dict[str, Array]) -> dict[str, Array] | None:
        update = change(p)
        return None if update is None else {"h": _engine(dict(p, **update)).h}

    return step


# W_hh used the other way round, by layout (rows: h_prev @ W_hhᵀ, columns: W_hh @ h_prev),
# each message written out whole so that it is translated whole
TRANSPOSED = {
    True: (
        N_("W_hh used transposed (h_prev @ W_hh instead of h_prev @ W_hhᵀ)"),
        N_(
            "Row k of W_hh holds the weights into unit k, so the recurrent term is "
            "h_prev @ W_hhᵀ. W_hh is square, so the transposed product has the right shape and "
            "the wrong numbers."
        ),
    ),
    False: (
        N_("W_hh used transposed (W_hhᵀ @ h_prev instead of W_hh @ h_prev)"),
        N_(
            "Row k of W_hh holds the weights into unit k, so the recurrent term is "
            "W_hh @ h_prev. W_hh is square, so the transposed product has the right shape and "
            "the wrong numbers."
        ),
    ),
}


def _transposed(p: dict[str, Array]) -> dict[str, Array]:
    """Every square weight used untransposed (W_ih too, when I = H)."""
    update = {"W_hh": p["W_hh"].T}
    if p["W_ih"].shape[0] == p["W_ih"].shape[1]:
        update["W_ih"] = p["W_ih"].T
    return update


def _mistakes(layout: Layout) -> tuple[WrongMethod, ...]:
    rows = layout.name == "rows"
    found = [
        WrongMethod(
            "rnn.transposed-weights",
            *TRANSPOSED[rows],
            compute=layout.lift(_changed(_transposed)),
        ),
        WrongMethod(
            "rnn.no-recurrence",
            N_("h_prev was not fed back (the W_hh term dropped)"),
            N_(
                "The recurrence carries the past: "
                "the pre-activation includes W_hh applied to h_prev."
            ),
            compute=layout.lift(_changed(lambda p: {"W_hh": np.zeros_like(p["W_hh"])})),
        ),
        WrongMethod(
            "rnn.sigmoid-instead-of-tanh",
            N_("σ used where the vanilla RNN uses tanh"),
            N_("nn.RNN squashes with tanh by default: zero-centred, in (−1, 1), slope at most 1."),
            compute=layout.lift(lambda p: {"h": sigmoid(_engine(p).a)}),
        ),
        WrongMethod(
            "rnn.no-tanh",
            N_("tanh left out (h is the pre-activation)"),
            N_("h = tanh(a): without the nonlinearity the recurrence is linear."),
            compute=layout.lift(lambda p: {"h": _engine(p).a}),
        ),
        UNSTABLE_TANH,
    ]
    if rows:
        found.append(
            WrongMethod(
                "rnn.second-bias-dropped",
                N_("PyTorch's second bias b_hh was left out"),
                N_("PyTorch keeps two biases and adds both; the textbook's b is b_ih + b_hh."),
                compute=layout.lift(_changed(lambda p: {"b_hh": np.zeros_like(p["b_hh"])})),
            )
        )
    else:
        found.append(
            WrongMethod(
                "rnn.bias-left-out",
                N_("the bias b was left out"),
                N_("Each step adds b: h = tanh(W_xh x + W_hh h_prev + b)."),
                compute=layout.lift(_changed(lambda p: {"b_ih": np.zeros_like(p["b_ih"])})),
            )
        )
    return tuple(found)


def _drill(layout: Layout, signature: str, doc: str, body: str, layout_name: str) -> Drill:
    drill_id = f"rnn-step.{layout.name}"

    def cases() -> list[Case]:
        rng = rng_for(drill_id)
        found = []
        for size in STEP_SIZES:
            x, h = draw_inputs(rng, size), draw_state(rng, size)
            rows = {"x": x, "h_prev": h, **draw_weights(rng, size, 1)}
            found.append(layout.case(size.label, rows))
        return found

    def expected(case: Case) -> Expected:
        return Expected(layout.outputs({"h": _engine(layout.rows(case)).h}))

    return build_drill(
        drill_id,
        f"{TITLE} ({layout_name})",
        Task("rnn_step", signature, doc, body),
        summary=N_("h = tanh(W_xh x + W_hh h_prev + b) for a batch."),
        returns=Returns((Output("h"),)),
        cases=cases,
        expected=expected,
        mistakes=_mistakes(layout),
        topics=("rnn.recurrence", "numeric.rnn-step"),
        tags={"cell": "rnn", "layout": layout.name},
    )


DRILLS = (
    _drill(ROWS, ROWS_SIGNATURE, ROWS_DOC, ROWS_BODY, "PyTorch layout, batch-first rows"),
    _drill(COLUMNS, COLUMNS_SIGNATURE, COLUMNS_DOC, COLUMNS_BODY, "textbook layout, columns"),
)

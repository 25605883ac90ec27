"""The LSTM's full dc_t/dc_(t-1) against the diag(f_t) shortcut, from the engine's backward pass.

The prompt gives the gate values of step t (two decimals, exact: the cell's biases are solved so
its gates are exactly these), o_(t-1), c_(t-1) and the recurrent weights W_hi, W_hf, W_hg, so a
learner can do the whiteboard derivation by hand:

    dc_t/dc_(t-1) = diag(f_t) + [diag(c_(t-1) f(1-f)) W_hf + diag(g i(1-i)) W_hi
                                 + diag(i (1-g^2)) W_hg] diag(o_(t-1) (1 - tanh^2 c_(t-1)))

The answer comes from ``engine.derivations.lstm_cell_jacobian`` (the engine's BPTT blocks),
checked against torch.autograd.functional.jacobian in the tests. Small recurrent weights or a
nearly closed o_(t-1) make the shortcut good; large ones make it poor, which the ratio shows.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np

import engine
from engine.derivations import CellJacobian, lstm_cell_jacobian
from quizapp.templates.base import (
    DraftTemplate,
    LazyDraft,
    Mistake,
    Params,
    Prose,
    Tolerance,
    Variant,
    WorkedStep,
    as_list,
    draw_blocks,
    matrix_block,
    surely_collides,
    vector_form,
)
from quizapp.templates.params import Field
from quizapp.templates.prose import N_


class LSTMJacobianParams(Params):
    quantity: Literal["total", "indirect", "ratio"] = "total"
    hidden_size: int = Field(1, ge=1, le=2)
    recurrent_range: float = Field(1.0, gt=0, le=3, description="|W_h*| entries up to this")
    forget_low: float = Field(0.3, gt=0, lt=1)
    forget_high: float = Field(0.95, gt=0, lt=1)
    output_low: float = Field(0.3, gt=0, lt=1)
    output_high: float = Field(0.95, gt=0, lt=1)

    def check(self) -> None:
        if self.forget_low > self.forget_high or self.output_low > self.output_high:
            raise ValueError("each *_low must not exceed its *_high")
        if self.quantity == "ratio" and self.hidden_size != 1:
            raise ValueError("the ratio J / f_t is asked for one unit (hidden_size 1)")


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1.0 - p))


@dataclass(frozen=True, eq=False)
class JacobianDraft(LazyDraft):
    """The drawn numbers; the engine's Jacobian and the answers from it when first read. A
    draw is ruled out before the engine runs when, on the Jacobian in closed form from the
    drawn gates (the engine's to within rounding), a slip lands well within the tolerance."""

    weights: dict[str, np.ndarray]
    c_prev: np.ndarray
    o_prev: np.ndarray
    gates: dict[str, np.ndarray]
    quantity: str
    tolerance: Tolerance

    @functools.cached_property
    def jac(self) -> CellJacobian:
        """The engine's Jacobian, of a cell whose biases are solved so that step t's gates
        are exactly the drawn values."""
        H = self.c_prev.shape[0]
        gates, weights = self.gates, self.weights
        h_prev = self.o_prev * np.tanh(self.c_prev)
        targets = {
            "i": _logit(gates["i"]),
            "f": _logit(gates["f"]),
            "g": np.arctanh(gates["g"]),
            "o": _logit(gates["o"]),
        }
        parts: dict[str, np.ndarray] = {}
        for k in "ifgo":
            parts[f"W_x{k}"] = np.zeros((H, 1))
            parts[f"W_h{k}"] = weights[f"W_h{k}"]
            parts[f"b_{k}"] = targets[k] - weights[f"W_h{k}"] @ h_prev
        cell = engine.LSTMCell.from_gates(**parts)
        return lstm_cell_jacobian(cell, [0.0], self.c_prev, self.o_prev)

    def exact(self) -> tuple[float | list[float], tuple[float | list[float], ...]]:
        return _answer(self.quantity, self.jac, self.o_prev, self.gates["f"])

    def surely_collides(self) -> bool:
        answer, slips = _answer(self.quantity, self._closed_form(), self.o_prev, self.gates["f"])
        return surely_collides(answer, self.tolerance, slips)

    def _closed_form(self) -> CellJacobian:
        """The whiteboard derivation (the module's docstring) on the drawn gates."""
        i, f, g = self.gates["i"], self.gates["f"], self.gates["g"]
        c0, w = self.c_prev, self.weights
        tanh_c = np.tanh(c0)
        dh_dc = self.o_prev * (1.0 - tanh_c**2)
        via_forget = (c0 * f * (1 - f))[:, None] * w["W_hf"] * dh_dc[None, :]
        via_input = (g * i * (1 - i))[:, None] * w["W_hi"] * dh_dc[None, :]
        via_candidate = (i * (1 - g * g))[:, None] * w["W_hg"] * dh_dc[None, :]
        direct = np.diag(f)
        return CellJacobian(
            direct=direct,
            via_forget=via_forget,
            via_input=via_input,
            via_candidate=via_candidate,
            dh_prev_dc_prev=dh_dc,
            total=direct + via_forget + via_input + via_candidate,
        )


class LSTMCellJacobian(DraftTemplate):
    name = "lstm_cell_jacobian"
    summary = "The LSTM's full dc_t/dc_(t−1) (paths through h_(t−1) included) vs diag(f_t)."
    topics = ("derive.lstm-cell-jacobian", "lstm.gradient-path")
    params_model = LSTMJacobianParams

    def numbers(self, rng: np.random.Generator, p: LSTMJacobianParams) -> JacobianDraft:
        H = p.hidden_size
        decimals = 1 if p.recurrent_range >= 0.5 else 2
        r = p.recurrent_range
        drawn = draw_blocks(  # in this order: W_hi, W_hf, W_hg, W_ho, c_prev, o_prev, i f g o
            rng,
            [((H, H), -r, r, decimals)] * 4
            + [
                (H, -1.5, 1.5, 1),
                (H, p.output_low, p.output_high, 2),
                (H, 0.1, 0.9, 2),
                (H, p.forget_low, p.forget_high, 2),
                (H, -0.9, 0.9, 2),
                (H, 0.1, 0.9, 2),
            ],
        )
        weights = {f"W_h{k}": w for k, w in zip("ifgo", drawn[:4], strict=True)}
        gates = dict(zip("ifgo", drawn[6:], strict=True))
        tolerance = _tolerance(p.quantity)
        return JacobianDraft(weights, drawn[4], drawn[5], gates, p.quantity, tolerance)

    def render(self, d: JacobianDraft, p: LSTMJacobianParams, tr: Prose) -> Variant:
        H, weights, c_prev, o_prev, gates = p.hidden_size, d.weights, d.c_prev, d.o_prev, d.gates
        ask = tr(ASKED[p.quantity])
        listing = [("c_(t−1)", c_prev), ("o_(t−1)", o_prev)]
        listing += [(f"{k}_t", gates[k]) for k in "ifg"]
        listing += [(name, weights[name]) for name in ("W_hi", "W_hf", "W_hg")]
        unit = tr("One LSTM unit") if H == 1 else tr("An LSTM with {units} units", units=H)
        layout = (
            ""
            if H == 1
            else tr(
                " Column vectors: W_hf[i][j] carries h_(t−1)[j] into unit i's forget gate. "
                "Give the answer as 4 numbers row by row, J[i][j] = ∂c_t[i]/∂c_(t−1)[j] "
                "(rows index c_t)."
            )
        )
        prompt = tr(
            "{unit} (no peepholes) runs c_t = f_t ⊙ c_(t−1) + i_t ⊙ g_t with i, f = σ(·) and "
            "g = tanh(·) of W_x·x_t + W_h·h_(t−1) + b, and h_(t−1) = o_(t−1) ⊙ tanh(c_(t−1)). "
            "Step t's gates came out as below; W_hi, W_hf, W_hg are the recurrent weights from "
            "h_(t−1) into i, f and g. Compute {ask}.{layout}\n\n{listing}",
            unit=unit,
            ask=ask,
            layout=layout,
            listing=matrix_block(listing),
        )
        givens = {name: as_list(value) for name, value in weights.items()}
        givens.update(
            c_prev=as_list(c_prev),
            o_prev=as_list(o_prev),
            **{f"{k}_t": as_list(v) for k, v in gates.items()},
        )
        if p.quantity == "ratio":
            form = vector_form(tr, 1, 2)
        elif H == 1:
            form = vector_form(tr, 1)
        else:
            form = tr("{count} numbers, row by row, to 3 decimals", count=H * H)
        ids = _slip_ids(p.quantity, H)
        return Variant(
            givens=givens,
            prompt=prompt,
            answer=d.answer,
            tolerance=d.tolerance,
            steps=_steps(d.jac, tr),
            answer_form=form,
            mistakes=tuple(
                _mistake(slip, answer, p.quantity, tr)
                for slip, answer in zip(ids, d.slips, strict=True)
            ),
        )


ASKED = {
    "total": N_("the full derivative ∂c_t/∂c_(t−1), every path through h_(t−1) included"),
    "indirect": N_(
        "the indirect part of ∂c_t/∂c_(t−1): everything except the direct term "
        "through f_t ⊙ c_(t−1)"
    ),
    "ratio": N_("the ratio (∂c_t/∂c_(t−1)) / f_t of the full derivative to the shortcut"),
}


def matrix_answer(matrix: np.ndarray) -> float | list[float]:
    """A 1×1 matrix as the number a learner types; larger ones row by row."""
    flat = [float(v) for v in np.asarray(matrix, dtype=float).reshape(-1)]
    return flat[0] if len(flat) == 1 else flat


def _steps(jac: CellJacobian, tr: Prose) -> list[WorkedStep]:
    dh = jac.dh_prev_dc_prev
    return [
        WorkedStep(
            "∂h_(t−1)/∂c_(t−1)",
            tr("o_(t−1) ⊙ (1 − tanh²(c_(t−1))), on the diagonal"),
            matrix_answer(np.atleast_2d(dh)),
        ),
        WorkedStep(
            tr("via f"),
            tr("diag(c_(t−1) ⊙ f(1 − f))·W_hf·diag(∂h/∂c): c_(t−1) moves f_t"),
            matrix_answer(jac.via_forget),
        ),
        WorkedStep(
            tr("via i"),
            tr("diag(g ⊙ i(1 − i))·W_hi·diag(∂h/∂c): c_(t−1) moves i_t"),
            matrix_answer(jac.via_input),
        ),
        WorkedStep(
            tr("via g"),
            tr("diag(i ⊙ (1 − g²))·W_hg·diag(∂h/∂c): c_(t−1) moves g_t"),
            matrix_answer(jac.via_candidate),
        ),
        WorkedStep(tr("indirect"), tr("via f + via i + via g"), matrix_answer(jac.indirect)),
        WorkedStep(tr("direct"), tr("diag(f_t): the shortcut"), matrix_answer(jac.direct)),
        WorkedStep(
            "∂c_t/∂c_(t−1)", tr("direct + indirect (the engine's BPTT)"), matrix_answer(jac.total)
        ),
    ]


def _slip_ids(quantity: str, H: int) -> list[str]:
    """The wrong methods listed for ``quantity``, in the variant's order."""
    if quantity == "ratio":
        return ["jac.shortcut", "jac.no-tanh-derivative", "jac.forget-path-only"]
    first = "jac.shortcut" if quantity == "total" else "jac.direct-included"
    ids = [first, "jac.no-tanh-derivative", "jac.no-output-gate", "jac.forget-path-only"]
    return [*ids, "jac.transposed"] if H > 1 else ids


def _tolerance(quantity: str) -> Tolerance:
    return Tolerance(abs=0.01) if quantity == "ratio" else Tolerance(abs=0.005)


def _answer(
    quantity: str, jac: CellJacobian, o_prev: np.ndarray, f: np.ndarray
) -> tuple[float | list[float], tuple[float | list[float], ...]]:
    """The answer and each wrong method's answer (``_slip_ids`` order)."""
    dh = jac.dh_prev_dc_prev  # > 0: o_(t−1) >= output_low > 0 and |tanh| < 1
    dc_dh = jac.indirect / dh[None, :]
    no_tanh = dc_dh * o_prev[None, :]  # ∂h/∂c taken as o_(t−1)
    no_o = dc_dh * (dh / o_prev)[None, :]  # ∂h/∂c taken as 1 − tanh²(c_(t−1))
    if quantity == "ratio":
        f1 = float(f[0])
        ratio_slips = (
            1.0,
            float(1.0 + no_tanh[0, 0] / f1),
            float(1.0 + jac.via_forget[0, 0] / f1),
        )
        return float(jac.total[0, 0] / f1), ratio_slips
    base = jac.direct if quantity == "total" else np.zeros_like(jac.direct)
    target = jac.total if quantity == "total" else jac.indirect
    first = jac.direct if quantity == "total" else jac.total
    slips = [first, base + no_tanh, base + no_o, base + jac.via_forget]
    if f.shape[0] > 1:
        slips.append(target.T)
    answers = tuple(matrix_answer(a) for a in slips)
    return matrix_answer(target), answers


def _mistake(slip: str, answer: float | list[float], quantity: str, tr: Prose) -> Mistake:
    """A wrong method with its name, the worked step where it goes astray and its answer."""
    name, step, explanation = _mistake_text(slip, quantity, tr)
    return Mistake(slip, name, step, answer, explanation, convention=slip == "jac.transposed")


@functools.lru_cache(maxsize=256)  # the same words on every draw of a question
def _mistake_text(slip: str, quantity: str, tr: Prose) -> tuple[str, str, str]:
    """A wrong method's name, the worked step where it goes astray, and its explanation."""
    dh_step = "∂h_(t−1)/∂c_(t−1)"
    if slip == "jac.shortcut" and quantity == "ratio":
        name, step = tr("the shortcut: f_t alone (ratio 1)"), tr("direct")
    elif slip == "jac.shortcut":
        name, step = tr("the shortcut diag(f_t) alone"), tr("direct")
    elif slip == "jac.direct-included":
        name, step = tr("the direct term diag(f_t) included"), tr("direct")
    elif slip == "jac.no-tanh-derivative":
        name, step = tr(NO_TANH), dh_step
    elif slip == "jac.no-output-gate":
        name = tr("∂h_(t−1)/∂c_(t−1) taken as 1 − tanh²(c_(t−1)) (o_(t−1) left out)")
        step = dh_step
    elif slip == "jac.forget-path-only":
        name, step = tr(FORGET_ONLY), tr("indirect")
    else:
        name, step = tr("the transposed layout (rows index c_(t−1))"), "∂c_t/∂c_(t−1)"
    return name, step, tr(EXPLAIN[slip])


NO_TANH = N_("∂h_(t−1)/∂c_(t−1) taken as o_(t−1) (the tanh' factor left out)")
FORGET_ONLY = N_("only the path through f_t counted")
EXPLAIN = {
    "jac.shortcut": N_(
        "diag(f_t) is only the direct path. c_(t−1) also sets h_(t−1) = o_(t−1) ⊙ tanh(c_(t−1)), "
        "which feeds f_t, i_t and g_t through W_hf, W_hi and W_hg."
    ),
    "jac.direct-included": N_("The indirect part is the full derivative minus diag(f_t)."),
    "jac.no-tanh-derivative": N_(
        "h_(t−1) = o_(t−1) ⊙ tanh(c_(t−1)), so ∂h_(t−1)/∂c_(t−1) = o_(t−1) ⊙ (1 − tanh²(c_(t−1)))."
    ),
    "jac.no-output-gate": N_(
        "The output gate scales what c_(t−1) passes to h_(t−1): ∂h_(t−1)/∂c_(t−1) = "
        "o_(t−1) ⊙ (1 − tanh²(c_(t−1)))."
    ),
    "jac.forget-path-only": N_(
        "h_(t−1) feeds the input gate and the candidate too: add diag(g ⊙ i(1 − i))·W_hi and "
        "diag(i ⊙ (1 − g²))·W_hg."
    ),
    "jac.transposed": N_(
        "Your matrix has rows indexed by c_(t−1). Here J[i][j] = ∂c_t[i]/∂c_(t−1)[j]: row i "
        "belongs to unit i of c_t."
    ),
}

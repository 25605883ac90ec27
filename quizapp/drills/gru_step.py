"""One GRU step under each update convention (keep / take) and reset placement (before / after).

PyTorch's layout, batch-first rows, gate blocks r, z, n and two biases. PyTorch itself is
keep + after; Cho et al. 2014 (and d2l) is keep + before; Chung et al. 2014, Andrew Ng and
colah write the update as take. The drill id names the variant: ``gru-step.keep.after``.
"""

from __future__ import annotations

import numpy as np

import engine
from engine.gru import Reset, Update
from quizapp.drills.cells import (
    ROWS,
    STEP_SIZES,
    RowsStep,
    draw_inputs,
    draw_state,
    draw_weights,
    gru_by_hand,
    permute_blocks,
)
from quizapp.drills.common import UNSTABLE_SIGMOID, rng_for
from quizapp.drills.model import Array, Case, Drill, Expected, Output, Returns, WrongMethod
from quizapp.drills.source import STABLE_SIGMOID, Task, build_drill
from quizapp.i18n import N_

UPDATES = {
    "keep": (
        "h = z ⊙ h_prev + (1 − z) ⊙ n",
        "z near 1 keeps the past (Cho et al. 2014, d2l, PyTorch, Keras)",
        "h = z * h_prev + (1 - z) * n",
    ),
    "take": (
        "h = (1 − z) ⊙ h_prev + z ⊙ n",
        "z near 1 takes the candidate (Chung et al. 2014, Andrew Ng, colah)",
        "h = (1 - z) * h_prev + z * n",
    ),
}
RESETS = {
    "after": (
        "n = tanh(W_in x + b_in + r ⊙ (W_hn h_prev + b_hn))",
        "the reset multiplies the hidden side after its matmul, b_hn included "
        "(PyTorch, Keras reset_after=True, cuDNN)",
        "n = np.tanh(gi[:, 2 * H :] + r * gh[:, 2 * H :])",
    ),
    "before": (
        "n = tanh(W_in x + b_in + W_hn (r ⊙ h_prev) + b_hn)",
        "the reset scales h_prev before the matmul (Cho et al. 2014, d2l)",
        "n = np.tanh(gi[:, 2 * H :] + (r * h_prev) @ W_hh[2 * H :].T + b_hh[2 * H :])",
    ),
}
# The mistake of the other convention, by this drill's: each message written out whole, so
# that it is translated whole (tests/drills check it against UPDATES and RESETS).
UPDATE_FLIPPED: dict[Update, tuple[str, str]] = {
    "keep": (
        N_("the other update convention (h = (1 − z) ⊙ h_prev + z ⊙ n)"),
        N_(
            "Your h is right under update 'take': z near 1 takes the candidate (Chung et al. "
            "2014, Andrew Ng, colah). This drill uses 'keep': h = z ⊙ h_prev + (1 − z) ⊙ n. "
            "The two differ only by swapping z and 1 − z."
        ),
    ),
    "take": (
        N_("the other update convention (h = z ⊙ h_prev + (1 − z) ⊙ n)"),
        N_(
            "Your h is right under update 'keep': z near 1 keeps the past (Cho et al. 2014, "
            "d2l, PyTorch, Keras). This drill uses 'take': h = (1 − z) ⊙ h_prev + z ⊙ n. "
            "The two differ only by swapping z and 1 − z."
        ),
    ),
}
RESET_ON_THE_OTHER_SIDE: dict[Reset, str] = {
    "after": N_(
        "Your h is right with the reset before the matmul: "
        "n = tanh(W_in x + b_in + W_hn (r ⊙ h_prev) + b_hn). "
        "This drill resets after: n = tanh(W_in x + b_in + r ⊙ (W_hn h_prev + b_hn))."
    ),
    "before": N_(
        "Your h is right with the reset after the matmul: "
        "n = tanh(W_in x + b_in + r ⊙ (W_hn h_prev + b_hn)). "
        "This drill resets before: n = tanh(W_in x + b_in + W_hn (r ⊙ h_prev) + b_hn)."
    ),
}
SIGNATURE = """
def gru_step(
    x: np.ndarray,
    h_prev: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> np.ndarray:
"""


def _doc(update: Update, reset: Reset) -> str:
    rule, why, _ = UPDATES[update]
    candidate, where, _ = RESETS[reset]
    return f"""
One GRU step in PyTorch's layout, batch-first rows, under this drill's conventions:

    update "{update}": {why}.
    reset "{reset}": {where}.

    r = σ(x W_irᵀ + b_ir + h_prev W_hrᵀ + b_hr)
    z = σ(x W_izᵀ + b_iz + h_prev W_hzᵀ + b_hz)
    {candidate}
    {rule}

W_ir, W_iz, W_in are the row blocks of W_ih in PyTorch's order r, z, n (likewise W_hh, b_ih,
b_hh).

Args:
    x: (B, I) inputs, one example per row.
    h_prev: (B, H) previous hidden state.
    W_ih: (3H, I) input weights, row blocks r, z, n.
    W_hh: (3H, H) recurrent weights, the same order.
    b_ih: (3H,) input bias.
    b_hh: (3H,) recurrent bias: PyTorch keeps two biases; b_hn sits where the reset puts it.

Returns:
    h, (B, H). You may return (h, gates) instead, gates a dict with any of "r", "z", "n" (each
    (B, H)): when h is wrong, the check names the first gate that differs.

σ must not overflow: a hidden case has pre-activations in the thousands.
"""


def _body(update: Update, reset: Reset) -> str:
    return f"""
H = h_prev.shape[1]
gi = x @ W_ih.T + b_ih  # (B, 3H): blocks r, z, n
gh = h_prev @ W_hh.T + b_hh
r = sigmoid(gi[:, :H] + gh[:, :H])
z = sigmoid(gi[:, H : 2 * H] + gh[:, H : 2 * H])
{RESETS[reset][2]}
{UPDATES[update][2]}
return h
"""


def _engine(p: dict[str, Array], update: Update, reset: Reset) -> dict[str, Array]:
    cell = engine.GRUCell.from_torch(
        p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"], update=update, reset=reset
    )
    return cell.step(p["x"], p["h_prev"]).as_dict()


def _mistakes(update: Update, reset: Reset) -> tuple[WrongMethod, ...]:
    other_update: Update = "take" if update == "keep" else "keep"
    other_reset: Reset = "before" if reset == "after" else "after"

    def engine_h(
        change: RowsStep | None = None, new_update: Update = update, new_reset: Reset = reset
    ) -> RowsStep:
        def step(p: dict[str, Array]) -> dict[str, Array]:
            q = dict(p, **(change(p) or {})) if change else p
            return {"h": _engine(q, new_update, new_reset)["h"]}

        return step

    def zrn(p: dict[str, Array]) -> dict[str, Array]:
        names = ("W_ih", "W_hh", "b_ih", "b_hh")
        return {n: permute_blocks(p[n], "zrn", "rzn") for n in names}

    found = [
        WrongMethod(
            "gru.update-flipped",
            *UPDATE_FLIPPED[update],
            compute=ROWS.lift(engine_h(new_update=other_update)),
            convention=True,
        ),
        WrongMethod(
            "gru.reset-wrong-side",
            N_("the reset gate on the wrong side of the hidden matmul"),
            RESET_ON_THE_OTHER_SIDE[reset],
            compute=ROWS.lift(engine_h(new_reset=other_reset)),
            convention=True,
        ),
        WrongMethod(
            "gru.sigmoid-tanh-swapped",
            N_("σ and tanh swapped (gates through tanh, the candidate through σ)"),
            N_("r and z are gates, so σ; only the candidate n uses tanh."),
            compute=ROWS.lift(
                lambda p: {"h": gru_by_hand(p, update, reset, swap_activations=True)}
            ),
        ),
        WrongMethod(
            "gru.second-bias-dropped",
            N_("PyTorch's second bias b_hh was left out"),
            N_(
                "PyTorch keeps two biases and adds both; b_hn, the candidate's part of b_hh, sits "
                "where the reset places it."
            ),
            compute=ROWS.lift(engine_h(lambda p: {"b_hh": np.zeros_like(p["b_hh"])})),
        ),
        WrongMethod(
            "gru.gate-order",
            N_("the gate blocks read as z, r, n (Keras' kernel order) instead of r, z, n"),
            N_(
                "PyTorch stacks reset, update, candidate: the first H rows of W_ih are r's. Keras' "
                "kernel stacks z, r, h; converting between them reorders the first two blocks."
            ),
            compute=ROWS.lift(engine_h(zrn)),
        ),
        UNSTABLE_SIGMOID,
    ]
    if reset == "after":

        def bias_outside(p: dict[str, Array]) -> dict[str, Array]:
            H = p["h_prev"].shape[1]
            b_ih, b_hh = p["b_ih"].copy(), p["b_hh"].copy()
            b_ih[2 * H :] += b_hh[2 * H :]
            b_hh[2 * H :] = 0.0
            return {"b_ih": b_ih, "b_hh": b_hh}

        found.append(
            WrongMethod(
                "gru.bhn-outside-reset",
                N_("b_hn added outside the reset: r ⊙ (W_hn h_prev) + b_hn"),
                N_(
                    "With the reset after the matmul, b_hn is inside it: r ⊙ (W_hn h_prev + b_hn). "
                    "Computing gh = h_prev W_hhᵀ + b_hh first and multiplying its n block by r "
                    "gets this right."
                ),
                compute=ROWS.lift(engine_h(bias_outside)),
            )
        )
    return tuple(found)


def _drill(update: Update, reset: Reset) -> Drill:
    drill_id = f"gru-step.{update}.{reset}"
    title = f"one GRU step, update '{update}', reset '{reset}'"

    def cases() -> list[Case]:
        rng = rng_for(drill_id)
        found = []
        for size in STEP_SIZES:
            x, h = draw_inputs(rng, size), draw_state(rng, size)
            found.append(Case(size.label, {"x": x, "h_prev": h, **draw_weights(rng, size, 3)}))
        return found

    def expected(case: Case) -> Expected:
        step = _engine(ROWS.rows(case), update, reset)
        return Expected({"h": step["h"]}, {k: step[k] for k in ("r", "z", "n")})

    return build_drill(
        drill_id,
        f"{title} (PyTorch layout, batch-first rows)",
        Task("gru_step", SIGNATURE, _doc(update, reset), _body(update, reset), STABLE_SIGMOID),
        # formulas only, the same in every language (the other drills' summaries are translated)
        summary=f"{UPDATES[update][0]}; {RESETS[reset][0]}.",
        returns=Returns((Output("h"),), "value", ("r", "z", "n")),
        cases=cases,
        expected=expected,
        mistakes=_mistakes(update, reset),
        topics=("gru.update-convention", "gru.reset-placement", "numeric.gru-step"),
        tags={"cell": "gru", "layout": "rows", "update": update, "reset": reset},
    )


UPDATE_NAMES: tuple[Update, ...] = ("keep", "take")
RESET_NAMES: tuple[Reset, ...] = ("after", "before")
DRILLS = tuple(_drill(update, reset) for update in UPDATE_NAMES for reset in RESET_NAMES)

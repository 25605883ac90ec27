"""The last valid hidden state of right-padded sequences of different lengths.

Two drills: ``last-hidden.gather`` picks h at each sequence's own last step from the outputs
of a run over the padded batch (what reading ``pad_packed_sequence``'s output needs);
``last-hidden.masked`` runs a tanh RNN with a mask so padded steps leave the state alone,
which is the h_n PyTorch returns for a ``pack_padded_sequence`` input. Both are batch-first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

import engine
from engine.masking import last_valid, packed_final_state
from quizapp.drills.cells import Size, draw_state, draw_weights
from quizapp.drills.common import rng_for
from quizapp.drills.model import Array, Case, Drill, Expected, Output, Returns, WrongMethod
from quizapp.drills.source import Task, build_drill
from quizapp.i18n import N_


@dataclass(frozen=True)
class Batch:
    """A padded batch's shape: B sequences padded to T steps, H units, I features."""

    label: str
    batch: int
    steps: int
    hidden: int
    inputs: int
    lengths: tuple[int, ...] | None = None  # None: drawn, the first one full length
    hand: bool = False
    zero_state: bool = False


BATCHES = (
    Batch(N_("hand-sized, padded past the longest"), 3, 5, 2, 2, (2, 4, 1), hand=True),
    Batch(N_("the longest fills the batch"), 4, 6, 3, 2, (6, 3, 1, 5)),
    Batch(N_("one sequence"), 1, 4, 3, 2, (2,)),
    Batch(N_("every sequence full length"), 3, 3, 2, 3, (3, 3, 3)),
    Batch(N_("every sequence one step long"), 3, 4, 2, 2, (1, 1, 1)),
    Batch(N_("random lengths, a bigger batch"), 7, 9, 5, 3),
    Batch(N_("one hidden unit"), 4, 5, 1, 2, (5, 2, 3, 1)),
    Batch(N_("zero initial state"), 3, 4, 2, 2, (4, 2, 3), zero_state=True),
)


@dataclass(frozen=True)
class PaddedRun:
    """A tanh RNN over a zero-padded batch: its arguments and its unpacked outputs."""

    label: str
    args: dict[str, Array]
    out: Array


GATHER_SIGNATURE = "def last_hidden(out: np.ndarray, lengths: np.ndarray) -> np.ndarray:"
GATHER_DOC = """
The hidden state at each sequence's own last step, from a right-padded batch.

out holds an RNN's outputs over a batch of sequences padded at the end to a common length T
(batch-first, as nn.RNN(batch_first=True) returns them). Sequence b is lengths[b] steps long;
out[b, t] for t ≥ lengths[b] is padding and must not be used.

Args:
    out: (B, T, H) outputs, out[b, t] = h after step t + 1 of sequence b.
    lengths: (B,) integer lengths, each in 1..T (not sorted).

Returns:
    (B, H): row b is out[b, lengths[b] − 1].
"""
GATHER_BODY = """
return out[np.arange(out.shape[0]), lengths - 1]
"""

MASKED_SIGNATURE = """
def masked_rnn(
    xs: np.ndarray,
    lengths: np.ndarray,
    h0: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> np.ndarray:
"""
MASKED_DOC = """
The final hidden state of a tanh RNN over right-padded sequences of different lengths: what
nn.RNN(batch_first=True) returns as h_n for pack_padded_sequence(xs, lengths,
batch_first=True, enforce_sorted=False). A padded step must leave a sequence's state as it was.

    h = tanh(x_t W_ihᵀ + b_ih + h W_hhᵀ + b_hh)    for t < lengths[b], else h stays

Args:
    xs: (B, T, I) inputs, batch-first, zero-padded past each sequence's length.
    lengths: (B,) integer lengths, each in 1..T (not sorted).
    h0: (B, H) initial hidden state.
    W_ih: (H, I), W_hh: (H, H), b_ih: (H,), b_hh: (H,) in PyTorch's layout.

Returns:
    h_n, (B, H): row b is the state after step lengths[b] of sequence b.
"""
MASKED_BODY = """
h = h0
for t in range(xs.shape[1]):
    h_new = np.tanh(xs[:, t] @ W_ih.T + b_ih + h @ W_hh.T + b_hh)
    valid = (t < lengths)[:, None]  # (B, 1): still inside sequence b?
    h = np.where(valid, h_new, h)
return h
"""


def _lengths(rng: np.random.Generator, shape: Batch) -> Array:
    if shape.lengths is not None:
        return np.array(shape.lengths, dtype=np.int64)
    found = rng.integers(1, shape.steps + 1, shape.batch)
    found[0] = shape.steps  # the longest sequence usually sets T
    return found.astype(np.int64)


def _padded_run(rng: np.random.Generator, shape: Batch) -> PaddedRun:
    size = Size(shape.label, shape.inputs, shape.hidden, shape.batch, shape.hand, shape.zero_state)
    lengths = _lengths(rng, shape)
    xs = rng.normal(0.0, 1.0, (shape.batch, shape.steps, shape.inputs))
    if shape.hand:
        xs = np.round(xs, 1) + 0.0
    xs[np.arange(shape.steps)[None, :] >= lengths[:, None]] = 0.0
    weights = draw_weights(rng, size, 1)
    h0 = draw_state(rng, size)
    cell = engine.RNNCell.from_torch(
        weights["W_ih"], weights["W_hh"], weights["b_ih"], weights["b_hh"]
    )
    outs = np.stack([s.h for s in cell.forward(xs.transpose(1, 0, 2), h0)], axis=1)
    args = {"xs": xs, "lengths": lengths, "h0": h0, **weights}
    return PaddedRun(shape.label, args, outs)


def _runs(drill_id: str) -> list[PaddedRun]:
    rng = rng_for(drill_id)
    return [_padded_run(rng, shape) for shape in BATCHES]


def _gather_cases() -> list[Case]:
    found = []
    for run in _runs("last-hidden.gather"):
        out = np.round(run.out, 4) + 0.0  # readable: four decimals are the data here
        found.append(Case(run.label, {"out": out, "lengths": run.args["lengths"]}))
    return found


def _masked_cases() -> list[Case]:
    return [Case(run.label, dict(run.args)) for run in _runs("last-hidden.masked")]


def _out(case: Case) -> tuple[Array, Array]:
    return np.asarray(case.args["out"], dtype=np.float64), np.asarray(case.args["lengths"])


def _off_by_one(case: Case) -> dict[str, Array] | None:
    out, lengths = _out(case)
    if lengths.max() >= out.shape[1]:
        return None  # out[b, T] is out of range: an IndexError, not a number
    return {"h": out[np.arange(out.shape[0]), lengths]}


LAST_PADDED = (
    "padding.last-padded-step",
    N_("the state after the last padded step, not the sequence's own last step"),
)

GATHER_MISTAKES = (
    WrongMethod(
        *LAST_PADDED,
        N_(
            "out[:, −1] is the last padded step for every sequence; a shorter sequence's last real "
            "step is at index lengths[b] − 1, and past it out holds padding (zeros after "
            "pad_packed_sequence, states driven by padding without packing)."
        ),
        compute=lambda case: {"h": _out(case)[0][:, -1]},
    ),
    WrongMethod(
        "padding.off-by-one",
        N_("out[b, lengths[b]]: one step past the end (lengths count steps, indices start at 0)"),
        N_("A sequence of length L ends at index L − 1."),
        compute=_off_by_one,
    ),
    WrongMethod(
        "padding.no-batch-index",
        N_("out[:, lengths − 1]: every length picked for every sequence, shape (B, B, H)"),
        N_(
            "Index the batch axis too, pairing row b with its own length: "
            "out[np.arange(B), lengths − 1]."
        ),
        compute=lambda case: {"h": _out(case)[0][:, _out(case)[1] - 1]},
    ),
)


def _rnn(case: Case) -> tuple[engine.RNNCell, Array, Array, Array]:
    p = {k: np.asarray(v) for k, v in case.args.items()}
    cell = engine.RNNCell.from_torch(p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])
    hs = np.stack([s.h for s in cell.forward(p["xs"].transpose(1, 0, 2), p["h0"])])
    return cell, hs, p["lengths"].astype(np.int64), p["xs"]


def _zeroed(case: Case) -> dict[str, Array]:
    _, hs, lengths, xs = _rnn(case)
    short = (lengths < xs.shape[1])[:, None]
    return {"h": np.where(short, 0.0, hs[-1])}


def _mask_one_late(case: Case) -> dict[str, Array]:
    _, hs, lengths, xs = _rnn(case)
    return {"h": last_valid(hs, np.minimum(lengths + 1, xs.shape[1]))}


MASKED_MISTAKES = (
    WrongMethod(
        *LAST_PADDED,
        N_(
            "Without a mask the padded steps keep updating h (padding inputs are zeros, but "
            "W_hh h + b still moves the state). Keep h where t ≥ lengths[b]."
        ),
        compute=lambda case: {"h": _rnn(case)[1][-1]},
    ),
    WrongMethod(
        "padding.zeroed-state",
        N_("h multiplied by the mask, so a padded step sets the state to zero"),
        N_(
            "mask ⊙ h_new zeroes a finished sequence; keep its state instead: "
            "h = where(valid, h_new, h)."
        ),
        compute=_zeroed,
    ),
    WrongMethod(
        "padding.mask-off-by-one",
        N_("one padded step too many (t ≤ lengths[b] counted as valid)"),
        N_("Steps 0 .. lengths[b] − 1 are valid: the mask is t < lengths[b]."),
        compute=_mask_one_late,
    ),
)


def _expected_gather(case: Case) -> Expected:
    out, lengths = _out(case)
    return Expected({"h": last_valid(out, lengths, batch_first=True)})


def _expected_masked(case: Case) -> Expected:
    p = {k: np.asarray(v) for k, v in case.args.items()}
    cell = engine.RNNCell.from_torch(p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])
    h_n = packed_final_state(cell, p["xs"], p["lengths"], p["h0"], batch_first=True)
    return Expected({"h": h_n[0] if isinstance(h_n, tuple) else h_n})


def _drill(
    drill_id: str,
    title: str,
    function: str,
    signature: str,
    doc: str,
    body: str,
    summary: str,
    cases: Callable[[], list[Case]],
    expected: Callable[[Case], Expected],
    mistakes: tuple[WrongMethod, ...],
) -> Drill:
    method = drill_id.split(".", 1)[1]  # the tag a bank names the variant by
    return build_drill(
        drill_id,
        title,
        Task(function, signature, doc, body),
        summary=summary,
        returns=Returns((Output("h"),)),
        cases=cases,
        expected=expected,
        mistakes=mistakes,
        topics=("beyond.packing",),
        tags={"layout": "batch-first", "method": method},
    )


DRILLS = (
    _drill(
        "last-hidden.gather",
        "the last valid hidden state of padded sequences (gather by length)",
        "last_hidden",
        GATHER_SIGNATURE,
        GATHER_DOC,
        GATHER_BODY,
        summary=N_("out[b, lengths[b] − 1] for every b of a right-padded batch."),
        cases=_gather_cases,
        expected=_expected_gather,
        mistakes=GATHER_MISTAKES,
    ),
    _drill(
        "last-hidden.masked",
        "the final state of a masked RNN over padded sequences (what packing gives)",
        "masked_rnn",
        MASKED_SIGNATURE,
        MASKED_DOC,
        MASKED_BODY,
        summary=N_("A tanh RNN whose padded steps leave the state alone: packed h_n."),
        cases=_masked_cases,
        expected=_expected_masked,
        mistakes=MASKED_MISTAKES,
    ),
)

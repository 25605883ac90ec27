"""What one recurrent layer costs over T steps: its matrix-product FLOPs and the memory BPTT keeps.

Counting convention (published counts differ by exactly these factors, so they are fixed here):

- A multiply-add (one multiply and one add, a MAC) counts as **2 FLOPs**. A product of an
  (m x k) and a (k x n) matrix is m*n*k MACs = 2*m*n*k FLOPs: the count of
  ``torch.utils.flop_counter`` and the factor 2 of Kaplan et al. 2020 (sec. 2.1, "the factor of
  two comes from the multiply-accumulate operation used in matrix multiplication").
- Only the **matrix products** are counted, as the engine performs them: ``X @ W_ih.T`` over
  all T steps at once, and per step ``h @ W_hh.T`` (the GRU splits W_hh into its r, z and n
  blocks; the total is the same for either reset placement). Per step and example that is
  G*H*I + G*H*H MACs with G weight blocks (RNN 1, GRU 3, LSTM 4). Bias additions, sigmoid and
  tanh evaluations and the element-wise gate products are O(T*B*H), a factor of about I + H
  smaller, and are omitted, as Kaplan et al. (Table 1) omit "nonlinearities, biases".
- The **backward** pass (BPTT, as ``LSTMCell.backward`` and friends compute it) does two
  products of the same size for every forward product: one for the gradient of its input
  (x_t or h_(t-1)) and one for the gradient of its weight. Backward = 2 x forward; a training
  step = 3 x forward.
- **Saved activations** are the values per step and example that the backward pass reads back
  from the forward pass instead of recomputing them (``SAVED_PER_STEP``): the LSTM's gates
  i, f, g, o, its c_t, tanh(c_t) and h_t (7H); the GRU's r, z, n and h_t, plus W_hn h + b_hn
  when it resets after the matmul (5H, else 4H); the tanh RNN's h_t (H, since tanh' = 1 - h^2).
  The inputs x and the initial state are not counted (the layer below and the caller own them).
  ``tests/engine/test_costs.py`` runs a backward pass fed only these values and gets the
  engine's gradients.
- **Inference state**: running forward only, step by step, a layer needs just its current state:
  h (and c for the LSTM) per example, whatever T is.
"""

from __future__ import annotations

from dataclasses import dataclass

GATE_BLOCKS = {"rnn": 1, "gru": 3, "lstm": 4}
SAVED_PER_STEP: dict[tuple[str, str], tuple[str, ...]] = {
    ("lstm", "after"): ("i", "f", "g", "o", "c", "tanh_c", "h"),
    ("lstm", "before"): ("i", "f", "g", "o", "c", "tanh_c", "h"),
    ("gru", "after"): ("r", "z", "n", "hn", "h"),  # hn = W_hn h_prev + b_hn, reused by dr
    ("gru", "before"): ("r", "z", "n", "h"),
    ("rnn", "after"): ("h",),
    ("rnn", "before"): ("h",),
}
STATE_VECTORS = {"rnn": 1, "gru": 1, "lstm": 2}


@dataclass(frozen=True)
class LayerCost:
    """The costs of one single-direction layer over ``steps`` steps and ``batch`` sequences."""

    cell: str
    input_size: int
    hidden_size: int
    steps: int
    batch: int
    gate_blocks: int
    forward_macs: int  # T*B*G*H*(I + H)
    forward_flops: int  # 2 FLOPs per MAC
    backward_flops: int  # 2 x forward: gradients of the inputs and of the weights
    saved_floats: int  # what BPTT keeps for the backward pass (SAVED_PER_STEP x T x B)
    state_floats: int  # what forward-only, step-by-step inference keeps: h (and c), x B

    @property
    def training_flops(self) -> int:
        return self.forward_flops + self.backward_flops


def layer_cost(
    cell: str,
    input_size: int,
    hidden_size: int,
    steps: int,
    batch: int = 1,
    *,
    reset: str = "after",
) -> LayerCost:
    """Counts for a recurrent layer under the convention of the module docstring.

    >>> layer_cost("lstm", 10, 20, steps=7, batch=3).forward_flops
    100800
    >>> layer_cost("gru", 10, 20, steps=7, batch=3, reset="before").saved_floats
    1680
    """
    cell = cell.lower()
    if cell not in GATE_BLOCKS:
        raise ValueError(f"cell must be one of {sorted(GATE_BLOCKS)}; got {cell!r}")
    if reset not in ("before", "after"):
        raise ValueError(f"reset must be 'before' or 'after'; got {reset!r}")
    sizes = (
        ("input_size", input_size),
        ("hidden_size", hidden_size),
        ("steps", steps),
        ("batch", batch),
    )
    for name, value in sizes:
        if isinstance(value, bool) or int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
    G, H, I, T, B = GATE_BLOCKS[cell], hidden_size, input_size, steps, batch
    macs = T * B * G * H * (I + H)
    return LayerCost(
        cell=cell,
        input_size=I,
        hidden_size=H,
        steps=T,
        batch=B,
        gate_blocks=G,
        forward_macs=macs,
        forward_flops=2 * macs,
        backward_flops=4 * macs,
        saved_floats=len(SAVED_PER_STEP[(cell, reset)]) * T * B * H,
        state_floats=STATE_VECTORS[cell] * B * H,
    )

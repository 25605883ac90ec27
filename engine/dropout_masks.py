"""Which dropout masks a stacked recurrent network samples for one sequence, under two schemes.

Connections of an L-layer stack: the input into layer 1, L − 1 connections between layers and
the output of layer L (L + 1 non-recurrent connections), and one recurrent connection
h_(t−1) → h_t per layer. A between-layer connection is masked once, as the output of one layer
and the input of the next.

- "naive" (Zaremba, Sutskever & Vinyals 2014, §3.2): dropout only on the non-recurrent
  connections, a fresh mask at every time step (Gal & Ghahramani 2016, §4.1, describe it so).
- "variational" (Gal & Ghahramani 2016, §4): the same mask at every time step, on the inputs,
  the outputs and the recurrent connections.

A mask has one Bernoulli entry per unit of the vector it multiplies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scheme = Literal["naive", "variational"]
SCHEMES: tuple[Scheme, ...] = ("naive", "variational")


@dataclass(frozen=True)
class Connection:
    name: str
    size: int
    recurrent: bool


@dataclass(frozen=True)
class PlannedMask:
    """One sampled mask: its connection and the step it serves (None: every step)."""

    connection: Connection
    step: int | None


def connections(layers: int, input_size: int, hidden_size: int) -> list[Connection]:
    for name, value in (("layers", layers), ("input_size", input_size), ("hidden", hidden_size)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
    found = [Connection("input → layer 1", input_size, recurrent=False)]
    found += [
        Connection(f"layer {k} → layer {k + 1}", hidden_size, recurrent=False)
        for k in range(1, layers)
    ]
    found.append(Connection(f"layer {layers} → output", hidden_size, recurrent=False))
    found += [
        Connection(f"recurrent, layer {k}", hidden_size, recurrent=True)
        for k in range(1, layers + 1)
    ]
    return found


def mask_plan(
    scheme: Scheme, layers: int, steps: int, input_size: int, hidden_size: int
) -> list[PlannedMask]:
    """Every mask one sequence of ``steps`` steps samples, in sampling order."""
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {list(SCHEMES)}; got {scheme!r}")
    if int(steps) != steps or steps < 1:
        raise ValueError(f"steps must be a positive integer; got {steps!r}")
    conns = connections(layers, input_size, hidden_size)
    if scheme == "variational":
        return [PlannedMask(c, None) for c in conns]
    return [PlannedMask(c, t) for t in range(1, steps + 1) for c in conns if not c.recurrent]

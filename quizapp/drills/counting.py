"""Parameter counts of recurrent layers under each framework's convention.

Per layer and direction, with G weight blocks (RNN 1, GRU 3, LSTM 4), input x and hidden h:
PyTorch G·(h·(x + h) + 2h) (bias_ih and bias_hh; later layers take D·h inputs); Keras
G·(h·(x + h) + h) (one bias, but GRU reset_after=True keeps two); the textbook one bias.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import engine
from engine.params import GATE_BLOCKS
from quizapp.drills.model import (
    Case,
    Drill,
    Expected,
    Output,
    Outputs,
    Returns,
    Value,
    WrongMethod,
)
from quizapp.drills.source import Task, build_drill
from quizapp.i18n import N_

CELLS_DOC = 'cell: "rnn" (vanilla, tanh), "gru" or "lstm".'

PYTORCH_SIGNATURE = """
def param_count(
    cell: str, input_size: int, hidden_size: int, num_layers: int, bidirectional: bool
) -> int:
"""
PYTORCH_DOC = f"""
The number of trainable parameters of torch.nn.RNN / nn.GRU / nn.LSTM(input_size,
hidden_size, num_layers=..., bidirectional=...) with bias=True and no projection: what
sum(p.numel() for p in module.parameters()) prints.

PyTorch keeps two biases per gate block (bias_ih and bias_hh) and stacks the blocks (1 for
the RNN, 3 for the GRU, 4 for the LSTM). Layer k > 0 takes the previous layer's output as its
input: hidden_size features, twice that if bidirectional.

Args:
    {CELLS_DOC}
    input_size: features of the input, ≥ 1.
    hidden_size: units per direction, ≥ 1.
    num_layers: stacked layers, ≥ 1.
    bidirectional: a second direction per layer, with its own parameters.

Returns:
    The count, an int.
"""
PYTORCH_BODY = """
blocks = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
directions = 2 if bidirectional else 1
total = 0
for layer in range(num_layers):
    layer_input = input_size if layer == 0 else directions * hidden_size
    weights = blocks * hidden_size * (layer_input + hidden_size)
    biases = 2 * blocks * hidden_size  # bias_ih and bias_hh
    total += directions * (weights + biases)
return total
"""

KERAS_SIGNATURE = """
def param_count(cell: str, input_size: int, units: int, reset_after: bool) -> int:
"""
KERAS_DOC = f"""
The number of trainable parameters of one Keras layer (keras.layers.SimpleRNN / GRU / LSTM
with `units`) on inputs of `input_size` features: what model.summary() prints for it.

Keras stacks the blocks in one kernel (input_size, G·units), one recurrent kernel (units,
G·units) and one bias (G·units), G = 1 (SimpleRNN), 3 (GRU), 4 (LSTM). Keras 3's GRU
defaults to reset_after=True, which keeps a second, recurrent bias: its bias is
(2, 3·units).

Args:
    {CELLS_DOC}
    input_size: features of the input, ≥ 1.
    units: the layer's units, ≥ 1.
    reset_after: only for "gru": True (tf.keras 2's and Keras 3's default) or False
        (standalone Keras 2's).

Returns:
    The count, an int.
"""
KERAS_BODY = """
blocks = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
biases = blocks * units
if cell == "gru" and reset_after:
    biases *= 2  # bias (2, 3 * units): input and recurrent
return blocks * units * (input_size + units) + biases
"""

TEXTBOOK_SIGNATURE = "def param_count(cell: str, input_size: int, hidden_size: int) -> int:"
TEXTBOOK_DOC = f"""
The number of parameters of one recurrent layer as the textbook writes it: per gate block
(G = 1 for the vanilla RNN, 3 for the GRU, 4 for the LSTM) a matrix acting on [h_prev; x]
and one bias:

    G · (h · (x + h) + h)

Args:
    {CELLS_DOC}
    input_size: x, the input's features, ≥ 1.
    hidden_size: h, the hidden units, ≥ 1.

Returns:
    The count, an int.
"""
TEXTBOOK_BODY = """
blocks = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
return blocks * (hidden_size * (input_size + hidden_size) + hidden_size)
"""


@dataclass(frozen=True)
class Layer:
    """A case's arguments, typed: the three drills name the hidden size differently."""

    cell: str
    input_size: int
    hidden: int
    layers: int = 1
    bidirectional: bool = False
    reset_after: bool = True

    @property
    def blocks(self) -> int:
        return GATE_BLOCKS[self.cell]

    @property
    def copies(self) -> int:
        """Layers times directions: how many times each block's parameters are counted."""
        return self.layers * (2 if self.bidirectional else 1)


def _integer(value: Value) -> int:
    if isinstance(value, bool | int):
        return int(value)
    raise TypeError(f"expected an integer argument; got {value!r}")


def _layer(case: Case) -> Layer:
    a = case.args
    return Layer(
        cell=str(a["cell"]),
        input_size=_integer(a["input_size"]),
        hidden=_integer(a["hidden_size"] if "hidden_size" in a else a["units"]),
        layers=_integer(a.get("num_layers", 1)),
        bidirectional=bool(a.get("bidirectional", False)),
        reset_after=bool(a.get("reset_after", True)),
    )


def _torch(case: Case) -> int:
    n = _layer(case)
    return engine.param_count(n.cell, n.input_size, n.hidden, "pytorch", n.layers, n.bidirectional)


def _keras(case: Case) -> int:
    n = _layer(case)
    return engine.param_count(n.cell, n.input_size, n.hidden, "keras", reset_after=n.reset_after)


def _textbook(case: Case) -> int:
    n = _layer(case)
    return engine.param_count(n.cell, n.input_size, n.hidden, "textbook")


def _count(value: int | None) -> Outputs | None:
    return None if value is None else {"count": value}


def _fewer_blocks(count: Callable[[Case], int]) -> Callable[[Case], Outputs | None]:
    def compute(case: Case) -> Outputs | None:
        blocks = _layer(case).blocks
        return None if blocks == 1 else _count(count(case) // blocks * (blocks - 1))

    return compute


def _without_recurrent(count: Callable[[Case], int]) -> Callable[[Case], Outputs | None]:
    def compute(case: Case) -> Outputs | None:
        n = _layer(case)
        return _count(count(case) - n.copies * n.blocks * n.hidden * n.hidden)

    return compute


CANDIDATE = (
    "count.candidate-forgotten",
    N_("the candidate's block left out (the LSTM counted as 3 blocks, the GRU as 2)"),
    N_(
        "The candidate (LSTM's g, GRU's n) has its own weights and bias like a gate: the LSTM "
        "has 4 blocks, the GRU 3, the vanilla RNN 1."
    ),
)
NO_RECURRENT = (
    "count.no-recurrent-weights",
    N_("the recurrent weights W_hh left out"),
    N_(
        "Each block has input weights (h × x) and recurrent weights (h × h): h · (x + h) "
        "weights per block, before the biases."
    ),
)
TWO_BIASES = (
    "count.two-biases",
    N_("two biases per block counted, as PyTorch does"),
    N_(
        "PyTorch keeps bias_ih and bias_hh; this convention has one bias per block (Keras' "
        "GRU with reset_after=True being the one exception)."
    ),
)


def _one_bias(case: Case) -> Outputs:
    n = _layer(case)
    return {"count": _torch(case) - n.copies * n.blocks * n.hidden}


def _layer_input(case: Case) -> Outputs | None:
    n = _layer(case)
    if n.layers == 1:
        return None
    one = engine.param_count(n.cell, n.input_size, n.hidden, "pytorch", 1, n.bidirectional)
    return _count(n.layers * one)


def _one_direction(case: Case) -> Outputs | None:
    return _count(_torch(case) // 2) if _layer(case).bidirectional else None


def _as_torch(case: Case) -> Outputs | None:
    n = _layer(case)
    return _count(engine.param_count(n.cell, n.input_size, n.hidden, "pytorch"))


def _gru_one_bias(case: Case) -> Outputs | None:
    n = _layer(case)
    if n.cell != "gru" or not n.reset_after:
        return None
    return _count(engine.param_count("gru", n.input_size, n.hidden, "keras", reset_after=False))


PYTORCH_MISTAKES = (
    WrongMethod(
        "count.one-bias",
        N_("one bias per block counted (the textbook's convention)"),
        N_(
            "PyTorch keeps two biases per block, bias_ih and bias_hh, both trainable: "
            "nn.LSTM(10, 20) has 4 · (20 · 30 + 2 · 20) = 2560 parameters."
        ),
        compute=_one_bias,
        convention=True,
    ),
    WrongMethod(*CANDIDATE, compute=_fewer_blocks(_torch)),
    WrongMethod(
        "count.layer-input",
        N_("every layer counted with input_size inputs"),
        N_(
            "Layer k > 0 takes the previous layer's output: hidden_size features, or 2 · "
            "hidden_size when bidirectional. A 2-layer nn.LSTM(10, 20) has 5920."
        ),
        compute=_layer_input,
    ),
    WrongMethod(
        "count.one-direction",
        N_("only one direction counted"),
        N_(
            "bidirectional=True gives each layer a second direction with its own weights and "
            "biases (the _reverse parameters)."
        ),
        compute=_one_direction,
    ),
    WrongMethod(*NO_RECURRENT, compute=_without_recurrent(_torch)),
)
KERAS_MISTAKES = (
    WrongMethod(*TWO_BIASES, compute=_as_torch, convention=True),
    WrongMethod(
        "count.gru-reset-after-bias",
        N_("the GRU's second bias forgotten (reset_after=True keeps two)"),
        N_(
            "With reset_after=True (the default of tf.keras 2 and Keras 3) the GRU's bias is "
            "(2, 3 · units): GRU(20) "
            "on 10 features has 1920, not 1860 (reset_after=False)."
        ),
        compute=_gru_one_bias,
    ),
    WrongMethod(*CANDIDATE, compute=_fewer_blocks(_keras)),
    WrongMethod(*NO_RECURRENT, compute=_without_recurrent(_keras)),
)
TEXTBOOK_MISTAKES = (
    WrongMethod(*TWO_BIASES, compute=_as_torch, convention=True),
    WrongMethod(*CANDIDATE, compute=_fewer_blocks(_textbook)),
    WrongMethod(*NO_RECURRENT, compute=_without_recurrent(_textbook)),
)


def _cases(
    names: tuple[str, ...], rows: list[tuple[str, tuple[Value, ...]]]
) -> Callable[[], list[Case]]:
    return lambda: [Case(label, dict(zip(names, values, strict=True))) for label, values in rows]


PYTORCH_CASES = _cases(
    ("cell", "input_size", "hidden_size", "num_layers", "bidirectional"),
    [
        ("nn.LSTM(10, 20)", ("lstm", 10, 20, 1, False)),
        ("nn.GRU(10, 20)", ("gru", 10, 20, 1, False)),
        ("nn.RNN(10, 20)", ("rnn", 10, 20, 1, False)),
        (N_("two layers"), ("lstm", 10, 20, 2, False)),
        (N_("bidirectional"), ("lstm", 10, 20, 1, True)),
        (N_("two layers, bidirectional"), ("lstm", 10, 20, 2, True)),
        (N_("one unit"), ("gru", 3, 1, 1, False)),
        (N_("three layers, bidirectional"), ("rnn", 7, 5, 3, True)),
        (N_("a big GRU"), ("gru", 128, 256, 2, True)),
    ],
)
KERAS_CASES = _cases(
    ("cell", "input_size", "units", "reset_after"),
    [
        (N_("LSTM(20) on 10 features"), ("lstm", 10, 20, True)),
        ("GRU(20), reset_after=True", ("gru", 10, 20, True)),
        ("GRU(20), reset_after=False", ("gru", 10, 20, False)),
        ("SimpleRNN(20)", ("rnn", 10, 20, True)),
        (N_("one unit"), ("lstm", 3, 1, True)),
        (N_("random sizes"), ("gru", 37, 64, True)),
        (N_("random sizes, reset_after=False"), ("gru", 5, 12, False)),
    ],
)
TEXTBOOK_CASES = _cases(
    ("cell", "input_size", "hidden_size"),
    [
        (N_("an LSTM, x = 10, h = 20"), ("lstm", 10, 20)),
        (N_("a GRU, x = 10, h = 20"), ("gru", 10, 20)),
        (N_("a vanilla RNN"), ("rnn", 10, 20)),
        (N_("one unit"), ("lstm", 1, 1)),
        (N_("random sizes"), ("gru", 33, 17)),
    ],
)


def _drill(
    name: str,
    title: str,
    parts: tuple[str, str, str],
    cases: Callable[[], list[Case]],
    count: Callable[[Case], int],
    mistakes: tuple[WrongMethod, ...],
) -> Drill:
    drill_id = f"param-count.{name}"
    return build_drill(
        drill_id,
        title,
        Task("param_count", *parts, uses_numpy=False),
        summary=title,
        returns=Returns((Output("count", "integer"),)),
        cases=cases,
        expected=lambda case: Expected({"count": count(case)}),
        mistakes=mistakes,
        strict_floats=False,
        topics=("numeric.param-count", "lstm.param-count", "gru.param-count"),
        tags={"framework": name},
    )


DRILLS = (
    _drill(
        "pytorch",
        N_(
            "parameter count of nn.RNN / nn.GRU / nn.LSTM "
            "(PyTorch's two biases, layers, directions)"
        ),
        (PYTORCH_SIGNATURE, PYTORCH_DOC, PYTORCH_BODY),
        PYTORCH_CASES,
        _torch,
        PYTORCH_MISTAKES,
    ),
    _drill(
        "keras",
        N_("parameter count of Keras' SimpleRNN / GRU / LSTM (one bias; GRU reset_after)"),
        (KERAS_SIGNATURE, KERAS_DOC, KERAS_BODY),
        KERAS_CASES,
        _keras,
        KERAS_MISTAKES,
    ),
    _drill(
        "textbook",
        N_("parameter count of a recurrent layer, the textbook's one bias per block"),
        (TEXTBOOK_SIGNATURE, TEXTBOOK_DOC, TEXTBOOK_BODY),
        TEXTBOOK_CASES,
        _textbook,
        TEXTBOOK_MISTAKES,
    ),
)

"""Parameter counts under each framework's bias convention.

Per layer with input x, hidden h and G weight blocks (RNN 1, GRU 3, LSTM 4):
    textbook: G * (h * (x + h) + h)       one bias per block
    PyTorch:  G * (h * (x + h) + 2h)      bias_ih and bias_hh (bias=False drops both)
    Keras:    G * (h * (x + h) + h)       one bias; GRU reset_after=True keeps two (bias (2, 3h))
PyTorch's layer k > 0 takes D * h inputs (D = 2 if bidirectional), or D * proj_size with an
LSTM projection, which adds weight_hr (p, h) and makes weight_hh (4h, p).
"""

from __future__ import annotations

GATE_BLOCKS = {"rnn": 1, "gru": 3, "lstm": 4}
FRAMEWORKS = ("pytorch", "keras", "textbook")


def param_count(
    cell: str,
    input_size: int,
    hidden_size: int,
    framework: str = "pytorch",
    num_layers: int = 1,
    bidirectional: bool = False,
    proj_size: int = 0,
    *,
    bias: bool = True,
    reset_after: bool = True,
) -> int:
    """Number of trainable parameters of a (stacked, optionally bidirectional) recurrent layer.

    >>> param_count("lstm", 10, 20)
    2560
    >>> param_count("lstm", 10, 20, framework="keras")
    2480
    >>> param_count("gru", 10, 20, framework="keras", reset_after=False)
    1860
    """
    cell = cell.lower()
    if cell not in GATE_BLOCKS:
        raise ValueError(f"cell must be one of {sorted(GATE_BLOCKS)}; got {cell!r}")
    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be one of {list(FRAMEWORKS)}; got {framework!r}")
    for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
    if num_layers < 1:
        raise ValueError(f"num_layers must be at least 1; got {num_layers}")
    if proj_size:
        if cell != "lstm" or framework != "pytorch":
            raise ValueError("proj_size exists only for PyTorch's LSTM")
        if not 0 < proj_size < hidden_size:
            raise ValueError(f"proj_size must be in 1..hidden_size-1; got {proj_size}")
    if framework != "pytorch" and (num_layers != 1 or bidirectional):
        # Keras and the textbook stack layers explicitly; count one layer and multiply there.
        raise ValueError("num_layers and bidirectional are PyTorch arguments")

    blocks = GATE_BLOCKS[cell]
    h = hidden_size
    if framework == "pytorch":
        directions = 2 if bidirectional else 1
        out_features = proj_size or h
        total = 0
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else directions * out_features
            per_direction = blocks * h * layer_input + blocks * h * out_features
            if bias:
                per_direction += 2 * blocks * h
            if proj_size:
                per_direction += proj_size * h
            total += directions * per_direction
        return total
    biases = blocks * h if bias else 0
    if framework == "keras" and cell == "gru" and reset_after and bias:
        biases *= 2
    return blocks * h * (input_size + h) + biases

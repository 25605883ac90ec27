"""One wrong solution per named mistake of every drill: the reference with that one slip.

Each entry is a list of (old, new) replacements applied to the drill's reference file; the
test checks every mistake a drill names has an entry here, and that checking the patched file
fails and names that mistake.
"""

from __future__ import annotations

from quizapp.drills.gru_step import RESETS, UPDATES

Patch = list[tuple[str, str]]

NAIVE_SIGMOID: Patch = [
    (
        "    e = np.exp(-np.abs(a))\n    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
        "    return 1.0 / (1.0 + np.exp(-a))",
    )
]
SIGMOID_BODY = (
    "e = np.exp(-np.abs(x))  # never more than 1: nothing to overflow\n"
    "    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))"
)

RNN_ROWS = "return np.tanh(x @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh)"
RNN_COLUMNS = "return np.tanh(W_xh @ x + W_hh @ h_prev + b)"


def _rnn(
    body: str, transposed: tuple[str, str], recurrent: str, bias: tuple[str, str, str]
) -> dict[str, Patch]:
    pre = body.removeprefix("return np.tanh(")[:-1]
    return {
        "rnn.transposed-weights": [transposed],
        "rnn.no-recurrence": [(recurrent, "")],
        "rnn.sigmoid-instead-of-tanh": [(body, f"return 1.0 / (1.0 + np.exp(-({pre})))")],
        "rnn.no-tanh": [(body, f"return {pre}")],
        "tanh.unstable": [(body, f"e = np.exp(2.0 * ({pre}))\n    return (e - 1.0) / (e + 1.0)")],
        bias[0]: [(bias[1], bias[2])],
    }


LSTM_ROWS: dict[str, Patch] = {
    "lstm.no-forget-gate": [("c = f * c_prev + i * g", "c = c_prev + i * g")],
    "lstm.sigmoid-tanh-swapped": [
        ("i = sigmoid(", "i = np.tanh("),
        ("f = sigmoid(", "f = np.tanh("),
        ("o = sigmoid(", "o = np.tanh("),
        ("g = np.tanh(", "g = sigmoid("),
    ],
    "lstm.i-f-swapped": [("c = f * c_prev + i * g", "c = i * c_prev + f * g")],
    "lstm.gate-order": [
        ("g = np.tanh(a[:, 2 * H : 3 * H])", "g = np.tanh(a[:, 3 * H :])"),
        ("o = sigmoid(a[:, 3 * H :])", "o = sigmoid(a[:, 2 * H : 3 * H])"),
    ],
    "lstm.old-cell-in-h": [("h = o * np.tanh(c)", "h = o * np.tanh(c_prev)")],
    "lstm.no-tanh-c": [("h = o * np.tanh(c)", "h = o * c")],
    "sigmoid.unstable": NAIVE_SIGMOID,
    "lstm.second-bias-dropped": [(" + b_hh  # (B, 4H)", "  # (B, 4H)")],
}
LSTM_COLUMNS: dict[str, Patch] = {
    **{
        k: v
        for k, v in LSTM_ROWS.items()
        if k not in ("lstm.gate-order", "lstm.second-bias-dropped")
    },
    "lstm.gate-order": [
        ("g = np.tanh(a[2 * H : 3 * H])", "g = np.tanh(a[3 * H :])"),
        ("o = sigmoid(a[3 * H :])", "o = sigmoid(a[2 * H : 3 * H])"),
    ],
    "lstm.concat-order": [("[h_prev, x]", "[x, h_prev]")],
    "lstm.bias-left-out": [(") + b  # (4H, B)", ")  # (4H, B)")],
}


def _gru(update: str, reset: str) -> dict[str, Patch]:
    other_update = "take" if update == "keep" else "keep"
    other_reset = "before" if reset == "after" else "after"
    reset_line = RESETS[reset][2]
    patches: dict[str, Patch] = {
        "gru.update-flipped": [(UPDATES[update][2], UPDATES[other_update][2])],
        "gru.reset-wrong-side": [(reset_line, RESETS[other_reset][2])],
        "gru.sigmoid-tanh-swapped": [
            ("r = sigmoid(", "r = np.tanh("),
            ("z = sigmoid(", "z = np.tanh("),
            ("n = np.tanh(", "n = sigmoid("),
        ],
        "gru.second-bias-dropped": [
            ("gh = h_prev @ W_hh.T + b_hh", "gh = h_prev @ W_hh.T"),
            *([(" + b_hh[2 * H :]", "")] if reset == "before" else []),
        ],
        "gru.gate-order": [
            (
                "r = sigmoid(gi[:, :H] + gh[:, :H])\n    z = sigmoid(gi[:, H : 2 * H] + gh[:, H : 2 * H])",
                "z = sigmoid(gi[:, :H] + gh[:, :H])\n    r = sigmoid(gi[:, H : 2 * H] + gh[:, H : 2 * H])",
            )
        ],
        "sigmoid.unstable": NAIVE_SIGMOID,
    }
    if reset == "after":
        patches["gru.bhn-outside-reset"] = [
            (
                reset_line,
                "n = np.tanh(gi[:, 2 * H :] + r * (h_prev @ W_hh[2 * H :].T) + b_hh[2 * H :])",
            )
        ]
    return patches


def _lstm_forward(batch_first: bool) -> dict[str, Patch]:
    axis = 1 if batch_first else 0
    patches: dict[str, Patch] = {
        "lstm.state-not-carried": [("+ h @ W_hh.T", "+ h0 @ W_hh.T")],
        "lstm.cell-not-carried": [("c = f * c + i * g", "c = f * c0 + i * g")],
        "lstm.outputs-shifted": [
            ("        outputs.append(h)\n", ""),
            (
                f"for t in range(xs.shape[{axis}]):\n",
                f"for t in range(xs.shape[{axis}]):\n        outputs.append(h)\n",
            ),
        ],
        "lstm.no-forget-gate": [("c = f * c + i * g", "c = c + i * g")],
        "lstm.second-bias-dropped": [(" + b_hh  # (B, 4H)", "  # (B, 4H)")],
        "sigmoid.unstable": NAIVE_SIGMOID,
    }
    if batch_first:
        patches["lstm.time-axis"] = [
            ("for t in range(xs.shape[1]):", "for t in range(xs.shape[0]):"),
            ("a = xs[:, t] @", "a = xs[t] @"),
            ("np.stack(outputs, axis=1)", "np.stack(outputs, axis=0)"),
        ]
    return patches


def _swap_blocks(name: str) -> str:
    """Code putting blocks 2 and 3 (g/c and o) of a stacked array the other way round."""
    return f"np.concatenate(np.split({name}, 4)[:2] + np.split({name}, 4)[:1:-1])"


WRONG: dict[str, dict[str, Patch]] = {
    "sigmoid": {
        "sigmoid.unstable": [(SIGMOID_BODY, "return 1.0 / (1.0 + np.exp(-x))")],
        "sigmoid.sign-flipped": [
            (
                "np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
                "np.where(x >= 0, e / (1.0 + e), 1.0 / (1.0 + e))",
            )
        ],
        "sigmoid.tanh-unhalved": [(SIGMOID_BODY, "return (1.0 + np.tanh(x)) / 2.0")],
    },
    "rnn-step.rows": _rnn(
        RNN_ROWS,
        ("h_prev @ W_hh.T", "h_prev @ W_hh"),
        " + h_prev @ W_hh.T",
        ("rnn.second-bias-dropped", " + b_hh)", ")"),
    ),
    "rnn-step.columns": _rnn(
        RNN_COLUMNS,
        ("W_hh @ h_prev", "W_hh.T @ h_prev"),
        " + W_hh @ h_prev",
        ("rnn.bias-left-out", " + b)", ")"),
    ),
    "lstm-step.rows": LSTM_ROWS,
    "lstm-step.columns": LSTM_COLUMNS,
    **{f"gru-step.{u}.{r}": _gru(u, r) for u in ("keep", "take") for r in ("after", "before")},
    "lstm-forward.seq-first": _lstm_forward(batch_first=False),
    "lstm-forward.batch-first": _lstm_forward(batch_first=True),
    "last-hidden.gather": {
        "padding.last-padded-step": [("out[np.arange(out.shape[0]), lengths - 1]", "out[:, -1]")],
        "padding.off-by-one": [("lengths - 1]", "lengths]")],
        "padding.no-batch-index": [
            ("out[np.arange(out.shape[0]), lengths - 1]", "out[:, lengths - 1]")
        ],
    },
    "last-hidden.masked": {
        "padding.last-padded-step": [("h = np.where(valid, h_new, h)", "h = h_new")],
        "padding.zeroed-state": [("h = np.where(valid, h_new, h)", "h = valid * h_new")],
        "padding.mask-off-by-one": [("(t < lengths)", "(t <= lengths)")],
    },
    "rnn-bptt": {
        "bptt.not-accumulated": [
            ('grads["W_xh"] +=', 'grads["W_xh"] ='),
            ('grads["W_hh"] +=', 'grads["W_hh"] ='),
            ('grads["b"] +=', 'grads["b"] ='),
        ],
        "bptt.no-tanh-derivative": [("da = dh * (1.0 - hs[t] ** 2)", "da = dh")],
        "bptt.derivative-at-previous-state": [("hs[t] ** 2", "hs[t - 1] ** 2")],
        "bptt.untransposed-recurrence": [("dh = W_hh.T @ da", "dh = W_hh @ da")],
        # W_hh is square, so its reversed outer product runs; W_xh's would not broadcast.
        "bptt.outer-product-reversed": [("np.outer(da, hs[t - 1])", "np.outer(hs[t - 1], da)")],
    },
    "jacobian-norm": {
        "jacobian.reversed-product": [
            (
                "product = ((1.0 - h**2)[:, None] * W_hh) @ product",
                "product = product @ ((1.0 - h**2)[:, None] * W_hh)",
            )
        ],
        "jacobian.derivative-at-previous-state": [
            (
                "        h = np.tanh(W_xh @ x + W_hh @ h + b)\n        product = ((1.0 - h**2)[:, None] * W_hh) @ product",
                "        product = ((1.0 - h**2)[:, None] * W_hh) @ product\n        h = np.tanh(W_xh @ x + W_hh @ h + b)",
            )
        ],
        "jacobian.no-tanh-derivative": [("((1.0 - h**2)[:, None] * W_hh)", "W_hh")],
        "jacobian.transposed-weights": [("* W_hh) @ product", "* W_hh.T) @ product")],
        "jacobian.frobenius-norm": [("np.linalg.norm(product, 2)", "np.linalg.norm(product)")],
    },
    "lstm-step-backward": {
        "lstm.backward-no-dh-into-dc": [
            ("dc_total = dc + dh * o * (1.0 - tanh_c**2)", "dc_total = dc")
        ],
        "lstm.backward-no-tanh-derivative": [
            ("dc_total = dc + dh * o * (1.0 - tanh_c**2)", "dc_total = dc + dh * o")
        ],
        "lstm.backward-dc-prev-without-f": [('"c_prev": dc_total * f', '"c_prev": dc_total')],
        "lstm.backward-gate-derivative": [
            ("dc_total * g * i * (1.0 - i)", "dc_total * g * (1.0 - i**2)"),
            ("dc_total * c_prev * f * (1.0 - f)", "dc_total * c_prev * (1.0 - f**2)"),
            ("dh * tanh_c * o * (1.0 - o)", "dh * tanh_c * (1.0 - o**2)"),
        ],
        "lstm.backward-bias-not-summed": [('"b": da.sum(axis=0)', '"b": da')],
        "sigmoid.unstable": NAIVE_SIGMOID,
    },
    "clip-grad.norm": {
        "clip.no-epsilon": [("(total + 1e-6)", "total")],
        "clip.per-array": [
            (
                "scale = min(max_norm / (total + 1e-6), 1.0)\n    return [g * scale for g in grads], total",
                "return [g * min(max_norm / (float(np.sqrt(np.sum(g * g))) + 1e-6), 1.0) for g in grads], total",
            )
        ],
        "clip.always-scaled": [
            ("min(max_norm / (total + 1e-6), 1.0)", "max_norm / (total + 1e-6)")
        ],
        "clip.norm-after": [
            (
                "return [g * scale for g in grads], total",
                "clipped = [g * scale for g in grads]\n"
                "    return clipped, float(np.sqrt(sum(float(np.sum(g * g)) for g in clipped)))",
            )
        ],
        "clip.squared-norm": [
            (
                "total = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads)))",
                "total = float(sum(float(np.sum(g * g)) for g in grads))",
            )
        ],
        "clip.by-value": [
            (
                "return [g * scale for g in grads], total",
                "return [np.clip(g, -max_norm, max_norm) for g in grads], total",
            )
        ],
    },
    "clip-grad.value": {
        "clip.value-one-sided": [
            ("np.clip(g, -clip_value, clip_value)", "np.minimum(g, clip_value)")
        ],
        "clip.value-by-norm": [
            (
                "return [np.clip(g, -clip_value, clip_value) for g in grads]",
                "total = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads)))\n"
                "    return [g * min(clip_value / (total + 1e-6), 1.0) for g in grads]",
            )
        ],
    },
    "param-count.pytorch": {
        "count.one-bias": [("biases = 2 * blocks * hidden_size", "biases = blocks * hidden_size")],
        "count.candidate-forgotten": [
            ('{"rnn": 1, "gru": 3, "lstm": 4}', '{"rnn": 1, "gru": 2, "lstm": 3}')
        ],
        "count.layer-input": [
            (
                "layer_input = input_size if layer == 0 else directions * hidden_size",
                "layer_input = input_size",
            )
        ],
        "count.one-direction": [
            ("total += directions * (weights + biases)", "total += weights + biases")
        ],
        "count.no-recurrent-weights": [("(layer_input + hidden_size)", "layer_input")],
    },
    "param-count.keras": {
        "count.two-biases": [
            ("biases = blocks * units\n", "biases = 2 * blocks * units\n"),
            ('if cell == "gru" and reset_after:\n        biases *= 2', "if False:\n        pass"),
        ],
        "count.gru-reset-after-bias": [
            ('if cell == "gru" and reset_after:\n        biases *= 2', "if False:\n        pass")
        ],
        "count.candidate-forgotten": [
            ('{"rnn": 1, "gru": 3, "lstm": 4}', '{"rnn": 1, "gru": 2, "lstm": 3}')
        ],
        "count.no-recurrent-weights": [("(input_size + units)", "input_size")],
    },
    "param-count.textbook": {
        "count.two-biases": [
            (
                "(input_size + hidden_size) + hidden_size)",
                "(input_size + hidden_size) + 2 * hidden_size)",
            )
        ],
        "count.candidate-forgotten": [
            ('{"rnn": 1, "gru": 3, "lstm": 4}', '{"rnn": 1, "gru": 2, "lstm": 3}')
        ],
        "count.no-recurrent-weights": [("(input_size + hidden_size)", "input_size")],
    },
    "lstm-convert.torch-to-keras": {
        "convert.second-bias-dropped": [("bias = bias_ih + bias_hh", "bias = bias_ih.copy()")],
        "convert.not-transposed": [
            ("weight_ih.T.copy()", "weight_ih.copy()"),
            ("weight_hh.T.copy()", "weight_hh.copy()"),
        ],
        "convert.reshaped": [
            ("weight_ih.T.copy()", "weight_ih.reshape(weight_ih.shape[1], -1)"),
            ("weight_hh.T.copy()", "weight_hh.reshape(weight_hh.shape[1], -1)"),
        ],
        "convert.gate-order": [
            ("kernel = weight_ih.T.copy()", f"kernel = {_swap_blocks('weight_ih')}.T"),
            (
                "recurrent_kernel = weight_hh.T.copy()",
                f"recurrent_kernel = {_swap_blocks('weight_hh')}.T",
            ),
            ("bias = bias_ih + bias_hh", f"b = bias_ih + bias_hh\n    bias = {_swap_blocks('b')}"),
        ],
    },
    "lstm-convert.keras-to-torch": {
        "convert.bias-doubled": [("np.zeros_like(bias)", "bias.copy()")],
        "convert.not-transposed": [(".T.copy()", ".copy()")],
        "convert.reshaped": [
            ("= kernel.T.copy()", "= kernel.reshape(kernel.shape[1], -1)"),
            (
                "recurrent_kernel.T.copy()",
                "recurrent_kernel.reshape(recurrent_kernel.shape[1], -1)",
            ),
        ],
        "convert.gate-order": [
            ("weight_ih = kernel.T.copy()", f"weight_ih = {_swap_blocks('kernel.T')}"),
            (
                "weight_hh = recurrent_kernel.T.copy()",
                f"weight_hh = {_swap_blocks('recurrent_kernel.T')}",
            ),
            ("bias.copy(), np.zeros_like(bias)", f"{_swap_blocks('bias')}, np.zeros_like(bias)"),
        ],
    },
}

"""Trainable parameters of a recurrent word-level language model, with or without weight tying.

embedding (V × d) → recurrent layers (per-layer counts from ``engine.param_count``) → linear
decoder (V × h weight, V biases). Tying the input embedding and the output softmax weights
(Press & Wolf 2017; Inan et al. 2017) makes the decoder reuse the embedding matrix, which needs
the last recurrent layer's output size h to equal d, as PyTorch's word_language_model example
checks. Only the weight is shared: the decoder keeps its own V biases.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine import param_count


@dataclass(frozen=True)
class LMParams:
    embedding: int
    recurrent: int
    decoder_weight: int  # 0 when tied: the embedding matrix is reused
    decoder_bias: int

    @property
    def total(self) -> int:
        return self.embedding + self.recurrent + self.decoder_weight + self.decoder_bias


def language_model_params(
    vocab: int,
    embed: int,
    hidden: int,
    cell: str = "lstm",
    num_layers: int = 1,
    framework: str = "pytorch",
    *,
    tied: bool = False,
    decoder_bias: bool = True,
) -> LMParams:
    """Parameters by part; every layer has ``hidden`` units and layer 0 reads the embedding."""
    for name, value in (("vocab", vocab), ("embed", embed), ("hidden", hidden)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
    if int(num_layers) != num_layers or num_layers < 1:
        raise ValueError(f"num_layers must be a positive integer; got {num_layers!r}")
    if tied and hidden != embed:
        raise ValueError(
            f"tying needs the last layer's output size to equal the embedding size; "
            f"got hidden={hidden}, embed={embed}"
        )
    if framework == "pytorch":
        recurrent = param_count(cell, embed, hidden, framework, num_layers=num_layers)
    else:  # Keras and the textbook stack layers one by one
        recurrent = param_count(cell, embed, hidden, framework) + (num_layers - 1) * param_count(
            cell, hidden, hidden, framework
        )
    return LMParams(
        embedding=vocab * embed,
        recurrent=recurrent,
        decoder_weight=0 if tied else vocab * hidden,
        decoder_bias=vocab if decoder_bias else 0,
    )

"""Engine-backed numeric templates: the one bridge between the banks and ``engine``.

A template takes a seed and its parameters and returns a ``Variant``: the drawn numbers, the
prompt, the answer and tolerance, and the worked solution. Same seed, same question.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping

from quizapp.templates.base import Template, Tolerance, Variant, WorkedStep

# name -> (module, class): a template's module (and what it imports of the engine) loads when
# the template is first asked for, so the first numeric question of a start loads one module,
# not nineteen. ``tests/templates/test_registry.py`` holds every name to its class's ``name``.
_WHERE: dict[str, tuple[str, str]] = {
    "lstm_step": ("lstm_step", "LSTMStep"),
    "gru_step": ("gru_step", "GRUStep"),
    "rnn_steps": ("rnn_steps", "RNNSteps"),
    "param_count": ("counts", "ParamCount"),
    "rnn_gradient": ("gradient_paths", "RNNGradientNorm"),
    "lstm_cell_path": ("gradient_paths", "LSTMCellPath"),
    "clip_gradient": ("clipping", "ClipGradient"),
    "rnn_jacobian": ("rnn_jacobian", "RNNJacobian"),
    "gradient_decay": ("gradient_decay", "GradientDecay"),
    "min_gru_scan": ("linear_scan", "MinGRUScan"),
    "irnn_steps": ("relu_rnn", "IRNNSteps"),
    "relu_rnn_growth": ("relu_rnn", "ReLUGrowth"),
    "layer_norm_step": ("normalization", "LayerNormStep"),
    "dropout_mask_count": ("regularization", "DropoutMasks"),
    "lm_param_count": ("regularization", "LMParamCount"),
    "layer_cost": ("costs", "LayerCostTemplate"),
    "lstm_cell_jacobian": ("lstm_jacobian", "LSTMCellJacobian"),
    "rnn_weight_gradient": ("bptt_sum", "RNNWeightGradient"),
    "decoder_attention": ("attention", "AttentionStep"),
}


class _Registry(Mapping[str, Template]):
    """Every template by name, each made (its module imported) on first use."""

    def __init__(self, where: Mapping[str, tuple[str, str]]) -> None:
        self._where = where
        self._made: dict[str, Template] = {}

    def __getitem__(self, name: str) -> Template:
        template = self._made.get(name)
        if template is None:
            module, attribute = self._where[name]
            loaded = importlib.import_module(f"{__name__}.{module}")
            # two threads may make it at once: both get the one that was kept
            template = self._made.setdefault(name, getattr(loaded, attribute)())
        return template

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


TEMPLATES: Mapping[str, Template] = _Registry(_WHERE)


class UnknownTemplate(KeyError):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown template"


def preload(names: Iterable[str]) -> None:
    """Make the templates ``names`` (unknown ones are skipped: the loader reports them) and
    load the random generator a first draw needs (~15 ms), so that draw has nothing to load."""
    import numpy.random  # noqa: F401

    for name in names:
        TEMPLATES.get(name)


def get_template(name: str) -> Template:
    try:
        return TEMPLATES[name]
    except KeyError:
        known = ", ".join(sorted(TEMPLATES))
        raise UnknownTemplate(f"unknown template '{name}'; known templates: {known}") from None


__all__ = [
    "TEMPLATES",
    "Template",
    "Tolerance",
    "UnknownTemplate",
    "Variant",
    "WorkedStep",
    "get_template",
    "preload",
]

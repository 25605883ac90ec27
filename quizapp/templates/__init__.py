"""Engine-backed numeric templates: the one bridge between the banks and ``engine``.

A template takes a seed and its parameters and returns a ``Variant``: the drawn numbers, the
prompt, the answer and tolerance, and the worked solution. Same seed, same question.
"""

from __future__ import annotations

from quizapp.templates.attention import AttentionStep
from quizapp.templates.base import Template, Tolerance, Variant, WorkedStep
from quizapp.templates.bptt_sum import RNNWeightGradient
from quizapp.templates.clipping import ClipGradient
from quizapp.templates.costs import LayerCostTemplate
from quizapp.templates.counts import ParamCount
from quizapp.templates.gradient_decay import GradientDecay
from quizapp.templates.gradient_paths import LSTMCellPath, RNNGradientNorm
from quizapp.templates.gru_step import GRUStep
from quizapp.templates.linear_scan import MinGRUScan
from quizapp.templates.lstm_jacobian import LSTMCellJacobian
from quizapp.templates.lstm_step import LSTMStep
from quizapp.templates.normalization import LayerNormStep
from quizapp.templates.regularization import DropoutMasks, LMParamCount
from quizapp.templates.relu_rnn import IRNNSteps, ReLUGrowth
from quizapp.templates.rnn_jacobian import RNNJacobian
from quizapp.templates.rnn_steps import RNNSteps

TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        LSTMStep(),
        GRUStep(),
        RNNSteps(),
        ParamCount(),
        RNNGradientNorm(),
        LSTMCellPath(),
        ClipGradient(),
        RNNJacobian(),
        GradientDecay(),
        MinGRUScan(),
        IRNNSteps(),
        ReLUGrowth(),
        LayerNormStep(),
        DropoutMasks(),
        LMParamCount(),
        LayerCostTemplate(),
        LSTMCellJacobian(),
        RNNWeightGradient(),
        AttentionStep(),
    )
}


class UnknownTemplate(KeyError):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown template"


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
]

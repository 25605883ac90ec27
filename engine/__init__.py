"""Exact RNN, LSTM and GRU cells in float64 NumPy: forward, BPTT, Jacobians, counts, clipping.

The engine knows nothing of quizzes. Everything a numeric question shows a learner (every gate,
every state, every gradient) is computed here and checked against PyTorch in the tests.
Conventions that change answers are explicit parameters: GRU ``update`` (keep | take) and
``reset`` (before | after), LSTM peepholes and forget bias, RNN nonlinearity.
"""

from engine.clipping import clip_grad_norm, clip_grad_value, global_norm
from engine.gru import GRUCell
from engine.jacobians import (
    cell_path_norms,
    cell_state_path,
    gradient_norms,
    jacobian_product,
    lstm_state_jacobians,
    rnn_jacobian,
    step_jacobians,
)
from engine.lstm import LSTMCell
from engine.params import param_count
from engine.rnn import RNNCell
from engine.steps import GRUStep, LSTMStep, RNNStep

__all__ = [
    "GRUCell",
    "GRUStep",
    "LSTMCell",
    "LSTMStep",
    "RNNCell",
    "RNNStep",
    "cell_path_norms",
    "cell_state_path",
    "clip_grad_norm",
    "clip_grad_value",
    "global_norm",
    "gradient_norms",
    "jacobian_product",
    "lstm_state_jacobians",
    "param_count",
    "rnn_jacobian",
    "step_jacobians",
]

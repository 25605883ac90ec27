"""Exact RNN, LSTM and GRU cells in float64 NumPy: forward, BPTT, Jacobians, counts, clipping.

The engine knows nothing of quizzes. Everything a numeric question shows a learner (every gate,
every state, every gradient) is computed here and checked against PyTorch in the tests.
"""

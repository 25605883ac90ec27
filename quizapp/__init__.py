"""quizapp: practise RNN, LSTM and GRU interview questions in the terminal."""

# The single source of the version (hatch reads it from here): a literal, because asking
# importlib.metadata costs ~40 ms of every start-up.
__version__ = "0.1.0"

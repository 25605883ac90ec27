"""quizapp: practise RNN, LSTM and GRU interview questions in the terminal."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("quizapp")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+source"

"""A problem in a bank file, positioned like a compiler's: ``path:line:col: message``.

Errors stop a file from loading; warnings (item-writing rules, untranslated text) do not,
unless ``quizapp validate --strict`` counts them as errors.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class BankError:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    message: str

    def __str__(self) -> str:
        message = " ".join(self.message.split())  # one error, one line
        return f"{self.path}:{self.line}:{self.col}: {message}"


@dataclass(frozen=True, order=True)
class ItemWarning:
    """One rule firing at one YAML node, printed like the loader's errors."""

    path: str
    line: int
    col: int
    rule: str
    message: str

    def render(self, level: str = "warning") -> str:
        message = " ".join(self.message.split())
        return f"{self.path}:{self.line}:{self.col}: {level}[{self.rule}]: {message}"

    def __str__(self) -> str:
        return self.render()

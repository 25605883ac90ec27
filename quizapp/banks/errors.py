"""A problem in a bank file, positioned like a compiler's: ``path:line:col: message``."""

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

"""The bank format, a loader that points at the exact line, and the JSON Schema. No terminal.

Names are imported on first use (PEP 562), so ``quizapp.banks.files`` and the catalog cache
can be used at start-up without loading PyYAML, pydantic and the validators.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.banks.errors import BankError
    from quizapp.banks.files import bank_files
    from quizapp.banks.loader import LoadedBank, LoadResult, load_banks
    from quizapp.banks.models import (
        KINDS,
        BankFile,
        BankMeta,
        ChoiceQuestion,
        CodeQuestion,
        Conventions,
        FlashcardQuestion,
        MultiQuestion,
        NumericQuestion,
        Option,
        Question,
        ShortQuestion,
        SpotTheMistakeQuestion,
        Tolerance,
    )

    Bank = LoadedBank

_WHERE = {
    "BankError": ("errors", "BankError"),
    "bank_files": ("files", "bank_files"),
    "Bank": ("loader", "LoadedBank"),
    "LoadedBank": ("loader", "LoadedBank"),
    "LoadResult": ("loader", "LoadResult"),
    "load_banks": ("loader", "load_banks"),
    **{
        name: ("models", name)
        for name in (
            "KINDS",
            "BankFile",
            "BankMeta",
            "ChoiceQuestion",
            "CodeQuestion",
            "Conventions",
            "FlashcardQuestion",
            "MultiQuestion",
            "NumericQuestion",
            "Option",
            "Question",
            "ShortQuestion",
            "SpotTheMistakeQuestion",
            "Tolerance",
        )
    },
}


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'quizapp.banks' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"quizapp.banks.{module}"), attribute)
    globals()[name] = value
    return value


__all__ = [
    "KINDS",
    "Bank",
    "BankError",
    "BankFile",
    "BankMeta",
    "ChoiceQuestion",
    "CodeQuestion",
    "Conventions",
    "FlashcardQuestion",
    "LoadResult",
    "LoadedBank",
    "MultiQuestion",
    "NumericQuestion",
    "Option",
    "Question",
    "ShortQuestion",
    "SpotTheMistakeQuestion",
    "Tolerance",
    "bank_files",
    "load_banks",
]

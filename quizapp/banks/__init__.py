"""The bank format, a loader that points at the exact line, and the JSON Schema. No terminal."""

from quizapp.banks.errors import BankError
from quizapp.banks.loader import LoadedBank, LoadResult, bank_files, load_banks
from quizapp.banks.models import (
    KINDS,
    BankFile,
    BankMeta,
    ChoiceQuestion,
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

__all__ = [
    "KINDS",
    "Bank",
    "BankError",
    "BankFile",
    "BankMeta",
    "ChoiceQuestion",
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

"""Progress that is never lost: SQLite (WAL, migrations) and FSRS scheduling. No terminal."""

from typing import TYPE_CHECKING

from quizapp.store.clock import Clock, FixedClock, SystemClock
from quizapp.store.code_attempts import CodeAttempt
from quizapp.store.errors import Fault, StoreError
from quizapp.store.records import (
    LEECH_LAPSES,
    UNSCHEDULED_MODES,
    AnswerRecord,
    CardState,
    Settings,
)
from quizapp.store.recovery import Recovery
from quizapp.store.store import Store

if TYPE_CHECKING:
    from quizapp.store.scheduling import rating_for

__all__ = [
    "LEECH_LAPSES",
    "UNSCHEDULED_MODES",
    "AnswerRecord",
    "CardState",
    "Clock",
    "CodeAttempt",
    "Fault",
    "FixedClock",
    "Recovery",
    "Settings",
    "Store",
    "StoreError",
    "SystemClock",
    "rating_for",
]


def __getattr__(name: str) -> object:
    """``rating_for`` loads fsrs, which start-up does not need: it is imported on first use."""
    if name == "rating_for":
        from quizapp.store.scheduling import rating_for

        return rating_for
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

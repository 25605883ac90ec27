"""Progress that is never lost: SQLite (WAL, migrations) and FSRS scheduling. No terminal."""

from quizapp.store.clock import Clock, FixedClock, SystemClock
from quizapp.store.database import StoreError
from quizapp.store.records import (
    LEECH_LAPSES,
    UNSCHEDULED_MODES,
    AnswerRecord,
    CardState,
    Settings,
)
from quizapp.store.scheduling import rating_for
from quizapp.store.store import Store

__all__ = [
    "LEECH_LAPSES",
    "UNSCHEDULED_MODES",
    "AnswerRecord",
    "CardState",
    "Clock",
    "FixedClock",
    "Settings",
    "Store",
    "StoreError",
    "SystemClock",
    "rating_for",
]

"""Write transactions, and the guard that turns any database failure into a ``StoreError``.

A store method marked ``@guarded(N_(doing), N_(kept))`` never lets a ``sqlite3.Error`` or
``OSError`` out: the caller (the app's fault boundary, a CLI command) gets one typed error
saying what failed, what was kept and what to do. A damaged page seen this way is
remembered, so the store leaves its crash marker behind on close and the next start checks
the file fully.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from quizapp.i18n import _
from quizapp.store.errors import Fault, StoreError, describe

P = ParamSpec("P")
R = TypeVar("R")


class Guarded(Protocol):
    path: Path
    damage_seen: bool


G = TypeVar("G", bound=Guarded)


def guarded(
    doing: str, kept: str
) -> Callable[[Callable[Concatenate[G, P], R]], Callable[Concatenate[G, P], R]]:
    """Turn database failures of the decorated method into a ``StoreError``; ``doing`` and
    ``kept`` are English msgids (marked ``N_``), translated when a failure is described."""

    def decorate(method: Callable[Concatenate[G, P], R]) -> Callable[Concatenate[G, P], R]:
        @functools.wraps(method)
        def wrapper(self: G, /, *args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.ProgrammingError:
                raise  # a bug in the caller (a closed store, another thread), not a fault
            except (sqlite3.Error, OSError) as exc:
                error = describe(exc, self.path, _(doing), _(kept))
                if error.fault is Fault.DAMAGED:
                    self.damage_seen = True
                raise error from exc
            except StoreError as error:
                if error.fault is Fault.DAMAGED:
                    self.damage_seen = True
                raise

        return wrapper

    return decorate


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT: the write lock first, so concurrent writers wait, not fail.

    Threads sharing one connection take turns through a per-connection lock; other
    connections (other instances of quizapp) wait on SQLite's busy timeout. A failed COMMIT
    (a full disk) leaves SQLite's own rollback in place; nothing half-written remains.
    """

    def __init__(self, connection: sqlite3.Connection, lock: threading.RLock) -> None:
        self.connection = connection
        self.lock = lock

    def __enter__(self) -> None:
        self.lock.acquire()
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.lock.release()
            raise

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            if exc_type is None:
                self.connection.execute("COMMIT")
        except BaseException:
            self._roll_back()
            raise
        finally:
            if exc_type is not None:
                self._roll_back()
            self.lock.release()

    def _roll_back(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

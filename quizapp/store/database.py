"""Opening the progress database so that nothing already saved is ever lost.

- WAL journal, foreign keys on, a busy timeout so two instances can share the data.
- A file that is not a readable SQLite database is moved aside to a timestamped backup
  (never deleted or overwritten) and a fresh database is created.
- A database written by a newer quizapp is left untouched, with a clear error.
- A data directory that cannot be written gives a clear error.
- The full ``PRAGMA quick_check`` (a tenth of a second on 100,000 reviews) runs only when the
  last session did not close cleanly, which an ``in-use`` marker beside the file records;
  after a clean close the header and the schema are checked, which is what start-up can afford.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from quizapp.store.clock import Clock
from quizapp.store.migrations import SCHEMA_VERSION, migrate, schema_version

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """A problem with the progress database the learner can act on; the message says how."""


def connect(path: Path) -> sqlite3.Connection:
    # One connection per thread (sqlite3's check_same_thread stays on): closing a connection
    # while another thread is mid-query on it crashes the process with SIGSEGV. Worker
    # threads read through ``Store.reader()``, which opens their own.
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across crashes
    return connection


def _use_wal(connection: sqlite3.Connection) -> None:
    """Switch to WAL (it persists in the file). SQLite answers this pragma with "database is
    locked" at once, without waiting, while another instance is creating the same file, so
    it is retried for as long as any other statement would wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _is_busy(exc: sqlite3.Error) -> bool:
    return (getattr(exc, "sqlite_errorname", "") or "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _is_damaged(exc: sqlite3.DatabaseError) -> bool:
    """Only a file that is not a database, or a damaged one, is moved aside: a lock held by
    another instance or an I/O error says nothing about the file (moving it aside on
    "database is locked" split two instances starting together onto two files)."""
    name = getattr(exc, "sqlite_errorname", None)
    return name is None or name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def open_database(path: Path, clock: Clock) -> tuple[sqlite3.Connection, str | None]:
    """Open (creating, migrating or recovering) the database; returns it and a notice, if any."""
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data directory {directory}: {exc.strerror}") from exc
    if not os.access(directory, os.W_OK | os.X_OK):
        raise StoreError(
            f"the data directory {directory} is read-only; choose another with --data-dir "
            "or QUIZAPP_DATA_DIR"
        )
    notice = None
    marker = in_use_marker(path)
    thorough = marker.exists()
    try:
        connection = _open_checked(path, thorough=thorough)
    except sqlite3.DatabaseError as exc:
        if not _is_damaged(exc):
            raise StoreError(f"cannot open {path}: {exc}") from exc
        backup = _move_aside(path, clock.now())
        notice = (
            f"{path} was not a readable quizapp database ({exc}); it was moved to {backup} "
            "and a fresh database was created"
        )
        connection = _open_checked(path, thorough=True)
    version = schema_version(connection)
    if version > SCHEMA_VERSION:
        connection.close()
        raise StoreError(
            f"{path} was written by a newer quizapp (schema {version}, this version knows "
            f"{SCHEMA_VERSION}); upgrade quizapp. The file was not changed."
        )
    migrate(connection)
    marker.touch()
    return connection, notice


def in_use_marker(path: Path) -> Path:
    """Present while a store has the database open; left behind by a crash or a kill."""
    return path.with_name(path.name + ".in-use")


def mark_closed(path: Path) -> None:
    in_use_marker(path).unlink(missing_ok=True)


def _open_checked(path: Path, *, thorough: bool) -> sqlite3.Connection:
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise sqlite3.DatabaseError("file is not a database")
    connection = connect(path)
    try:
        _use_wal(connection)
        if thorough:
            result = connection.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {result}")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


def _move_aside(path: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    path.rename(backup)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(backup.with_name(backup.name + suffix))
    return backup

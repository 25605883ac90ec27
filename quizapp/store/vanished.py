"""The database file deleted or replaced while a store has it open.

SQLite goes on writing to the file it opened after that file was deleted: every later answer
would land in a file no one can reach, gone when quizapp closes (and, replaced by another
file, the two would silently part). So before each write transaction and each reader the
store compares the file at its path with the one it opened (device and inode, one ``stat``).
A deleted (or emptied) file is written back from the open connection with SQLite's backup
API, which reads every committed page, and the store carries on with it; a file that was
replaced is left as it is and the open copy is saved beside it. Either way the caller gets a
``StoreError`` saying so, so the answer being saved is sent again, never lost in between.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from quizapp.i18n import _
from quizapp.store.database import connect
from quizapp.store.errors import Fault, StoreError

FileId = tuple[int, int]


def file_id(path: Path) -> FileId | None:
    """The file at ``path`` (device, inode); None when nothing is there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _gone(path: Path) -> bool:
    """Nothing at the path, or an empty file (a reader's connect creates one)."""
    try:
        return os.stat(path).st_size == 0
    except FileNotFoundError:
        return True


def _copy(connection: sqlite3.Connection, target: Path) -> None:
    """Every committed page of ``connection``'s database into ``target``, flushed to disk."""
    copy = sqlite3.connect(target)
    try:
        connection.backup(copy)
    finally:
        copy.close()
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def rescue(
    connection: sqlite3.Connection, path: Path, now: datetime
) -> tuple[sqlite3.Connection, StoreError]:
    """The connection to carry on with, and the error that tells what happened."""
    if _gone(path):
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the -wal left holds nothing
        temporary = path.with_name(f".{path.name}.restoring-{os.getpid()}")
        _copy(connection, temporary)
        connection.close()
        os.replace(temporary, path)
        return connect(path), StoreError(
            _(
                "{name} was deleted while quizapp was running; it was written back from the "
                "copy quizapp had open"
            ).format(name=path.name),
            kept=_("every answer saved so far is in it: nothing was lost"),
            todo=_("if you were saving an answer, send it again"),
            fault=Fault.DELETED,
            path=path,
        )
    copy = path.with_name(f"{path.name}.rescued-{now.strftime('%Y%m%dT%H%M%SZ')}")
    _copy(connection, copy)
    return connection, StoreError(
        _("{path} was replaced by another file while quizapp was running").format(path=path),
        kept=_(
            "your progress as quizapp had it open was saved to {copy}; the new file was "
            "left as it is"
        ).format(copy=copy),
        todo=_(
            "quit every quizapp, then rename {copy} to {name} to go on with "
            "your progress (or keep the new file)"
        ).format(copy=copy.name, name=path.name),
        fault=Fault.REPLACED,
        path=path,
    )

"""Opening the progress database so that nothing already saved is ever lost.

In this order, so that nothing is changed before the file is known to be quizapp's:
1. the data directory exists and can be written; the database path is a regular file (or
   absent): a FIFO, folder, device or dangling link there is reported, never opened;
2. this process registers beside the file (``instances``): a marker left by a process that
   ended without closing means the full check is due, which the caller runs off the path to
   the first screen (``Store.check_integrity``);
3. the file is identified: not SQLite at all, or unreadable (damaged), and it is moved aside
   with its rows salvaged (``recovery``); another program's SQLite file, or one from a newer
   quizapp, is left untouched with a clear error;
4. only then the journal mode (WAL) is set and the migrations run.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from datetime import datetime
from pathlib import Path

import msgspec

from quizapp.file_kinds import file_kind
from quizapp.i18n import N_, _
from quizapp.store.clock import to_db
from quizapp.store.errors import ANOTHER_DATA_DIR, Fault, StoreError, describe, is_busy, is_damage
from quizapp.store.instances import Instance
from quizapp.store.migrations import (
    APPLICATION_ID,
    FIRST_TABLES,
    SCHEMA_VERSION,
    TABLES,
    migrate,
    schema_version,
)
from quizapp.store.recovery import Recovery, move_aside, recent, record, salvage

BUSY_TIMEOUT_MS = 10_000
SQLITE_MAGIC = b"SQLite format 3\x00"
UNCHANGED = N_("nothing was changed")
OPENING = N_("opening the progress database")


class _Damaged(Exception):
    """The file cannot serve as the database; the message says why."""

    def __init__(self, reason: str, *, sqlite: bool = True) -> None:
        super().__init__(reason)
        self.sqlite = sqlite  # worth salvaging: it is an SQLite file


class Opened(msgspec.Struct):
    connection: sqlite3.Connection
    instance: Instance
    recovery: Recovery | None


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection to ``path``; ``read_only`` for a worker's reads (``Store.reader``): a
    connection opened just as a damaged file is moved aside can meet the new database's -wal
    and -shm under the old names, and a read-write one could then checkpoint them into the
    moved file when it closes. Read-only, a worker can never write the file it reads (a
    moved file was once found empty in a loaded run of the suite; this is the suspect)."""
    # One connection per thread (sqlite3's check_same_thread stays on): closing a connection
    # while another thread is mid-query on it crashes the process with SIGSEGV. Worker
    # threads read through ``Store.reader()``, which opens their own.
    target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    connection = sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, uri=read_only
    )
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across crashes
    return connection


def open_database(path: Path, clock_now: datetime) -> Opened:
    """Open (creating, migrating or recovering) the database at ``path``."""
    check_directory(path.parent)
    _check_file_kind(path)
    instance = Instance(path)
    try:
        instance.register()
        connection, recovery = _open_ours(path, clock_now, instance)
    except BaseException as exc:
        instance.close()
        if isinstance(exc, sqlite3.Error | OSError):
            raise describe(exc, path, _(OPENING), _(UNCHANGED)) from exc
        raise
    return Opened(connection, instance, recovery)


def check_directory(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise StoreError(
            _(
                "cannot create the data directory {directory}: a file of that name is in the way"
            ).format(directory=directory),
            kept=_(UNCHANGED),
            todo=_("move that file, {another_data_dir}").format(
                another_data_dir=_(ANOTHER_DATA_DIR)
            ),
            fault=Fault.NO_DATA_DIR,
            path=directory,
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        read_only = isinstance(exc, PermissionError) or exc.errno == 30  # EROFS
        raise StoreError(
            _("cannot create the data directory {directory}: {reason}").format(
                directory=directory, reason=exc.strerror
            ),
            kept=_(UNCHANGED),
            todo=_("create it yourself or fix its parent's permissions, {another_data_dir}").format(
                another_data_dir=_(ANOTHER_DATA_DIR)
            ),
            fault=Fault.READ_ONLY if read_only else Fault.NO_DATA_DIR,
            path=directory,
        ) from exc
    if not os.access(directory, os.W_OK | os.X_OK):
        raise StoreError(
            _("the data directory {directory} is read-only").format(directory=directory),
            kept=_(UNCHANGED),
            todo=_(
                "make it writable (or remount it read-write), {another_data_dir} "
                "(or QUIZAPP_DATA_DIR)"
            ).format(another_data_dir=_(ANOTHER_DATA_DIR)),
            fault=Fault.READ_ONLY,
            path=directory,
        )


def _check_file_kind(path: Path) -> None:
    """The database and the files SQLite and quizapp keep beside it are regular files (or
    absent): opening a FIFO blocks forever, a folder or a device fails deep inside SQLite."""
    for side in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", ".lock"))):
        what = _not_a_file(side)
        if what:
            if side.is_symlink() and not side.exists():  # dangling
                todo = _("restore what the link points at or remove the link, {another_data_dir}")
            else:
                todo = _("move or rename it, {another_data_dir}")
            raise StoreError(
                _("{path} is {what}, not a file quizapp can use").format(path=side, what=what),
                kept=_("it was left as it is"),
                todo=todo.format(another_data_dir=_(ANOTHER_DATA_DIR)),
                fault=Fault.NOT_A_FILE,
                path=side,
            )
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(
            _("{path} cannot be written (its permissions or attributes make it read-only)").format(
                path=path
            ),
            kept=_(UNCHANGED),
            todo=_("make it writable (chmod, chattr -i), {another_data_dir}").format(
                another_data_dir=_(ANOTHER_DATA_DIR)
            ),
            fault=Fault.READ_ONLY,
            path=path,
        )


def _not_a_file(path: Path) -> str:
    """What stands at ``path`` when it is neither absent nor a regular file."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return ""
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return _("a symbolic link to {target}, which does not exist").format(
                target=os.readlink(path)
            )
    kind = file_kind(mode)
    return _(kind) if kind else ""


def _open_ours(
    path: Path, now: datetime, instance: Instance
) -> tuple[sqlite3.Connection, Recovery | None]:
    try:
        connection = _identified(path)
        try:
            _use_wal(connection)
            migrate(connection)
            missing = TABLES - _tables(connection)
            if missing:
                raise _Damaged(
                    _("its tables {tables} are missing").format(tables=", ".join(sorted(missing)))
                )
        except BaseException:
            connection.close()
            raise
    except _Damaged as damaged:
        return replace_damaged(path, now, instance, damaged)
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return replace_damaged(path, now, instance, _Damaged(str(exc)))
    return connection, recent(connection, path, now)


def _identified(path: Path) -> sqlite3.Connection:
    """A connection to ``path`` once it is known to be new or quizapp's (nothing written)."""
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                raise _Damaged(_("it is not an SQLite database"), sqlite=False)
    connection = connect(path)
    try:
        # One read transaction, so the three come from one state of the file: read one by one,
        # a second instance creating the database in between (its tables committed after this
        # read the id and version as 0) made a new file look like another program's.
        connection.execute("BEGIN")
        try:
            application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
            version = schema_version(connection)
            tables = _tables(connection)
        finally:
            connection.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        connection.close()
        if is_damage(exc):
            raise _Damaged(str(exc)) from exc
        raise
    new = application_id == 0 and version == 0 and not tables
    older = application_id == 0 and version >= 1 and tables >= FIRST_TABLES
    if not (new or older or application_id == APPLICATION_ID):
        connection.close()
        listed = ", ".join(sorted(tables)[:6]) or _("no tables")
        raise StoreError(
            _(
                "{path} is an SQLite database of another program (application id "
                "{application_id}, {tables}), not quizapp's progress"
            ).format(path=path, application_id=application_id, tables=listed),
            kept=_("it was left untouched"),
            todo=_("move it elsewhere if it is not needed here, {another_data_dir}").format(
                another_data_dir=_(ANOTHER_DATA_DIR)
            ),
            fault=Fault.FOREIGN,
            path=path,
        )
    if version > SCHEMA_VERSION:
        connection.close()
        raise StoreError(
            _(
                "{path} was written by a newer quizapp (schema {version}, this version knows "
                "{known})"
            ).format(path=path, version=version, known=SCHEMA_VERSION),
            kept=_("the file was not changed"),
            todo=_("upgrade quizapp to use it, {another_data_dir}").format(
                another_data_dir=_(ANOTHER_DATA_DIR)
            ),
            fault=Fault.NEWER_SCHEMA,
            path=path,
        )
    return connection


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }


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
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def integrity_problem(path: Path) -> str | None:
    """``PRAGMA quick_check`` on a connection of the caller's own (any thread): None if ok."""
    connection = connect(path)
    try:
        rows = [str(r[0]) for r in connection.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return str(exc)
        raise
    finally:
        connection.close()
    if rows == ["ok"]:
        return None
    return _("integrity check failed: {problems}").format(problems="; ".join(rows))


def replace_damaged(
    path: Path, now: datetime, instance: Instance, damaged: Exception
) -> tuple[sqlite3.Connection, Recovery]:
    """Move the damaged file aside, start a fresh database and salvage rows into it. Only
    when no other instance has the file open: renaming it from under one would split the two
    onto two files."""
    reason = str(damaged)
    if not instance.exclusive():
        raise StoreError(
            _("{path} is damaged ({reason})").format(path=path, reason=reason),
            kept=_("it was left as it is, because another quizapp has it open"),
            todo=_(
                "close every quizapp window and start quizapp again: the damaged file is "
                "then moved aside and what can be read of it saved into a fresh database"
            ),
            fault=Fault.DAMAGED,
            path=path,
        )
    try:
        moved = move_aside(path, now)
        connection = connect(path)
        _use_wal(connection)
        migrate(connection)
        saved: dict[str, int] = {}
        method = ""
        if getattr(damaged, "sqlite", True):
            try:
                saved, method = salvage(moved, connection)
            except (sqlite3.Error, OSError) as exc:
                method = _("nothing: the salvage failed ({reason})").format(reason=exc)
        recovery = Recovery(path, moved, reason, to_db(now), saved, method)
        record(connection, recovery)
        instance.checked()  # the markers were about the old file
    finally:
        instance.shared()
    return connection, recovery

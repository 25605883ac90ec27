"""Every fault of the progress database as one typed error: what happened, what was kept, what
to do. The CLI prints ``str(error)``; the app shows the three parts; both read the same text.

``describe`` turns a ``sqlite3.Error`` or ``OSError`` into a ``StoreError`` by SQLite's error
name (or errno), so no caller needs to know SQLite's codes.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from enum import StrEnum
from pathlib import Path

from quizapp.i18n import N_, Language, _, current_language


class Fault(StrEnum):
    DAMAGED = "damaged"  # pages or schema unreadable
    DISK_FULL = "disk-full"
    FOREIGN = "foreign"  # a SQLite file of another program
    IO = "io"  # a read or write failed below SQLite
    LOCKED = "locked"  # another process held the lock past the busy timeout
    NEWER_SCHEMA = "newer-schema"
    NO_DATA_DIR = "no-data-dir"  # the data directory cannot be made or is not a folder
    NOT_A_FILE = "not-a-file"  # a FIFO, folder, device or dangling link in the file's place
    READ_ONLY = "read-only"
    DELETED = "deleted"  # deleted while open: written back from the open connection
    REPLACED = "replaced"  # another file put in the database's place while it was open
    BAD_BACKUP = "bad-backup"  # a backup file that cannot be read or imported
    OTHER = "other"


# Messages are English source strings (msgids of the ``quizapp`` domain): each is translated
# where a StoreError is built, in the language the interface speaks then.
ANOTHER_DATA_DIR = N_("or start quizapp with --data-dir pointing at another folder")
IMPORT_KEPT = N_("nothing was imported; the progress in the data directory is unchanged")
IMPORT_TODO = N_("import another backup, or export a fresh one with export-progress")
# Chinese sentences end in a full-width stop and follow each other without a space.
STOPS: dict[Language, tuple[str, tuple[str, ...], str]] = {
    "en": (".", (".", "!", "?"), " "),
    "zh": ("。", ("。", "！", "？", ".", "!", "?"), ""),
}


class StoreError(Exception):
    """A problem with the progress data the learner can act on."""

    def __init__(
        self,
        what: str,
        *,
        kept: str = "",
        todo: str = "",
        fault: Fault = Fault.OTHER,
        path: Path | None = None,
    ) -> None:
        self.language = current_language()  # what, kept and todo are in it
        self.what = what.rstrip(".。")
        self.kept = kept
        self.todo = todo
        self.fault = fault
        self.path = path
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """What, kept and todo as sentences of the error's language, in that order."""
        stop, _ends, space = STOPS[self.language]
        parts = [capitalised(self.what) + stop]
        parts += [sentence(part, self.language) for part in (self.kept, self.todo) if part]
        return space.join(parts)

    def __str__(self) -> str:
        return self.message


def capitalised(text: str) -> str:
    """A sentence's first letter in capitals, unless it starts with a name ("progress.sqlite3
    was deleted", "/tmp/x is a folder"), which stays as it is written."""
    return text[:1].upper() + text[1:] if text.split(" ", 1)[0].isalpha() else text


def sentence(text: str, language: Language = "en") -> str:
    """``text`` as a sentence of ``language``: a capital first letter, a final stop."""
    stop, ends, _space = STOPS[language]
    text = text.strip()
    text = text[0].upper() + text[1:]
    return text if text.endswith(ends) else text + stop


def error_name(exc: BaseException) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def is_busy(exc: BaseException) -> bool:
    """SQLite's busy or locked, or our own lock wait timing out (``instances``)."""
    return isinstance(exc, TimeoutError) or error_name(exc).startswith(
        ("SQLITE_BUSY", "SQLITE_LOCKED")
    )


def is_damage(exc: BaseException) -> bool:
    """Only a file that is not a database, or a damaged one: a lock held by another instance
    or an I/O error says nothing about the file (moving it aside on "database is locked" split
    two instances starting together onto two files)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    name = error_name(exc)
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or (
        not name and "malformed" in str(exc)
    )


def _no_space(path: Path) -> bool:
    """SQLite reports a full disk as a failed open or write at times: look at the disk."""
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def describe(exc: BaseException, path: Path, doing: str, kept: str) -> StoreError:
    """The StoreError for a failure while ``doing`` (e.g. "saving your answer") on ``path``;
    ``doing`` and ``kept`` are in the interface's language already (``_`` applied)."""
    if isinstance(exc, StoreError):
        return exc
    name = error_name(exc)
    code = getattr(exc, "errno", None)
    full = code in (errno.ENOSPC, errno.EDQUOT) or name.startswith("SQLITE_FULL")
    if full or (name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) and _no_space(path)):
        return StoreError(
            _("{doing} failed: the disk holding {folder} is full").format(
                doing=doing, folder=path.parent
            ),
            kept=kept,
            todo=_("free some disk space and try again"),
            fault=Fault.DISK_FULL,
            path=path,
        )
    if is_busy(exc):
        return StoreError(
            _(
                "{doing} failed: another quizapp (or another program) has kept {path} locked "
                "for more than 10 seconds"
            ).format(doing=doing, path=path),
            kept=kept,
            todo=_("close the other quizapp window or command and try again"),
            fault=Fault.LOCKED,
            path=path,
        )
    if name.startswith("SQLITE_READONLY") or code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreError(
            _("{doing} failed: {path} cannot be written (read-only file or folder)").format(
                doing=doing, path=path
            ),
            kept=kept,
            todo=_("make {folder} writable, {another_data_dir}").format(
                folder=path.parent, another_data_dir=_(ANOTHER_DATA_DIR)
            ),
            fault=Fault.READ_ONLY,
            path=path,
        )
    if is_damage(exc):
        return StoreError(
            _("{doing} failed: {path} is damaged ({reason})").format(
                doing=doing, path=path, reason=exc
            ),
            kept=_("the file is left as it is until no quizapp has it open"),
            todo=_(
                "close every quizapp window and start quizapp again: the damaged file is "
                "then moved aside and what can be read of it is saved into a fresh database"
            ),
            fault=Fault.DAMAGED,
            path=path,
        )
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or isinstance(exc, OSError):
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return StoreError(
            _("{doing} failed: a disk read or write on {path} failed ({reason})").format(
                doing=doing, path=path, reason=reason
            ),
            kept=kept,
            todo=_(
                "check the disk (is it still mounted?) and try again, {another_data_dir}"
            ).format(another_data_dir=_(ANOTHER_DATA_DIR)),
            fault=Fault.IO,
            path=path,
        )
    return StoreError(
        _("{doing} failed: {reason}").format(doing=doing, reason=exc),
        kept=kept,
        todo=_("try again; if it keeps failing, report it with this message"),
        fault=Fault.OTHER,
        path=path,
    )
